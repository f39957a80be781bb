// ATTACK: Symbol.species on Array, Promise, RegExp, Map and typed arrays replaced by capturing
// subclasses, so any derived object the trusted code creates from hook-reachable values is built by
// attacker code (which records `this` and the arguments). Then every context API is exercised and
// its results checked; a foreign object or a wrong answer counts as an escape.
// EXPECT: fail
// CHECK-LOG: species ok
// @ts-nocheck
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
export function revoke(context: RevokeContext): boolean {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const captured: unknown[] = [];
  for (const C of [Array, Promise, RegExp, Map, Set, Uint8Array, ArrayBuffer]) {
    const Evil = function (...args: unknown[]) { captured.push(args); return Reflect.construct(C, args, new.target || C); };
    Evil.prototype = C.prototype;
    try { Object.defineProperty(C, Symbol.species, { get: () => Evil, configurable: true }); } catch {}
  }
  Object.defineProperty(Array.prototype, 'constructor', { get() { captured.push(this); return Array; }, configurable: true });
  const c = context.getClient();
  const g = context.getGrant();
  const ok = c.getScopes().join(' ') === 'openid service'
    && g.getTokens().length >= 1
    && g.getSubject() === context.getScript().getName()
    && context.getHttpRequest().getParameterNames().includes('token')
    && context.isInNetwork('127.0.0.0/8')
    && context.getContextVariables().set('k', [1, 2, 3]).keys().length === 1
    && context.getConfigurationAttributes().keys().length === 0;
  console.log(ok ? 'species ok' : 'species BROKE the context');
  const found = captured.filter((v) => v !== null && typeof v === 'object' && !(v instanceof Object));
  if (found.length || !ok) { EXFIL(context, ok ? 'ESCAPED' : 'broken', String(found.length)); return false; }
  throw new Error('contained');
}
