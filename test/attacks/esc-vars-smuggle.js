// ATTACK: smuggle non-JSON through the context variables that travel to the next hooks and to the
// host: set a value, then mutate the stored copy (returned by get()) to add a getter, a function,
// a BigInt, a cycle and a 1 MB string before the call ends; also try names that collide with
// Object.prototype (__proto__, constructor).
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const vars = context.getContextVariables();
  vars.set('__proto__', { polluted: true });
  vars.set('constructor', 1);
  vars.set('box', { inner: {} });
  const stored = vars.get('box');
  stored.fn = () => 1;
  Object.defineProperty(stored, 'getter', { get() { return 10n; }, enumerable: true });
  stored.inner.self = stored;
  stored.big = 'x'.repeat(1 << 20);
  return true;
}
