// ATTACK: keep state across calls to read other requests' data: stash on globalThis, on intrinsic
// prototypes (Object.prototype, Array.prototype), on a WeakRef/FinalizationRegistry callback and in
// a closure over a frozen context object, then, on its own subject, look for anything stashed by an
// earlier call (an earlier request's grant id). Fresh contexts per call must leave nothing.
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  const seen = [globalThis.__stash, Object.prototype.__stash, Array.prototype.__stash, Object.getOwnPropertyDescriptor(Math, '__stash')];
  const id = context.getGrant().getGrantId();
  globalThis.__stash = id;
  Object.prototype.__stash = id;
  Array.prototype.__stash = id;
  try { Object.defineProperty(Math, '__stash', { value: id, configurable: true }); } catch {}
  try { new FinalizationRegistry(() => { globalThis.__late = id; }).register({}, 1); } catch {}
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const leaked = seen.filter((v) => v !== undefined);
  if (leaked.length || globalThis.__late !== undefined) { EXFIL(context, 'ESCAPED', leaked); return false; }
  delete Object.prototype.__stash;
  throw new Error('contained');
}
