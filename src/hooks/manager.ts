// Hook management for admins: validate-then-install uploads, delete, dry-run tests, and the version
// history kept in the store (every version that became active, whatever brought it: a file edit,
// an upload or a rollback).
import type { Logger } from 'pino';
import type { Store, HookVersionRecord } from '../store/types.js';
import { sha256, type HookLang } from './compile.js';
import type { DryRunResult } from './dry-run.js';
import { HookLoadError } from './errors.js';
import { deleteHookFiles, readHookFiles, writeHookFiles, type HookFiles } from './files.js';
import type { HookStatus } from './runtime.js';
import { sampleInput } from './sample.js';
import { inSandboxProcess, SandboxCrashError } from './sandbox-process.js';

/** the part of the hook runtime (or the hook process) the manager drives */
export interface HookRegistry {
  get(name: string): Promise<HookStatus | undefined>;
  reload(name: string): Promise<HookStatus>;
  remove(name: string): Promise<void>;
}

export type VersionOrigin = HookVersionRecord['origin'];

export interface ActivatedVersion {
  name: string;
  lang: HookLang;
  source: string;
  sidecar: string | null;
  hash: string;
}

export interface InstallResult {
  status: HookStatus;
  created: boolean;
  /** the written files are what serves now (or, for a disabled hook, what is installed) */
  activated: boolean;
  version: HookVersionRecord | null;
}

/** the same content hash the runtime uses to identify a version */
export const versionHash = (f: HookFiles): string => sha256(`${f.lang}\0${f.source}\0${f.sidecar ?? ''}`);

export class HookManager {
  /**
   * `name \0 content hash` → what is installing it, so the activation can be recorded with its
   * origin. Keyed by name too: the hash covers only lang, source and sidecar, so the same content
   * may be uploaded to one hook while another one is edited on disk.
   */
  private readonly origins = new Map<string, VersionOrigin>();
  private readonly recorded = new Map<string, Promise<HookVersionRecord | null>>();

  constructor(
    private readonly dir: string,
    private readonly runtime: HookRegistry,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /** called by the runtime each time a version becomes active */
  onActivated(v: ActivatedVersion): void {
    const key = `${v.name}\0${v.hash}`;
    const origin = this.origins.get(key) ?? 'file';
    this.origins.delete(key);
    const p = this.store
      .recordHookVersion({ hook: v.name, hash: v.hash, lang: v.lang, source: v.source, sidecar: v.sidecar, origin })
      .catch((err) => {
        this.logger.error({ err, hook: v.name }, 'failed to record hook version');
        return null;
      });
    this.recorded.set(`${v.name}\0${v.hash}`, p);
    void p.finally(() => this.recorded.delete(`${v.name}\0${v.hash}`));
  }

  /**
   * Everything a load would do, in a throw-away isolate of a throw-away process: sidecar schema,
   * transpile, V8 compile, shape check and init(). Returns the error (with file, line, column) or null.
   */
  async validate(name: string, f: HookFiles): Promise<HookLoadError | null> {
    try {
      const { error } = await inSandboxProcess({ op: 'validate', name, files: f });
      return error ? new HookLoadError(error.message, error.file, error.line, error.column) : null;
    } catch (e) {
      if (!(e instanceof SandboxCrashError)) throw e;
      return new HookLoadError(`${name}.${f.lang}: ${e.message}`, `${name}.${f.lang}`, null, null);
    }
  }

  /** the files as they will be after an upload that gives `sidecar` (undefined keeps the current one) */
  async resolveFiles(name: string, upload: { lang: HookLang; source: string; sidecar?: string | null }): Promise<HookFiles> {
    const sidecar = upload.sidecar !== undefined ? upload.sidecar : ((await readHookFiles(this.dir, name))?.sidecar ?? null);
    return { lang: upload.lang, source: upload.source, sidecar };
  }

  /** writes validated files atomically, reloads, and returns once the new version serves */
  async install(name: string, f: HookFiles, origin: VersionOrigin): Promise<InstallResult> {
    const created = (await this.runtime.get(name)) === undefined;
    const hash = versionHash(f);
    const key = `${name}\0${hash}`;
    this.origins.set(key, origin);
    let status: HookStatus;
    try {
      await writeHookFiles(this.dir, name, f);
      // the watcher would get there too; reloading here makes the answer wait for the new version
      status = await this.runtime.reload(name);
    } finally {
      // consumed by onActivated if this content became active; otherwise (unchanged content, a lost
      // race) it must not linger, or a later file edit to the same content would be recorded with
      // this origin
      this.origins.delete(key);
    }
    // `hash` is the content that serves (for a disabled hook: the content processed last); a
    // runtime error recorded by an earlier call (lastError) does not make an upload fail
    const activated = status.hash === hash && status.status !== 'error';
    const version = (await this.recorded.get(key)) ?? (await this.latestVersion(name, hash));
    return { status, created, activated, version };
  }

  private async latestVersion(name: string, hash: string): Promise<HookVersionRecord | null> {
    const [v] = await this.store.listHookVersions(name, 1);
    return v && v.hash === hash ? v : null;
  }

  async remove(name: string): Promise<boolean> {
    const existed = (await deleteHookFiles(this.dir, name)) || (await this.runtime.get(name)) !== undefined;
    await this.runtime.remove(name);
    return existed;
  }

  read(name: string): Promise<HookFiles | null> {
    return readHookFiles(this.dir, name);
  }

  /** dry run against the installed files, or against a source that is not saved */
  async test(name: string, req: { source?: string; lang?: HookLang; sidecar?: string | null; sample?: unknown }): Promise<DryRunResult | null> {
    const files = req.source !== undefined ? await this.resolveFiles(name, { lang: req.lang ?? 'js', source: req.source, sidecar: req.sidecar }) : await this.read(name);
    if (!files) return null;
    const { input, contextVariables } = sampleInput(req.sample);
    const opts = { name, source: files.source, lang: files.lang, sidecar: files.sidecar, input, contextVariables };
    try {
      return await inSandboxProcess({ op: 'dryRun', opts });
    } catch (e) {
      if (!(e instanceof SandboxCrashError)) throw e;
      this.logger.warn({ hook: name, err: e.message }, 'dry run crashed its sandbox process');
      return {
        decision: null,
        response: { status: null, headers: [], body: null, contentType: null },
        contextVariables,
        logs: [],
        durationMs: 0,
        apiVersion: null,
        error: { kind: 'crash', message: e.message, file: `${name}.${files.lang}`, line: null, column: null },
      };
    }
  }

  versions(name: string, limit = 100): Promise<HookVersionRecord[]> {
    return this.store.listHookVersions(name, limit);
  }

  async rollback(name: string, id: number): Promise<InstallResult | null> {
    const v = await this.store.getHookVersion(name, id);
    if (!v) return null;
    return this.install(name, { lang: v.lang, source: v.source, sidecar: v.sidecar }, 'rollback');
  }
}
