// Target 1, the framework ceiling: a bare Hono + @hono/node-server app answering an empty 200 to
// POST /revoke. It reads the body the way the service does (c.req.text(), then a form parse) and
// sends the same no-store headers, and does nothing else: no auth, no store.
// Prints the service's `listening` JSON line so the harness can find the port.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/revoke', async (c) => {
  const body = await c.req.text();
  const token = new URLSearchParams(body).get('token');
  if (!token) return c.json({ error: 'invalid_request' }, 400);
  return c.body(null, 200, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: process.env.HOST ?? '127.0.0.1' }, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(JSON.stringify({ msg: 'listening', port, time: Date.now() }) + '\n');
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
