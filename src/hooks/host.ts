// The hook process: runs the HookRuntime (every isolate) on behalf of the server, over the IPC
// channel of child_process.fork. Started and supervised by remote-runtime.ts.
import fs from 'node:fs';
import { pino } from 'pino';
import type { FromHost, HostConfig, RpcCall, ToHost } from './host-protocol.js';
import { assertNoNodeSnapshot } from './node-flags.js';
import { HookNotFoundError, HookRuntime } from './runtime.js';
import { exitAfterIsolates } from './sandbox.js';
import type { HookLogLine } from './types.js';

const config = JSON.parse(process.env.REVOKE_HOOKS_HOST ?? '{}') as HostConfig;
const logger = pino({ level: config.logLevel ?? 'info', base: { service: 'revoke-hooks', process: 'hooks' } });
const quarantine = new Map(config.quarantine.map((q) => [q.name, q]));

/** which hook each request in flight is in, for the crash file */
const inHook = new Map<number, string>();

const send = (m: FromHost): void => {
  if (process.connected) process.send!(m);
};

// captured hook output goes to the server in one message per event-loop turn, not one per line
let logBatch: HookLogLine[] = [];
const flushLogs = (): void => {
  if (!logBatch.length) return;
  const lines = logBatch;
  logBatch = [];
  send({ t: 'logs', lines });
};

const runtime = new HookRuntime({
  hooksDir: config.hooksDir,
  logger,
  isolatesPerHook: config.isolatesPerHook,
  onLog: (line) => {
    if (logBatch.push(line) === 1) setImmediate(flushLogs);
  },
  onActivate: (v) => send({ t: 'activate', v }),
  isQuarantined: (name, hash) => {
    const q = quarantine.get(name);
    return q && q.hash === hash ? q.reason : null;
  },
  onCatastrophicError: (message, hook, hash) => {
    // V8 has lost control of an isolate: this process must end (isolated-vm README). Say which
    // hook did it first, synchronously — an IPC message might not leave before the abort.
    try {
      fs.writeFileSync(config.crashFile, JSON.stringify({ hook, hash, message, calls: [...inHook].filter(([, h]) => h === hook).map(([id]) => id) }));
    } catch {
      /* the server then attributes the crash by what was running */
    }
    logger.fatal({ hook, err: message }, 'isolated-vm catastrophic error in a hook; the hook process aborts');
    process.abort();
  },
});

function onErrorMap(): Record<string, 'revoke' | 'skip'> {
  const out: Record<string, 'revoke' | 'skip'> = {};
  for (const h of runtime.list()) out[h.name] = h.onError;
  return out;
}

async function rpc(call: RpcCall): Promise<unknown> {
  switch (call.m) {
    case 'loadAll':
      return runtime.loadAll();
    case 'reload':
      return runtime.reload(call.name);
    case 'remove':
      return runtime.remove(call.name);
    case 'list':
      return runtime.list();
    case 'get':
      return runtime.get(call.name) ?? null;
    case 'quarantine':
      quarantine.set(call.entry.name, call.entry);
      return null;
    case 'dispose':
      await runtime.dispose();
      // the server disconnects once it has the answer; then the process ends on its own
      void exitAfterIsolates(0);
      return null;
  }
}

process.on('message', (msg: ToHost) => {
  if (msg.t === 'run') {
    void runtime
      .run(msg.input, { onStart: (hook) => inHook.set(msg.id, hook) })
      .then((result) => {
        inHook.delete(msg.id);
        flushLogs(); // the lines of a call arrive before its answer
        send({ t: 'done', id: msg.id, result });
      });
    return;
  }
  rpc(msg.call).then(
    (value) => (flushLogs(), send({ t: 'rpc', id: msg.id, ok: true, value: value ?? null, active: runtime.activeCount(), onError: onErrorMap() })),
    (e: Error) => send({ t: 'rpc', id: msg.id, ok: false, error: { name: e instanceof HookNotFoundError ? 'HookNotFoundError' : (e?.name ?? 'Error'), message: e?.message ?? String(e) } }),
  );
});

// the server went away: nothing left to serve
process.on('disconnect', () => {
  void runtime
    .dispose()
    .finally(() => exitAfterIsolates(0));
});

try {
  assertNoNodeSnapshot();
} catch (e) {
  logger.fatal({ err: (e as Error).message }, 'hook process cannot start');
  process.exit(2);
}
