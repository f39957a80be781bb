// Turns a hook's source (JS or TS) into the script text an isolate compiles.
//
// Line numbers: sucrase keeps every token on its source line (it only blanks out types and
// rewrites imports/exports in place), and the function header we add sits on the SAME first line
// as the hook's first line. So line N of the hook is line N of the compiled script, and stack
// traces / syntax errors inside the isolate point at the admin's file directly. On line 1 the
// header (and whatever sucrase prepended, e.g. "use strict") shifts columns; compileScript's
// `columnOffset` compensates for that.
import { createHash } from 'node:crypto';
import { transform } from 'sucrase';
import { HookLoadError } from './errors.js';

export type HookLang = 'js' | 'ts';

/** Hook sources larger than this are refused (Auth0 Actions use 100 kB). */
export const MAX_SOURCE_BYTES = 256 * 1024;

/** Names double as file names and appear in `hook:///<name>.<ext>` stack frames. */
export const HOOK_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface CompiledHook {
  name: string;
  lang: HookLang;
  /** the admin-facing file name, e.g. "deny-service.ts" */
  file: string;
  /** filename given to the isolate; appears in in-isolate stack traces */
  filename: string;
  /** the complete script: `__revokeHookDefine(function (exports, module, require) {…})` */
  code: string;
  /** pass to compileScript so line-1 columns match the source */
  columnOffset: number;
  /** sha256 of the source text */
  sourceHash: string;
  /** the original source, for mapping positions back (e.g. the column of an import) */
  source: string;
}

export const WRAPPER_HEAD = '__revokeHookDefine(function (exports, module, require) {';
// `void 0` rather than `undefined`: a hook may legally declare a local named `undefined`.
const WRAPPER_TAIL =
  '\n;return { revoke: typeof revoke === "function" ? revoke : void 0, RevokeToken: typeof RevokeToken === "function" ? RevokeToken : void 0, ' +
  'init: typeof init === "function" ? init : void 0, destroy: typeof destroy === "function" ? destroy : void 0, ' +
  'getApiVersion: typeof getApiVersion === "function" ? getApiVersion : void 0 };\n})';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function hookFilename(name: string, lang: HookLang): string {
  return `hook:///${name}.${lang}`;
}

/** Locate a "(line:col)" in a sucrase error; sucrase reports 1-based columns in `loc`. */
function sucraseLocation(e: unknown): { line: number | null; column: number | null } {
  const loc = (e as { loc?: { line?: unknown; column?: unknown } } | null)?.loc;
  if (loc && typeof loc.line === 'number') return { line: loc.line, column: typeof loc.column === 'number' ? loc.column : null };
  const m = /\((\d+):(\d+)\)/.exec(String((e as Error)?.message ?? ''));
  return m ? { line: Number(m[1]), column: Number(m[2]) } : { line: null, column: null };
}

/**
 * Transpile and wrap a hook. Throws HookLoadError (with 1-based line/column) on a syntax error
 * sucrase detects. Errors only V8 detects surface later, from compileScript (see sandbox.ts),
 * with the same line numbers.
 */
export function compileHook(name: string, source: string, lang: HookLang): CompiledHook {
  const file = `${name}.${lang}`;
  if (!HOOK_NAME_RE.test(name)) throw new HookLoadError(`invalid hook name ${JSON.stringify(name)} (letters, digits, "-" and "_")`, file, null, null);
  if (Buffer.byteLength(source, 'utf8') > MAX_SOURCE_BYTES) throw new HookLoadError(`${file}: source is larger than ${MAX_SOURCE_BYTES} bytes`, file, null, null);
  // A BOM or a "#!" line would break the same-line header trick; neither means anything here.
  let src = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (src.startsWith('#!')) src = '//' + src.slice(2);

  let out: string;
  try {
    out = transform(src, {
      transforms: lang === 'ts' ? ['typescript', 'imports'] : ['imports'],
      filePath: file,
      production: true,
      // keep `import type`/type-only imports elided, keep class fields as written
      disableESTransforms: true,
    }).code;
  } catch (e) {
    const { line, column } = sucraseLocation(e);
    const raw = String((e as Error)?.message ?? e).replace(/^Error transforming [^:]*: /, '');
    const msg = raw.replace(/\s*\(\d+:\d+\)\s*$/, '');
    throw new HookLoadError(`${file}${line !== null ? `:${line}${column !== null ? `:${column}` : ''}` : ''}: SyntaxError: ${msg}`, file, line, column);
  }

  // Whatever sucrase prepended on line 1 ("use strict"; interop helpers) shifts line-1 columns.
  const srcLine1 = src.split('\n', 1)[0] ?? '';
  const outLine1 = out.split('\n', 1)[0] ?? '';
  const prepended = outLine1.endsWith(srcLine1) ? outLine1.length - srcLine1.length : 0;

  return {
    name,
    lang,
    file,
    filename: hookFilename(name, lang),
    code: WRAPPER_HEAD + out + WRAPPER_TAIL,
    columnOffset: -(WRAPPER_HEAD.length + prepended),
    sourceHash: sha256(source),
    source,
  };
}

/**
 * sucrase rewrites `import … from "x"` into a require() call on the same line, so an import error
 * knows the line but its column points into generated code. Point at the statement instead.
 */
export function importColumn(compiled: CompiledHook, line: number | null): number | null {
  if (line === null) return null;
  const text = compiled.source.split('\n')[line - 1];
  if (text === undefined) return null;
  const m = /\b(import|export|require)\b/.exec(text);
  return m ? m.index + 1 : null;
}
