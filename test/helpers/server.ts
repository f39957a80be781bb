// Starts the real service as a child process (as `npm start` would, with --no-node-snapshot) on a
// free loopback port, with its own temporary DATA_DIR and HOOKS_DIR, and talks to it over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

export interface TestServer {
  url: string;
  port: number;
  adminToken: string;
  dataDir: string;
  hooksDir: string;
  proc: ChildProcess;
  /** every log line so far, parsed */
  logs: Array<Record<string, unknown>>;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  kill(): Promise<void>;
  admin(method: string, p: string, body?: unknown): Promise<Response>;
  form(p: string, params: Record<string, string> | string, init?: { headers?: Record<string, string>; basic?: [string, string] }): Promise<Response>;
}

export interface StartOptions {
  env?: Record<string, string>;
  dataDir?: string;
  hooksDir?: string;
  /** hook files to write into a fresh HOOKS_DIR: name → content */
  hooks?: Record<string, string>;
  waitReady?: boolean;
}

export const tmpDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `rh-${prefix}-`));

export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tmpDir('data');
  const hooksDir = opts.hooksDir ?? tmpDir('hooks');
  for (const [name, content] of Object.entries(opts.hooks ?? {})) fs.writeFileSync(path.join(hooksDir, name), content);
  const adminToken = opts.env?.ADMIN_TOKEN ?? 'test-admin-token-0123456789';
  const proc = spawn(process.execPath, ['--no-node-snapshot', MAIN], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, HOOKS_DIR: hooksDir, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'debug', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let err = '';
  let buf = '';
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time; stderr: ${err}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const rec = JSON.parse(line) as Record<string, unknown>;
          logs.push(rec);
          if (rec.msg === 'listening' && typeof rec.port === 'number') {
            clearTimeout(timer);
            resolve(rec.port);
          }
        } catch {
          /* not JSON: ignore */
        }
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; stderr: ${err}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const server: TestServer = {
    url, port, adminToken, dataDir, hooksDir, proc, logs,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill(signal);
      return exited;
    },
    async kill() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
    admin(method, p, body) {
      return fetch(`${url}/admin${p}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    },
    form(p, params, init = {}) {
      const body = typeof params === 'string' ? params : new URLSearchParams(params).toString();
      return fetch(`${url}${p}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(init.basic && { authorization: basic(...init.basic) }),
          ...init.headers,
        },
        body,
      });
    },
  };
  if (opts.waitReady !== false) {
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`${url}/readyz`).catch(() => null);
      if (r?.status === 200) break;
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  return server;
}

export interface Client {
  client_id: string;
  client_secret?: string;
}

export async function createClient(s: TestServer, body: Record<string, unknown> = {}): Promise<Client> {
  const r = await s.admin('POST', '/clients', { token_endpoint_auth_method: 'client_secret_basic', ...body });
  if (r.status !== 201) throw new Error(`createClient: ${r.status} ${await r.text()}`);
  return (await r.json()) as Client;
}

export interface Grant {
  grant_id: string;
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
}

export async function createGrant(s: TestServer, body: Record<string, unknown>): Promise<Grant> {
  const r = await s.admin('POST', '/grants', { subject: 'alice', refresh_token: true, ...body });
  if (r.status !== 201) throw new Error(`createGrant: ${r.status} ${await r.text()}`);
  return (await r.json()) as Grant;
}

/** introspects with a dedicated confidential resource-server client */
export async function introspector(s: TestServer) {
  const rs = await createClient(s, { client_name: 'resource server' });
  return async (token: string): Promise<Record<string, unknown>> => {
    const r = await s.form('/introspect', { token }, { basic: [rs.client_id, rs.client_secret!] });
    if (r.status !== 200) throw new Error(`introspect: ${r.status} ${await r.text()}`);
    return (await r.json()) as Record<string, unknown>;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** polls `fn` until it returns a truthy value; fails with `what` (and the last value) after `timeoutMs` */
export async function waitFor<T>(what: string, fn: () => Promise<T> | T, timeoutMs = 10_000, intervalMs = 20): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await sleep(intervalMs);
  }
}
