// Error types shared by the hook loader and runtime.

/**
 * A hook (or its sidecar) could not be loaded: bad sidecar, syntax error, forbidden import,
 * missing revoke(), init() refusal. `file` is the path relative to the hooks directory as the
 * admin knows it (e.g. "hooks/foo.ts" or just "foo.ts"); line/column are 1-based when known.
 */
export class HookLoadError extends Error {
  override name = 'HookLoadError';
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
  ) {
    super(message);
  }
}
