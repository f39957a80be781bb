// ATTACK: dynamic import() hidden from the TypeScript/ESM transpiler inside eval and new Function
// (node:fs, node:child_process, a relative path, a data: URL), and import.meta — a resolver in the
// embedding would hand back real Node modules.
// EXPECT: fail
// CHECK-LOG: import attempts
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
async function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const found = [];
  const errs = [];
  const specs = ['node:fs', 'child_process', './x.js', 'data:text/javascript,export default globalThis.process'];
  for (const s of specs) {
    for (const make of [(x) => (0, eval)(`import(${JSON.stringify(x)})`), (x) => new Function(`return import(${JSON.stringify(x)})`)()]) {
      try { const m = await make(s); if (m) found.push(s + ':' + Object.keys(m).slice(0, 5).join(',')); } catch (e) { errs.push(String(e && e.message)); }
    }
  }
  try { found.push('meta:' + JSON.stringify((0, eval)('import.meta'))); } catch (e) { errs.push(e.name); }
  console.log('import attempts', errs.length, [...new Set(errs)].join(' / '));
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  throw new Error('contained');
}
