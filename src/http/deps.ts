// What the HTTP layer needs from the rest of the service, passed in once at start-up.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { HookManager } from '../hooks/manager.js';
import type { HookChainResult, HookInput } from '../hooks/types.js';
import type { Store } from '../store/types.js';

/** the part of the hook runtime the endpoints use */
export interface HookChain {
  readonly ready: boolean;
  /** cheap check on the hot path: is there any enabled, loaded hook to run? */
  hasActiveHooks(): boolean;
  run(input: HookInput): Promise<HookChainResult>;
  list(): Promise<unknown[]>;
  get(name: string): Promise<unknown>;
}

export interface AppDeps {
  config: Config;
  store: Store;
  hooks: HookChain;
  hookManager: HookManager;
  logger: Logger;
  adminToken: string;
  /** the caller's address from the socket peer and X-Forwarded-For (see TRUST_PROXY) */
  clientIp: (peer: string, forwardedFor: string | undefined) => string;
  /** the issuer URL; known only after listen() when PORT=0 */
  issuer: () => string;
}
