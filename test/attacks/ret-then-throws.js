// ATTACK: a result whose `then` getter throws after setting builder state (the failed hook's
// builder changes must be discarded) and a context variable.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  context.getResponseBuilder().status(418).header('X-Should-Not-Appear', '1').entity('teapot');
  context.getContextVariables().set('leak', 'from a failed hook');
  return { get then() { throw new Error('then getter'); } };
}
