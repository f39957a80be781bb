// ATTACK: walk `.constructor.constructor` from every context method, getter result and returned
// array/object (getClient().getScopes(), getGrant().getTokens(), logger, builder, vars, attributes),
// hoping one of them is a host function whose Function constructor builds code in the Node realm.
// EXPECT: fail
// CHECK-LOG: walked
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const found = [];
  const seen = new Set();
  let walked = 0;
  const probe = (v) => {
    try {
      const F = v.constructor.constructor;
      const p = F('return typeof process !== "undefined" ? process : typeof require !== "undefined" ? require : null')();
      if (p) found.push(typeof p);
      if (F !== Function) found.push('foreign Function constructor');
    } catch {}
  };
  const walk = (v, depth) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || depth > 4) return;
    seen.add(v);
    walked++;
    probe(v);
    if (Object.getPrototypeOf(v) !== null && !(v instanceof Object)) found.push('object from another realm');
    for (const k of Reflect.ownKeys(v)) {
      let d;
      try { d = Object.getOwnPropertyDescriptor(v, k); } catch { continue; }
      if (!d) continue;
      if (typeof d.value === 'function' && typeof k === 'string' && /^(get|is|keys|entries|values|keySet)/.test(k) && d.value.length === 0) {
        try { walk(d.value.call(v), depth + 1); } catch {}
      }
      walk(d.value, depth + 1);
      walk(d.get, depth + 1);
    }
  };
  walk(context, 0);
  walk(console, 0);
  console.log('walked', walked);
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  throw new Error('contained');
}
