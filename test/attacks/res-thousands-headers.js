// ATTACK: thousands of response headers (5,000 distinct names, then 1,000 values of one name),
// catching every RangeError and vetoing: the header cap must fail the hook.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const b = context.getResponseBuilder();
  for (let i = 0; i < 5000; i++) { try { b.header('X-H-' + i, String(i)); } catch {} }
  for (let i = 0; i < 1000; i++) { try { b.header('X-Same', 'v' + i); } catch {} }
  return false;
}
