// ATTACK: return an object whose `then` is a getter: it runs inside the trusted entry's `await`,
// records the caller chain and `this`, then resolves the decision with a non-boolean.
// EXPECT: fail
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  return {
    get then() {
      let caller = null;
      try { caller = arguments.callee.caller; } catch {}
      if (typeof caller === 'function') EXFIL(context, 'ESCAPED caller', String(caller).slice(0, 300));
      try { const p = this.constructor.constructor('return typeof process === "undefined" ? null : process')(); if (p) EXFIL(context, 'ESCAPED', Object.keys(p.env)); } catch {}
      return (resolve) => resolve({ valueOf: () => true, toString: () => 'true' });
    },
  };
}
