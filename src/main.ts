#!/usr/bin/env -S node --no-node-snapshot
// Start-up: config → store → hook runtime → HTTP; graceful stop on SIGTERM/SIGINT.
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { resolveAdminToken } from './admin-token.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createApp } from './http/app.js';
import { clientIpResolver } from './http/client-ip.js';
import { HookManager } from './hooks/manager.js';
import { assertNoNodeSnapshot } from './hooks/node-flags.js';
import { HookHost } from './hooks/remote-runtime.js';
import { HookWatcher } from './hooks/watcher.js';
import { createLogger } from './log.js';
import { SqliteStore } from './store/sqlite.js';

function listen(app: { fetch: (req: Request) => Response | Promise<Response> }, port: number, host: string, tls: Config['tls']): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = tls
      ? serve({ fetch: app.fetch, port, hostname: host, createServer: https.createServer, serverOptions: { cert: fs.readFileSync(tls.cert), key: fs.readFileSync(tls.key) } }, () => resolve(server))
      : serve({ fetch: app.fetch, port, hostname: host }, () => resolve(server));
    server.once('error', reject);
    server.on('clientError', answerClientError);
  });
}

// Requests Node's HTTP parser refuses before the app sees them (oversized headers, malformed request
// lines) still get an RFC-shaped JSON error instead of Node's bare status line.
function answerClientError(err: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify({ error: 'invalid_request', error_description: status === 431 ? 'request headers too large' : 'malformed HTTP request' });
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`);
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

  const store = await SqliteStore.open(config.dbFile, config.HOOK_LOG_RETENTION);
  logger.info({ file: config.dbFile }, 'store open');

  let manager: HookManager | null = null;
  // the isolates live in a supervised child process (src/hooks/host.ts): V8 failures that no
  // sandbox can contain end that process, not this one
  const hooks = new HookHost({
    hooksDir: config.hooksDir,
    logger,
    logLevel: config.LOG_LEVEL,
    isolatesPerHook: config.HOOK_ISOLATES,
    onLog: (line) => {
      logger[line.level]({ hook: line.hook }, `hook log: ${line.message}`);
      store.appendHookLogs([line]).catch((err) => logger.error({ err }, 'failed to store hook log'));
    },
    onActivate: (v) => manager?.onActivated(v),
  });
  manager = new HookManager(config.hooksDir, hooks, store, logger);
  fs.mkdirSync(config.hooksDir, { recursive: true });
  const watcher = new HookWatcher(config.hooksDir, hooks, logger);

  let issuer = config.ISSUER ?? '';
  const deps = { config, store, hooks, hookManager: manager, clientIp: clientIpResolver(config.TRUST_PROXY), logger, adminToken: admin.token, issuer: () => issuer };
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

  // requests are served while hooks load (the chain waits for the initial load); /readyz says
  // when it is complete. The watcher starts first so that no edit made during the load is lost.
  await watcher.start();
  await hooks.loadAll();

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
    await watcher.close();
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
