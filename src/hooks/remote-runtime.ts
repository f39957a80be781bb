// The server's side of the hook process: the same API as HookRuntime, over IPC to host.ts, plus
// supervision. isolated-vm cannot contain every V8 failure — a fatal out-of-memory inside one
// builtin call, or a builtin that ignores termination, ends the process that hosts the isolate — so
// the isolates live in a child process. When it dies:
//   * the hook that caused it (named in the crash file the child writes before aborting) is
//     quarantined: that exact content is not loaded again until the file changes;
//   * revocations that were inside that hook are answered per its onError ("skip": nothing revoked;
//     "revoke": the chain runs again without it); every other in-flight revocation runs again;
//   * the child is restarted (with backoff) and loads every hook again.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { CrashReport, FromHost, HostConfig, Quarantined, RpcCall, ToHost } from './host-protocol.js';
import { HookNotFoundError, type HookRuntimeOptions, type HookStatus } from './runtime.js';
import type { HookChainResult, HookInput, HookOutcome } from './types.js';

type Counters = HookStatus['counters'];

const HOST_FILE = fileURLToPath(new URL('./host.js', import.meta.url));
const DISPOSE_TIMEOUT_MS = 10_000;
/** how long a revocation waits for a hook process that is (re)starting before it goes on without hooks */
const WAIT_FOR_HOST_MS = 15_000;

export interface HookHostOptions {
  hooksDir: string;
  logger: Logger;
  logLevel: string;
  isolatesPerHook: number;
  onLog: NonNullable<HookRuntimeOptions['onLog']>;
  onActivate: NonNullable<HookRuntimeOptions['onActivate']>;
}

interface PendingRun {
  input: HookInput;
  resolve: (r: HookChainResult) => void;
  attempts: number;
  /** the process it was sent to, while it waits for the answer */
  sentTo: ChildProcess | null;
}

const emptyResponse = () => ({ status: null, headers: [], body: null, contentType: null });

export class HookHost {
  private child: ChildProcess | null = null;
  private up: Promise<void> | null = null;
  private isUp = false;
  private _ready = false;
  private disposed = false;
  private active = 0;
  private onErrorOf: Record<string, 'revoke' | 'skip'> = {};
  private nextId = 1;
  private readonly runs = new Map<number, PendingRun>();
  private readonly rpcs = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly quarantine = new Map<string, Quarantined>();
  private readonly crashFile: string;
  private recentCrashes: number[] = [];
  /** kept here, from each answer's outcomes, so that they survive a restart of the hook process */
  private readonly counters = new Map<string, Counters>();
  /** no restart before this time (backoff after crashes) */
  private restartAt = 0;

  constructor(private readonly opts: HookHostOptions) {
    this.crashFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'revoke-hooks-')), 'crash.json');
  }

  get ready(): boolean {
    return this._ready;
  }

  /** before the hook process is up, run() must be called: it waits for the chain */
  hasActiveHooks(): boolean {
    return !this.isUp || this.active > 0;
  }

  /** start the hook process and load every hook; resolves when the chain is complete */
  loadAll(): Promise<void> {
    return this.whenUp();
  }

  private ensureUp(): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('hook process is shut down'));
    if (!this.up) this.up = this.start();
    return this.up;
  }

  /** waits through crashes and restarts; rejects only once shut down */
  private async whenUp(): Promise<void> {
    for (;;) {
      try {
        await this.ensureUp();
        return;
      } catch (e) {
        if (this.disposed) throw e;
        // the process died while starting; onExit has scheduled the next attempt
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  private async start(): Promise<void> {
    const wait = this.restartAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (this.disposed) throw new Error('hook process is shut down');
    const config: HostConfig = {
      hooksDir: this.opts.hooksDir,
      logLevel: this.opts.logLevel,
      isolatesPerHook: this.opts.isolatesPerHook,
      quarantine: [...this.quarantine.values()],
      crashFile: this.crashFile,
    };
    fs.rmSync(this.crashFile, { force: true });
    // a minimal environment: hooks cannot read it, and the hook process has no use for the
    // server's secrets either
    const child = fork(HOST_FILE, [], {
      execArgv: ['--no-node-snapshot'],
      env: { PATH: process.env.PATH ?? '', REVOKE_HOOKS_HOST: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    child.on('message', (m: FromHost) => this.onMessage(m));
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    child.on('error', (err) => this.opts.logger.error({ err }, 'hook process error'));
    await this.call({ m: 'loadAll' }, child);
    this.isUp = true;
    this._ready = true;
  }

  private onMessage(m: FromHost): void {
    switch (m.t) {
      case 'done': {
        const run = this.runs.get(m.id);
        if (!run) return;
        this.runs.delete(m.id);
        this.account(m.result.outcomes);
        run.resolve(m.result);
        return;
      }
      case 'rpc': {
        const p = this.rpcs.get(m.id);
        if (!p) return;
        this.rpcs.delete(m.id);
        if (m.ok) {
          this.active = m.active;
          this.onErrorOf = m.onError;
          p.resolve(m.value);
        } else p.reject(m.error.name === 'HookNotFoundError' ? new HookNotFoundError(m.error.message) : Object.assign(new Error(m.error.message), { name: m.error.name }));
        return;
      }
      case 'logs':
        for (const line of m.lines) this.opts.onLog(line);
        return;
      case 'activate':
        this.opts.onActivate(m.v);
        return;
    }
  }

  private call(call: RpcCall, child = this.child): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (!child || !child.connected) {
        reject(new Error('hook process is not running'));
        return;
      }
      const id = this.nextId++;
      this.rpcs.set(id, { resolve, reject });
      child.send({ t: 'rpc', id, call } satisfies ToHost);
    });
  }

  private async rpc(call: RpcCall): Promise<unknown> {
    await this.whenUp();
    try {
      return await this.call(call);
    } catch (e) {
      // the process died under this call: once more, on the restarted one
      if (this.disposed || !/hook process (stopped|is not running)/.test((e as Error).message)) throw e;
      await this.whenUp();
      return this.call(call);
    }
  }

  run(input: HookInput): Promise<HookChainResult> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.runs.set(id, { input, resolve, attempts: 0, sentTo: null });
      void this.dispatch(id);
    });
  }

  private async dispatch(id: number): Promise<void> {
    const run = this.runs.get(id);
    if (!run) return;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      this.whenUp().then(
        () => false,
        () => true, // shut down
      ),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), WAIT_FOR_HOST_MS))),
    ]);
    clearTimeout(timer);
    if (gaveUp) {
      // no hook process to ask (shut down, or failing to start): answer on the fail-safe side, as
      // the default onError does, rather than hold the request forever
      if (!this.disposed) this.opts.logger.error({ waitedMs: WAIT_FOR_HOST_MS }, 'hook process unavailable; revocation proceeds without hooks');
      this.runs.delete(id);
      run.resolve({ revoke: true, response: emptyResponse(), outcomes: [] });
      return;
    }
    run.attempts++;
    run.sentTo = this.child!;
    this.child!.send({ t: 'run', id, input: run.input } satisfies ToHost);
  }

  private readCrashFile(): CrashReport | null {
    try {
      return JSON.parse(fs.readFileSync(this.crashFile, 'utf8')) as CrashReport;
    } catch {
      return null;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    this.child = null;
    this.up = null;
    this.isUp = false;
    for (const p of this.rpcs.values()) p.reject(new Error('the hook process stopped'));
    this.rpcs.clear();
    if (this.disposed) return;

    const crash = this.readCrashFile();
    if (crash) {
      const reason = `crashed the hook process (${crash.message}); change the file to load it again`;
      this.quarantine.set(crash.hook, { name: crash.hook, hash: crash.hash, reason });
    }
    this.opts.logger.error({ code, signal, hook: crash?.hook ?? null, err: crash?.message ?? null, inFlight: this.runs.size }, 'hook process crashed; restarting it');

    for (const [id, run] of this.runs) {
      if (run.sentTo !== child) continue; // still waiting for a process: unaffected
      // The crashing hook failed for every request it was serving (one of them crashed it, the
      // others were queued on the same isolate): its onError decides for them. Any other request
      // runs its chain again (the crashing hook is quarantined by then), at most twice.
      const inCrashingHook = crash !== null && crash.calls.includes(id);
      const onError = inCrashingHook ? (this.onErrorOf[crash.hook] ?? 'revoke') : 'revoke';
      if ((inCrashingHook && onError === 'skip') || (!inCrashingHook && run.attempts >= 2)) {
        this.runs.delete(id);
        const outcomes: HookOutcome[] = inCrashingHook ? [{ hook: crash.hook, version: crash.hash, decision: onError, durationMs: 0, error: { kind: 'crash', message: 'the hook process crashed' } }] : [];
        this.account(outcomes);
        run.resolve({ revoke: onError === 'revoke', response: emptyResponse(), outcomes });
      }
    }

    const now = Date.now();
    this.recentCrashes = [...this.recentCrashes.filter((t) => now - t < 60_000), now];
    this.restartAt = now + Math.min(5_000, 50 * 2 ** (this.recentCrashes.length - 1));
    // requests that were sent to the dead process go again; those still waiting already wait in
    // whenUp(). Start the next process now (it waits for restartAt) even if nothing is waiting.
    for (const [id, run] of this.runs) {
      if (run.sentTo !== child) continue;
      run.sentTo = null;
      void this.dispatch(id);
    }
    this.whenUp().catch(() => undefined);
  }

  private account(outcomes: HookOutcome[]): void {
    for (const o of outcomes) {
      let c = this.counters.get(o.hook);
      if (!c) this.counters.set(o.hook, (c = { calls: 0, revoked: 0, skipped: 0, errors: 0, timeouts: 0 }));
      c.calls++;
      if (o.decision === 'revoke') c.revoked++;
      else c.skipped++;
      if (o.error) c.errors++;
      if (o.error?.kind === 'timeout') c.timeouts++;
    }
  }

  private withCounters = (h: HookStatus): HookStatus => ({ ...h, counters: { ...(this.counters.get(h.name) ?? { calls: 0, revoked: 0, skipped: 0, errors: 0, timeouts: 0 }) } });

  async list(): Promise<HookStatus[]> {
    return ((await this.rpc({ m: 'list' })) as HookStatus[]).map(this.withCounters);
  }

  async get(name: string): Promise<HookStatus | undefined> {
    const h = (await this.rpc({ m: 'get', name })) as HookStatus | null;
    return h ? this.withCounters(h) : undefined;
  }

  async reload(name: string): Promise<HookStatus> {
    try {
      return this.withCounters((await this.rpc({ m: 'reload', name })) as HookStatus);
    } catch (e) {
      if (e instanceof HookNotFoundError) this.counters.delete(name); // its file is gone: so is the hook
      throw e;
    }
  }

  async remove(name: string): Promise<void> {
    await this.rpc({ m: 'remove', name });
    this.counters.delete(name);
  }

  /** destroy() every hook and end the hook process */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    const child = this.child;
    const exited = child ? new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r()))) : Promise.resolve();
    if (child?.connected && this.isUp) await Promise.race([this.call({ m: 'dispose' }, child).catch(() => undefined), new Promise((r) => setTimeout(r, DISPOSE_TIMEOUT_MS).unref())]);
    this.disposed = true;
    if (child && child.exitCode === null && child.signalCode === null) {
      const kill = setTimeout(() => child.kill('SIGKILL'), DISPOSE_TIMEOUT_MS);
      kill.unref();
      if (child.connected) child.disconnect();
      await exited;
      clearTimeout(kill);
    }
    for (const run of this.runs.values()) run.resolve({ revoke: true, response: emptyResponse(), outcomes: [] });
    this.runs.clear();
    fs.rmSync(path.dirname(this.crashFile), { recursive: true, force: true });
  }
}
