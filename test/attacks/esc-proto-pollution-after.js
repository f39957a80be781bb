// ATTACK: use the context first, then pollute prototypes (Object.prototype.then getter that resolves
// `true`, Promise.prototype.then/constructor, Boolean.prototype.valueOf, Symbol.toPrimitive) and
// return `false`, trying to make the trusted entry's own promise (the one handed to the host) or its
// result envelope a thenable that reports `true`. Must be a clean veto.
// (An async hook that hijacks Promise.prototype.constructor+then can, by plain JS semantics, change
// what its own `return` resolves to; that only ever changes its own decision, which it owns anyway.)
// EXPECT: veto
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  context.getResponseBuilder().header('X-After', 'set-before-pollution');
  context.getContextVariables().set('before', 1);
  Object.defineProperty(Object.prototype, 'then', { get() { return (r) => r(true); }, configurable: true });
  Object.defineProperty(Promise.prototype, 'constructor', { get() { return function Fake(ex) { ex(() => {}, () => {}); }; }, configurable: true });
  Promise.prototype.then = function (onOk) { return onOk ? onOk(true) : undefined; };
  Boolean.prototype.valueOf = () => true;
  Object.prototype[Symbol.toPrimitive] = () => true;
  Array.prototype.push = () => { throw new Error('push'); };
  return false;
}
