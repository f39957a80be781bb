// ATTACK: the constructors of async functions, generators and async generators (not reachable as
// globals) — build functions from them that return process/require, run them to completion.
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
async function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const found = [];
  const body = 'return typeof process !== "undefined" ? process : typeof require !== "undefined" ? require : typeof module !== "undefined" ? module : null';
  const AsyncFunction = (async () => {}).constructor;
  const GeneratorFunction = function* () {}.constructor;
  const AsyncGeneratorFunction = async function* () {}.constructor;
  try { const v = await AsyncFunction(body)(); if (v) found.push('async'); } catch {}
  try { const v = GeneratorFunction(body.replace('return', 'yield'))().next().value; if (v) found.push('generator'); } catch {}
  try { const v = (await AsyncGeneratorFunction(body.replace('return', 'yield'))().next()).value; if (v) found.push('async generator'); } catch {}
  // the promise returned by the entry machinery itself
  try { const v = await Promise.resolve().then.constructor(body)(); if (v) found.push('then'); } catch {}
  try { const v = await Object.getPrototypeOf(Promise.resolve()).constructor.constructor(body)(); if (v) found.push('promise ctor'); } catch {}
  if (found.length) { EXFIL(context, 'ESCAPED', found); return false; }
  throw new Error('contained');
}
