// ATTACK: constructor chains from `this`, the hook function and plain literals to the Function
// constructor, then `return process|require|module|global` and `return this` from the new function.
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const found = [];
  const roots = [this, revoke, {}, [], '', 0, true, /x/, new Date(), Symbol.iterator, context];
  for (const r of roots) {
    for (const expr of ['process', 'require', 'module', 'global', 'Buffer', 'this.process', 'globalThis.require']) {
      try {
        const F = Object(r).constructor.constructor;
        const v = F(`try { return typeof ${expr} === 'undefined' ? undefined : ${expr}; } catch (e) { return undefined; }`)();
        if (v !== undefined && v !== null) found.push(expr + ':' + typeof v);
      } catch {}
    }
  }
  const g = Function('return this')();
  if (g !== globalThis) found.push('foreign global');
  if (found.length) { EXFIL(context, 'ESCAPED', found); try { EXFIL(context, 'ESCAPED-env', Function('return process.env')()); } catch {} return false; }
  throw new Error('contained: no host object behind the Function constructor');
}
