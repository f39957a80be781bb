// ATTACK: truthy/falsy non-booleans as the decision: the string "false" (truthy), 1, null, an empty
// object; here the string "false" — a sloppy host would revoke or skip on it.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  return 'false';
}
