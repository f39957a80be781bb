// Client authentication for /revoke, /token and /introspect (RFC 6749 §2.3, RFC 7009 §2.1):
// client_secret_basic, client_secret_post, or none (public clients, client_id only). A client may
// use only the method it registered; using two methods in one request is a 400.
import type { AuthMethod, ClientRecord, Store } from '../store/types.js';
import { OAuthError, invalidClient } from './errors.js';
import { formDecode, param, type Form } from './form.js';
import { digestsEqual, hashSecret } from './tokens.js';

export interface AuthenticatedClient {
  client: ClientRecord;
  method: AuthMethod;
}

interface Presented {
  method: AuthMethod;
  clientId: string;
  secret: string | null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseBasic(header: string): { clientId: string; secret: string } {
  const b64 = header.slice(6).trim();
  let decoded: string;
  try {
    if (!BASE64.test(b64) || b64.length % 4 !== 0) throw new Error();
    decoded = utf8.decode(Buffer.from(b64, 'base64'));
  } catch {
    throw new OAuthError('invalid_request', 'invalid Authorization header: not base64-encoded UTF-8');
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_request', 'invalid Authorization header: missing ":" between client id and secret');
  try {
    // RFC 6749 §2.3.1: id and secret are form-url-encoded before base64
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_request', 'invalid Authorization header: malformed form-url-encoding');
  }
}

function presented(authorization: string | undefined, form: Form): Presented {
  const bodyId = param(form, 'client_id');
  const bodySecret = param(form, 'client_secret');
  const usesBasic = authorization !== undefined;
  const usesAssertion = form.has('client_assertion') || form.has('client_assertion_type');
  if ([usesBasic, bodySecret !== undefined, usesAssertion].filter(Boolean).length > 1) {
    throw new OAuthError('invalid_request', 'client authentication must only be provided using one mechanism');
  }
  if (usesAssertion) throw invalidClient('client_assertion authentication is not supported');
  if (usesBasic) {
    if (!/^basic /i.test(authorization)) throw invalidClient('unsupported Authorization scheme; use Basic');
    const { clientId, secret } = parseBasic(authorization);
    if (bodyId !== undefined && bodyId !== clientId) throw new OAuthError('invalid_request', 'client_id mismatch between Authorization header and body');
    return { method: 'client_secret_basic', clientId, secret };
  }
  if (bodyId === undefined) throw invalidClient('no client authentication provided');
  if (bodySecret !== undefined) return { method: 'client_secret_post', clientId: bodyId, secret: bodySecret };
  return { method: 'none', clientId: bodyId, secret: null };
}

// compared against when the client does not exist, so unknown and wrong-secret clients take the
// same path and give the same answer (no client enumeration)
const DUMMY_SALT = Buffer.alloc(16, 7);
const DUMMY_HASH = hashSecret('not-a-secret', DUMMY_SALT);

export async function authenticateClient(store: Store, authorization: string | undefined, form: Form): Promise<AuthenticatedClient> {
  const p = presented(authorization, form);
  const client = await store.getClient(p.clientId);
  if (p.method === 'none') {
    if (!client || client.authMethod !== 'none') throw invalidClient();
    return { client, method: 'none' };
  }
  const ok = digestsEqual(
    hashSecret(p.secret ?? '', client?.secretSalt ?? DUMMY_SALT),
    client?.secretHash ?? DUMMY_HASH,
  );
  if (!client || !ok || client.authMethod !== p.method) throw invalidClient();
  return { client, method: p.method };
}
