// ATTACK: inventory the global object (names, symbols, non-enumerables, prototype chain) against the
// ECMAScript standard library: any isolated-vm class (Reference, ExternalCopy, Isolate, Callback,
// Context, Script), closure slot ($0, $1), bootstrap leftover (__revokeHookDefine, ivm, _ivm) or Node
// global is reported. Also checks that console methods are plain in-realm functions.
// EXPECT: fail
// CHECK-LOG: globals
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
const STANDARD = new Set(('Object Function Array Number parseFloat parseInt Infinity NaN undefined Boolean String Symbol Date Promise RegExp Error AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError globalThis JSON Math Intl ArrayBuffer Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array Uint8ClampedArray BigUint64Array BigInt64Array DataView Map BigInt Set WeakMap WeakSet Proxy Reflect FinalizationRegistry WeakRef decodeURI decodeURIComponent encodeURI encodeURIComponent escape unescape eval isFinite isNaN console Iterator').split(' '));
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const extra = [];
  for (let o = globalThis; o !== null; o = Object.getPrototypeOf(o)) {
    for (const k of Reflect.ownKeys(o)) {
      if (o === globalThis && typeof k === 'string' && STANDARD.has(k)) continue;
      if (o !== globalThis && o === Object.prototype) break;
      if (typeof k === 'symbol' && k === Symbol.toStringTag) continue;
      if (o !== globalThis && k === 'constructor' && o[k] instanceof Function) continue; // the global's own prototype object
      extra.push(String(k));
    }
  }
  for (const n of ['$0', '$1', 'ivm', '_ivm', 'Reference', 'ExternalCopy', 'Isolate', 'Callback', 'Context', 'Script', 'Module', 'NativeModule', '__revokeHookDefine', 'process', 'require', 'WebAssembly', 'SharedArrayBuffer', 'Atomics']) {
    try { if (typeof globalThis[n] !== 'undefined' || (0, eval)(`typeof ${n}`) !== 'undefined') extra.push('reachable ' + n); } catch {}
  }
  for (const [k, f] of Object.entries(console)) {
    if (typeof f !== 'function' || !(f instanceof Function)) extra.push('console.' + k + ' is not an in-realm function');
  }
  console.log('globals', Reflect.ownKeys(globalThis).length);
  if (extra.length) { EXFIL(context, 'ESCAPED', extra); return false; }
  throw new Error('contained');
}
