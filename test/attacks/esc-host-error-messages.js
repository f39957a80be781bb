// ATTACK: feed every context API hostile arguments (symbols, BigInt, revoked proxies, objects whose
// toString/valueOf throw, megabyte strings, NUL bytes) to make the trusted code or the host fail,
// then collect the resulting error messages and stacks hoping for host file paths or host frames,
// and exfiltrate them via the logs.
// EXPECT: fail
// CHECK-LOG: messages
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const { proxy, revoke: kill } = Proxy.revocable({}, {});
  kill();
  const evil = { toString() { throw new Error('toString'); }, valueOf() { throw new Error('valueOf'); }, [Symbol.toPrimitive]() { throw new Error('prim'); } };
  const args = [Symbol('s'), 10n, proxy, evil, 'x'.repeat(1 << 20), 'a\u0000b', undefined, NaN, -0, [evil], { a: proxy }];
  const msgs = [];
  const fns = [
    (a) => context.isInNetwork(a),
    (a) => context.getHttpRequest().getHeader(a),
    (a) => context.getHttpRequest().getParameter(a),
    (a) => context.getConfigurationAttributes().get(a),
    (a) => context.getContextVariables().get(a),
    (a) => context.getContextVariables().has(a),
    (a) => context.getContextVariables().delete(a),
    (a) => context.getContextVariables().set('k', a),
    (a) => console.log(a),
    (a) => context.getLog().warn('{} {}', a, a),
  ];
  for (const f of fns) for (const a of args) { try { f(a); } catch (e) { msgs.push(String(e && e.message).slice(0, 120) + ' @ ' + String(e && e.stack).slice(0, 300)); } }
  console.log('messages', msgs.length, [...new Set(msgs)].slice(0, 20).join(' || ').replace(/[^\x20-\x7e]/g, '?'));
  throw new Error('done probing');
}
