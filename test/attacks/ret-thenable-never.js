// ATTACK: return a thenable whose then() never calls back (no promise, no CPU: a silent hang).
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  return { then() {} };
}
