// The hook registry: loads hooks/*.js|*.ts (+ sidecars) from a directory, keeps one sandbox (pool) per
// loaded version, runs the chain for a revocation request, and swaps versions on reload without
// disturbing in-flight requests.
//
//   * Per-name operations (load, reload, remove) are serialised with a promise chain per name.
//   * The active chain is an immutable array replaced on every change; `run` takes it as a
//     snapshot and pins every version in it (inflight++) for the whole chain, so a version that is
//     swapped out mid-request is only destroyed + disposed once its last call has finished.
//   * A failed reload never takes down the last good version; the failure is recorded on the hook.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { attributesPayload, describeFailure, runChain, type ChainLink, type HookFailure } from './chain.js';
import { compileHook, HOOK_NAME_RE, sha256, type HookLang } from './compile.js';
import { HookLoadError } from './errors.js';
import { loadSandbox } from './load.js';
import { SandboxPool } from './sandbox-pool.js';
import { defaultHookConfig, parseSidecar, type HookConfig } from './sidecar.js';
import type { HookChainResult, HookInput, HookLogLine, HookOutcome } from './types.js';

export { assertNoNodeSnapshot } from './node-flags.js';
export { dryRun, type DryRunOptions, type DryRunResult } from './dry-run.js';
export { HookLoadError } from './errors.js';
export { loadSandbox } from './load.js';
export { compileHook, type CompiledHook, type HookLang } from './compile.js';
export { parseSidecar, type HookConfig } from './sidecar.js';

export interface HookRuntimeOptions {
  hooksDir: string;
  logger: Logger;
  onLog?: (line: HookLogLine) => void;
  /** Default: log fatal and process.abort(), as the isolated-vm README demands. */
  onCatastrophicError?: (msg: string, hook: string, hash: string) => void;
  /** a reason to refuse this exact content (e.g. it crashed the hook process before), or null */
  isQuarantined?: (name: string, hash: string) => string | null;
  /** isolates per hook version (one runs one call at a time); default 1 */
  isolatesPerHook?: number;
  /** told each time a version becomes active (the admin API keeps the version history) */
  onActivate?: (v: { name: string; lang: HookLang; source: string; sidecar: string | null; hash: string }) => void;
}

export interface HookStatus {
  name: string;
  file: string;
  sidecarFile: string | null;
  enabled: boolean;
  order: number;
  onError: 'revoke' | 'skip';
  limits: { memoryMb: number; cpuMs: number; wallMs: number };
  status: 'active' | 'error' | 'disabled';
  hash: string | null;
  loadedAt: string | null;
  apiVersion: number | null;
  lastError: { message: string; file: string; line: number | null; column: number | null; at: string } | null;
  counters: { calls: number; revoked: number; skipped: number; errors: number; timeouts: number };
}

interface LoadedVersion {
  link: ChainLink;
  inflight: number;
  retired: boolean;
  finalizing: Promise<void> | null;
}

interface HookRecord {
  name: string;
  file: string;
  sidecarFile: string | null;
  config: HookConfig;
  status: HookStatus['status'];
  /** hash of the last content processed (loaded, disabled or failed): an unchanged file is skipped */
  hash: string | null;
  loadedAt: string | null;
  apiVersion: number | null;
  lastError: HookStatus['lastError'];
  counters: HookStatus['counters'];
  current: LoadedVersion | null;
}

export class HookNotFoundError extends Error {
  override name = 'HookNotFoundError';
}

export class HookRuntime {
  private readonly hooksDir: string;
  private readonly logger: Logger;
  private readonly onLog: (line: HookLogLine) => void;
  private readonly onCatastrophicError: (msg: string, hook: string, hash: string) => void;
  private readonly isQuarantined: NonNullable<HookRuntimeOptions['isQuarantined']>;
  private readonly poolSize: number;
  private readonly onActivate: NonNullable<HookRuntimeOptions['onActivate']>;
  private readonly records = new Map<string, HookRecord>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly finalizing = new Set<Promise<void>>();
  private chain: readonly LoadedVersion[] = [];
  private loading: Promise<void> | null = null;
  private _ready = false;
  private disposed = false;

  constructor(opts: HookRuntimeOptions) {
    this.hooksDir = opts.hooksDir;
    this.logger = opts.logger;
    this.onLog =
      opts.onLog ??
      ((line) => {
        this.logger[line.level]({ hook: line.hook }, line.message);
      });
    this.onActivate = opts.onActivate ?? (() => {});
    this.isQuarantined = opts.isQuarantined ?? (() => null);
    this.poolSize = Math.max(1, Math.floor(opts.isolatesPerHook ?? 1));
    this.onCatastrophicError =
      opts.onCatastrophicError ??
      ((msg) => {
        // isolated-vm README: V8 has lost control of an isolate; the process must not continue.
        this.logger.fatal({ err: msg }, 'isolated-vm catastrophic error; aborting');
        process.abort();
      });
  }

  /** how many hooks the chain runs now */
  activeCount(): number {
    return this.chain.length;
  }

  /** cheap enough for every request: the endpoint skips building hook input when false */
  hasActiveHooks(): boolean {
    // before the initial load completes, run() must be called: it waits for the chain
    return !this._ready || this.chain.length > 0;
  }

  get ready(): boolean {
    return this._ready;
  }

  /** Initial load of every hook in hooksDir. Never throws for a bad hook. */
  loadAll(): Promise<void> {
    if (!this.loading) {
      this.loading = (async () => {
        let names: string[] = [];
        try {
          const entries = await readdir(this.hooksDir);
          const set = new Set<string>();
          for (const f of entries) {
            const m = /^(.+)\.(js|ts)$/.exec(f);
            if (!m || f.endsWith('.d.ts')) continue;
            if (!HOOK_NAME_RE.test(m[1]!)) {
              this.logger.warn({ file: f }, 'ignoring hook file with an invalid name (letters, digits, "-" and "_" only)');
              continue;
            }
            set.add(m[1]!);
          }
          names = [...set].sort();
        } catch (e) {
          this.logger.error({ dir: this.hooksDir, err: (e as Error).message }, 'cannot read hooks directory; running with no hooks');
        }
        await Promise.all(names.map((n) => this.reload(n).catch(() => undefined)));
        this._ready = true;
        this.logger.info({ hooks: this.list().map((h) => ({ name: h.name, status: h.status })) }, 'hooks loaded');
      })();
    }
    return this.loading;
  }

  list(): HookStatus[] {
    return [...this.records.values()].sort((a, b) => a.config.order - b.config.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((r) => this.status(r));
  }

  get(name: string): HookStatus | undefined {
    const r = this.records.get(name);
    return r ? this.status(r) : undefined;
  }

  /** Run the active chain. Never rejects; an unexpected internal failure revokes (the safe side). */
  /** `onStart` is told the name of each hook as it starts (to attribute a crash of the process) */
  async run(input: HookInput, opts: { onStart?: (hook: string) => void } = {}): Promise<HookChainResult> {
    if (this.loading && !this._ready) await this.loading;
    const snapshot = this.chain;
    for (const v of snapshot) v.inflight++;
    try {
      return await runChain(
        snapshot.map((v) => v.link),
        input,
        { onLog: this.onLog, onOutcome: (link, outcome, failure) => this.account(link, outcome, failure), ...(opts.onStart && { onStart: (link: ChainLink) => opts.onStart!(link.name) }) },
      );
    } catch (e) {
      this.logger.error({ err: (e as Error)?.message }, 'hook chain failed unexpectedly; revoking');
      return { revoke: true, response: { status: null, headers: [], body: null, contentType: null }, outcomes: [] };
    } finally {
      for (const v of snapshot) {
        v.inflight--;
        if (v.retired && v.inflight === 0) void this.finalize(v);
      }
    }
  }

  /** Re-read <name>.ts|.js + <name>.json and swap in the new version (see class comment). */
  reload(name: string): Promise<HookStatus> {
    return this.serialised(name, () => this.loadFromDisk(name));
  }

  /** destroy() + dispose; the hook disappears from the chain and the list. */
  remove(name: string): Promise<void> {
    return this.serialised(name, async () => {
      const r = this.records.get(name);
      if (!r) return;
      this.records.delete(name);
      const old = r.current;
      r.current = null;
      this.rebuildChain();
      if (old) await this.retire(old);
    });
  }

  /** Shutdown: destroy() and dispose every isolate (disposing first avoids exit-time crashes). */
  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.loading) await this.loading.catch(() => undefined);
    await Promise.all([...this.queues.values()].map((q) => q.catch(() => undefined)));
    const versions = [...this.records.values()].map((r) => r.current).filter((v): v is LoadedVersion => v !== null);
    for (const r of this.records.values()) r.current = null;
    this.records.clear();
    this.chain = [];
    for (const v of versions) {
      v.retired = true;
      v.inflight = 0; // shutting down: do not wait for stragglers
      void this.finalize(v);
    }
    await Promise.all([...this.finalizing]);
  }

  // ---- internals ----

  private serialised<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(name) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.queues.set(name, settled);
    void settled.then(() => {
      if (this.queues.get(name) === settled) this.queues.delete(name);
    });
    return next;
  }

  private async readOptional(file: string): Promise<string | null> {
    try {
      return await readFile(path.join(this.hooksDir, file), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  private async loadFromDisk(name: string): Promise<HookStatus> {
    if (this.disposed) throw new Error('hook runtime is disposed');
    if (!HOOK_NAME_RE.test(name)) throw new HookNotFoundError(`invalid hook name ${JSON.stringify(name)}`);
    const [ts, js, sidecar] = await Promise.all([this.readOptional(`${name}.ts`), this.readOptional(`${name}.js`), this.readOptional(`${name}.json`)]);
    if (ts === null && js === null) {
      const existing = this.records.get(name);
      if (existing) {
        this.records.delete(name);
        const old = existing.current;
        existing.current = null;
        this.rebuildChain();
        if (old) await this.retire(old);
      }
      throw new HookNotFoundError(`no ${name}.ts or ${name}.js in the hooks directory`);
    }
    const lang: HookLang = ts !== null ? 'ts' : 'js';
    const source = (ts ?? js)!;
    const file = `${name}.${lang}`;
    let rec = this.records.get(name);
    if (!rec) {
      rec = {
        name,
        file,
        sidecarFile: null,
        config: defaultHookConfig(),
        status: 'error',
        hash: null,
        loadedAt: null,
        apiVersion: null,
        lastError: null,
        counters: { calls: 0, revoked: 0, skipped: 0, errors: 0, timeouts: 0 },
        current: null,
      };
      this.records.set(name, rec);
    }
    const hash = sha256(`${lang}\0${source}\0${sidecar ?? ''}`);
    if (rec.hash === hash) return this.status(rec);
    rec.hash = hash;
    const sidecarFile = sidecar !== null ? `${name}.json` : null;

    try {
      if (ts !== null && js !== null) throw new HookLoadError(`both ${name}.ts and ${name}.js exist; keep only one`, file, null, null);
      const config = sidecar !== null ? parseSidecar(sidecar, `${name}.json`) : defaultHookConfig();
      const compiled = compileHook(name, source, lang);
      if (!config.enabled) {
        const old = rec.current;
        rec.current = null;
        Object.assign(rec, { file, sidecarFile, config, status: 'disabled', lastError: null, apiVersion: null, loadedAt: null });
        this.rebuildChain();
        if (old) void this.retire(old);
        this.logger.info({ hook: name }, 'hook disabled by its sidecar');
        return this.status(rec);
      }
      const quarantined = this.isQuarantined(name, hash);
      if (quarantined) throw new HookLoadError(`${file}: ${quarantined}`, file, null, null);
      const crashed = (msg: string) => this.onCatastrophicError(msg, name, hash);
      const loaded = await loadSandbox(compiled, config, crashed, this.onLog);
      const { apiVersion } = loaded;
      const sandbox = this.poolSize > 1 ? await SandboxPool.grow(loaded.sandbox, this.poolSize, crashed) : loaded.sandbox;
      if (this.disposed || this.records.get(name) !== rec) {
        sandbox.dispose();
        throw new Error('hook runtime changed during load');
      }
      const version: LoadedVersion = {
        link: { name, file, version: hash, config, sandbox },
        inflight: 0,
        retired: false,
        finalizing: null,
      };
      const old = rec.current;
      rec.current = version;
      Object.assign(rec, { file, sidecarFile, config, status: 'active', lastError: null, apiVersion, loadedAt: new Date().toISOString() });
      this.rebuildChain();
      if (old) void this.retire(old);
      this.logger.info({ hook: name, file, order: config.order, version: version.link.version }, old ? 'hook reloaded' : 'hook loaded');
      try {
        this.onActivate({ name, lang, source, sidecar, hash });
      } catch (e) {
        this.logger.error({ hook: name, err: (e as Error)?.message }, 'onActivate listener failed');
      }
      return this.status(rec);
    } catch (e) {
      const err = e instanceof HookLoadError ? e : new HookLoadError(`${file}: ${(e as Error)?.message ?? String(e)}`, file, null, null);
      rec.lastError = { message: err.message, file: err.file, line: err.line, column: err.column, at: new Date().toISOString() };
      rec.status = rec.current ? 'active' : 'error';
      if (!rec.current) Object.assign(rec, { file, sidecarFile });
      this.logger.warn({ hook: name, err: err.message }, rec.current ? 'hook reload failed; keeping the previous version' : 'hook failed to load');
      return this.status(rec);
    }
  }

  private rebuildChain(): void {
    const active: LoadedVersion[] = [];
    for (const r of this.records.values()) if (r.current && r.config.enabled) active.push(r.current);
    active.sort((a, b) => a.link.config.order - b.link.config.order || (a.link.name < b.link.name ? -1 : a.link.name > b.link.name ? 1 : 0));
    this.chain = Object.freeze(active);
  }

  /** Mark a version as gone; it is destroyed + disposed when its last in-flight call ends. */
  private retire(v: LoadedVersion): Promise<void> {
    v.retired = true;
    if (v.inflight === 0) return this.finalize(v);
    return Promise.resolve();
  }

  private finalize(v: LoadedVersion): Promise<void> {
    if (v.finalizing) return v.finalizing;
    const p = (async () => {
      try {
        const res = await v.link.sandbox.invoke({ mode: 'destroy', attributes: attributesPayload(v.link.config.configurationAttributes) }, (level, message) =>
          this.onLog({ hook: v.link.name, level, message, at: Date.now() }),
        );
        const failed = !res.ok ? res.message : !res.result.ok ? res.result.message : null;
        if (failed) this.logger.warn({ hook: v.link.name, err: failed }, 'hook destroy() failed');
      } catch (e) {
        this.logger.warn({ hook: v.link.name, err: (e as Error)?.message }, 'hook destroy() failed');
      } finally {
        v.link.sandbox.dispose();
      }
    })();
    v.finalizing = p;
    this.finalizing.add(p);
    void p.finally(() => this.finalizing.delete(p));
    return p;
  }

  private account(link: ChainLink, outcome: HookOutcome, failure: HookFailure | null): void {
    const rec = this.records.get(link.name);
    if (failure) {
      this.logger.warn({ hook: link.name, kind: failure.kind, err: describeFailure(link.file, failure) }, 'hook failed; applying onError');
    }
    if (!rec) return;
    const c = rec.counters;
    c.calls++;
    if (outcome.decision === 'revoke') c.revoked++;
    else c.skipped++;
    if (failure) {
      c.errors++;
      if (failure.kind === 'timeout') c.timeouts++;
      rec.lastError = { message: describeFailure(link.file, failure), file: link.file, line: failure.line, column: failure.column, at: new Date().toISOString() };
    }
  }

  private status(r: HookRecord): HookStatus {
    return {
      name: r.name,
      file: r.file,
      sidecarFile: r.sidecarFile,
      enabled: r.config.enabled,
      order: r.config.order,
      onError: r.config.onError,
      limits: { ...r.config.limits },
      status: r.status,
      hash: r.current ? r.current.link.version : r.hash,
      loadedAt: r.loadedAt,
      apiVersion: r.apiVersion,
      lastError: r.lastError ? { ...r.lastError } : null,
      counters: { ...r.counters },
    };
  }
}
