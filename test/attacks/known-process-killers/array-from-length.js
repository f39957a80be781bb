// ATTACK: Array.from({ length: 2**26 }) — a Torque loop with no interrupt check: the CPU timeout
// never fires, dispose() cannot stop it ("Script failed to terminate" → onCatastrophicError).
// EXPECT: process crash (Script failed to terminate), request hangs until then
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  return Array.from({ length: 2 ** 26 }).length > 0;
}
