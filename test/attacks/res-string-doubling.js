// ATTACK: string doubling: s += s until the maximum string length, flattening it each round so
// V8 must really allocate the characters.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  let s = 'ab';
  for (let i = 0; i < 40; i++) { s += s; s.charCodeAt(s.length - 1); }
  return s.length > 0;
}
