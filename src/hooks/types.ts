// The data that crosses from the revocation endpoint into the hook runtime, and what comes back.
// Everything here is plain JSON: it is copied into each isolate, never referenced.

export interface HookClientData {
  clientId: string;
  clientName: string | null;
  scopes: string[];
  isPublic: boolean;
  authenticationMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
}

export interface HookGrantTokenData {
  type: 'access_token' | 'refresh_token';
  issuedAt: number; // epoch seconds
  expiresAt: number | null; // epoch seconds
  revoked: boolean;
}

export interface HookGrantData {
  grantId: string;
  clientId: string;
  subject: string | null;
  scopes: string[];
  grantType: string;
  createdAt: number; // epoch seconds
  tokens: HookGrantTokenData[];
}

export interface HookTokenData {
  type: 'access_token' | 'refresh_token';
  issuedAt: number;
  expiresAt: number | null;
  scopes: string[];
  hint: string | null;
}

export interface HookRequestData {
  method: string;
  path: string;
  /** lower-cased header names; secrets already redacted by the caller */
  headers: Record<string, string>;
  /** form parameters; secrets already redacted by the caller */
  parameters: Record<string, string>;
  remoteAddr: string;
}

/** One revocation request as the hooks see it. */
export interface HookInput {
  client: HookClientData;
  grant: HookGrantData;
  token: HookTokenData;
  request: HookRequestData;
}

/** What a hook's response builder holds after the chain. null fields mean "untouched". */
export interface BuiltResponse {
  status: number | null;
  headers: Array<[string, string]>;
  /** the entity as the hook gave it, serialised: strings as-is, anything else as JSON */
  body: string | null;
  /** media type set with type(), or implied by a JSON entity */
  contentType: string | null;
}

export type HookErrorKind = 'error' | 'timeout' | 'memory' | 'invalid_result' | 'unavailable' | 'crash';

export interface HookOutcome {
  hook: string;
  version: string; // content hash
  decision: 'revoke' | 'skip';
  /** set when the hook failed; decision then comes from onError */
  error?: { kind: HookErrorKind; message: string };
  durationMs: number;
}

export interface HookChainResult {
  /** true when every hook returned true (or errored with onError "revoke"), or when no hook ran */
  revoke: boolean;
  response: BuiltResponse;
  outcomes: HookOutcome[];
}

export interface HookLogLine {
  hook: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  at: number; // epoch ms
}
