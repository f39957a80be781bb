// Watches HOOKS_DIR with chokidar and turns file events into runtime reloads. The directory is
// watched (not single files), so atomic saves (temp file + rename, vim's backup dance) arrive as
// events on the hook's own path. Events are debounced per hook name; the runtime then re-reads both
// the source and the sidecar, skips unchanged content by hash, serialises reloads of one hook and
// keeps the last good version when the new one fails — so any burst of events ends in at most one
// effective reload of the right file.
import fs from 'node:fs';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import { HOOK_NAME_RE } from './compile.js';
import { HookNotFoundError } from './runtime.js';

export interface ReloadTarget {
  reload(name: string): Promise<unknown>;
  remove(name: string): Promise<void>;
}

/** `<name>.js`, `<name>.ts` or the sidecar `<name>.json` → name; anything else (temp files, `.d.ts`, backups) → null */
export function hookNameOf(file: string): string | null {
  const base = path.basename(file);
  if (base.endsWith('.d.ts')) return null;
  const m = /^(.+)\.(js|ts|json)$/.exec(base);
  return m && HOOK_NAME_RE.test(m[1]!) ? m[1]! : null;
}

export class HookWatcher {
  private watcher: FSWatcher | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly dir: string,
    private readonly target: ReloadTarget,
    private readonly logger: Logger,
    private readonly debounceMs = 60,
  ) {}

  /** resolves once chokidar finished its initial scan (events after that are changes) */
  start(): Promise<void> {
    this.watcher = chokidar.watch(this.dir, {
      ignoreInitial: true,
      depth: 0,
      atomic: true,
      // non-hook files (temp files of atomic writes, editor swap files) are filtered here, before
      // chokidar spends a stat on them
      ignored: (p, stats) => p !== this.dir && (stats?.isDirectory() || (stats?.isFile() === true && hookNameOf(p) === null)),
    });
    this.watcher.on('all', (event, file) => {
      if (event !== 'add' && event !== 'change' && event !== 'unlink') return;
      const name = hookNameOf(file);
      if (name) this.schedule(name);
    });
    this.watcher.on('error', (err) => this.logger.error({ err, dir: this.dir }, 'hook watcher error'));
    return new Promise((resolve) => this.watcher!.once('ready', () => resolve()));
  }

  private schedule(name: string): void {
    clearTimeout(this.timers.get(name));
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        const p = this.apply(name).finally(() => this.pending.delete(p));
        this.pending.add(p);
      }, this.debounceMs),
    );
  }

  private async apply(name: string): Promise<void> {
    const exists = ['.js', '.ts'].some((ext) => fs.existsSync(path.join(this.dir, name + ext)));
    try {
      if (exists) await this.target.reload(name);
      else await this.target.remove(name);
    } catch (err) {
      // the file went away between the check and the read: the runtime has removed the hook
      if (err instanceof HookNotFoundError) return;
      // the runtime records load failures on the hook itself; this is only for the unexpected
      this.logger.error({ err, hook: name }, 'hook reload failed');
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await this.watcher?.close();
    await Promise.allSettled([...this.pending]);
  }
}
