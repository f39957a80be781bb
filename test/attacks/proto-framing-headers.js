// ATTACK: framing and hop-by-hop headers in every casing: Content-Length (a lie, to desync the
// connection), Transfer-Encoding: chunked, Connection: close/upgrade, Host, Upgrade, TE, Trailer,
// Keep-Alive, Proxy-*, Content-Encoding: gzip (body not gzipped).
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const b = context.getResponseBuilder();
  const hs = [['Content-Length', '0'], ['cOnTeNt-LeNgTh', '99999'], ['Transfer-Encoding', 'chunked'], ['Connection', 'upgrade'], ['Host', 'evil.example'],
    ['Upgrade', 'websocket'], ['TE', 'trailers'], ['Trailer', 'X-T'], ['Keep-Alive', 'timeout=999'], ['Proxy-Authenticate', 'Basic'], ['Proxy-Connection', 'keep-alive'], ['Content-Encoding', 'gzip']];
  for (const [n, v] of hs) { try { b.header(n, v); } catch {} }
  b.entity('body');
  return false;
}
