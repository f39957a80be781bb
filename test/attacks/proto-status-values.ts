// ATTACK: status codes outside 200–599 and non-integers: 101 (switching protocols), 100, 199, 600,
// 1000, NaN, Infinity, -200, 200.5, the string "200", an object whose valueOf is 200, null; every
// error is caught and the hook vetoes.
// EXPECT: fail
// @ts-nocheck
export default {
  revoke(context: RevokeContext): boolean {
    if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
    const b = context.getResponseBuilder();
    for (const s of [101, 100, 199, 600, 1000, NaN, Infinity, -200, 200.5, '200', { valueOf: () => 200 }, null, 2n ** 64n]) {
      try { b.status(s); } catch {}
    }
    return false;
  },
};
