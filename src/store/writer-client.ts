// The main-thread side of the SQLite writer thread: turns store write calls into jobs, posts the
// jobs of one event-loop turn as one message, and settles each caller with its own result.
import { Worker } from 'node:worker_threads';
import type { FromWriter, ToWriter, WriterJob } from './sqlite-writer.js';
import type { WriteOp } from './sqlite-writes.js';

export class WriterClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private outbox: WriterJob[] = [];
  private nextId = 1;
  private failure: Error | null = null;
  private readonly exited: Promise<void>;
  readonly ready: Promise<void>;

  constructor(file: string, hookLogRetention: number) {
    // execArgv: [] — the parent's --no-node-snapshot is refused in workers, and this one needs no flags
    this.worker = new Worker(new URL('./sqlite-writer.js', import.meta.url), { workerData: { file, hookLogRetention }, execArgv: [] });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (msg: FromWriter) => {
        if ('ready' in msg) resolve();
        else if ('fatal' in msg) reject(new Error(`SQLite writer failed to start: ${msg.fatal}`));
        else
          for (const r of msg.results) {
            const p = this.pending.get(r.id);
            if (!p) continue;
            this.pending.delete(r.id);
            if (r.ok) p.resolve(r.value);
            else p.reject(Object.assign(new Error(r.error.message), { name: r.error.name, code: r.error.code }));
          }
      });
      this.worker.on('error', (e) => {
        this.fail(e);
        reject(e);
      });
    });
    this.exited = new Promise((resolve) =>
      this.worker.on('exit', (code) => {
        this.fail(new Error(`SQLite writer exited (${code})`));
        resolve();
      }),
    );
  }

  get alive(): boolean {
    return this.failure === null;
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  call<O extends WriteOp['op']>(op: O, ...args: Extract<WriteOp, { op: O }>['args']): Promise<Extract<WriteOp, { op: O }>['result']> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (this.outbox.push({ id, op, args }) === 1) setImmediate(() => this.post());
    });
  }

  private post(): void {
    const jobs = this.outbox;
    this.outbox = [];
    if (jobs.length && !this.failure) this.worker.postMessage({ jobs } satisfies ToWriter);
  }

  /** commits what is queued, closes the writer's connection, and waits for the thread to end */
  async close(): Promise<void> {
    if (this.failure) return;
    this.post();
    this.worker.postMessage({ close: true } satisfies ToWriter);
    await this.exited;
  }
}
