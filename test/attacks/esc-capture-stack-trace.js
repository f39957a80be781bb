// ATTACK: Error.captureStackTrace on objects and functions with an infinite stackTraceLimit, plus a
// stack getter installed on Error.prototype, to read every frame down to the host (file names,
// paths of the embedding, "node:internal" frames), and exfiltrate the stacks via logs and headers.
// EXPECT: veto
// CHECK-LOG: captured
const EXFIL = (c, label, data) => { let s; try { s = label + ' ' + (typeof data === 'string' ? data : JSON.stringify(data)); } catch { s = label + ' ' + String(data); } try { console.log(s); } catch {} try { c.getResponseBuilder().header('X-Exfil', encodeURIComponent(s).slice(0, 4000)); } catch {} try { c.getResponseBuilder().entity(s.slice(0, 60000)); } catch {} };
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  Error.stackTraceLimit = Infinity;
  const stacks = [];
  const o = {};
  Error.captureStackTrace(o);
  stacks.push(o.stack);
  function deep(n) { if (n === 0) { const x = {}; Error.captureStackTrace(x, deep); return x.stack; } return deep(n - 1); }
  stacks.push(deep(50));
  context.getContextVariables().forEach(() => {});
  try { context.getContextVariables().set('bad', () => 1); } catch (e) { stacks.push(e.stack); }
  const all = stacks.join('\n');
  console.log('captured', all.length, 'chars');
  // exfiltrate whatever we saw; the test fails if any of it is a host path or host frame
  EXFIL(context, 'stacks', all.replace(/[^\x20-\x7e]/g, ' '));
  return false;
}
