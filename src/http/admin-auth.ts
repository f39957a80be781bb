// Every /admin route requires `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { safeStringEqual } from '../oauth/tokens.js';

export function adminError(c: Context, status: 400 | 401 | 404 | 409 | 413 | 415 | 500 | 503, error: string, description: string, headers: Record<string, string> = {}) {
  return c.json({ error, error_description: description }, status, { 'Cache-Control': 'no-store', ...headers });
}

export function requireAdmin(adminToken: string): MiddlewareHandler {
  return async (c, next) => {
    const m = /^Bearer ([\x21-\x7e]+)$/i.exec(c.req.header('authorization') ?? '');
    if (!m || !safeStringEqual(m[1]!, adminToken)) {
      return adminError(c, 401, 'invalid_token', 'admin credential missing or invalid', {
        'WWW-Authenticate': 'Bearer realm="revoke-hooks-admin"',
      });
    }
    await next();
  };
}

/** parses a JSON body against a schema; answers 400 with every problem named, or 415 for non-JSON */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<{ ok: true; value: z.infer<T> } | { ok: false; res: Response }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { ok: false, res: adminError(c, 415, 'invalid_request', 'use Content-Type: application/json') };
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    return { ok: false, res: adminError(c, 400, 'invalid_request', 'request body is not valid JSON') };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return { ok: false, res: adminError(c, 400, 'invalid_request', msg) };
  }
  return { ok: true, value: parsed.data };
}
