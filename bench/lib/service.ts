// Our service as a benchmark target: started as `npm start` would (node --no-node-snapshot
// dist/src/main.js) on loopback with its own DATA_DIR and HOOKS_DIR, plus the admin-API calls the
// harness needs (a client, grants minted before the timed phase, hook status).
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { SERVICE_MAIN, spawnServer, tmpDir, waitHttpOk, type Child } from './proc.js';

export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface Service extends Child {
  dataDir: string;
  hooksDir: string;
  /** ms from spawn() until /readyz answered 200 (store open, initial hook load finished) */
  readyMs: number;
  admin(method: string, p: string, body?: unknown): Promise<Response>;
}

export interface ServiceOptions {
  name: string;
  hooks?: Record<string, string>;
  dataDir?: string;
  hooksDir?: string;
  env?: Record<string, string>;
  nodeFlags?: string[];
}

export async function startService(o: ServiceOptions): Promise<Service> {
  const dataDir = o.dataDir ?? tmpDir('data');
  const hooksDir = o.hooksDir ?? tmpDir('hooks');
  for (const [name, content] of Object.entries(o.hooks ?? {})) fs.writeFileSync(path.join(hooksDir, name), content);
  const child = await spawnServer({
    name: o.name,
    script: SERVICE_MAIN,
    nodeFlags: ['--no-node-snapshot', ...(o.nodeFlags ?? [])],
    env: { DATA_DIR: dataDir, HOOKS_DIR: hooksDir, ADMIN_TOKEN, LOG_LEVEL: 'info', SWEEP_INTERVAL_MS: '3600000', ...o.env },
  });
  const ok = await waitHttpOk(`${child.url}/readyz`, 120_000);
  if (!ok) {
    await child.stop();
    throw new Error(`${o.name}: /readyz never answered 200`);
  }
  const readyMs = performance.now() - child.spawnedAt;
  return {
    ...child,
    dataDir,
    hooksDir,
    readyMs,
    admin(method, p, body) {
      return fetch(`${child.url}/admin${p}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    },
  };
}

export function basicAuth(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

export async function createClient(s: Service): Promise<{ client_id: string; client_secret: string }> {
  const r = await s.admin('POST', '/clients', { client_name: 'bench', token_endpoint_auth_method: 'client_secret_basic', scope: 'api' });
  if (r.status !== 201) throw new Error(`${s.name}: POST /admin/clients → ${r.status} ${await r.text()}`);
  return (await r.json()) as { client_id: string; client_secret: string };
}

/**
 * Mints n grants (one access token each) through POST /admin/grants, `concurrency` requests in
 * flight over keep-alive connections. Returns the access token values.
 */
export async function mintTokens(s: Service, clientId: string, n: number, concurrency = 32): Promise<{ tokens: string[]; ms: number; failures: number }> {
  const t0 = performance.now();
  const tokens: string[] = [];
  let failures = 0;
  const body = JSON.stringify({ client_id: clientId, subject: 'bench-user', scope: 'api' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.request(
        { agent, host: '127.0.0.1', port: s.port, method: 'POST', path: '/admin/grants', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${ADMIN_TOKEN}` } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            const m = res.statusCode === 201 ? /"access_token":"([^"]+)"/.exec(text) : null;
            if (m) tokens.push(m[1]!);
            else failures++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failures++;
        resolve();
      });
      req.end(body);
    });
  let issued = 0;
  const worker = async () => {
    while (issued < n && failures < 100) {
      issued++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  agent.destroy();
  if (tokens.length < n) throw new Error(`${s.name}: minting through POST /admin/grants failed: ${tokens.length}/${n} minted, ${failures} failures`);
  return { tokens, ms: performance.now() - t0, failures };
}

export interface HookStatusLite {
  name: string;
  status: string;
  hash: string | null;
  loadedAt: string | null;
}

export async function listHooks(s: Service): Promise<HookStatusLite[]> {
  const r = await s.admin('GET', '/hooks');
  if (r.status !== 200) return [];
  const j = (await r.json()) as { hooks?: HookStatusLite[] };
  return j.hooks ?? [];
}

/** POST a form with Basic auth; returns status, headers and body */
export async function postForm(url: string, authorization: string, body: string): Promise<{ status: number; headers: Headers; text: string }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization }, body });
  return { status: r.status, headers: r.headers, text: await r.text() };
}
