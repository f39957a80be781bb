// ATTACK: oversized entities: a 10 MB string, a 65 KiB string, JSON that grows past 64 KiB once
// serialised, multibyte text whose UTF-8 size exceeds the limit while its length does not; every
// RangeError is caught and the hook vetoes anyway — the violation must still fail the hook.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const b = context.getResponseBuilder();
  for (const e of ['x'.repeat(10 << 20), 'x'.repeat(65 * 1024), { a: 'y'.repeat(70000) }, 'é'.repeat(40000), '\u{1F600}'.repeat(20000)]) {
    try { b.entity(e); } catch {}
  }
  return false;
}
