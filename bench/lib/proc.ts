// Child processes for the benchmark targets: spawn on loopback with PORT=0, wait for the JSON
// `listening` log line (the service's convention, which the bench servers copy), read RSS and CPU
// time from /proc, stop with SIGTERM (SIGKILL after a grace period).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/ root: this file is dist/bench/lib/proc.js once compiled */
export const DIST = fileURLToPath(new URL('../../', import.meta.url));
export const SERVICE_MAIN = path.join(DIST, 'src', 'main.js');
export const BASELINE_MAIN = path.join(DIST, 'bench', 'baseline-server.js');
export const OIDC_MAIN = path.join(DIST, 'bench', 'oidc-provider-server.js');

export const tmpDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `rh-bench-${prefix}-`));

export interface LogLine {
  msg?: string;
  time?: number;
  [k: string]: unknown;
}

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  url: string;
  port: number;
  /** ms from spawn() to the `listening` line */
  listeningMs: number;
  spawnedAt: number;
  logs: LogLine[];
  stderr: () => string;
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs: number): Promise<LogLine | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  script: string;
  args?: string[];
  nodeFlags?: string[];
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export async function spawnServer(o: SpawnOptions): Promise<Child> {
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, [...(o.nodeFlags ?? []), o.script, ...(o.args ?? [])], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: '0', HOST: '127.0.0.1', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: Array<{ pred: (l: LogLine) => boolean; resolve: (l: LogLine | null) => void }> = [];
  let err = '';
  let buf = '';
  let listeningAt = 0;
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${o.name}: did not start in ${o.startTimeoutMs ?? 60_000} ms; stderr: ${err.slice(-2000)}`)), o.startTimeoutMs ?? 60_000);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let rec: LogLine;
        try {
          rec = JSON.parse(line) as LogLine;
        } catch {
          continue;
        }
        logs.push(rec);
        for (let i = waiters.length - 1; i >= 0; i--) {
          if (waiters[i]!.pred(rec)) {
            waiters[i]!.resolve(rec);
            waiters.splice(i, 1);
          }
        }
        if (rec.msg === 'listening' && typeof rec.port === 'number' && !listeningAt) {
          listeningAt = performance.now();
          clearTimeout(timer);
          resolve(rec.port);
        }
      }
    });
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.length > 200_000) err = err.slice(-100_000);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${o.name}: exited with ${code} before listening; stderr: ${err.slice(-2000)}`));
    });
  });
  return {
    name: o.name,
    proc,
    pid: proc.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    listeningMs: listeningAt - spawnedAt,
    spawnedAt,
    logs,
    stderr: () => err,
    waitForLog(pred, timeoutMs) {
      const found = logs.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            resolve(null);
          }
        }, timeoutMs).unref();
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** the process and all its descendants (our server runs its hook isolates in a child process) */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const t of fs.readdirSync(`/proc/${out[i]}/task`)) {
        const kids = fs.readFileSync(`/proc/${out[i]}/task/${t}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** sums a per-process figure over the tree; null when the root cannot be read */
function overTree(pid: number, one: (p: number) => number | null): number | null {
  const [root, ...rest] = processTree(pid).map(one);
  if (root === null || root === undefined) return null;
  return rest.reduce<number>((sum, v) => sum + (v ?? 0), root);
}

/** resident set size in bytes (VmRSS) of the process and its children, or null when /proc is unavailable */
export function rssBytes(pid: number): number | null {
  return overTree(pid, (p) => {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : null;
    } catch {
      return null;
    }
  });
}

const CLK_TCK = 100; // USER_HZ on Linux

/** user+system CPU time of a process and its children in microseconds (10 ms resolution), or null */
export function cpuMicros(pid: number): number | null {
  return overTree(pid, cpuMicrosOne);
}

function cpuMicrosOne(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may contain spaces) start after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1_000_000) / CLK_TCK;
  } catch {
    return null;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitHttpOk(url: string, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const r = await fetch(url).catch(() => null);
    if (r) {
      await r.arrayBuffer().catch(() => undefined);
      if (r.status === 200) return true;
    }
    await sleep(20);
  }
  return false;
}
