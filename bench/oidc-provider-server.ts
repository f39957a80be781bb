// Target 6: node-oidc-provider v9, POST /token/revocation, in its own process (it is ESM and keeps
// its state in memory). Configuration for a fair comparison:
//   * memory adapter over a big LRU (its default LRU holds 1,000 entries: a pool of pre-minted tokens
//     larger than that would silently be measured on the unknown-token path);
//   * features.revocation and features.clientCredentials on;
//   * one confidential client with client_secret_basic, as our targets use.
// Tokens are minted in-process (ClientCredentials models, what its client_credentials grant stores)
// through a bench-only route, GET /__bench/mint?n=N, outside the provider, before the timed phase;
// GET /__bench/find?token=T says whether a token is still stored (a check that revocation is real).
// Prints the service's `listening` JSON line so the harness can find the port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import LRU from 'oidc-provider/lib/helpers/lru.js';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';

const CLIENT_ID = process.env.BENCH_CLIENT_ID ?? 'bench-client';
const CLIENT_SECRET = process.env.BENCH_CLIENT_SECRET ?? 'bench-secret-0123456789abcdef0123456789abcdef';
const LRU_SIZE = Number(process.env.BENCH_LRU_SIZE ?? 4_000_000);

const storage = new LRU({ maxSize: LRU_SIZE });
class BigLruAdapter extends MemoryAdapter {
  constructor(model: string) {
    super(model, storage);
  }
}

let handler: http.RequestListener = (_req, res) => {
  res.statusCode = 503;
  res.end();
};
const server = http.createServer((req, res) => handler(req, res));
server.keepAliveTimeout = 60_000;

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    adapter: BigLruAdapter,
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        revocation_endpoint_auth_method: 'client_secret_basic',
        scope: 'api',
      },
    ],
    scopes: ['api'],
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
    },
    ttl: { ClientCredentials: 3600 },
  });
  provider.on('server_error', (_ctx: unknown, err: Error) => process.stderr.write(`oidc-provider server_error: ${err.stack}\n`));
  const app = provider.callback();

  async function mint(n: number): Promise<string[]> {
    const client = await provider.Client.find(CLIENT_ID);
    if (!client) throw new Error('bench client not found');
    const out: string[] = [];
    const BATCH = 512;
    for (let i = 0; i < n; i += BATCH) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(BATCH, n - i) }, () => new provider.ClientCredentials({ client, scope: 'api' }).save() as Promise<string>),
      );
      out.push(...batch);
    }
    return out;
  }

  handler = (req, res) => {
    if (req.url?.startsWith('/__bench/find')) {
      // is this token still stored? (the harness checks that a revocation really removed it)
      const token = new URL(req.url, 'http://x').searchParams.get('token') ?? '';
      (provider.ClientCredentials.find(token) as Promise<unknown>).then(
        (t) => res.end(JSON.stringify({ found: Boolean(t) })),
        (e: Error) => {
          res.statusCode = 500;
          res.end(String(e?.message ?? e));
        },
      );
      return;
    }
    if (req.url?.startsWith('/__bench/mint')) {
      const n = Number(new URL(req.url, 'http://x').searchParams.get('n') ?? '0');
      mint(n).then(
        (tokens) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ tokens }));
        },
        (e: Error) => {
          res.statusCode = 500;
          res.end(String(e?.stack ?? e));
        },
      );
      return;
    }
    app(req, res);
  };
  process.stdout.write(JSON.stringify({ msg: 'listening', port, time: Date.now() }) + '\n');
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
