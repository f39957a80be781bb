// Admin API for hooks: status and counters, captured logs, upload (validated and compiled before
// anything is written), delete, dry-run tests, versions and rollback.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { HOOK_NAME_RE, type HookLang } from '../hooks/compile.js';
import type { HookManager, InstallResult } from '../hooks/manager.js';
import { SampleSchema } from '../hooks/sample.js';
import type { HookVersionRecord } from '../store/types.js';
import { adminError, jsonBody } from './admin-auth.js';
import { closingBodyLimit } from './body-limit.js';
import type { AppDeps } from './deps.js';
import { describeResponse } from './revocation-response.js';

/** admin uploads are capped below what the loader accepts (Auth0 Actions use 100 kB too) */
export const MAX_UPLOAD_BYTES = 100 * 1024;

const LimitQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const Lang = z.enum(['js', 'ts']);
const SidecarField = z.union([z.record(z.string(), z.unknown()), z.null()]).optional();

const Upload = z.strictObject({ source: z.string().min(1), lang: Lang.optional(), sidecar: SidecarField });
const TestRequest = z.strictObject({ source: z.string().min(1).optional(), lang: Lang.optional(), sidecar: SidecarField, sample: SampleSchema.optional() });
const Rollback = z.strictObject({ version: z.number().int().positive() });

const SOURCE_TYPES: Record<string, HookLang> = {
  'application/typescript': 'ts',
  'application/x-typescript': 'ts',
  'text/typescript': 'ts',
  'video/mp2t': 'ts', // what some tools guess for .ts
  'application/javascript': 'js',
  'text/javascript': 'js',
  'application/ecmascript': 'js',
};

const sidecarText = (s: Record<string, unknown> | null | undefined) => (s === undefined ? undefined : s === null ? null : `${JSON.stringify(s, null, 2)}\n`);

/** the sidecar as JSON; a hand-edited file that is not JSON is shown as its text (its lastError says why) */
function sidecarView(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const versionView = ({ source: _s, sidecar: _c, ...v }: HookVersionRecord) => ({ ...v, activatedAt: new Date(v.activatedAt).toISOString() });

function invalidHook(c: Context, e: { message: string; file: string; line: number | null; column: number | null }) {
  return c.json({ error: 'invalid_hook', error_description: e.message, message: e.message, file: e.file, line: e.line, column: e.column }, 400);
}

/** the upload body: JSON `{source, lang?, sidecar?}`, or the raw source with a JS/TS content type */
async function readUpload(c: Context): Promise<{ ok: true; lang: HookLang; source: string; sidecar?: string | null } | { ok: false; res: Response }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const langQuery = c.req.query('lang');
  if (langQuery !== undefined && langQuery !== 'js' && langQuery !== 'ts') return { ok: false, res: adminError(c, 400, 'invalid_request', 'lang must be js or ts') };
  if (type === 'application/json') {
    const body = await jsonBody(c, Upload);
    if (!body.ok) return body;
    return { ok: true, lang: body.value.lang ?? (langQuery as HookLang | undefined) ?? 'js', source: body.value.source, sidecar: sidecarText(body.value.sidecar) };
  }
  const lang = (langQuery as HookLang | undefined) ?? SOURCE_TYPES[type] ?? (type === 'text/plain' ? 'js' : undefined);
  if (!lang) return { ok: false, res: adminError(c, 415, 'invalid_request', 'send JSON {source, lang?, sidecar?} or the source with a JavaScript/TypeScript content type') };
  const source = await c.req.text();
  if (!source) return { ok: false, res: adminError(c, 400, 'invalid_request', 'empty source') };
  return { ok: true, lang, source };
}

function installed(c: Context, name: string, r: InstallResult) {
  const body = { name, version: r.status.hash, versionId: r.version?.id ?? null, status: r.status };
  if (r.activated) return c.json(body, r.created ? 201 : 200);
  // validated a moment ago, so this is a race with another writer; say what happened
  return c.json({ error: 'hook_not_activated', error_description: r.status.lastError?.message ?? 'the new version did not become active', ...body }, 409);
}

export function adminHooksRoutes(deps: AppDeps, manager: HookManager): Hono {
  const app = new Hono();
  // hook names double as file names: refuse anything else before touching the disk
  app.use('/:name/*', async (c, next) => (HOOK_NAME_RE.test(c.req.param('name') ?? '') ? next() : adminError(c, 400, 'invalid_request', 'invalid hook name: letters, digits, "-" and "_", at most 64')));
  app.use('/:name', async (c, next) => (HOOK_NAME_RE.test(c.req.param('name') ?? '') ? next() : adminError(c, 400, 'invalid_request', 'invalid hook name: letters, digits, "-" and "_", at most 64')));

  app.get('/', async (c) => c.json({ hooks: await deps.hooks.list() }));

  app.get('/:name', async (c) => {
    const name = c.req.param('name');
    const status = (await deps.hooks.get(name)) as object | undefined;
    const files = await manager.read(name);
    if (!status && !files) return adminError(c, 404, 'not_found', 'no such hook');
    return c.json({ ...(status ?? { name, status: 'error' }), source: files?.source ?? null, lang: files?.lang ?? null, sidecar: sidecarView(files?.sidecar ?? null) });
  });

  const uploadLimit = closingBodyLimit(MAX_UPLOAD_BYTES + 16 * 1024, (c) => adminError(c, 413, 'invalid_request', `hook source is limited to ${MAX_UPLOAD_BYTES} bytes`));
  app.put('/:name', uploadLimit, async (c) => {
    const name = c.req.param('name');
    const up = await readUpload(c);
    if (!up.ok) return up.res;
    if (Buffer.byteLength(up.source, 'utf8') > MAX_UPLOAD_BYTES) return adminError(c, 413, 'invalid_request', `hook source is limited to ${MAX_UPLOAD_BYTES} bytes`);
    const files = await manager.resolveFiles(name, up);
    const problem = await manager.validate(name, files);
    if (problem) return invalidHook(c, problem);
    return installed(c, name, await manager.install(name, files, 'upload'));
  });

  app.delete('/:name', async (c) => {
    const name = c.req.param('name');
    return (await manager.remove(name)) ? c.json({ deleted: name }) : adminError(c, 404, 'not_found', 'no such hook');
  });

  app.post('/:name/test', uploadLimit, async (c) => {
    const name = c.req.param('name');
    const body = await jsonBody(c, TestRequest);
    if (!body.ok) return body.res;
    const v = body.value;
    const r = await manager.test(name, { ...(v.source !== undefined && { source: v.source, lang: v.lang ?? 'js' }), sidecar: sidecarText(v.sidecar), sample: v.sample });
    if (!r) return adminError(c, 404, 'not_found', 'no such hook; send a source to test one that is not saved');
    // show exactly what a client would receive, after the endpoint's own rules
    return c.json({
      decision: r.decision,
      response: await describeResponse(r.response),
      contextVariables: r.contextVariables,
      logs: r.logs,
      durationMs: Math.round(r.durationMs * 1000) / 1000,
      ...(r.error && { error: r.error }),
    });
  });

  app.get('/:name/logs', async (c) => {
    const q = LimitQuery.safeParse({ limit: c.req.query('limit') ?? undefined });
    if (!q.success) return adminError(c, 400, 'invalid_request', 'limit must be an integer from 1 to 1000');
    return c.json({ hook: c.req.param('name'), logs: await deps.store.listHookLogs(c.req.param('name'), q.data.limit) });
  });

  app.get('/:name/versions', async (c) => {
    const q = LimitQuery.safeParse({ limit: c.req.query('limit') ?? undefined });
    if (!q.success) return adminError(c, 400, 'invalid_request', 'limit must be an integer from 1 to 1000');
    return c.json({ hook: c.req.param('name'), versions: (await manager.versions(c.req.param('name'), q.data.limit)).map(versionView) });
  });

  app.get('/:name/versions/:id', async (c) => {
    const id = Number(c.req.param('id'));
    const v = Number.isSafeInteger(id) ? await deps.store.getHookVersion(c.req.param('name'), id) : null;
    return v ? c.json({ ...v, activatedAt: new Date(v.activatedAt).toISOString() }) : adminError(c, 404, 'not_found', 'no such version');
  });

  app.post('/:name/rollback', async (c) => {
    const name = c.req.param('name');
    const body = await jsonBody(c, Rollback);
    if (!body.ok) return body.res;
    const r = await manager.rollback(name, body.value.version);
    return r ? installed(c, name, r) : adminError(c, 404, 'not_found', 'no such version of this hook');
  });

  return app;
}
