// ATTACK: upload a hook whose init() never returns (sync loop), to hang the admin API or the
// validation isolate, or to get a hung hook installed.
// MODE: upload
// EXPECT: rejected
function init() { for (;;) {} }
function revoke() { return true; }
