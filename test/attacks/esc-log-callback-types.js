// ATTACK: the only host-backed function is the log callback: pass it (through console and
// getLog()) values that cannot be copied or stringified — symbols, BigInt, functions, a revoked
// proxy, cyclic objects, objects with throwing getters/toJSON/stack, 10,000-deep nesting — hoping
// for a host exception (with a host stack) or a crash; then veto.
// EXPECT: veto
// CHECK-LOG: survived
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const { proxy, revoke: kill } = Proxy.revocable({}, {});
  kill();
  const cyc = {}; cyc.self = cyc;
  let deep = {}; for (let i = 0; i < 10000; i++) deep = { d: deep };
  const bad = [Symbol('s'), 10n, () => 1, proxy, cyc, deep, { get stack() { throw new Error('x'); } }, { toJSON() { throw new Error('y'); } },
    Object.create(null), new Proxy({}, { ownKeys() { throw new Error('keys'); } }), { get message() { throw new Error('m'); }, stack: 42 }];
  for (const v of bad) {
    try { console.log(v); } catch (e) { console.log('threw', e && e.message); }
    try { console.error('x', v, v); } catch {}
    try { context.getLog().info('{} and {}', v, v); } catch {}
  }
  console.log('survived');
  return false;
}
