// ATTACK: a synchronous infinite loop (CPU limit must stop it; onError "skip" keeps the token).
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  for (;;) {}
}
