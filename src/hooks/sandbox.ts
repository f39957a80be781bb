// One isolate of a hook version (a version has HOOK_ISOLATES of them, see sandbox-pool.ts), a fresh
// context per call.
//
// Lifecycle
//   * The isolate, the compiled bootstrap and the compiled hook script are built once (lazily) and
//     reused by every call. Compilation happens once per isolate build, never per request.
//   * Each call: createContext -> bootstrap.runIgnored -> hookScript.run (returns the entry
//     function) -> entry.apply(payload copy, log Callback) -> one result copy. The context is
//     released in `finally`. isolated-vm runs tasks queued on one isolate in order, so the
//     bootstrap does not need its own round trip.
//   * A wall-clock timer disposes the isolate when a call overruns `wallMs`: isolated-vm's
//     `timeout` only covers synchronous execution, not code after an `await` or a promise that
//     never settles. The CPU `timeout` option is min(cpuMs, remaining wall budget).
//   * After a timeout, an OOM or a dispose the isolate is dropped and rebuilt on the next call
//     (other hooks' isolates are untouched). A CPU timeout also recycles the isolate because
//     microtasks left behind after TerminateExecution may spin.
//   * Nothing isolate-side ever holds a Reference/ExternalCopy: the payload is copied, the only
//     function handed in is an `ignored` Callback (it cannot throw back or return host values),
//     and the result is copied out.
import ivm from 'isolated-vm';
import { performance } from 'node:perf_hooks';
import { BOOTSTRAP_FILENAME, BOOTSTRAP_SOURCE } from './bootstrap.js';
import type { CompiledHook } from './compile.js';
import { HookLoadError } from './errors.js';
import type { HookLimits } from './sidecar.js';
import { CALL_LIMITS } from './response.js';
import type { HookErrorKind, HookLogLine } from './types.js';

export type EntryMode = 'init' | 'revoke' | 'destroy';

/** What the bootstrap's entry resolves to (already structurally checked by `invoke`). */
export type EntryResult =
  | { ok: true; value: boolean; apiVersion: number | null; response: unknown; vars: unknown }
  | { ok: false; kind: 'error' | 'invalid_result' | 'import' | 'load' | 'init_false'; message: string; line: number | null; column: number | null };

/** What a call produced; never a thrown error. */
export type InvokeResult =
  | { ok: true; result: EntryResult; durationMs: number }
  | { ok: false; kind: HookErrorKind; message: string; durationMs: number };

export interface SandboxOptions {
  compiled: CompiledHook;
  limits: HookLimits;
  onCatastrophicError: (message: string) => void;
}

export interface InvokePayload {
  mode: EntryMode;
  input?: unknown;
  attributes: unknown;
  response?: unknown;
  vars?: unknown;
}

interface Built {
  isolate: ivm.Isolate;
  bootstrap: ivm.Script;
  hook: ivm.Script;
  /**
   * A fresh, already-bootstrapped context prepared after the previous call finished, so context
   * creation (the largest part of a call, ~0.3 ms) is off the request's critical path. It is
   * still single-use: no hook code has run in it. Resolves null if preparation failed.
   */
  spare: Promise<ivm.Context | null> | null;
}

const ENTRY_KINDS = new Set(['error', 'invalid_result', 'import', 'load', 'init_false']);

/** Only the first line of a host-side error message, capped; never a stack. */
function firstLine(e: unknown): string {
  const m = String((e as Error)?.message ?? e).split('\n', 1)[0] ?? '';
  return m.length > 300 ? m.slice(0, 300) + '…' : m;
}

/** Truncate to at most `max` UTF-8 bytes without splitting a character. */
export function truncateUtf8(s: string, max: number): string {
  if (s.length <= max / 3 || Buffer.byteLength(s, 'utf8') <= max) return s;
  let out = Buffer.from(s, 'utf8').subarray(0, max - 3).toString('utf8');
  if (out.endsWith('\uFFFD')) out = out.slice(0, -1);
  return out + '…';
}

const pendingDisposals = new Set<Promise<void>>();

/** resolves once every disposed sandbox has really released its isolate; await before exiting */
export async function sandboxesIdle(): Promise<void> {
  while (pendingDisposals.size) await Promise.all([...pendingDisposals]);
}

/**
 * Ends a process that hosted isolates. `process.exit()` right after `isolate.dispose()` can
 * race the isolate's own teardown and crash (SIGSEGV, seen under load); letting the event loop
 * drain first does not. The unref'd timer only fires if something else keeps the process alive.
 */
export async function exitAfterIsolates(code: number): Promise<void> {
  await sandboxesIdle();
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5_000).unref();
}

export class HookSandbox {
  readonly compiled: CompiledHook;
  readonly limits: HookLimits;
  private readonly onCatastrophicError: (message: string) => void;
  private built: Built | null = null;
  private building: Promise<Built> | null = null;
  private closed = false;

  constructor(opts: SandboxOptions) {
    this.compiled = opts.compiled;
    this.limits = opts.limits;
    this.onCatastrophicError = opts.onCatastrophicError;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Build (or rebuild after a dispose) the isolate and compile both scripts. Throws HookLoadError on a V8 syntax error. */
  ensure(): Promise<Built> {
    if (this.closed) return Promise.reject(new Error('hook sandbox is closed'));
    if (this.built && !this.built.isolate.isDisposed) return Promise.resolve(this.built);
    this.built = null;
    if (!this.building) {
      this.building = this.build().finally(() => {
        this.building = null;
      });
    }
    return this.building;
  }

  private async build(): Promise<Built> {
    const isolate = new ivm.Isolate({
      memoryLimit: this.limits.memoryMb,
      onCatastrophicError: (msg: string) => this.onCatastrophicError(msg),
    });
    try {
      const bootstrap = await isolate.compileScript(BOOTSTRAP_SOURCE, { filename: BOOTSTRAP_FILENAME });
      let hook: ivm.Script;
      try {
        hook = await isolate.compileScript(this.compiled.code, { filename: this.compiled.filename, columnOffset: this.compiled.columnOffset });
      } catch (e) {
        throw this.syntaxError(e);
      }
      const built: Built = { isolate, bootstrap, hook, spare: null };
      if (this.closed) throw new Error('hook sandbox is closed');
      this.built = built;
      built.spare = this.prepare(built);
      return built;
    } catch (e) {
      if (!isolate.isDisposed) isolate.dispose();
      throw e;
    }
  }

  /** Create a context and run the trusted bootstrap in it. Never rejects (null on failure). */
  private prepare(b: Built): Promise<ivm.Context | null> {
    return (async () => {
      const ctx = await b.isolate.createContext();
      try {
        await b.bootstrap.run(ctx, { timeout: 1000 });
        return ctx;
      } catch (e) {
        if (!b.isolate.isDisposed) ctx.release();
        throw e;
      }
    })().catch(() => null);
  }

  /** V8 compile errors look like "Unexpected token ';' [hook:///x.js:2:11]". */
  private syntaxError(e: unknown): HookLoadError {
    const msg = firstLine(e);
    const tag = `[${this.compiled.filename}:`;
    const at = msg.lastIndexOf(tag);
    let line: number | null = null;
    let column: number | null = null;
    let text = msg;
    if (at >= 0) {
      const m = /^(\d+):(\d+)\]/.exec(msg.slice(at + tag.length));
      if (m) {
        line = Number(m[1]);
        column = Number(m[2]);
      }
      text = msg.slice(0, at).trim();
    }
    const name = (e as Error)?.name && (e as Error).name !== 'Error' ? (e as Error).name : 'SyntaxError';
    const where = line !== null ? `:${line}${column !== null ? `:${column}` : ''}` : '';
    return new HookLoadError(`${this.compiled.file}${where}: ${name}: ${text}`, this.compiled.file, line, column);
  }

  /**
   * Run one entry call under the hook's limits. Never rejects. `onLog` receives each captured
   * console/getLog line (already truncated and counted).
   */
  async invoke(payload: InvokePayload, onLog: (level: HookLogLine['level'], message: string) => void): Promise<InvokeResult> {
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    const { cpuMs, wallMs } = this.limits;

    let built: Built;
    try {
      built = await this.ensure();
    } catch (e) {
      if (e instanceof HookLoadError) return { ok: false, kind: 'error', message: e.message, durationMs: elapsed() };
      return { ok: false, kind: 'unavailable', message: this.closed ? 'hook was unloaded' : `hook isolate could not be created: ${firstLine(e)}`, durationMs: elapsed() };
    }
    const { isolate } = built;
    // The wall clock starts once the isolate exists (building it is our cost, not the hook's).
    const callStart = performance.now();
    const remaining = (): number => Math.max(1, Math.floor(wallMs - (performance.now() - callStart)));
    let wallExpired = false;
    const timer = setTimeout(() => {
      wallExpired = true;
      if (!isolate.isDisposed) isolate.dispose();
    }, wallMs);

    let lines = 0;
    const log = new ivm.Callback(
      (level: unknown, message: unknown): void => {
        // Runs on the host with copied primitives. Must never throw (it is `ignored`, so an
        // exception would not reach the isolate anyway, but keep the host log path clean).
        try {
          // the bootstrap caps lines too (plus one "limit reached" line); this is the backstop
          if (lines >= CALL_LIMITS.logLines + 1) return;
          lines++;
          const lv = level === 'warn' || level === 'error' || level === 'debug' ? level : 'info';
          onLog(lv, truncateUtf8(typeof message === 'string' ? message : String(message), CALL_LIMITS.logLineBytes));
        } catch {
          /* a failing log sink must not affect the hook */
        }
      },
      { ignored: true },
    );

    let context: ivm.Context | null = null;
    let entry: ivm.Reference | null = null;
    try {
      const spare = built.spare;
      built.spare = null;
      context = spare ? await spare : null;
      if (!context) {
        context = await isolate.createContext();
        // Queued before the hook script on the same isolate, so it runs first.
        built.bootstrap.runIgnored(context, { timeout: remaining() });
      }
      entry = (await built.hook.run(context, { reference: true, timeout: remaining() })) as ivm.Reference;
      if (entry.typeof !== 'function') throw new Error('hook script did not produce an entry function');
      const fullPayload = {
        ...payload,
        name: this.compiled.name,
        fileTag: `${this.compiled.filename}:`,
        limits: CALL_LIMITS,
      };
      const raw: unknown = await entry.apply(undefined, [fullPayload, log], {
        arguments: { copy: true },
        result: { promise: true, copy: true },
        timeout: Math.min(cpuMs, remaining()),
      });
      return { ok: true, result: checkEntryResult(raw), durationMs: elapsed() };
    } catch (e) {
      return { ...this.classify(e, isolate, wallExpired), durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
      try {
        entry?.release();
      } catch {
        /* already gone with the isolate */
      }
      if (context && !isolate.isDisposed) {
        try {
          context.release();
        } catch {
          /* ignore */
        }
      }
      // Prepare the next call's context now that this call no longer competes for the isolate.
      // Not after destroy(): the sandbox is disposed next, and an isolate disposed with a context
      // still being prepared on its thread can crash the process when it exits (SIGSEGV).
      if (payload.mode !== 'destroy' && !this.closed && !isolate.isDisposed && this.built === built && built.spare === null) built.spare = this.prepare(built);
    }
  }

  private classify(e: unknown, isolate: ivm.Isolate, wallExpired: boolean): { ok: false; kind: HookErrorKind; message: string } {
    const msg = firstLine(e);
    if (wallExpired) return { ok: false, kind: 'timeout', message: `wall-clock limit of ${this.limits.wallMs} ms exceeded` };
    if (/memory limit/i.test(msg)) {
      this.recycle(isolate);
      return { ok: false, kind: 'memory', message: `memory limit of ${this.limits.memoryMb} MB exceeded` };
    }
    if (/timed out/i.test(msg)) {
      this.recycle(isolate);
      return { ok: false, kind: 'timeout', message: `CPU limit of ${this.limits.cpuMs} ms exceeded` };
    }
    if (isolate.isDisposed) {
      return { ok: false, kind: 'unavailable', message: this.closed ? 'hook was unloaded during the call' : 'hook isolate was recycled during the call' };
    }
    return { ok: false, kind: 'error', message: msg };
  }

  private recycle(isolate: ivm.Isolate): void {
    if (!isolate.isDisposed) isolate.dispose();
    if (this.built?.isolate === isolate) this.built = null;
  }

  /** Dispose the isolate; in-flight calls fail with kind 'unavailable'. */
  dispose(): void {
    this.closed = true;
    const b = this.built;
    this.built = null;
    // A build in progress disposes its own isolate when it sees `closed`.
    if (!b || b.isolate.isDisposed) return;
    const spare = b.spare;
    b.spare = null;
    if (!spare) {
      b.isolate.dispose();
      return;
    }
    // An isolate disposed while a context is still being created on its thread can crash the
    // process when it exits (SIGSEGV): let the preparation finish first (well under a millisecond).
    const p = spare.then(() => {
      if (!b.isolate.isDisposed) b.isolate.dispose();
    });
    pendingDisposals.add(p);
    void p.finally(() => pendingDisposals.delete(p));
  }
}

/** The entry is trusted code, but it runs in a context the hook can tamper with: check the shape. */
function checkEntryResult(raw: unknown): EntryResult {
  const bad = (why: string): EntryResult => ({ ok: false, kind: 'error', message: `malformed hook result (${why})`, line: null, column: null });
  if (raw === null || typeof raw !== 'object') return bad('not an object');
  const r = raw as Record<string, unknown>;
  if (r.ok === true) {
    if (typeof r.value !== 'boolean') return bad('value');
    const apiVersion = typeof r.apiVersion === 'number' && Number.isFinite(r.apiVersion) ? r.apiVersion : null;
    return { ok: true, value: r.value, apiVersion, response: r.response, vars: r.vars };
  }
  if (r.ok === false && typeof r.kind === 'string' && ENTRY_KINDS.has(r.kind) && typeof r.message === 'string') {
    const pos = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);
    return { ok: false, kind: r.kind as Extract<EntryResult, { ok: false }>['kind'], message: r.message.slice(0, 1000), line: pos(r.line), column: pos(r.column) };
  }
  return bad('shape');
}
