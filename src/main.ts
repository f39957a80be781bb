#!/usr/bin/env -S node --no-node-snapshot
// Start-up: config → store → hook runtime → HTTP; graceful stop on SIGTERM/SIGINT.
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { resolveAdminToken } from './admin-token.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createApp } from './http/app.js';
// Interim: the isolated-vm hook runtime lands in the next commit; until then no hook runs.
const assertNoNodeSnapshot = () => {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (!flags.includes('--no-node-snapshot')) throw new Error('isolated-vm needs node started with --no-node-snapshot (use `npm start`)');
};
class HookRuntime {
  ready = false;
  constructor(_o: unknown) {}
  hasActiveHooks() { return false; }
  async run(): Promise<never> { throw new Error('no hook runtime'); }
  list(): Array<{ name: string; status: string }> { return []; }
  get() { return undefined; }
  async loadAll() { this.ready = true; }
  async dispose() {}
}
import { createLogger } from './log.js';
import { SqliteStore } from './store/sqlite.js';

function listen(app: { fetch: (req: Request) => Response | Promise<Response> }, port: number, host: string, tls: Config['tls']): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = tls
      ? serve({ fetch: app.fetch, port, hostname: host, createServer: https.createServer, serverOptions: { cert: fs.readFileSync(tls.cert), key: fs.readFileSync(tls.key) } }, () => resolve(server))
      : serve({ fetch: app.fetch, port, hostname: host }, () => resolve(server));
    server.once('error', reject);
  });
}

const hostForUrl = (h: string) => (h.includes(':') ? `[${h}]` : h);

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
    assertNoNodeSnapshot();
  } catch (e) {
    process.stderr.write(`revoke-hooks: ${e instanceof ConfigError ? e.message : (e as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const admin = resolveAdminToken(config.ADMIN_TOKEN, config.dataDir);
  if (admin.file) logger.info({ file: admin.file, created: admin.created }, 'admin token is in this file');

  const store = new SqliteStore(config.dbFile, config.HOOK_LOG_RETENTION);
  logger.info({ file: config.dbFile }, 'store open');

  const hooks = new HookRuntime({
    hooksDir: config.hooksDir,
    logger,
    onLog: (line: {hook: string; level: string; message: string; at: number}) => {
      logger.info({ hook: line.hook, level: line.level }, `hook log: ${line.message}`);
      store.appendHookLogs([line]).catch((err) => logger.error({ err }, 'failed to store hook log'));
    },
  });

  let issuer = config.ISSUER ?? '';
  const deps = { config, store, hooks, logger, adminToken: admin.token, issuer: () => issuer };
  const servers: ServerType[] = [];
  const main = await listen(createApp(deps), config.PORT, config.HOST, config.tls);
  servers.push(main);
  const port = (main.address() as AddressInfo).port;
  if (!issuer) issuer = `${config.tls ? 'https' : 'http'}://${hostForUrl(config.HOST)}:${port}`;
  logger.info({ port, host: config.HOST, issuer, tls: Boolean(config.tls) }, 'listening');
  if (config.tls && config.HTTP_PORT !== undefined) {
    const plain = await listen(createApp(deps, { revocationOnly: true }), config.HTTP_PORT, config.HOST, null);
    servers.push(plain);
    logger.info({ port: (plain.address() as AddressInfo).port, host: config.HOST }, 'listening (plain HTTP, revocation only)');
  }

  // requests are served while hooks load; /readyz says when the chain is complete
  await hooks.loadAll();
  logger.info({ hooks: hooks.list().map((h) => ({ name: h.name, status: h.status })) }, 'hooks loaded');

  const sweeper = setInterval(() => {
    store
      .sweepExpired(Math.floor(Date.now() / 1000), config.SWEEP_BATCH)
      .then((n) => n && logger.debug({ deleted: n }, 'swept expired rows'))
      .catch((err) => logger.error({ err }, 'sweep failed'));
  }, config.SWEEP_INTERVAL_MS);
  sweeper.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    clearInterval(sweeper);
    const force = setTimeout(() => {
      logger.warn('shutdown timeout: closing remaining connections');
      for (const s of servers) (s as import('node:http').Server).closeAllConnections?.();
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    await hooks.dispose();
    await store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

// host functions must never reject across the isolate boundary (isolated-vm #417); if one still
// does, log it rather than let Node 20 exit on an unhandled rejection
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`revoke-hooks: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`);
});

main().catch((e) => {
  process.stderr.write(`revoke-hooks: failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
