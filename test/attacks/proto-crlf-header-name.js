// ATTACK: invalid header names: CR/LF inside the name, a colon, spaces, empty, 300-character names,
// non-ASCII, a name that is really "Set-Cookie: x=1\r\nX-A"; also numbers and objects as names.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const b = context.getResponseBuilder();
  for (const n of ['X-A\r\nSet-Cookie', 'Set-Cookie: x=1\r\nX-A', 'X:A', 'X A', '', 'x'.repeat(300), 'X-\u00e9', 42, { toString: () => 'X-Obj' }]) {
    try { b.header(n, 'v'); } catch {}
  }
  return false;
}
