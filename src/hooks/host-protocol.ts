// Messages between the server and the hook process (host.ts). The hook process owns every isolate;
// if V8 brings it down (a fatal out-of-memory inside one builtin call, or a builtin that ignores
// termination — see test/attacks/known-process-killers), the server survives and restarts it.
import type { HookStatus } from './runtime.js';
import type { HookChainResult, HookInput, HookLogLine } from './types.js';
import type { HookLang } from './compile.js';

export interface Quarantined {
  name: string;
  hash: string;
  reason: string;
}

/** what the hook process is started with (in an environment variable, as JSON) */
export interface HostConfig {
  hooksDir: string;
  logLevel: string;
  isolatesPerHook: number;
  quarantine: Quarantined[];
  /** the hook process writes a CrashReport here, synchronously, before it aborts */
  crashFile: string;
}

export interface CrashReport {
  hook: string;
  hash: string;
  message: string;
  /** the requests that were inside that hook */
  calls: number[];
}

export type RpcCall =
  | { m: 'loadAll' }
  | { m: 'reload'; name: string }
  | { m: 'remove'; name: string }
  | { m: 'list' }
  | { m: 'get'; name: string }
  | { m: 'quarantine'; entry: Quarantined }
  | { m: 'dispose' };

export type ToHost = { t: 'run'; id: number; input: HookInput } | { t: 'rpc'; id: number; call: RpcCall };

export type FromHost =
  | { t: 'done'; id: number; result: HookChainResult }
  | { t: 'rpc'; id: number; ok: true; value: unknown; active: number; onError: Record<string, 'revoke' | 'skip'> }
  | { t: 'rpc'; id: number; ok: false; error: { name: string; message: string } }
  | { t: 'logs'; lines: HookLogLine[] }
  | { t: 'activate'; v: { name: string; lang: HookLang; source: string; sidecar: string | null; hash: string } };

export type { HookStatus };
