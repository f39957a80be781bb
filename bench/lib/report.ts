// The result object, the console table and the Markdown file the README quotes.
import os from 'node:os';
import type { LoadResult } from './load.js';

export interface TargetResult extends LoadResult {
  id: string;
  label: string;
  /** tokens made available to the timed phase */
  poolSize: number | null;
  /** set when something makes this figure suspect: non-2xx, errors, pool exhausted, hooks not active */
  flags: string[];
  notes: string[];
}

export interface Check {
  name: string;
  goal: string;
  value: number | null;
  display: string;
  /** true ✓, false ✗, null: could not be measured (reason in display) */
  ok: boolean | null;
}

export interface BenchReport {
  version: 1;
  date: string;
  mode: string;
  settings: { connections: number; durationSec: number; warmupSec: number };
  machine: { cores: number; cpuModel: string; node: string; platform: string; totalMemGb: number };
  targets: TargetResult[];
  ratios: Record<string, number | null>;
  coldLoad: Array<{ hooks: number; active: number; readyMs: number; loadMs: number | null; rssMb: number | null }>;
  hotReload: { available: boolean; reason: string | null; reloads: number; p50Ms: number | null; p99Ms: number | null; maxMs: number | null; samplesMs: number[] };
  storeSize: Array<{ tokensInStore: number; seedMs: number; fileMb: number; targetId: string }>;
  checks: Check[];
  warnings: string[];
  elapsedSec: number;
}

export function machineInfo(): BenchReport['machine'] {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
export const fmtRatio = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : `${n.toFixed(2)}×`);

function rows(r: BenchReport): string[][] {
  return r.targets.map((t) => [
    t.label,
    fmtInt(t.rps),
    fmtMs(t.latencyMs.p50),
    fmtMs(t.latencyMs.p99),
    t.serverCpuUsPerRequest === null ? '–' : fmtInt(t.serverCpuUsPerRequest),
    t.serverCpuUtil === null ? '–' : `${Math.round(t.serverCpuUtil * 100)} %`,
    String(t.errors + t.timeouts),
    String(t.non2xx),
    t.flags.length ? `⚠ ${t.flags.join('; ')}` : '',
  ]);
}

const HEAD = ['target', 'rps', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'server CPU', 'errors', 'non-2xx', 'flags'];

function pad(table: string[][]): string {
  const w = HEAD.map((_, i) => Math.max(...table.map((row) => [...(row[i] ?? '')].length)));
  return table.map((row) => row.map((c, i) => (i === 0 || i === row.length - 1 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ').trimEnd()).join('\n');
}

export function consoleReport(r: BenchReport): string {
  const out: string[] = [];
  out.push('');
  out.push(`revoke-hooks benchmark — ${r.date} — mode ${r.mode}: ${r.settings.connections} connections, ${r.settings.durationSec} s (+${r.settings.warmupSec} s warm-up) per target`);
  out.push(`machine: ${r.machine.cores} cores, ${r.machine.cpuModel}, Node ${r.machine.node}`);
  out.push('');
  out.push(pad([HEAD, ...rows(r)]));
  out.push('');
  out.push('ratios (same run):');
  for (const [k, v] of Object.entries(r.ratios)) out.push(`  ${k.padEnd(48)} ${fmtRatio(v)}`);
  out.push('');
  out.push('hook cold load (server start with N trivial hooks):');
  for (const c of r.coldLoad)
    out.push(`  ${String(c.hooks).padStart(3)} hooks (${c.active} active): ready ${fmtMs(c.readyMs)} ms after spawn, hook load ${fmtMs(c.loadMs)} ms, RSS ${c.rssMb === null ? '–' : c.rssMb.toFixed(1)} MB`);
  out.push('');
  out.push(
    r.hotReload.available
      ? `hot reload (write file → new version serving), ${r.hotReload.reloads} reloads: p50 ${fmtMs(r.hotReload.p50Ms)} ms, p99 ${fmtMs(r.hotReload.p99Ms)} ms, max ${fmtMs(r.hotReload.maxMs)} ms`
      : `hot reload: not available: ${r.hotReload.reason}`,
  );
  out.push('');
  out.push('store size:');
  for (const s of r.storeSize) {
    const t = r.targets.find((x) => x.id === s.targetId);
    out.push(`  ${fmtInt(s.tokensInStore).padStart(10)} tokens (seeded in ${(s.seedMs / 1000).toFixed(1)} s, ${s.fileMb.toFixed(0)} MB): ${t ? `${fmtInt(t.rps)} rps, p99 ${fmtMs(t.latencyMs.p99)} ms` : '–'}`);
  }
  out.push('');
  out.push('targets we aim for (reported, not enforced):');
  for (const c of r.checks) out.push(`  ${c.ok === true ? '✓' : c.ok === false ? '✗' : '?'} ${c.name.padEnd(40)} ${c.goal.padEnd(12)} measured ${c.display}`);
  if (r.warnings.length) {
    out.push('');
    for (const w of r.warnings) out.push(`WARNING: ${w}`);
  }
  out.push('');
  out.push(`total ${r.elapsedSec.toFixed(0)} s`);
  return out.join('\n');
}

export function markdownReport(r: BenchReport): string {
  const md: string[] = [];
  md.push(`# revoke-hooks benchmark results`);
  md.push('');
  md.push(`- date: ${r.date}`);
  md.push(`- machine: ${r.machine.cores} cores, ${r.machine.cpuModel}, ${r.machine.totalMemGb} GB, ${r.machine.platform}`);
  md.push(`- Node ${r.machine.node}`);
  md.push(`- mode \`${r.mode}\`: autocannon, ${r.settings.connections} connections, ${r.settings.durationSec} s per target after a ${r.settings.warmupSec} s warm-up, every target in its own process on 127.0.0.1, all in one run`);
  md.push(`- reproduce: \`npm run bench\` (\`-- --quick\` for a shorter run)`);
  md.push('');
  md.push(`| ${HEAD.join(' | ')} |`);
  md.push(`|${HEAD.map((_, i) => (i === 0 || i === HEAD.length - 1 ? '---' : '---:')).join('|')}|`);
  for (const row of rows(r)) md.push(`| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  md.push('');
  md.push('| ratio | value |');
  md.push('|---|---:|');
  for (const [k, v] of Object.entries(r.ratios)) md.push(`| ${k} | ${fmtRatio(v)} |`);
  md.push('');
  md.push('| hooks loaded | active | ready after spawn (ms) | hook load (ms) | RSS (MB) |');
  md.push('|---:|---:|---:|---:|---:|');
  for (const c of r.coldLoad) md.push(`| ${c.hooks} | ${c.active} | ${fmtMs(c.readyMs)} | ${fmtMs(c.loadMs)} | ${c.rssMb === null ? '–' : c.rssMb.toFixed(1)} |`);
  md.push('');
  md.push(
    r.hotReload.available
      ? `Hot reload (hook file written → new version serving /revoke), ${r.hotReload.reloads} reloads: p50 ${fmtMs(r.hotReload.p50Ms)} ms, p99 ${fmtMs(r.hotReload.p99Ms)} ms.`
      : `Hot reload: not available: ${r.hotReload.reason}.`,
  );
  md.push('');
  md.push('| tokens in store | /revoke rps | p99 ms |');
  md.push('|---:|---:|---:|');
  for (const s of r.storeSize) {
    const t = r.targets.find((x) => x.id === s.targetId);
    md.push(`| ${fmtInt(s.tokensInStore)} | ${t ? fmtInt(t.rps) : '–'} | ${t ? fmtMs(t.latencyMs.p99) : '–'} |`);
  }
  md.push('');
  md.push('| goal (reported, not enforced) | target | measured | |');
  md.push('|---|---|---|---|');
  for (const c of r.checks) md.push(`| ${c.name} | ${c.goal} | ${c.display} | ${c.ok === true ? '✓' : c.ok === false ? '✗' : '?'} |`);
  if (r.warnings.length) {
    md.push('');
    for (const w of r.warnings) md.push(`> **WARNING:** ${w}`);
  }
  md.push('');
  md.push('"server CPU µs/req" is the target process\'s user+system CPU time (from /proc) divided by the requests it answered; "server CPU" is its CPU time over wall time (100 % = one core). autocannon runs on the same cores, so a target far below 100 % at its top rate was limited by the load generator, not by itself (the bare baseline usually is).');
  md.push('');
  md.push('Absolute requests per second depend on the machine and its neighbours; compare the ratios and the server CPU µs per request, which come from one run.');
  md.push('');
  return md.join('\n');
}
