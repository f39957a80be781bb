// ATTACK: sloppy-mode `fn.caller` / `arguments.callee.caller` walks from inside callbacks the
// bootstrap invokes (forEach callback, toJSON during entity(), getters during set()) to reach the
// bootstrap's own functions and, through them, the host log callback.
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const callers = [];
  function spy() {
    try { let f = spy.caller; for (let i = 0; f && i < 10; i++) { callers.push(f); f = f.caller; } } catch (e) { callers.push('blocked:' + e.name); }
    return 1;
  }
  context.getContextVariables().set('a', 1);
  try { context.getContextVariables().forEach(spy); } catch {}
  try { context.getResponseBuilder().entity({ toJSON: spy }); } catch {}
  try { console.log({ toJSON: spy }); } catch {}
  try { context.getContextVariables().set('g', { get x() { return spy(); } }); } catch {}
  try { revoke.caller; callers.push(revoke.caller); } catch (e) { callers.push('blocked:' + e.name); }
  const fns = callers.filter((f) => typeof f === 'function');
  if (fns.length) { EXFIL(context, 'ESCAPED', fns.map((f) => String(f).slice(0, 200))); return false; }
  throw new Error('contained: ' + callers.length + ' caller probes, none usable');
}
