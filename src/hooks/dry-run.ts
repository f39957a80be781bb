// One-off execution of a hook source that is not (yet) installed: for the admin upload / "test
// this hook" flow. Loads into a temporary isolate, runs init, revoke once, destroy, disposes.
import { performance } from 'node:perf_hooks';
import { attributesPayload, runOne, type HookFailure } from './chain.js';
import { compileHook, type HookLang } from './compile.js';
import { HookLoadError } from './errors.js';
import { emptyBuilder, toBuiltResponse, validateBuilderState, type VarEntries } from './response.js';
import { loadSandbox } from './load.js';
import { defaultHookConfig, parseSidecar, type HookConfig } from './sidecar.js';
import type { BuiltResponse, HookErrorKind, HookInput, HookLogLine } from './types.js';

export interface DryRunOptions {
  name: string;
  source: string;
  lang: HookLang;
  /** sidecar JSON text or object; null/undefined = defaults. `enabled` is ignored for a dry run. */
  sidecar?: string | object | null;
  input: HookInput;
  /** builder state left by earlier hooks, to simulate a later position in the chain */
  response?: BuiltResponse;
  /** context variables set by earlier hooks */
  contextVariables?: Record<string, unknown>;
  /** default: print and process.abort(), as the isolated-vm README demands */
  onCatastrophicError?: (msg: string) => void;
}

export interface DryRunResult {
  /** null when the hook could not be loaded */
  decision: 'revoke' | 'skip' | null;
  response: BuiltResponse;
  contextVariables: Record<string, unknown>;
  logs: HookLogLine[];
  durationMs: number;
  apiVersion: number | null;
  error?: { kind: HookErrorKind | 'load'; message: string; file: string; line: number | null; column: number | null };
}

function abortProcess(msg: string): void {
  process.stderr.write(`isolated-vm catastrophic error during a hook dry run: ${msg}; aborting\n`);
  process.abort();
}

export async function dryRun(opts: DryRunOptions): Promise<DryRunResult> {
  const started = performance.now();
  const logs: HookLogLine[] = [];
  const onLog = (l: HookLogLine): void => {
    logs.push(l);
  };
  const file = `${opts.name}.${opts.lang}`;
  const startBuilder = opts.response ? validateBuilderState({ ...opts.response, typeExplicit: opts.response.contentType !== null && opts.response.contentType !== 'application/json' }) : emptyBuilder();
  const builder = typeof startBuilder === 'string' ? emptyBuilder() : startBuilder;
  const vars: VarEntries = Object.entries(opts.contextVariables ?? {}).map(([k, v]) => [k, JSON.stringify(v ?? null)]);
  const base = (): Omit<DryRunResult, 'decision'> => ({
    response: toBuiltResponse(builder),
    contextVariables: Object.fromEntries(vars.map(([k, v]) => [k, JSON.parse(v) as unknown])),
    logs,
    durationMs: performance.now() - started,
    apiVersion: null,
  });
  let config: HookConfig;
  let loaded: Awaited<ReturnType<typeof loadSandbox>>;
  try {
    config = opts.sidecar === null || opts.sidecar === undefined ? defaultHookConfig() : parseSidecar(opts.sidecar, `${opts.name}.json`);
    config = { ...config, enabled: true };
    const compiled = compileHook(opts.name, opts.source, opts.lang);
    loaded = await loadSandbox(compiled, config, opts.onCatastrophicError ?? abortProcess, onLog);
  } catch (e) {
    const err = e instanceof HookLoadError ? e : new HookLoadError(String((e as Error)?.message ?? e), file, null, null);
    return { ...base(), decision: null, error: { kind: 'load', message: err.message, file: err.file, line: err.line, column: err.column } };
  }
  const { sandbox, apiVersion } = loaded;
  try {
    const link = { name: opts.name, file, version: 'dry-run', config, sandbox };
    const r = await runOne(link, opts.input, builder, vars, onLog);
    await sandbox.invoke({ mode: 'destroy', attributes: attributesPayload(config.configurationAttributes) }, (level, message) => onLog({ hook: opts.name, level, message, at: Date.now() }));
    const f: HookFailure | null = r.failure;
    return {
      decision: r.decision ? 'revoke' : 'skip',
      response: toBuiltResponse(r.builder),
      contextVariables: Object.fromEntries(r.vars.map(([k, v]) => [k, JSON.parse(v) as unknown])),
      logs,
      durationMs: performance.now() - started,
      apiVersion,
      ...(f ? { error: { kind: f.kind, message: f.message, file, line: f.line, column: f.column } } : {}),
    };
  } finally {
    sandbox.dispose();
  }
}
