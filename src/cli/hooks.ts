#!/usr/bin/env -S node --no-node-snapshot
// Hook authors' command line: the same dry run as POST /admin/hooks/:name/test, without a server.
//   npm run hooks -- test hooks/<name>.ts [--sample sample.json] [--sidecar other.json]
//   npm run hooks -- check hooks/<name>.ts        (load only: transpile, compile, init)
// Exit code: 0 when the hook ran without error, 1 when it failed or did not load, 2 on bad usage.
import fs from 'node:fs';
import path from 'node:path';
import { dryRun } from '../hooks/dry-run.js';
import { assertNoNodeSnapshot } from '../hooks/node-flags.js';
import { sampleInput } from '../hooks/sample.js';
import { exitAfterIsolates } from '../hooks/sandbox.js';
import { describeResponse } from '../http/revocation-response.js';

const USAGE = 'usage: hooks test <hook.js|hook.ts> [--sample sample.json] [--sidecar sidecar.json]\n       hooks check <hook.js|hook.ts> [--sidecar sidecar.json]';

function fail(msg: string, code = 2): never {
  process.stderr.write(`${msg}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<number> {
  const [cmd, file, ...rest] = argv;
  if ((cmd !== 'test' && cmd !== 'check') || !file) fail(USAGE);
  const opts: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i]!;
    if ((k !== '--sample' && k !== '--sidecar') || rest[i + 1] === undefined) fail(`unknown or incomplete option ${JSON.stringify(k)}\n${USAGE}`);
    opts[k.slice(2)] = rest[i + 1]!;
  }
  const m = /^(.+)\.(js|ts)$/.exec(path.basename(file));
  if (!m) fail(`${file}: a hook file ends in .js or .ts`);
  const read = (f: string) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch (e) {
      return fail(`${f}: ${(e as Error).message}`);
    }
  };
  const source = read(file);
  const sidecarFile = opts.sidecar ?? file.replace(/\.(js|ts)$/, '.json');
  const sidecar = opts.sidecar || fs.existsSync(sidecarFile) ? read(sidecarFile) : null;
  let sample: unknown = {};
  if (opts.sample) {
    try {
      sample = JSON.parse(read(opts.sample));
    } catch (e) {
      fail(`${opts.sample}: not valid JSON: ${(e as Error).message}`);
    }
  }
  let prepared;
  try {
    prepared = sampleInput(sample);
  } catch (e) {
    fail(`${opts.sample ?? 'sample'}: ${(e as Error).message}`);
  }
  const result = await dryRun({ name: m[1]!, lang: m[2] as 'js' | 'ts', source, sidecar, input: prepared.input, contextVariables: prepared.contextVariables });
  // the same shape as POST /admin/hooks/:name/test: the response as a client would receive it
  const out =
    cmd === 'check'
      ? { loaded: result.error?.kind !== 'load', apiVersion: result.apiVersion, ...(result.error?.kind === 'load' && { error: result.error }) }
      : { ...result, response: await describeResponse(result.response), durationMs: Math.round(result.durationMs * 1000) / 1000 };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  if (cmd === 'check') return result.error?.kind === 'load' ? 1 : 0;
  return result.error ? 1 : 0;
}

try {
  assertNoNodeSnapshot();
} catch (e) {
  fail((e as Error).message);
}
main(process.argv.slice(2)).then(
  (code) => exitAfterIsolates(code),
  (e) => fail(`hooks: ${e instanceof Error ? e.stack : String(e)}`, 1),
);
