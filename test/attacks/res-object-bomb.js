// ATTACK: many small objects and strings (a heap bomb that never makes one big allocation).
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const keep = [];
  for (let i = 0; ; i++) keep.push({ i, s: 'k' + i, a: [i, i + 1] });
}
