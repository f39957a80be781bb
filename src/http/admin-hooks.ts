// Admin API for hooks: status, counters, and captured logs.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from './deps.js';
import { adminError } from './admin-auth.js';

export const HOOK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const LogsQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export function adminHooksRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ hooks: deps.hooks.list() }));
  app.get('/:name', (c) => {
    const h = deps.hooks.get(c.req.param('name'));
    return h ? c.json(h) : adminError(c, 404, 'not_found', 'no such hook');
  });
  app.get('/:name/logs', async (c) => {
    const name = c.req.param('name');
    if (!HOOK_NAME.test(name)) return adminError(c, 400, 'invalid_request', 'invalid hook name');
    const q = LogsQuery.safeParse({ limit: c.req.query('limit') ?? undefined });
    if (!q.success) return adminError(c, 400, 'invalid_request', 'limit must be an integer from 1 to 1000');
    return c.json({ hook: name, logs: await deps.store.listHookLogs(name, q.data.limit) });
  });
  return app;
}
