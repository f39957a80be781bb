// Entry of the short-lived sandbox process (see sandbox-process.ts): one request on stdin, one JSON
// answer on stdout.
import { dryRun } from './dry-run.js';
import { HookLoadError } from './errors.js';
import { compileHook } from './compile.js';
import { loadSandbox } from './load.js';
import { assertNoNodeSnapshot } from './node-flags.js';
import type { SandboxRequest, ValidateAnswer } from './sandbox-process.js';
import { exitAfterIsolates } from './sandbox.js';
import { defaultHookConfig, parseSidecar } from './sidecar.js';

const abort = (msg: string): void => {
  process.stderr.write(`isolated-vm catastrophic error: ${msg}\n`);
  process.abort();
};

async function validate(name: string, files: { lang: 'js' | 'ts'; source: string; sidecar: string | null }): Promise<ValidateAnswer> {
  try {
    const config = files.sidecar !== null ? parseSidecar(files.sidecar, `${name}.json`) : defaultHookConfig();
    const compiled = compileHook(name, files.source, files.lang);
    const { sandbox } = await loadSandbox(compiled, { ...config, enabled: true }, abort, () => {});
    sandbox.dispose();
    return { error: null };
  } catch (e) {
    const err = e instanceof HookLoadError ? e : new HookLoadError(String((e as Error)?.message ?? e), `${name}.${files.lang}`, null, null);
    return { error: { message: err.message, file: err.file, line: err.line, column: err.column } };
  }
}

async function main(): Promise<void> {
  assertNoNodeSnapshot();
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const req = JSON.parse(text) as SandboxRequest;
  const answer = req.op === 'validate' ? await validate(req.name, req.files) : await dryRun({ ...req.opts, onCatastrophicError: abort });
  process.stdout.write(JSON.stringify(answer), () => void exitAfterIsolates(0));
}

main().catch((e) => {
  process.stderr.write(`sandbox process failed: ${(e as Error)?.message ?? e}\n`);
  process.exit(1);
});
