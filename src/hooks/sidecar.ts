// The optional `hooks/<name>.json` sidecar: enable/disable, chain order, error policy, resource
// limits and Gluu-style configuration attributes. Validated with a strict zod schema so a typo
// ("enbaled") is a load error naming the file and the field instead of a silently ignored key.
import { z } from 'zod';
import { HookLoadError } from './errors.js';

/** Hard caps: a sidecar may lower limits freely but never raise them past these. */
export const LIMIT_CAPS = {
  memoryMb: { min: 8, max: 512 },
  cpuMs: { min: 1, max: 30_000 },
  wallMs: { min: 1, max: 30_000 },
} as const;

export interface HookLimits {
  memoryMb: number;
  cpuMs: number;
  wallMs: number;
}

export interface ConfigurationAttribute {
  value1: string;
  value2: string;
  description: string;
}

export interface HookConfig {
  enabled: boolean;
  order: number;
  onError: 'revoke' | 'skip';
  limits: HookLimits;
  configurationAttributes: Record<string, ConfigurationAttribute>;
}

export const DEFAULT_LIMITS: Readonly<HookLimits> = Object.freeze({ memoryMb: 32, cpuMs: 100, wallMs: 1000 });

export function defaultHookConfig(): HookConfig {
  return { enabled: true, order: 100, onError: 'revoke', limits: { ...DEFAULT_LIMITS }, configurationAttributes: {} };
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);

const attributeSchema = z
  .object({
    value1: z.string().max(8192).default(''),
    value2: z.string().max(8192).default(''),
    description: z.string().max(1024).default(''),
  })
  .strict();

export const sidecarSchema = z
  .object({
    enabled: z.boolean().default(true),
    order: int(-1_000_000, 1_000_000).default(100),
    onError: z.enum(['revoke', 'skip']).default('revoke'),
    limits: z
      .object({
        memoryMb: int(LIMIT_CAPS.memoryMb.min, LIMIT_CAPS.memoryMb.max).default(DEFAULT_LIMITS.memoryMb),
        cpuMs: int(LIMIT_CAPS.cpuMs.min, LIMIT_CAPS.cpuMs.max).default(DEFAULT_LIMITS.cpuMs),
        wallMs: int(LIMIT_CAPS.wallMs.min, LIMIT_CAPS.wallMs.max).default(DEFAULT_LIMITS.wallMs),
      })
      .strict()
      .default({ ...DEFAULT_LIMITS }),
    configurationAttributes: z
      // Keys become property names inside the isolate: keep them boring (no __proto__ tricks).
      .record(z.string().regex(/^(?!__proto__$)[A-Za-z_$][\w$.-]{0,127}$/, 'attribute names must match [A-Za-z_$][\\w$.-]* (and not be __proto__)'), attributeSchema)
      .default({}),
  })
  .strict();

export type SidecarInput = z.input<typeof sidecarSchema>;

/**
 * Parse and validate sidecar text (or an already-parsed object, for dry runs).
 * `file` is only used in error messages. Throws HookLoadError naming the file and the field.
 */
export function parseSidecar(source: string | unknown, file: string): HookConfig {
  let raw: unknown = source;
  if (typeof source === 'string') {
    try {
      raw = JSON.parse(source);
    } catch (e) {
      throw new HookLoadError(`${file}: invalid JSON: ${(e as Error).message}`, file, null, null);
    }
  }
  // zod silently drops a "__proto__" record key; say so instead of losing the attribute.
  const ca = (raw as { configurationAttributes?: unknown } | null)?.configurationAttributes;
  if (ca !== null && typeof ca === 'object' && Object.prototype.hasOwnProperty.call(ca, '__proto__')) {
    throw new HookLoadError(`${file}: field "configurationAttributes.__proto__": reserved attribute name`, file, null, null);
  }
  const parsed = sidecarSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    let msg = issue?.message ?? 'invalid sidecar';
    if (issue?.code === 'unrecognized_keys') msg = `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    throw new HookLoadError(`${file}: field "${field}": ${msg}`, file, null, null);
  }
  const d = parsed.data;
  // Copy into a null-prototype map so attribute names can never alias Object.prototype members.
  const attrs: Record<string, ConfigurationAttribute> = Object.create(null);
  for (const [k, v] of Object.entries(d.configurationAttributes)) attrs[k] = { value1: v.value1, value2: v.value2, description: v.description };
  return { enabled: d.enabled, order: d.order, onError: d.onError, limits: { ...d.limits }, configurationAttributes: attrs };
}
