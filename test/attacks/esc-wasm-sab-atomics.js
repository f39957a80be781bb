// ATTACK: WebAssembly (memory outside the heap budget, a second compiler), SharedArrayBuffer and
// Atomics (shared memory, blocking waits): look for them directly, through eval, and by rebuilding
// them from other intrinsics (a growable/shared buffer's constructor, Atomics via Reflect).
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const found = [];
  for (const n of ['WebAssembly', 'SharedArrayBuffer', 'Atomics']) {
    try { if ((0, eval)(`typeof ${n}`) !== 'undefined') found.push(n); } catch {}
    try { if (Function(`return typeof globalThis.${n}`)() !== 'undefined') found.push(n + ' via Function'); } catch {}
  }
  try { const b = new ArrayBuffer(8, { maxByteLength: 16 }); if (b.constructor !== ArrayBuffer) found.push('other buffer ctor'); } catch {}
  try { if (typeof Reflect.get(globalThis, 'Atomics') !== 'undefined') found.push('Atomics via Reflect'); } catch {}
  try {
    // wasm module bytes: (module) — if WebAssembly could be rebuilt it would compile
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    const W = Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly');
    if (W) { new W.value.Module(bytes); found.push('compiled wasm'); }
  } catch {}
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  throw new Error('contained');
}
