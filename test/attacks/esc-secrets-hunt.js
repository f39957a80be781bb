// ATTACK: collect everything the context offers — every request header and parameter (hunting the
// Authorization/Cookie headers, client_secret, the token itself), configuration attributes, grant
// tokens, client data, context variables — and exfiltrate ALL of it through the entity, a header
// and the logs, then veto so the client receives the dump. The test checks the dump carries no
// secret (client secret, token values, cookie, admin token, canary env var).
// EXPECT: veto
// CHECK-LOG: dump
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const r = context.getHttpRequest();
  const dump = {
    headers: Object.fromEntries(r.getHeaderNames().map((n) => [n, r.getHeader(n)])),
    params: Object.fromEntries(r.getParameterNames().map((n) => [n, r.getParameter(n)])),
    guesses: ['authorization', 'cookie', 'proxy-authorization', 'x-admin-token'].map((n) => r.getHeader(n)),
    paramGuesses: ['token', 'client_secret', 'client_assertion', 'refresh_token', 'access_token', 'password'].map((n) => r.getParameter(n)),
    client: [context.getClient().getClientId(), context.getClient().getClientName(), context.getClient().getAuthenticationMethod()],
    grant: [context.getGrant().getGrantId(), context.getGrant().getTokens()],
    token: [context.getToken().getType(), context.getToken().getHint(), Object.keys(context.getToken())],
    attrs: context.getConfigurationAttributes().entries().map(([k, v]) => [k, v.getValue1(), v.getValue2()]),
    vars: context.getContextVariables().entries(),
    ip: context.getIpAddress(),
  };
  const text = JSON.stringify(dump);
  console.log('dump', text);
  context.getResponseBuilder().status(403).entity(dump).header('X-Dump', encodeURIComponent(text).slice(0, 8000));
  return false;
}
