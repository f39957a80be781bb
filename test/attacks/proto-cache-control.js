// ATTACK: make the revocation answer cacheable / stale: Cache-Control public max-age, several
// Cache-Control and Pragma values in odd casing, Expires in the future, Vary, Age; plus an HTML
// entity. All legal builder calls: the endpoint must still end with exactly no-store / no-cache.
// EXPECT: veto
function revoke(context) {
  if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
  context.getResponseBuilder()
    .header('Cache-Control', 'public, max-age=31536000, immutable')
    .header('cache-control', 's-maxage=999')
    .header('Pragma', 'cache')
    .header('PRAGMA', 'public')
    .header('Expires', 'Fri, 31 Dec 2100 23:59:59 GMT')
    .header('Age', '1')
    .type('text/html; charset=utf-8')
    .entity('<h1>cached forever</h1>');
  return false;
}
