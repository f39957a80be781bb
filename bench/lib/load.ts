// Drives one target with autocannon: fixed connections and duration, one request shape for every
// target (POST, form body, Basic auth), and a body per request taken from a pool. For revocation
// targets the pool holds distinct live tokens, so every request does real work; when it runs dry
// the harness falls back to a token that does not exist and COUNTS those requests (they measured
// the unknown-token path), so an exhausted pool is reported, never hidden.
import autocannon, { type Result } from 'autocannon';
import { cpuMicros, rssBytes } from './proc.js';

export class TokenPool {
  private i = 0;
  exhausted = 0;
  /** performance.now() of the first token handed out and of the first fallback */
  firstAt: number | null = null;
  exhaustedAt: number | null = null;
  constructor(
    private readonly tokens: string[],
    /** a fixed token used when the pool is empty (or always, when tokens is empty and cycle is false) */
    private readonly fallback: string,
    /** reuse the tokens round-robin (read-only targets) instead of popping */
    private readonly cycle = false,
  ) {}
  next(): string {
    if (this.firstAt === null) this.firstAt = performance.now();
    if (this.cycle) return this.tokens[this.i++ % this.tokens.length]!;
    if (this.i < this.tokens.length) return this.tokens[this.i++]!;
    if (this.exhausted++ === 0) this.exhaustedAt = performance.now();
    return this.fallback;
  }
  /** the rate at which live tokens were consumed before the pool ran dry, per second; null if it did not */
  rateUntilExhausted(): number | null {
    if (this.exhaustedAt === null || this.firstAt === null || this.exhaustedAt <= this.firstAt) return null;
    return this.used / ((this.exhaustedAt - this.firstAt) / 1000);
  }
  /** every token handed out so far */
  handedOut(): string[] {
    return this.tokens.slice(0, this.used);
  }
  get used(): number {
    return Math.min(this.i, this.tokens.length);
  }
  get remaining(): number {
    return this.cycle ? Infinity : this.tokens.length - this.i;
  }
  /** the tokens not handed out yet */
  rest(): string[] {
    return this.cycle ? [] : this.tokens.slice(this.i);
  }
}

export interface LoadSpec {
  url: string;
  path: string;
  authorization: string;
  pool: TokenPool;
  connections: number;
  durationSec: number;
  /** body built around each token */
  body?: (token: string) => string;
  /** pid of the server process, for CPU time and RSS */
  pid?: number;
}

export interface LoadResult {
  rps: number;
  /** the best one-second sample */
  bestSecondRps: number;
  requests: number;
  durationSec: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  poolExhausted: number;
  /** server CPU (user+sys) per completed request, µs; null when unknown */
  serverCpuUsPerRequest: number | null;
  serverRssBytes: number | null;
  /** server CPU time ÷ wall time (1 = one core busy); well below 1 at the top rate means the load generator, not the server, was the limit */
  serverCpuUtil: number | null;
}

const defaultBody = (t: string) => `token=${t}&token_type_hint=access_token`;

export async function runLoad(s: LoadSpec): Promise<LoadResult> {
  const makeBody = s.body ?? defaultBody;
  const pool = s.pool;
  const exhaustedBefore = pool.exhausted;
  const cpu0 = s.pid ? cpuMicros(s.pid) : null;
  const t0 = performance.now();
  const r: Result = await autocannon({
    url: s.url,
    connections: s.connections,
    duration: s.durationSec,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: s.path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: s.authorization },
        setupRequest: (req) => {
          req.body = makeBody(pool.next());
          return req;
        },
      },
    ],
  });
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = s.pid ? cpuMicros(s.pid) : null;
  const completed = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  const statusCodes: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[k] = v.count;
  return {
    rps: completed / (r.duration || elapsed),
    bestSecondRps: r.requests.max ?? 0,
    requests: completed,
    durationSec: r.duration || elapsed,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.mean, max: r.latency.max },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
    poolExhausted: pool.exhausted - exhaustedBefore,
    serverCpuUsPerRequest: cpu0 !== null && cpu1 !== null && completed > 0 ? (cpu1 - cpu0) / completed : null,
    serverRssBytes: s.pid ? rssBytes(s.pid) : null,
    serverCpuUtil: cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / 1e6 / elapsed : null,
  };
}

const medianOf = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

/**
 * Folds the slices of an interleaved measurement (A, B, A, B, …) into one result: counts and CPU
 * summed, rps = requests ÷ time, latency percentiles = the median of the slices' percentiles.
 */
export function mergeSlices(xs: LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number) => xs.reduce((a, r) => a + f(r), 0);
  const requests = sum((r) => r.requests);
  const durationSec = sum((r) => r.durationSec);
  const cpuKnown = xs.every((r) => r.serverCpuUsPerRequest !== null);
  const statusCodes: Record<string, number> = {};
  for (const r of xs) for (const [k, v] of Object.entries(r.statusCodes)) statusCodes[k] = (statusCodes[k] ?? 0) + v;
  const cpuUs = cpuKnown ? sum((r) => r.serverCpuUsPerRequest! * r.requests) : null;
  return {
    rps: requests / durationSec,
    bestSecondRps: Math.max(...xs.map((r) => r.bestSecondRps)),
    requests,
    durationSec,
    latencyMs: {
      p50: medianOf(xs.map((r) => r.latencyMs.p50)),
      p90: medianOf(xs.map((r) => r.latencyMs.p90)),
      p99: medianOf(xs.map((r) => r.latencyMs.p99)),
      mean: requests ? sum((r) => r.latencyMs.mean * r.requests) / requests : NaN,
      max: Math.max(...xs.map((r) => r.latencyMs.max)),
    },
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    statusCodes,
    poolExhausted: sum((r) => r.poolExhausted),
    serverCpuUsPerRequest: cpuUs !== null && requests ? cpuUs / requests : null,
    serverRssBytes: xs[xs.length - 1]?.serverRssBytes ?? null,
    serverCpuUtil: cpuUs !== null ? cpuUs / 1e6 / durationSec : null,
  };
}
