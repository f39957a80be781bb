// The trusted in-isolate bootstrap.
//
// `bootstrapMain` is NEVER called on the host: its source text (Function.prototype.toString of
// the tsc output) is compiled once per isolate and run as the first script of every fresh context,
// before any hook code. Writing it as a real TypeScript function (rather than a string) gets it
// type-checked and linted like the rest of the code base. Rules for editing it:
//   * it must be self-contained: no imports, no references to anything outside the function,
//     no TS features that emit helpers (target ES2022 emits none for what is used here);
//   * it must only use intrinsics captured at the top (hook code runs later in the same context
//     and may tamper with prototypes: `Object.prototype.x = …`, `Array.prototype.push = …`);
//   * nothing it hands to hook code may be a host object: the only host-backed value is the
//     per-call log Callback, kept in a closure and called with strings only.
//
// The host-side validation in response.ts / chain.ts stays authoritative: if a hook manages to
// subvert this code in its own context, it can only corrupt its own result, which the host
// re-validates.
//
// Protocol: the hook script (see compile.ts) is `__revokeHookDefine(function (exports, module,
// require) { …hook source… ; return {revoke, RevokeToken, init, destroy, getApiVersion} })`.
// __revokeHookDefine deletes itself and returns `entry(payload, hostLog)`, an async function the
// host applies once with a copied payload; it resolves to a plain-JSON envelope (see EntryResult
// in sandbox.ts).

/* eslint-disable @typescript-eslint/no-explicit-any */
export function bootstrapMain(g: any): void {
  'use strict';
  // ---- intrinsics captured before any hook code can touch them ----
  const ObjectCtor = Object;
  const defineProperty = ObjectCtor.defineProperty;
  const getOwnPropertyDescriptor = ObjectCtor.getOwnPropertyDescriptor;
  const getPrototypeOf = ObjectCtor.getPrototypeOf;
  const freeze = ObjectCtor.freeze;
  const objectKeys = ObjectCtor.keys;
  const ObjectPrototype = ObjectCtor.prototype;
  const hasOwnProperty = ObjectPrototype.hasOwnProperty;
  const reflectApply = Reflect.apply;
  const isArray = Array.isArray;
  const jsonStringify = JSON.stringify;
  const jsonParse = JSON.parse;
  const StringFn = String;
  const isInteger = Number.isInteger;
  const isFiniteNumber = Number.isFinite;
  const TypeErrorCtor = TypeError;
  const RangeErrorCtor = RangeError;
  const ErrorCtor = Error;
  const MapCtor = Map;
  const mapGet = MapCtor.prototype.get;
  const mapSet = MapCtor.prototype.set;
  const mapHas = MapCtor.prototype.has;
  const mapDelete = MapCtor.prototype.delete;
  const mapForEach = MapCtor.prototype.forEach;
  const mapClear = MapCtor.prototype.clear;
  const mapSizeGetter = getOwnPropertyDescriptor(MapCtor.prototype, 'size')!.get!;
  const charCodeAt = StringFn.prototype.charCodeAt;
  const stringSlice = StringFn.prototype.slice;
  const stringIndexOf = StringFn.prototype.indexOf;
  const toLowerCase = StringFn.prototype.toLowerCase;
  const dateNow = Date.now;

  const code = (s: string, i: number): number => reflectApply(charCodeAt, s, [i]);
  const slice = (s: string, a: number, b?: number): string => reflectApply(stringSlice, s, b === undefined ? [a] : [a, b]);
  const indexOf = (s: string, needle: string, from: number): number => reflectApply(stringIndexOf, s, [needle, from]);
  const lower = (s: string): string => reflectApply(toLowerCase, s, []);
  const hasOwn = (o: any, k: string): boolean => reflectApply(hasOwnProperty, o, [k]);
  // Property definition that never consults (possibly poisoned) prototype setters.
  const put = (o: any, k: string | number, v: unknown): void => {
    defineProperty(o, k, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true } as any);
  };
  const hidden = (o: any, k: string, v: unknown): void => {
    defineProperty(o, k, { __proto__: null, value: v, writable: true, enumerable: false, configurable: true } as any);
  };
  const append = (arr: any[], v: unknown): void => put(arr, arr.length, v);
  const copyArray = (a: any): any[] => {
    const out: any[] = [];
    if (isArray(a)) for (let i = 0; i < a.length; i++) append(out, a[i]);
    return out;
  };
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

  // Globals a hook must not have. A fresh isolated-vm context has no require/process/fetch/timers
  // to begin with; these are the remaining footguns (shared memory, blocking waits, wasm memory
  // that is accounted outside the JS heap, and the default no-op console).
  const deleteGlobal = (k: string): void => {
    try {
      delete g[k];
    } catch {
      /* non-configurable: leave it */
    }
  };
  deleteGlobal('WebAssembly');
  deleteGlobal('SharedArrayBuffer');
  deleteGlobal('Atomics');
  deleteGlobal('console');

  // ---- JSON-only values (context variables, entities) ----
  const assertJson = (v: unknown, what: string, depth: number, seen: any[]): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!isFiniteNumber(v)) throw new TypeErrorCtor(`${what} must be JSON-serialisable (got a non-finite number)`);
      return;
    }
    if (typeof v !== 'object') throw new TypeErrorCtor(`${what} must be JSON-serialisable (got ${typeof v})`);
    if (depth > 32) throw new TypeErrorCtor(`${what} is nested too deeply`);
    for (let i = 0; i < seen.length; i++) if (seen[i] === v) throw new TypeErrorCtor(`${what} must be JSON-serialisable (cyclic)`);
    append(seen, v);
    if (isArray(v)) {
      for (let i = 0; i < v.length; i++) assertJson(v[i], what, depth + 1, seen);
    } else {
      const proto = getPrototypeOf(v);
      if (proto !== ObjectPrototype && proto !== null) throw new TypeErrorCtor(`${what} must be JSON-serialisable (plain objects and arrays only)`);
      const ks = objectKeys(v as object);
      for (let i = 0; i < ks.length; i++) assertJson((v as any)[ks[i]!], what, depth + 1, seen);
    }
    seen.length = seen.length - 1;
  };
  const toJsonText = (v: unknown, what: string): string => {
    assertJson(v, what, 0, []);
    const s = jsonStringify(v);
    if (typeof s !== 'string') throw new TypeErrorCtor(`${what} must be JSON-serialisable`);
    return s;
  };
  const utf8Length = (s: string): number => {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = code(s, i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  };

  // ---- describing arbitrary thrown/returned values without running hook code where avoidable ----
  const ownString = (o: any, k: string): string | null => {
    try {
      const d = getOwnPropertyDescriptor(o, k);
      return d && typeof d.value === 'string' ? d.value : null;
    } catch {
      return null;
    }
  };
  const errorName = (o: any): string | null => {
    try {
      let p = o;
      for (let i = 0; i < 8 && p !== null && p !== undefined; i++) {
        const n = ownString(p, 'name');
        if (n !== null) return n;
        p = getPrototypeOf(p);
      }
    } catch {
      /* proxies */
    }
    return null;
  };
  const typeName = (v: unknown): string => {
    try {
      return v === null ? 'null' : isArray(v) ? 'array' : typeof v;
    } catch {
      return typeof v; // isArray throws on a revoked Proxy
    }
  };

  // ---- IP / CIDR (pure JS so no host callback is needed) ----
  const parseV4 = (s: string, out: number[], at: number): boolean => {
    let part = 0;
    let digits = 0;
    let n = 0;
    for (let i = 0; i <= s.length; i++) {
      const c = i < s.length ? code(s, i) : 46; /* '.' sentinel */
      if (c === 46) {
        if (digits === 0 || n > 255 || part > 3) return false;
        out[at + part] = n;
        part++;
        n = 0;
        digits = 0;
      } else if (c >= 48 && c <= 57) {
        if (digits > 0 && n === 0) return false; // no leading zeros (ambiguous octal)
        n = n * 10 + (c - 48);
        digits++;
        if (digits > 3) return false;
      } else return false;
    }
    return part === 4;
  };
  const hexVal = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);
  /** Parses an IPv4 or IPv6 address into 16 bytes (IPv4 as ::ffff:a.b.c.d). */
  const parseIp = (s: string): number[] | null => {
    const out: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    if (indexOf(s, ':', 0) < 0) {
      if (!parseV4(s, out, 12)) return null;
      out[10] = 0xff;
      out[11] = 0xff;
      return out;
    }
    if (s.length > 45) return null;
    const groups: number[] = [];
    let gap = -1; // group index where '::' sits
    let i = 0;
    if (code(s, 0) === 58) {
      if (s.length < 2 || code(s, 1) !== 58) return null;
      gap = 0;
      i = 2;
    }
    while (i < s.length) {
      // a trailing dotted quad
      let j = i;
      while (j < s.length && code(s, j) !== 58) j++;
      const piece = slice(s, i, j);
      if (indexOf(piece, '.', 0) >= 0) {
        if (j !== s.length) return null;
        const q: number[] = [0, 0, 0, 0];
        if (!parseV4(piece, q, 0)) return null;
        append(groups, q[0]! * 256 + q[1]!);
        append(groups, q[2]! * 256 + q[3]!);
        i = j;
        break;
      }
      if (piece.length === 0 || piece.length > 4) return null;
      let v = 0;
      for (let k = 0; k < piece.length; k++) {
        const h = hexVal(code(piece, k));
        if (h < 0) return null;
        v = v * 16 + h;
      }
      append(groups, v);
      i = j;
      if (i < s.length) {
        i++; // ':'
        if (i < s.length && code(s, i) === 58) {
          if (gap >= 0) return null;
          gap = groups.length;
          i++;
        } else if (i === s.length) return null; // trailing single ':'
      }
    }
    if (gap < 0 ? groups.length !== 8 : groups.length > 7) return null;
    const full: number[] = [];
    for (let k = 0; k < 8; k++) append(full, 0);
    for (let k = 0; k < groups.length; k++) {
      const pos = gap >= 0 && k >= gap ? 8 - (groups.length - k) : k;
      full[pos] = groups[k]!;
    }
    for (let k = 0; k < 8; k++) {
      out[2 * k] = full[k]! >> 8;
      out[2 * k + 1] = full[k]! & 0xff;
    }
    return out;
  };
  const isV4Mapped = (b: number[]): boolean => {
    for (let k = 0; k < 10; k++) if (b[k] !== 0) return false;
    return b[10] === 0xff && b[11] === 0xff;
  };
  /** null for an invalid CIDR. IPv4 CIDRs match IPv4 and IPv4-mapped IPv6 addresses. */
  const inNetwork = (cidr: string, addr: string): boolean | null => {
    const slash = indexOf(cidr, '/', 0);
    const base = parseIp(slash < 0 ? cidr : slash === 0 ? '' : slice(cidr, 0, slash));
    if (base === null) return null;
    const v4 = indexOf(slash < 0 ? cidr : slice(cidr, 0, slash), ':', 0) < 0;
    const max = v4 ? 32 : 128;
    let prefix = max;
    if (slash >= 0) {
      const p = slice(cidr, slash + 1);
      if (p.length === 0 || p.length > 3) return null;
      prefix = 0;
      for (let k = 0; k < p.length; k++) {
        const c = code(p, k);
        if (c < 48 || c > 57) return null;
        prefix = prefix * 10 + (c - 48);
      }
      if (prefix > max) return null;
    }
    if (v4) prefix += 96;
    const zone = indexOf(addr, '%', 0); // strip an IPv6 zone id
    const ip = parseIp(zone >= 0 ? slice(addr, 0, zone) : addr);
    if (ip === null) return false;
    if (v4 && !isV4Mapped(ip)) return false;
    for (let bit = 0; bit < prefix; bit += 8) {
      const bits = prefix - bit >= 8 ? 8 : prefix - bit;
      const mask = (0xff << (8 - bits)) & 0xff;
      if ((ip[bit >> 3]! & mask) !== (base[bit >> 3]! & mask)) return false;
    }
    return true;
  };

  // ---- header / media type syntax (mirrors response.ts on the host) ----
  // RFC 7230 tchar: "!#$%&'*+-.^_`|~", DIGIT, ALPHA
  const isTokenChar = (c: number): boolean =>
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
    c === 33 || (c >= 35 && c <= 39) || c === 42 || c === 43 || c === 45 || c === 46 || c === 94 || c === 95 || c === 96 || c === 124 || c === 126;
  const isToken = (s: string): boolean => {
    if (s.length === 0 || s.length > 256) return false;
    for (let i = 0; i < s.length; i++) if (!isTokenChar(code(s, i))) return false;
    return true;
  };
  /** '' when fine, else what is wrong. Same rule as node's http header value check. */
  const badValueChar = (s: string): string => {
    for (let i = 0; i < s.length; i++) {
      const c = code(s, i);
      if (c === 13 || c === 10) return 'CR/LF';
      if (c === 0) return 'NUL';
      if (c !== 9 && (c < 32 || c === 127 || c > 255)) return 'control or non-Latin-1 characters';
    }
    return '';
  };
  const FORBIDDEN: any = { __proto__: null, connection: 1, 'keep-alive': 1, 'transfer-encoding': 1, 'content-length': 1, upgrade: 1, te: 1, trailer: 1, 'content-encoding': 1, host: 1 };
  const forbiddenHeader = (lname: string): boolean => FORBIDDEN[lname] === 1 || slice(lname, 0, 6) === 'proxy-';

  // ---- the per-call entry ----
  const makeEntry = (factory: any) =>
    async function entry(payload: any, hostLog: (level: string, message: string) => void): Promise<any> {
      // Read everything from the payload first: hook code has not run yet in this context.
      const mode: string = payload.mode;
      const hookName: string = payload.name;
      const fileTag: string = payload.fileTag; // e.g. "hook:///foo.ts:"
      const input: any = payload.input ?? {};
      const attrIn: any = payload.attributes ?? {};
      const limits: any = payload.limits;
      const maxLines: number = limits.logLines;
      const maxLineChars: number = limits.logLineChars;
      const maxHeaders: number = limits.headers;
      const maxHeaderValue: number = limits.headerValue;
      // total size of the hook-set header section; see CALL_LIMITS.headerBytes in response.ts
      const maxHeaderBytes: number = limits.headerBytes;
      const maxEntity: number = limits.entityBytes;
      const maxVarBytes: number = limits.varsBytes;
      const rs: any = payload.response ?? {};
      const client: any = input.client ?? {};
      const grant: any = input.grant ?? {};
      const token: any = input.token ?? {};
      const request: any = input.request ?? {};

      // -- logging: capped here and again on the host --
      let lines = 0;
      let dropped = false;
      const fmt = (v: unknown): string => {
        try {
          if (typeof v === 'string') return v;
          if (typeof v !== 'object' || v === null) return typeof v === 'function' ? '[function]' : StringFn(v);
          const stack = ownString(v, 'stack');
          if (stack !== null) return stack;
          const s = jsonStringify(v);
          return typeof s === 'string' ? s : '[object]';
        } catch {
          return '[unprintable]';
        }
      };
      const emit = (level: string, args: any, gluuStyle: boolean): void => {
        if (lines >= maxLines) {
          if (!dropped) {
            dropped = true;
            hostLog('warn', `log limit of ${maxLines} lines per call reached; further output dropped`);
          }
          return;
        }
        lines++;
        let msg = '';
        let first = 0;
        if (gluuStyle && args.length > 1 && typeof args[0] === 'string') {
          // slf4j-style "{}" placeholders, as Gluu scripts use with print/log.info("… {}", x)
          const f: string = args[0];
          let argi = 1;
          let from = 0;
          for (;;) {
            const at = indexOf(f, '{}', from);
            if (at < 0 || argi >= args.length) break;
            msg += slice(f, from, at) + fmt(args[argi++]);
            from = at + 2;
            if (msg.length > maxLineChars) break;
          }
          msg += slice(f, from);
          first = argi;
        }
        for (let i = first; i < args.length && msg.length <= maxLineChars; i++) msg += (msg.length > 0 || i > 0 ? ' ' : '') + fmt(args[i]);
        if (msg.length > maxLineChars) msg = slice(msg, 0, maxLineChars) + '…';
        hostLog(level, msg);
      };
      const mkLogger = (gluu: boolean) => {
        const l = (level: string) =>
          function (...args: any[]): void {
            emit(level, args, gluu);
          };
        return freeze({ log: l('info'), info: l('info'), warn: l('warn'), error: l('error'), debug: l('debug'), trace: l('debug') });
      };
      const consoleObj = mkLogger(false);
      const logObj = mkLogger(true);
      defineProperty(g, 'console', { __proto__: null, value: consoleObj, writable: true, configurable: true, enumerable: false } as any);

      // -- forbidden module system --
      let importViolation: any = null;
      const requireShim = function require(specifier: unknown): never {
        const e = new ErrorCtor(`imports are not supported in hooks (tried to load ${jsonStringify(StringFn(specifier))}); hooks may only use the context object`);
        if (importViolation === null) importViolation = { specifier: StringFn(specifier), error: e };
        throw e;
      };

      // -- builder state (shared across the chain; copied in and out) --
      const st: any = {
        status: typeof rs.status === 'number' ? rs.status : null,
        headers: [] as any[],
        body: typeof rs.body === 'string' ? rs.body : null,
        contentType: typeof rs.contentType === 'string' ? rs.contentType : null,
        typeExplicit: rs.typeExplicit === true,
      };
      if (isArray(rs.headers)) for (let i = 0; i < rs.headers.length; i++) append(st.headers, [rs.headers[i][0], rs.headers[i][1]]);
      let builderViolation: string | null = null;
      const violate = (Ctor: any, msg: string): never => {
        if (builderViolation === null) builderViolation = msg;
        throw new Ctor(msg);
      };
      const setType = (mt: unknown): void => {
        if (mt === null || mt === undefined) {
          st.contentType = null;
          st.typeExplicit = false;
          return;
        }
        if (typeof mt !== 'string') violate(TypeErrorCtor, `type() expects a media type string, got ${typeName(mt)}`);
        const m = mt as string;
        const slash = indexOf(m, '/', 0);
        const semi = indexOf(m, ';', 0);
        const essence = semi < 0 ? m : slice(m, 0, semi);
        let trimmedEnd = essence.length;
        while (trimmedEnd > 0 && (code(essence, trimmedEnd - 1) === 32 || code(essence, trimmedEnd - 1) === 9)) trimmedEnd--;
        if (m.length > 255 || slash <= 0 || (semi >= 0 && slash > semi) || !isToken(slice(m, 0, slash)) || !isToken(slice(essence, slash + 1, trimmedEnd)) || badValueChar(m) !== '')
          violate(TypeErrorCtor, `type(): invalid media type ${jsonStringify(slice(m, 0, 80))}`);
        st.contentType = m;
        st.typeExplicit = true;
      };
      const builder: any = freeze({
        status(c: unknown) {
          if (typeof c !== 'number' || !isInteger(c) || (c as number) < 200 || (c as number) > 599)
            violate(RangeErrorCtor, `status() expects an integer between 200 and 599, got ${typeof c === 'number' ? StringFn(c) : typeName(c)}`);
          st.status = c;
          return builder;
        },
        header(name: unknown, value: unknown) {
          if (typeof name !== 'string' || !isToken(name)) violate(TypeErrorCtor, `header(): invalid header name ${typeof name === 'string' ? jsonStringify(slice(name, 0, 80)) : typeName(name)}`);
          const lname = lower(name as string);
          if (forbiddenHeader(lname)) violate(TypeErrorCtor, `header(): ${jsonStringify(name)} is a hop-by-hop or framing header and cannot be set by a hook`);
          if (lname === 'content-type') {
            setType(value);
            return builder;
          }
          if (value === null || value === undefined) {
            // JAX-RS semantics: header(name, null) removes every value of that header
            const kept: any[] = [];
            for (let i = 0; i < st.headers.length; i++) if (lower(st.headers[i][0]) !== lname) append(kept, st.headers[i]);
            st.headers = kept;
            return builder;
          }
          if (typeof value !== 'string' && !(typeof value === 'number' && isFiniteNumber(value)) && typeof value !== 'boolean')
            violate(TypeErrorCtor, `header(): value of ${jsonStringify(name)} must be a string, got ${typeName(value)}`);
          const v = StringFn(value);
          const bad = badValueChar(v);
          if (bad !== '') violate(TypeErrorCtor, `header(): value of ${jsonStringify(name)} contains ${bad}`);
          if (v.length > maxHeaderValue) violate(RangeErrorCtor, `header(): value of ${jsonStringify(name)} is longer than ${maxHeaderValue} bytes`);
          if (st.headers.length >= maxHeaders) violate(RangeErrorCtor, `header(): at most ${maxHeaders} headers may be set`);
          let bytes = (name as string).length + v.length + 4;
          for (let i = 0; i < st.headers.length; i++) bytes += st.headers[i][0].length + st.headers[i][1].length + 4;
          if (bytes > maxHeaderBytes) violate(RangeErrorCtor, `header(): the headers set by hooks may not exceed ${maxHeaderBytes} bytes in total`);
          append(st.headers, [name, v]);
          return builder;
        },
        entity(e: unknown) {
          if (e === undefined) violate(TypeErrorCtor, 'entity() expects a string or a JSON-serialisable value, got undefined');
          if (e === null) {
            st.body = null;
            if (!st.typeExplicit) st.contentType = null;
            return builder;
          }
          let text: string;
          let json = false;
          if (typeof e === 'string') text = e;
          else {
            try {
              text = toJsonText(e, 'entity()');
            } catch (err) {
              return violate(TypeErrorCtor, ownString(err, 'message') ?? 'entity() must be JSON-serialisable');
            }
            json = true;
          }
          if (utf8Length(text) > maxEntity) violate(RangeErrorCtor, `entity() is larger than ${maxEntity} bytes once serialised`);
          st.body = text;
          if (!st.typeExplicit) st.contentType = json ? 'application/json' : null;
          return builder;
        },
        type(mt: unknown) {
          setType(mt);
          return builder;
        },
        getStatus: () => st.status,
        getEntity: () => st.body,
        getType: () => st.contentType,
        getHeaders: () => {
          const out: any[] = [];
          for (let i = 0; i < st.headers.length; i++) append(out, [st.headers[i][0], st.headers[i][1]]);
          return out;
        },
        getHeader: (name: unknown) => {
          if (typeof name !== 'string') return null;
          const l = lower(name);
          for (let i = 0; i < st.headers.length; i++) if (lower(st.headers[i][0]) === l) return st.headers[i][1];
          return null;
        },
      });

      // -- context variables: a Map-like store; values are JSON copies --
      const store = new MapCtor();
      const varsIn = payload.vars;
      if (isArray(varsIn)) for (let i = 0; i < varsIn.length; i++) reflectApply(mapSet, store, [varsIn[i][0], jsonParse(varsIn[i][1])]);
      const key = (k: unknown): string => {
        if (typeof k !== 'string' || k.length === 0 || k.length > 256) throw new TypeErrorCtor('context variable names must be non-empty strings of at most 256 characters');
        return k;
      };
      const listOf = (kind: number): any[] => {
        const out: any[] = [];
        reflectApply(mapForEach, store, [(v: any, k: string) => append(out, kind === 0 ? k : kind === 1 ? v : [k, v])]);
        return out;
      };
      const vars: any = {
        get: (k: unknown) => (typeof k === 'string' && reflectApply(mapHas, store, [k]) ? reflectApply(mapGet, store, [k]) : undefined),
        set(k: unknown, v: unknown) {
          const name = key(k);
          const text = toJsonText(v, `context variable ${jsonStringify(name)}`);
          if (text.length > maxVarBytes) throw new RangeErrorCtor(`context variable ${jsonStringify(name)} is too large`);
          reflectApply(mapSet, store, [name, jsonParse(text)]);
          return vars;
        },
        has: (k: unknown) => typeof k === 'string' && reflectApply(mapHas, store, [k]),
        delete: (k: unknown) => typeof k === 'string' && reflectApply(mapDelete, store, [k]),
        clear: () => reflectApply(mapClear, store, []),
        keys: () => listOf(0),
        values: () => listOf(1),
        entries: () => listOf(2),
        forEach(cb: (v: any, k: string, m: any) => void) {
          const es = listOf(2);
          for (let i = 0; i < es.length; i++) cb(es[i][1], es[i][0], vars);
        },
        toJSON() {
          const o: any = {};
          const es = listOf(2);
          for (let i = 0; i < es.length; i++) put(o, es[i][0], es[i][1]);
          return o;
        },
      };
      defineProperty(vars, 'size', { __proto__: null, get: () => reflectApply(mapSizeGetter, store, []), enumerable: false, configurable: false } as any);
      freeze(vars);

      // -- configuration attributes: Gluu SimpleCustomProperty objects, usable as map or object --
      const attrKeys: string[] = objectKeys(attrIn);
      const attrs: any = {};
      const attrMap: any = { __proto__: null };
      const methodNames: any = { __proto__: null, get: 1, has: 1, containsKey: 1, keys: 1, keySet: 1, entries: 1, size: 1, toJSON: 1 };
      for (let i = 0; i < attrKeys.length; i++) {
        const k = attrKeys[i]!;
        const a = attrIn[k] ?? {};
        const v1 = StringFn(a.value1 ?? '');
        const v2 = StringFn(a.value2 ?? '');
        const d = StringFn(a.description ?? '');
        const prop = freeze({ value1: v1, value2: v2, description: d, getValue1: () => v1, getValue2: () => v2, getDescription: () => d });
        attrMap[k] = prop;
        if (methodNames[k] !== 1) put(attrs, k, prop);
      }
      hidden(attrs, 'get', (k: unknown) => (typeof k === 'string' && attrMap[k] !== undefined ? attrMap[k] : null));
      hidden(attrs, 'has', (k: unknown) => typeof k === 'string' && attrMap[k] !== undefined);
      hidden(attrs, 'containsKey', (k: unknown) => typeof k === 'string' && attrMap[k] !== undefined);
      hidden(attrs, 'keys', () => copyArray(attrKeys));
      hidden(attrs, 'keySet', () => copyArray(attrKeys));
      hidden(attrs, 'entries', () => {
        const out: any[] = [];
        for (let i = 0; i < attrKeys.length; i++) append(out, [attrKeys[i], attrMap[attrKeys[i]!]]);
        return out;
      });
      defineProperty(attrs, 'size', { __proto__: null, get: () => attrKeys.length, enumerable: false, configurable: false } as any);
      freeze(attrs);
      const script = freeze({ getName: () => hookName, getConfigurationAttributes: () => attrs });

      // -- the Gluu-compatible context --
      const reqHeaders = new MapCtor();
      const reqParams = new MapCtor();
      const fill = (m: any, o: any, lc: boolean): void => {
        if (o === null || typeof o !== 'object') return;
        const ks = objectKeys(o);
        for (let i = 0; i < ks.length; i++) if (typeof o[ks[i]!] === 'string') reflectApply(mapSet, m, [lc ? lower(ks[i]!) : ks[i], o[ks[i]!]]);
      };
      fill(reqHeaders, request.headers, true);
      fill(reqParams, request.parameters, false);
      const names = (m: any): string[] => {
        const out: string[] = [];
        reflectApply(mapForEach, m, [(_v: unknown, k: string) => append(out, k)]);
        return out;
      };
      const remoteAddr = StringFn(request.remoteAddr ?? '');
      const clientObj = freeze({
        getClientId: () => StringFn(client.clientId ?? ''),
        getClientName: () => str(client.clientName),
        getScopes: () => copyArray(client.scopes),
        isPublic: () => client.isPublic === true,
        getAuthenticationMethod: () => StringFn(client.authenticationMethod ?? ''),
      });
      const grantObj = freeze({
        getGrantId: () => StringFn(grant.grantId ?? ''),
        getClientId: () => StringFn(grant.clientId ?? ''),
        getSubject: () => str(grant.subject),
        getUserId: () => str(grant.subject),
        getScopes: () => copyArray(grant.scopes),
        getGrantType: () => StringFn(grant.grantType ?? ''),
        getAuthorizationGrantType: () => StringFn(grant.grantType ?? ''),
        getCreatedAt: () => num(grant.createdAt),
        getTokens: () => {
          const out: any[] = [];
          const ts = isArray(grant.tokens) ? grant.tokens : [];
          for (let i = 0; i < ts.length; i++) {
            const t = ts[i] ?? {};
            append(out, freeze({ type: StringFn(t.type ?? ''), issuedAt: num(t.issuedAt), expiresAt: num(t.expiresAt), revoked: t.revoked === true }));
          }
          return out;
        },
      });
      const tokenObj = freeze({
        getType: () => StringFn(token.type ?? ''),
        getIssuedAt: () => num(token.issuedAt),
        getExpiresAt: () => num(token.expiresAt),
        getScopes: () => copyArray(token.scopes),
        getHint: () => str(token.hint),
      });
      const httpObj = freeze({
        getMethod: () => StringFn(request.method ?? ''),
        getPath: () => StringFn(request.path ?? ''),
        getHeader: (n: unknown) => {
          if (typeof n !== 'string') return null;
          const l = lower(n);
          return reflectApply(mapHas, reqHeaders, [l]) ? reflectApply(mapGet, reqHeaders, [l]) : null;
        },
        getHeaderNames: () => names(reqHeaders),
        getParameter: (n: unknown) => (typeof n === 'string' && reflectApply(mapHas, reqParams, [n]) ? reflectApply(mapGet, reqParams, [n]) : null),
        getParameterNames: () => names(reqParams),
        getRemoteAddr: () => remoteAddr,
      });
      const context = freeze({
        getClient: () => clientObj,
        getGrant: () => grantObj,
        getToken: () => tokenObj,
        getHttpRequest: () => httpObj,
        getIpAddress: () => remoteAddr,
        isInNetwork: (cidr: unknown): boolean => {
          // Gluu's ExternalScriptContext.isInNetwork logs and returns false on a bad CIDR; so do we.
          const r = typeof cidr === 'string' ? inNetwork(cidr, remoteAddr) : null;
          if (r === null) {
            emit('warn', [`isInNetwork(): invalid CIDR ${typeof cidr === 'string' ? jsonStringify(slice(cidr, 0, 80)) : typeName(cidr)}; returning false`], false);
            return false;
          }
          return r;
        },
        getScript: () => script,
        getConfigurationAttributes: () => attrs,
        getContextVariables: () => vars,
        getLog: () => logObj,
        getResponseBuilder: () => builder,
      });

      // -- the result envelope --
      const fail = (kind: string, e: unknown, fallback: string): any => {
        let message = fallback;
        let line: number | null = null;
        let column: number | null = null;
        if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
          const m = ownString(e, 'message');
          const n = errorName(e);
          if (m !== null) message = n !== null && n !== 'Error' ? `${n}: ${m}` : m;
          else if (n === null) message = `threw a non-Error value (${typeName(e)})`;
          else message = n;
          const stack = ownString(e, 'stack');
          if (stack !== null) {
            const at = indexOf(stack, fileTag, 0);
            if (at >= 0) {
              let p = at + fileTag.length;
              let l = 0;
              while (p < stack.length && code(stack, p) >= 48 && code(stack, p) <= 57) l = l * 10 + (code(stack, p++) - 48);
              let c = 0;
              if (p < stack.length && code(stack, p) === 58) {
                p++;
                while (p < stack.length && code(stack, p) >= 48 && code(stack, p) <= 57) c = c * 10 + (code(stack, p++) - 48);
              }
              line = l > 0 ? l : null;
              column = c > 0 ? c : null;
            }
          }
        } else if (e !== undefined) {
          message = `threw ${typeof e === 'string' ? 'a string' : `a ${typeName(e)}`}: ${StringFn(e)}`;
        }
        if (message.length > 1000) message = slice(message, 0, 1000) + '…';
        return { __proto__: null, ok: false, kind, message, line, column };
      };
      const done = (value: unknown, extra: any): any => {
        if (importViolation !== null) return fail('import', importViolation.error, 'import');
        if (builderViolation !== null) return { __proto__: null, ok: false, kind: 'error', message: builderViolation, line: null, column: null };
        const outVars: any[] = [];
        const es = listOf(2);
        let total = 0;
        for (let i = 0; i < es.length; i++) {
          let text: string;
          try {
            text = toJsonText(es[i][1], `context variable ${jsonStringify(es[i][0])}`);
          } catch (err) {
            return fail('error', err, 'context variable is not JSON-serialisable');
          }
          total += text.length + es[i][0].length;
          if (total > maxVarBytes) return { __proto__: null, ok: false, kind: 'error', message: `context variables exceed ${maxVarBytes} bytes`, line: null, column: null };
          append(outVars, [es[i][0], text]);
        }
        return {
          __proto__: null,
          ok: true,
          value,
          apiVersion: extra,
          response: { status: st.status, headers: st.headers, body: st.body, contentType: st.contentType, typeExplicit: st.typeExplicit },
          vars: outVars,
        };
      };

      try {
        // Run the hook's top level (fresh for every call: hook globals are ephemeral).
        const exp: any = {};
        const mod: any = { exports: exp };
        const locals: any = factory(exp, mod, requireShim);
        const ex: any = mod.exports;
        // Resolve the accepted shapes to a target object with revoke() (and maybe lifecycle).
        let target: any = null;
        const isClassWithRevoke = (f: any): boolean => typeof f === 'function' && f.prototype != null && typeof f.prototype.revoke === 'function';
        if (ex !== null && (typeof ex === 'object' || typeof ex === 'function')) {
          const d = ex.default;
          if (typeof ex.revoke === 'function') target = ex;
          else if (isClassWithRevoke(d)) target = new d(dateNow());
          else if (d !== null && typeof d === 'object' && typeof d.revoke === 'function') target = d;
          else if (typeof d === 'function') target = { revoke: d };
          else if (isClassWithRevoke(ex.RevokeToken)) target = new ex.RevokeToken(dateNow());
        }
        if (target === null && locals !== null && typeof locals === 'object') {
          if (typeof locals.revoke === 'function') target = locals;
          else if (isClassWithRevoke(locals.RevokeToken)) target = new locals.RevokeToken(dateNow());
        }
        if (importViolation !== null) return done(undefined, null);
        if (target === null)
          return {
            __proto__: null,
            ok: false,
            kind: 'load',
            message: 'no revoke() found: declare `function revoke(context)`, `export function revoke`, `export default { revoke }`, a default-exported class with revoke(), or `class RevokeToken`',
            line: null,
            column: null,
          };

        if (mode === 'init') {
          let apiVersion: number | null = null;
          if (typeof target.getApiVersion === 'function') {
            const v = await target.getApiVersion();
            apiVersion = typeof v === 'number' && isFiniteNumber(v) ? v : null;
          }
          if (typeof target.init === 'function') {
            const r = await target.init(attrs, script);
            if (r === false) return { __proto__: null, ok: false, kind: 'init_false', message: 'init() returned false', line: null, column: null };
          }
          return done(true, apiVersion);
        }
        if (mode === 'destroy') {
          if (typeof target.destroy === 'function') await target.destroy(attrs);
          return done(true, null);
        }
        let result = target.revoke(context);
        if (result !== null && (typeof result === 'object' || typeof result === 'function')) result = await result;
        if (typeof result !== 'boolean') return { __proto__: null, ok: false, kind: 'invalid_result', message: `revoke() must return a boolean (or a promise of one), got ${typeName(result)}`, line: null, column: null };
        return done(result, null);
      } catch (e) {
        if (importViolation !== null) return fail('import', importViolation.error, 'import');
        return fail('error', e, 'hook threw');
      }
    };

  defineProperty(g, '__revokeHookDefine', {
    __proto__: null,
    configurable: true,
    enumerable: false,
    writable: false,
    value: function define(factory: unknown) {
      delete g.__revokeHookDefine;
      return makeEntry(factory);
    },
  } as any);
}

/** Source text run as the first script of every hook context. */
export const BOOTSTRAP_SOURCE = `(${bootstrapMain.toString()})(globalThis);`;
export const BOOTSTRAP_FILENAME = 'revoke-hooks:bootstrap';
