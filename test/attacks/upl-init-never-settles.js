// ATTACK: upload a hook whose async init() awaits a promise that never settles.
// MODE: upload
// EXPECT: rejected
async function init() { await new Promise(() => {}); return true; }
function revoke() { return true; }
