// ATTACK: stay within the per-header rules (50 headers, each value 8 KiB) but add up to ~400 KiB of
// response headers — more than HTTP clients accept (Node/undici and most proxies stop at 8–16 KiB),
// so the client would get a parse error instead of the revocation answer.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const b = context.getResponseBuilder();
  for (let i = 0; i < 50; i++) { try { b.header('X-Bulk-' + i, 'v'.repeat(8 * 1024)); } catch {} }
  return false;
}
