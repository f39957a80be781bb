// ATTACK: smuggle cookies / extra headers through every string the builder accepts: a Set-Cookie
// value with CRLF, a media type with CRLF + Set-Cookie, a Content-Type header with CRLF, a location
// with CRLF; errors are caught and the hook vetoes.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const b = context.getResponseBuilder();
  try { b.header('Set-Cookie', 'a=1\r\nSet-Cookie: session=stolen'); } catch {}
  try { b.type('text/plain\r\nSet-Cookie: c=3'); } catch {}
  try { b.header('Content-Type', 'text/plain\nSet-Cookie: d=4'); } catch {}
  try { b.header('Location', '/x\r\nSet-Cookie: e=5'); } catch {}
  return false;
}
