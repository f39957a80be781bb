// ATTACK: every code-generation door — direct eval, indirect eval, Function, new Function with
// `this`, eval of a string that declares globals, `with` over a proxy of globalThis — looking for a
// global object or scope other than the hook's own fresh context (e.g. a leftover from a previous
// call stashed on the global, which would mean contexts are reused).
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  const leftover = globalThis.__attackStash;
  globalThis.__attackStash = { secretFromPreviousCall: context.getGrant().getGrantId() };
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const found = [];
  if (leftover !== undefined) found.push('state survived between calls: ' + JSON.stringify(leftover));
  const globals = [(0, eval)('this'), Function('return this')(), new Function('return this').call(null), (function () { return this; })()];
  for (const g of globals) if (g !== undefined && g !== globalThis) found.push('another global');
  try { const v = (0, eval)('var __x = typeof process; __x'); if (v !== 'undefined') found.push('process'); } catch {}
  try { const v = Function('with (new Proxy(globalThis, { has: () => true })) { return typeof require; }')(); if (v !== 'undefined') found.push('require via with'); } catch {}
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  throw new Error('contained');
}
