// ATTACK: a hook that loads fine but whose destroy() spins forever and init() floods the logs;
// it is uploaded, used once, then replaced and deleted — unloading must not hang the hook's
// reload queue or the server.
// MODE: upload
// EXPECT: fail
function init() { for (let i = 0; i < 1000; i++) console.log('init flood', i); return true; }
function destroy() { for (;;) {} }
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  throw new Error('used once');
}
