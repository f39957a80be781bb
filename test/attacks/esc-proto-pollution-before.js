// ATTACK: pollute every shared prototype at the top level — so before any context method runs, on
// EVERY request (this code runs for innocent subjects too) — Object.prototype (then getter, toJSON,
// isolated-vm option names reference/copy/promise/externalCopy), Array.prototype (push, iterator,
// index 0 getter, join, map), Function.prototype (call, apply, bind), Promise.prototype.then,
// JSON.stringify/parse, String.prototype methods; then use the context normally and check answers.
// EXPECT: fail
// CHECK-LOG: context-ok
Object.prototype.reference = true;
Object.prototype.copy = true;
Object.prototype.promise = true;
Object.prototype.externalCopy = true;
Object.prototype.accessors = true;
Object.defineProperty(Object.prototype, 'toJSON', { get() { return undefined; }, configurable: true });
Object.defineProperty(Array.prototype, '0', { get() { return 'polluted'; }, set(v) {}, configurable: true });
const realThen = Promise.prototype.then;
Promise.prototype.then = function (a, b) { return realThen.call(this, a, b); };
Array.prototype.push = function () { throw new Error('push hijacked'); };
Array.prototype.map = function () { throw new Error('map hijacked'); };
Array.prototype.join = function () { return 'hijacked'; };
Array.prototype[Symbol.iterator] = function* () { yield 'hijacked'; };
Function.prototype.call = function () { throw new Error('call hijacked'); };
Function.prototype.apply = function () { throw new Error('apply hijacked'); };
Function.prototype.bind = function () { throw new Error('bind hijacked'); };
JSON.stringify = () => '"hijacked"';
JSON.parse = () => 'hijacked';
String.prototype.toLowerCase = function () { return 'x-hijacked'; };
String.prototype.slice = function () { return ''; };
String.prototype.indexOf = function () { return -1; };
String.prototype.charCodeAt = function () { return 0; };
Map.prototype.get = function () { return 'hijacked'; };
Map.prototype.set = function () { return this; };
function revoke(context) {
  const name = context.getScript().getName();
  const c = context.getClient();
  const ok = typeof c.getClientId() === 'string'
    && Reflect.ownKeys(c.getScopes()).includes('length') && c.getScopes().length === 2
    && context.getGrant().getTokens().length >= 1
    && context.getHttpRequest().getHeader('Content-Type') === 'application/x-www-form-urlencoded'
    && context.getHttpRequest().getParameter('token') === '[redacted]'
    && context.isInNetwork('127.0.0.1/32') === true
    && context.isInNetwork('10.0.0.0/8') === false;
  if (context.getGrant().getSubject() !== name) return ok; // innocent requests: must still be true
  context.getContextVariables().set('polluted', { ok });
  console.log(ok ? 'context-ok' : 'context-BROKEN');
  throw new Error('polluted and done');
}
