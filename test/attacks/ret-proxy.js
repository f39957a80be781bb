// ATTACK: return a Proxy whose every trap throws or spins a little, and whose `then` trap returns a
// function resolving to `false` on the second lookup only.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  let n = 0;
  return new Proxy(function () {}, {
    get(t, k) { if (k === 'then') return n++ === 0 ? undefined : (r) => r(false); throw new Error('trap ' + String(k)); },
    getPrototypeOf() { throw new Error('proto trap'); },
    ownKeys() { throw new Error('keys trap'); },
    apply() { return false; },
  });
}
