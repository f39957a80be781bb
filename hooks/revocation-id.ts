// revocation-id: stamps an `X-Revocation-Id` response header on every revocation answer so a
// client report can be matched with the server log (the id is also logged with the client and
// grant). If an earlier hook already set the header, it is kept. Never vetoes.
// Enabled (sidecar revocation-id.json, order 900 so it runs after policy hooks): harmless, a
// header does not change what RFC 7009 clients do with the 200.
// ES module style: a named `revoke` export.
import type { RevokeContext } from './revoke-hook';

function newId(): string {
  // No crypto in the sandbox: time + randomness is unique enough for log correlation.
  const rand = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return `rv-${Date.now().toString(36)}-${rand}`;
}

export function revoke(context: RevokeContext): boolean {
  const builder = context.getResponseBuilder();
  if (builder.getHeader('X-Revocation-Id') === null) {
    const id = newId();
    builder.header('X-Revocation-Id', id);
    context.getLog().info('revocation {} client={} grant={}', id, context.getClient().getClientId(), context.getGrant().getGrantId());
  }
  return true;
}
