// ATTACK: unbounded recursion (stack overflow inside the isolate), and again inside a getter the
// trusted entity() serialiser calls.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const f = (n) => f(n + 1) + 1;
  try { f(0); } catch {}
  const o = {};
  Object.defineProperty(o, 'x', { enumerable: true, get() { return f(0); } });
  context.getResponseBuilder().entity(o);
  return true;
}
