// The SQLite writer thread. better-sqlite3 is synchronous, so a COMMIT with synchronous=FULL holds
// its thread for the whole fsync; here that is this worker's thread, not the event loop that serves
// HTTP. Jobs that arrive while a commit runs pile up and share the next one (group commit): each
// caller is answered only after the COMMIT of its batch returned, so an acknowledged write is durable.
import { parentPort, workerData } from 'node:worker_threads';
import { GroupCommit } from './group-commit.js';
import { openDatabase } from './sqlite-rows.js';
import { SqliteWrites } from './sqlite-writes.js';

export interface WriterJob {
  id: number;
  op: string;
  args: unknown[];
}
export type WriterResult = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string; code?: string } };
export type ToWriter = { jobs: WriterJob[] } | { close: true };
export type FromWriter = { ready: true } | { results: WriterResult[] } | { fatal: string };

/** structured clone turns Buffers into Uint8Arrays; better-sqlite3 binds only Buffers as BLOBs */
function revive(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  return v;
}

function run(): void {
  const port = parentPort!;
  const { file, hookLogRetention } = workerData as { file: string; hookLogRetention: number };
  const db = openDatabase(file);
  const writes = new SqliteWrites(db, hookLogRetention);
  const commit = new GroupCommit(db);
  let outbox: WriterResult[] = [];
  const send = () => {
    if (!outbox.length) return;
    const results = outbox;
    outbox = [];
    port.postMessage({ results } satisfies FromWriter);
  };
  const settle = (r: WriterResult) => {
    if (outbox.push(r) === 1) setImmediate(send);
  };
  port.on('message', (msg: ToWriter) => {
    if ('close' in msg) {
      commit.flush();
      setImmediate(() => {
        send();
        db.close();
        port.close();
      });
      return;
    }
    for (const job of msg.jobs) {
      const fn = (writes as unknown as Record<string, (...a: unknown[]) => unknown>)[job.op];
      if (typeof fn !== 'function') {
        settle({ id: job.id, ok: false, error: { name: 'Error', message: `unknown write ${job.op}` } });
        continue;
      }
      const args = revive(job.args) as unknown[];
      commit.run(() => fn.apply(writes, args)).then(
        (value) => settle({ id: job.id, ok: true, value }),
        (e: Error & { code?: string }) => settle({ id: job.id, ok: false, error: { name: e?.name ?? 'Error', message: e?.message ?? String(e), ...(e?.code && { code: e.code }) } }),
      );
    }
  });
  port.postMessage({ ready: true } satisfies FromWriter);
}

try {
  run();
} catch (e) {
  parentPort?.postMessage({ fatal: (e as Error)?.message ?? String(e) } satisfies FromWriter);
  throw e;
}
