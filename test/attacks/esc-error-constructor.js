// ATTACK: errors raised by the context API itself (bad status, bad header, bad CIDR, bad JSON
// variable, a thrown RangeError from deep recursion) — are any of them host errors whose constructor
// chain or stack leads out? Tries e.constructor.constructor('return process') and dumps the stacks.
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const errors = [];
  const attempts = [
    () => context.getContextVariables().set('x', () => 1),
    () => context.getContextVariables().set('', 1),
    () => context.getConfigurationAttributes().get(Symbol('s')),
    () => { const f = () => f(); f(); },
    () => null.x,
    () => new Array(-1),
    () => JSON.parse('{'),
  ];
  for (const a of attempts) { try { a(); } catch (e) { errors.push(e); } }
  const found = [];
  for (const e of errors) {
    try {
      const p = e.constructor.constructor('return typeof process === "undefined" ? null : process')();
      if (p) found.push('process via ' + e.name);
    } catch {}
    if (!(e instanceof Error)) found.push('non-realm error ' + String(e));
    console.log('stack:', String(e && e.stack));
  }
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  throw new Error('contained (' + errors.length + ' errors inspected)');
}
