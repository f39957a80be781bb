// Group commit for a synchronous SQLite handle. Writes that arrive while the event loop is busy are
// gathered and committed in ONE transaction on the next turn; each caller's promise settles only
// after that COMMIT returned, so with synchronous=FULL an acknowledged write is on disk.
// One fsync then serves many requests, which lifts the durable-write ceiling by an order of
// magnitude (performance-notes.md: ~8.5k vs ~170k commits/s). Each job runs in its own savepoint,
// so a failing job rolls back alone and rejects only its own caller.
import type Database from 'better-sqlite3';

interface Job {
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  private readonly flushTx: (jobs: Job[]) => Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>;

  constructor(
    db: Database.Database,
    private readonly maxBatch = 256,
  ) {
    // better-sqlite3 turns a transaction() called inside another into a SAVEPOINT
    const one = db.transaction((job: Job) => job.run());
    this.flushTx = db.transaction((jobs: Job[]) =>
      jobs.map((job) => {
        try {
          return { ok: true as const, value: one(job) };
        } catch (error) {
          return { ok: false as const, error };
        }
      }),
    );
  }

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** commit everything queued now (used on shutdown) */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length) {
      const jobs = this.queue.splice(0, this.maxBatch);
      let results;
      try {
        results = this.flushTx(jobs);
      } catch (error) {
        // the COMMIT itself failed (disk full, I/O error): nobody's write is durable
        for (const j of jobs) j.reject(error);
        continue;
      }
      results.forEach((r, i) => (r.ok ? jobs[i]!.resolve(r.value) : jobs[i]!.reject(r.error)));
    }
  }
}
