// One validated configuration object, read from environment variables; CLI flags mirror them
// (`--port 9000` or `--port=9000` sets PORT, `--data-dir` sets DATA_DIR, ...). Flags win over env.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseNetworks } from './http/client-ip.js';

const port = z.coerce.number().int().min(0).max(65535);
const seconds = z.coerce.number().int().min(1).max(10 * 365 * 24 * 3600);

const EnvSchema = z
  .object({
    PORT: port.default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    HOOKS_DIR: z.string().min(1).default('./hooks'),
    ISSUER: z
      .url({ protocol: /^https?$/ })
      .refine((u) => !/[?#]/.test(u), 'must not contain a query or fragment (RFC 8414 §2)')
      .optional(),
    ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    TLS_CERT: z.string().min(1).optional(),
    TLS_KEY: z.string().min(1).optional(),
    HTTP_PORT: port.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ACCESS_TOKEN_TTL: seconds.default(3600),
    REFRESH_TOKEN_TTL: seconds.default(30 * 24 * 3600),
    /** `grant`: revoking an access token revokes its whole grant (Gluu/Janssen); `token`: only that token */
    ACCESS_TOKEN_REVOCATION: z.enum(['grant', 'token']).default('grant'),
    /**
     * A token presented by a client that does not own it. `reject-confidential` (default, as
     * node-oidc-provider): confidential callers get 400 invalid_request, public callers a silent 200;
     * `reject`: always 400; `ignore`: always a silent 200 (oxAuth).
     */
    FOREIGN_TOKEN_POLICY: z.enum(['reject-confidential', 'reject', 'ignore']).default('reject-confidential'),
    SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    SWEEP_BATCH: z.coerce.number().int().min(1).max(100_000).default(1000),
    /** isolates per loaded hook version: one runs one call at a time, so a busy hook spreads over several */
    HOOK_ISOLATES: z.coerce.number().int().min(1).max(16).default(Math.min(2, os.availableParallelism())),
    HOOK_LOG_RETENTION: z.coerce.number().int().min(0).default(10_000),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    /** proxies whose X-Forwarded-For is believed for the caller's address, e.g. "127.0.0.1, 10.0.0.0/8" */
    TRUST_PROXY: z
      .string()
      .superRefine((v, ctx) => {
        try {
          parseNetworks(v);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
        }
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.TLS_CERT) !== Boolean(v.TLS_KEY)) {
      ctx.addIssue({ code: 'custom', path: [v.TLS_CERT ? 'TLS_KEY' : 'TLS_CERT'], message: 'TLS_CERT and TLS_KEY must be set together' });
    }
    if (v.HTTP_PORT !== undefined && !v.TLS_CERT) {
      ctx.addIssue({ code: 'custom', path: ['HTTP_PORT'], message: 'only meaningful with TLS_CERT/TLS_KEY' });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Env {
  /** absolute paths */
  dataDir: string;
  hooksDir: string;
  dbFile: string;
  tls: { cert: string; key: string } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const FLAG_TO_ENV = new Map(Object.keys(EnvSchema.shape ?? {}).map((k) => [k.toLowerCase().replaceAll('_', '-'), k]));

/** `--data-dir x` / `--data-dir=x` → { DATA_DIR: 'x' }. Unknown flags are an error, not a silent no-op. */
export function parseFlags(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg);
    const key = m ? FLAG_TO_ENV.get(m[1]!) : undefined;
    if (!m || !key) {
      problems.push(`unknown argument ${JSON.stringify(arg)}`);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) problems.push(`--${m[1]} needs a value`);
    else out[key] = value;
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = [], cwd = process.cwd()): Config {
  const raw: Record<string, string | undefined> = {};
  for (const k of FLAG_TO_ENV.values()) if (env[k] !== undefined && env[k] !== '') raw[k] = env[k];
  Object.assign(raw, parseFlags(argv));
  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = i.path.join('.') || '(config)';
        const given = typeof i.path[0] === 'string' ? raw[i.path[0]] : undefined;
        return `${key}: ${i.message}${given !== undefined ? ` (got ${JSON.stringify(given)})` : ''}`;
      }),
    );
  }
  const v = parsed.data;
  const dataDir = path.resolve(cwd, v.DATA_DIR);
  return {
    ...v,
    dataDir,
    hooksDir: path.resolve(cwd, v.HOOKS_DIR),
    dbFile: path.join(dataDir, 'revoke-hooks.sqlite'),
    tls: v.TLS_CERT && v.TLS_KEY ? { cert: path.resolve(cwd, v.TLS_CERT), key: path.resolve(cwd, v.TLS_KEY) } : null,
  };
}
