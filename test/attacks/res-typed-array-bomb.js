// ATTACK: ArrayBuffer / typed-array memory lives outside the JS heap: allocate 16 MB buffers in a
// loop, catching allocation failures and retrying with smaller ones to squeeze out every byte.
// EXPECT: fail
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const keep = [];
  let size = 1 << 24;
  for (let i = 0; i < 10000 && size >= 1024; i++) {
    try { const b = new Uint8Array(size); b.fill(1); keep.push(b); } catch { size >>= 1; }
  }
  try { keep.push(new Float64Array(1 << 27)); } catch {}
  throw new Error('held ' + keep.length + ' buffers');
}
