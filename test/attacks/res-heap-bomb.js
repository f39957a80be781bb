// ATTACK: grow the JS heap without bound (arrays of arrays) until the isolate's memory limit.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const keep = [];
  for (;;) keep.push(new Array(100000).fill(keep.length));
}
