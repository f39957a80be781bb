// Reading and writing a hook's files in HOOKS_DIR. Writes are atomic: a temp file in the same
// directory, fsynced, then renamed over the target, so the watcher (and a crash) only ever sees the
// old or the new content, never half a file. Temp names start with "." and end in ".tmp", which the
// watcher ignores.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HookLang } from './compile.js';

export interface HookFiles {
  lang: HookLang;
  source: string;
  /** sidecar JSON text, or null when there is no sidecar file */
  sidecar: string | null;
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function unlinkOptional(file: string): Promise<boolean> {
  try {
    await fs.unlink(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

export async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await unlinkOptional(tmp);
    throw e;
  }
}

export async function readHookFiles(dir: string, name: string): Promise<HookFiles | null> {
  const [ts, js, sidecar] = await Promise.all(['ts', 'js', 'json'].map((ext) => readOptional(path.join(dir, `${name}.${ext}`))));
  if (ts == null && js == null) return null;
  return ts != null ? { lang: 'ts', source: ts, sidecar: sidecar ?? null } : { lang: 'js', source: js!, sidecar: sidecar ?? null };
}

/**
 * Installs a hook's files. `sidecar: undefined` keeps an existing sidecar, `null` removes it. A
 * source in the other language is removed first, so the directory never holds both.
 */
export async function writeHookFiles(dir: string, name: string, f: { lang: HookLang; source: string; sidecar?: string | null }): Promise<void> {
  await unlinkOptional(path.join(dir, `${name}.${f.lang === 'ts' ? 'js' : 'ts'}`));
  if (f.sidecar === null) await unlinkOptional(path.join(dir, `${name}.json`));
  else if (f.sidecar !== undefined) await writeAtomic(path.join(dir, `${name}.json`), f.sidecar);
  await writeAtomic(path.join(dir, `${name}.${f.lang}`), f.source);
}

/** removes source(s) and sidecar; false when there was nothing to remove */
export async function deleteHookFiles(dir: string, name: string): Promise<boolean> {
  const removed = await Promise.all(['ts', 'js', 'json'].map((ext) => unlinkOptional(path.join(dir, `${name}.${ext}`))));
  return removed.some(Boolean);
}
