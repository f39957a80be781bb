// ATTACK: an unbounded Map in a plain JS loop. The hash table doubles in single large allocations;
// isolated-vm only checks its limit after a GC, so the heap passes limit + 1 GB and V8 aborts.
// EXPECT: process crash (Catastrophic out-of-memory error)
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const m = new Map();
  for (let i = 0; ; i++) m.set(i, i);
}
