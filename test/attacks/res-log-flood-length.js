// ATTACK: a few enormous log lines: an 8 MB string, placeholders expanding to megabytes, a huge
// JSON object, a non-Latin-1/astral string (byte-length vs char-length truncation).
// EXPECT: veto
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  const big = 'x'.repeat(8 << 20);
  console.log(big);
  context.getLog().info('{}{}{}{}', big, big, big, big);
  console.warn({ a: 'y'.repeat(1 << 20), b: new Array(10000).fill('z') });
  console.error('\u{1F600}'.repeat(100000));
  console.log('é'.repeat(5000));
  return false;
}
