// ATTACK: upload a hook whose top-level code (run at load time, in the validation isolate) is a
// heap bomb: the upload must be refused and the server must survive.
// MODE: upload
// EXPECT: rejected
const keep = [];
for (;;) keep.push(new Array(100000).fill(1));
function revoke() { return true; }
