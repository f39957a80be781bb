// ATTACK: non-JSON entities: a function, a symbol, BigInt, a cyclic object, Map, Date, a class
// instance, an object with a throwing getter, a Proxy, undefined, NaN; every error is caught.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const b = context.getResponseBuilder();
  const cyc = { a: 1 }; cyc.self = cyc;
  class K { constructor() { this.x = 1; } }
  const vals = [() => 1, Symbol('s'), 10n, cyc, new Map([[1, 2]]), new Date(), new K(), { get x() { throw new Error('g'); } }, new Proxy({}, {}), undefined, NaN, [1, () => 2]];
  for (const v of vals) { try { b.entity(v); } catch {} }
  return false;
}
