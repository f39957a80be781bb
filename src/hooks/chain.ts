// Chain semantics (oxAuth 4.x RevokeTokenService, token-aware):
//   * hooks run in (order, name) order; the first `false` stops the chain and nothing is revoked;
//   * an error (throw, timeout, memory, non-boolean result, invalid builder call) is resolved by the
//     hook's onError: "revoke" = treated as true and the chain continues, "skip" = treated as false;
//   * the response builder and the context variables are shared along the chain. A hook that fails
//     contributes nothing to either (its changes are discarded: we cannot get them back from a
//     timed-out isolate anyway, so every failure is treated the same way).
import { performance } from 'node:perf_hooks';
import type { HookSandbox } from './sandbox.js';
import type { SandboxPool } from './sandbox-pool.js';
import type { ConfigurationAttribute, HookConfig } from './sidecar.js';
import { emptyBuilder, toBuiltResponse, validateBuilderState, validateVars, type BuilderState, type VarEntries } from './response.js';
import type { HookChainResult, HookErrorKind, HookInput, HookLogLine, HookOutcome } from './types.js';

export interface ChainLink {
  name: string;
  /** admin-facing file name, e.g. "deny-service.ts" */
  file: string;
  version: string;
  config: HookConfig;
  sandbox: HookSandbox | SandboxPool;
}

/** Error details beyond HookOutcome.error: where in the hook it happened. */
export interface HookFailure {
  kind: HookErrorKind;
  message: string;
  line: number | null;
  column: number | null;
}

export interface ChainHooks {
  onLog: (line: HookLogLine) => void;
  /** called once per hook that ran, with the failure details when it failed */
  onOutcome?: (link: ChainLink, outcome: HookOutcome, failure: HookFailure | null) => void;
  /** called as each hook starts */
  onStart?: (link: ChainLink) => void;
}

export function attributesPayload(attrs: Record<string, ConfigurationAttribute>): Record<string, ConfigurationAttribute> {
  // A plain object copy (sidecar.ts keeps a null-prototype map).
  const out: Record<string, ConfigurationAttribute> = {};
  for (const [k, v] of Object.entries(attrs)) Object.defineProperty(out, k, { value: { ...v }, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Message to log for a failure, with the hook line when known. */
export function describeFailure(file: string, f: HookFailure): string {
  const where = f.line !== null ? ` (${file}:${f.line}${f.column !== null ? `:${f.column}` : ''})` : '';
  return `${f.message}${where}`;
}

/** Run one hook once in revoke mode; used by the chain and by dry runs. */
export async function runOne(
  link: ChainLink,
  input: HookInput,
  builder: BuilderState,
  vars: VarEntries,
  onLog: (line: HookLogLine) => void,
): Promise<{ decision: boolean; builder: BuilderState; vars: VarEntries; failure: HookFailure | null; durationMs: number }> {
  const started = performance.now();
  const res = await link.sandbox.invoke(
    { mode: 'revoke', input, attributes: attributesPayload(link.config.configurationAttributes), response: builder, vars },
    (level, message) => onLog({ hook: link.name, level, message, at: Date.now() }),
  );
  const durationMs = performance.now() - started;
  const failed = (failure: HookFailure) => ({ decision: link.config.onError === 'revoke', builder, vars, failure, durationMs });
  if (!res.ok) return failed({ kind: res.kind, message: res.message, line: null, column: null });
  const r = res.result;
  if (!r.ok) {
    // An ArrayBuffer allocation over the isolate's budget throws a catchable RangeError instead of
    // disposing the isolate; report it as the memory failure it is.
    const kind: HookErrorKind = r.kind === 'invalid_result' ? 'invalid_result' : /Array buffer allocation failed/.test(r.message) ? 'memory' : 'error';
    return failed({ kind, message: r.message, line: r.line, column: r.column });
  }
  const nextBuilder = validateBuilderState(r.response);
  if (typeof nextBuilder === 'string') return failed({ kind: 'error', message: `invalid response builder state: ${nextBuilder}`, line: null, column: null });
  const nextVars = validateVars(r.vars);
  if (typeof nextVars === 'string') return failed({ kind: 'error', message: `invalid context variables: ${nextVars}`, line: null, column: null });
  return { decision: r.value, builder: nextBuilder, vars: nextVars, failure: null, durationMs };
}

export async function runChain(links: readonly ChainLink[], input: HookInput, hooks: ChainHooks): Promise<HookChainResult> {
  let builder = emptyBuilder();
  let vars: VarEntries = [];
  const outcomes: HookOutcome[] = [];
  let revoke = true;
  for (const link of links) {
    hooks.onStart?.(link);
    const r = await runOne(link, input, builder, vars, hooks.onLog);
    builder = r.builder;
    vars = r.vars;
    const outcome: HookOutcome = {
      hook: link.name,
      version: link.version,
      decision: r.decision ? 'revoke' : 'skip',
      durationMs: r.durationMs,
      ...(r.failure ? { error: { kind: r.failure.kind, message: describeFailure(link.file, r.failure) } } : {}),
    };
    outcomes.push(outcome);
    try {
      hooks.onOutcome?.(link, outcome, r.failure);
    } catch {
      /* bookkeeping must not break a request */
    }
    if (!r.decision) {
      revoke = false;
      break;
    }
  }
  return { revoke, response: toBuiltResponse(builder), outcomes };
}
