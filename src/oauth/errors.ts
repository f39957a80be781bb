// RFC 6749 §5.2 / RFC 7009 §2.2.1 error responses: JSON `{error, error_description}`, never a stack.

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type'
  | 'server_error'
  | 'not_found'
  | 'method_not_allowed';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  unsupported_token_type: 400,
  server_error: 500,
  not_found: 404,
  method_not_allowed: 405,
};

export class OAuthError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    opts: { status?: number; headers?: Record<string, string> } = {},
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
    this.status = opts.status ?? STATUS[error];
    this.headers = opts.headers ?? {};
  }
}

/** RFC 6749 §5.1 / RFC 7009: token material and answers about it are never cached */
export const NO_STORE = Object.freeze({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });

/** the challenge RFC 6749 §5.2 asks for on a 401 from client authentication */
export const BASIC_CHALLENGE = 'Basic realm="revoke-hooks", charset="UTF-8"';

export const invalidClient = (description = 'client authentication failed'): OAuthError =>
  new OAuthError('invalid_client', description, { headers: { 'WWW-Authenticate': BASIC_CHALLENGE } });

export function errorResponse(e: OAuthError): Response {
  return new Response(JSON.stringify({ error: e.error, error_description: e.description }), {
    status: e.status,
    headers: {
      'Content-Type': 'application/json',
      ...NO_STORE,
      ...e.headers,
    },
  });
}
