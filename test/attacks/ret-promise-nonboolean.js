// ATTACK: an async hook resolving to a Boolean object / a thenable chain ending in "true".
// EXPECT: fail
async function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  await null;
  return { then(r) { r({ then(r2) { r2('true'); } }); } };
}
