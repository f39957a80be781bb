// ATTACK: an infinite loop after an `await` — outside isolated-vm's synchronous CPU timeout; only
// the wall-clock limit (isolate disposal) can stop it.
// EXPECT: fail
// @ts-nocheck
export async function revoke(context: RevokeContext): Promise<boolean> {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  await null;
  await Promise.resolve();
  let i = 0;
  for (;;) i++;
}
