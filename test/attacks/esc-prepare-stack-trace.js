// ATTACK: Error.prepareStackTrace receives V8 CallSite objects: use getThis()/getFunction() to grab
// the receivers and functions of the bootstrap frames, getFileName() to learn host paths, then
// trigger errors inside context calls (status('x'), JSON variable errors, logging) so frames of the
// trusted code are on the stack.
// EXPECT: fail
// CHECK-LOG: frames
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const grabbed = [];
  const files = new Set();
  Error.stackTraceLimit = Infinity;
  Error.prepareStackTrace = (err, sites) => {
    for (const s of sites) {
      try { files.add(String(s.getFileName()) + ' ' + String(s.getScriptNameOrSourceURL())); } catch {}
      try { const t = s.getThis(); if (t !== undefined) grabbed.push(t); } catch {}
      try { const f = s.getFunction(); if (f !== undefined) grabbed.push(f); } catch {}
      try { if (s.isNative() || /native|node:/.test(String(s))) files.add('native ' + String(s)); } catch {}
    }
    return 'prepared';
  };
  const tries = [
    () => context.getResponseBuilder().status('x'),
    () => context.getContextVariables().set('v', { toJSON() { throw new Error('inner'); } }),
    () => context.getContextVariables().set('w', 10n),
    () => console.log({ get stack() { throw new Error('stack getter'); } }),
    () => context.getLog().info('{}', { toJSON() { return new Error('x').stack; } }),
  ];
  for (const t of tries) { try { t(); } catch (e) { void e.stack; } }
  console.log('frames', [...files].join(' | '));
  const found = [];
  for (const g of grabbed) {
    try { const p = g.constructor.constructor('return typeof process === "undefined" ? null : process')(); if (p) found.push('process'); } catch {}
    if (typeof g === 'function' && g !== revoke && !String(g).includes('=>')) found.push('fn ' + String(g).slice(0, 60));
  }
  if (found.some((f) => f === 'process')) { EXFIL(context, 'ESCAPED', found); return false; }
  Error.prepareStackTrace = undefined;
  throw new Error('contained: ' + grabbed.length + ' call-site values, no host object');
}
