// isolated-vm on Node >= 20 crashes the process when isolates are created without
// --no-node-snapshot (V8 shared-heap + differing snapshots; isolated-vm README, issue #420).
// Fail fast at startup with an actionable message instead.

export function hasNoNodeSnapshot(execArgv: readonly string[] = process.execArgv, nodeOptions: string | undefined = process.env.NODE_OPTIONS): boolean {
  if (execArgv.includes('--no-node-snapshot')) return true;
  return (nodeOptions ?? '').split(/\s+/).includes('--no-node-snapshot');
}

export function assertNoNodeSnapshot(): void {
  if (hasNoNodeSnapshot()) return;
  throw new Error(
    'revoke hooks run in isolated-vm, which requires Node to be started with --no-node-snapshot. ' +
      'Start the service with `node --no-node-snapshot dist/src/main.js` (what `npm start` does), ' +
      'or set NODE_OPTIONS=--no-node-snapshot. Tests: `node --no-node-snapshot --test …`.',
  );
}
