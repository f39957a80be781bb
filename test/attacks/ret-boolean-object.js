// ATTACK: return new Boolean(false) — an object, so truthy: a host doing `if (result)` would revoke,
// one doing `result == false` would skip. It is not a boolean and must be a hook error.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  return new Boolean(false);
}
