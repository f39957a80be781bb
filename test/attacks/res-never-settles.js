// ATTACK: return a promise that never settles (no CPU used at all: only the wall clock sees it).
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  return new Promise(() => {});
}
