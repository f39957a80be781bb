// ATTACK: media types that are not media types: no slash, a path, 300 characters, a parameter
// section with CR/LF, non-Latin-1, a number; caught, then vetoes.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const b = context.getResponseBuilder();
  for (const t of ['text', '../../etc', 'text/' + 'x'.repeat(300), 'text/plain; a=\r\nX: 1', 'text/pl\u0101in', 42, '/json']) {
    try { b.type(t); } catch {}
  }
  return false;
}
