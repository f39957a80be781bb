// ATTACK: replace Promise.prototype.then / catch / finally and Promise.resolve at the top level (for
// every call) so the trusted entry's awaits and the isolate-to-host promise hand-off go through
// attacker code that swaps `false` for `true`; on its own subject the async hook returns `false`.
// The trusted entry must not be fooled: its own false stands (a clean veto).
// EXPECT: veto
const origThen = Promise.prototype.then;
Promise.prototype.then = function (ok, err) { return origThen.call(this, ok && ((v) => ok(v === false ? true : v)), err); };
Promise.prototype.catch = function () { return this; };
Promise.prototype.finally = function () { return this; };
Promise.resolve = (v) => new Promise((r) => r(v === false ? true : v));
async function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  await null;
  return false;
}
