// ATTACK: look for any scheduling or I/O primitive of the host: timers, queueMicrotask,
// structuredClone, MessageChannel, fetch, XMLHttpRequest, TextDecoder, performance, crypto,
// navigator, Deno/Bun; any of them would widen the attack surface.
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const names = ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'structuredClone', 'MessageChannel', 'fetch', 'XMLHttpRequest', 'TextDecoder', 'performance', 'crypto', 'navigator', 'Deno', 'Bun', 'process', 'require', 'importScripts', 'postMessage', 'Worker', 'gc'];
  const found = names.filter((n) => { try { return (0, eval)(`typeof ${n}`) !== 'undefined'; } catch { return false; } });
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  throw new Error('contained');
}
