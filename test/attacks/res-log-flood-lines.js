// ATTACK: 20,000 log lines per call through console and getLog() (slf4j placeholders), to fill the
// log store and the server log. Vetoes so the call itself is a clean success.
// EXPECT: veto
// CHECK-LOG: log limit of 100 lines
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  for (let i = 0; i < 10000; i++) console.log('line', i);
  for (let i = 0; i < 10000; i++) context.getLog().error('line {} of {}', i, 'flood');
  return false;
}
