// Admin operations that execute hook code — validating an upload (which runs init()) and dry runs —
// happen in a short-lived process of their own, never in the server: a hook that brings V8 down
// takes only that process with it, and the answer says so.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DryRunOptions, DryRunResult } from './dry-run.js';
import type { HookFiles } from './files.js';

const ENTRY = fileURLToPath(new URL('./sandbox-process-main.js', import.meta.url));
const TIMEOUT_MS = 60_000;

export type SandboxRequest = { op: 'validate'; name: string; files: HookFiles } | { op: 'dryRun'; opts: Omit<DryRunOptions, 'onCatastrophicError'> };
export type ValidateAnswer = { error: { message: string; file: string; line: number | null; column: number | null } | null };

export class SandboxCrashError extends Error {
  override name = 'SandboxCrashError';
}

export function inSandboxProcess(req: { op: 'validate'; name: string; files: HookFiles }): Promise<ValidateAnswer>;
export function inSandboxProcess(req: { op: 'dryRun'; opts: Omit<DryRunOptions, 'onCatastrophicError'> }): Promise<DryRunResult>;
export function inSandboxProcess(req: SandboxRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', ENTRY], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        try {
          resolve(JSON.parse(out));
          return;
        } catch {
          /* fall through */
        }
      }
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      const detail = /catastrophic error[^\n]*/i.exec(err)?.[0] ?? '';
      reject(new SandboxCrashError(`the hook crashed its sandbox process (${why})${detail ? `: ${detail}` : ''}`));
    });
    child.stdin.end(JSON.stringify(req));
  });
}
