// ATTACK: a global RegExp replace over a 200 MB (rope) string: the replace loop runs in C++ without
// interrupt checks, so the timeout cannot stop it; dispose() cannot either ("Script failed to
// terminate" → onCatastrophicError → abort).
// EXPECT: process crash (Script failed to terminate)
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  return 'abc'.repeat(2 ** 26).replace(/b/g, 'xx').length > 0;
}
