// ATTACK: an endless microtask chain started before returning `true`: the decision is reached but
// the isolate never becomes idle (each job queues the next), starving later calls on the isolate.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const spin = () => Promise.resolve().then(spin);
  for (let i = 0; i < 64; i++) spin();
  return true;
}
