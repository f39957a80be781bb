// ATTACK: return `true` at once but leave an async infinite loop behind (started after an await),
// hoping the call "succeeds" while a thread of the isolate pool spins forever.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  (async () => { await null; for (;;) {} })();
  return true;
}
