// ATTACK: response splitting through header values: CR/LF, bare LF, bare CR, NUL, obs-fold,
// non-Latin-1 characters, a full second response in a value; errors are caught and the hook vetoes.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const b = context.getResponseBuilder();
  for (const v of ['a\r\nSet-Cookie: pwned=1', 'a\nX-Injected: 1', 'a\rX-Injected: 1', 'a\u0000b', 'a\r\n b', 'caf\u0113\u2028', '\r\n\r\nHTTP/1.1 200 OK\r\nX-Injected: 1\r\n\r\n']) {
    try { b.header('X-Split', v); } catch {}
  }
  return false;
}
