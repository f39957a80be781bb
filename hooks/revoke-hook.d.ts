// Types for revoke hooks (hooks/<name>.ts or .js).
//
// Script-style hooks get these as globals:
//     function revoke(context: RevokeContext): boolean { … }
// Module-style hooks can import them (type-only; erased at load):
//     import type { RevokeContext } from './revoke-hook';
// JS hooks can use JSDoc: /** @param {RevokeContext} context */
//
// Check a hook with:  npx tsc -p hooks/tsconfig.json   (or open it in an editor)
//
// Every value a hook gets is a copy living inside the hook's sandbox: mutating it changes nothing
// outside. Times are epoch seconds. There is no require/import, process, fetch, timers or file
// system; console.log/info/warn/error/debug output is captured (100 lines per call, 1 KiB each).

export namespace RevokeHook {
  type AuthenticationMethod = 'client_secret_basic' | 'client_secret_post' | 'none';
  type TokenType = 'access_token' | 'refresh_token';
  /** JSON values: what context variables and JSON entities may hold. */
  type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

  /** The client that called the revocation endpoint (authenticated). */
  interface Client {
    getClientId(): string;
    getClientName(): string | null;
    /** scopes registered for the client */
    getScopes(): string[];
    isPublic(): boolean;
    getAuthenticationMethod(): AuthenticationMethod;
  }

  /** One token of the grant; raw token values are never exposed. */
  interface GrantToken {
    readonly type: TokenType;
    readonly issuedAt: number;
    readonly expiresAt: number | null;
    readonly revoked: boolean;
  }

  /** The grant the token belongs to (revocation removes the whole grant). */
  interface Grant {
    getGrantId(): string;
    getClientId(): string;
    /** the resource owner (the client id itself for client_credentials grants) */
    getSubject(): string | null;
    /** Gluu alias of getSubject() */
    getUserId(): string | null;
    getScopes(): string[];
    getGrantType(): string;
    /** Gluu alias of getGrantType() */
    getAuthorizationGrantType(): string;
    getCreatedAt(): number | null;
    getTokens(): GrantToken[];
  }

  /** The token being revoked (metadata only). */
  interface Token {
    getType(): TokenType;
    getIssuedAt(): number | null;
    getExpiresAt(): number | null;
    getScopes(): string[];
    /** the token_type_hint the client sent, if any */
    getHint(): string | null;
  }

  /** The HTTP request (credentials and the token itself are redacted). */
  interface HttpRequest {
    getMethod(): string;
    getPath(): string;
    /** case-insensitive; null when absent */
    getHeader(name: string): string | null;
    getHeaderNames(): string[];
    /** form parameter; null when absent */
    getParameter(name: string): string | null;
    getParameterNames(): string[];
    getRemoteAddr(): string;
  }

  /** A Gluu SimpleCustomProperty from the hook's sidecar `configurationAttributes`. */
  interface ConfigurationAttribute {
    readonly value1: string;
    readonly value2: string;
    readonly description: string;
    getValue1(): string;
    getValue2(): string;
    getDescription(): string;
  }

  /**
   * Usable as a map (`attrs.get("x")`, Gluu style) or as an object (`attrs.x`). Names that collide
   * with the map methods (get, has, keys, …) are reachable through get() only.
   */
  type ConfigurationAttributes = {
    get(name: string): ConfigurationAttribute | null;
    has(name: string): boolean;
    containsKey(name: string): boolean;
    keys(): string[];
    keySet(): string[];
    entries(): Array<[string, ConfigurationAttribute]>;
    readonly size: number;
  } & { readonly [name: string]: ConfigurationAttribute | undefined };

  interface Script {
    /** the hook name (file name without extension) */
    getName(): string;
    getConfigurationAttributes(): ConfigurationAttributes;
  }

  /**
   * Variables shared by the hooks of one request, in chain order. Values must be JSON
   * (set() throws a TypeError otherwise) and are copied between hooks.
   */
  interface ContextVariables {
    get(name: string): Json | undefined;
    set(name: string, value: Json): ContextVariables;
    has(name: string): boolean;
    delete(name: string): boolean;
    clear(): void;
    keys(): string[];
    values(): Json[];
    entries(): Array<[string, Json]>;
    forEach(fn: (value: Json, name: string, vars: ContextVariables) => void): void;
    readonly size: number;
  }

  /** Gluu-style logger; supports slf4j "{}" placeholders: log.info("client {}", id). */
  interface Log {
    debug(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    trace(...args: unknown[]): void;
    log(...args: unknown[]): void;
  }

  /**
   * The response for this request, shared by the whole chain (a later hook sees what an earlier
   * one set). It applies whether or not the token is revoked. Invalid calls throw (RangeError /
   * TypeError) and make the hook fail even if the exception is caught.
   */
  interface ResponseBuilder {
    /** integer 200–599 */
    status(code: number): ResponseBuilder;
    /**
     * Adds a header (JAX-RS semantics; `null` removes every value of that name). Names are
     * RFC 7230 tokens; values without CR/LF/NUL, ≤ 8 KiB; at most 50 headers, 12 KiB in all. Hop-by-hop and
     * framing headers (connection, content-length, transfer-encoding, host, proxy-*, …) are
     * refused. `Content-Type` is the same as type(). Cache-Control/Pragma are overwritten by the
     * endpoint.
     */
    header(name: string, value: string | number | boolean | null): ResponseBuilder;
    /** a string as-is, anything else as JSON (application/json unless type() is set); ≤ 64 KiB */
    entity(entity: string | Json): ResponseBuilder;
    /** media type, e.g. "text/plain; charset=utf-8"; null clears it */
    type(mediaType: string | null): ResponseBuilder;
    getStatus(): number | null;
    getHeader(name: string): string | null;
    getHeaders(): Array<[string, string]>;
    getEntity(): string | null;
    getType(): string | null;
  }

  /** The object passed to revoke(). Gluu RevokeTokenContext-compatible. */
  interface Context {
    getClient(): Client;
    getGrant(): Grant;
    getToken(): Token;
    getHttpRequest(): HttpRequest;
    /** the caller's address (may be IPv6 or IPv4-mapped IPv6, e.g. "::ffff:127.0.0.1") */
    getIpAddress(): string;
    /**
     * Whether the caller's address is in a CIDR ("10.0.0.0/8", "2001:db8::/32", or a bare
     * address). IPv4 CIDRs match IPv4-mapped IPv6 addresses. An invalid CIDR returns false and
     * logs a warning (as Gluu does).
     */
    isInNetwork(cidr: string): boolean;
    getScript(): Script;
    /** same as getScript().getConfigurationAttributes() */
    getConfigurationAttributes(): ConfigurationAttributes;
    getContextVariables(): ContextVariables;
    getLog(): Log;
    getResponseBuilder(): ResponseBuilder;
  }

  interface Console {
    log(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    debug(...args: unknown[]): void;
    trace(...args: unknown[]): void;
  }

  /** true = revoke, false = skip (stops the chain). */
  type Result = boolean | Promise<boolean>;

  /** The shape of a module/class hook. Only revoke is required. */
  interface Hook {
    revoke(context: Context): Result;
    /** runs once when the hook is loaded; returning false (or throwing) refuses the load */
    init?(configurationAttributes: ConfigurationAttributes, script: Script): boolean | void | Promise<boolean | void>;
    /** runs once when the hook is unloaded */
    destroy?(configurationAttributes: ConfigurationAttributes): unknown;
    getApiVersion?(): number;
  }
}

export type RevokeContext = RevokeHook.Context;
export type RevokeResult = RevokeHook.Result;
export type RevokeHookModule = RevokeHook.Hook;
export type ConfigurationAttributes = RevokeHook.ConfigurationAttributes;
export type ConfigurationAttribute = RevokeHook.ConfigurationAttribute;
export type ContextVariables = RevokeHook.ContextVariables;
export type ResponseBuilder = RevokeHook.ResponseBuilder;
export type Json = RevokeHook.Json;

declare global {
  /** The context passed to revoke(context). */
  type RevokeContext = RevokeHook.Context;
  type RevokeResult = RevokeHook.Result;
  type RevokeHookModule = RevokeHook.Hook;
  type ConfigurationAttributes = RevokeHook.ConfigurationAttributes;
  /** Captured console (no other console exists in a hook). */
  var console: RevokeHook.Console;
}
