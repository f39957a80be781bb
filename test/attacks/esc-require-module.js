// ATTACK: the CommonJS-looking wrapper arguments — `require`, `module`, `exports` — and their
// prototypes/constructors: call require('fs'), require('child_process'), module.require,
// module.constructor._load, exports.__proto__.constructor, and look for process/global/Buffer.
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const found = [];
  for (const n of ['process', 'global', 'Buffer', 'setImmediate', 'setTimeout', 'queueMicrotask', 'fetch', '__filename', '__dirname']) {
    try { if (typeof globalThis[n] !== 'undefined') found.push(n); } catch {}
  }
  try { if (typeof module.require === 'function') found.push('module.require'); } catch {}
  try { if (module.constructor !== Object) found.push('module.constructor ' + module.constructor.name); } catch {}
  try { if (typeof module.constructor._load === 'function') found.push('Module._load'); } catch {}
  try { if (Object.getPrototypeOf(exports) !== Object.prototype) found.push('exports proto'); } catch {}
  let fs = null;
  try { fs = require('fs'); } catch {}
  if (fs && typeof fs.readFileSync === 'function') found.push('fs');
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  return true; // the require() attempt alone must already have failed the hook
}
