// Shared fixtures for the hooks-*.test.ts files: temp hook directories, a sample input, log capture.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import pino from 'pino';
import { HookRuntime, type HookRuntimeOptions } from '../src/hooks/runtime.js';
import type { HookInput, HookLogLine } from '../src/hooks/types.js';

export function sampleInput(over: { params?: Record<string, string>; remoteAddr?: string; tokenScopes?: string[] } = {}): HookInput {
  return {
    client: { clientId: 'client-1', clientName: 'Client One', scopes: ['openid', 'service'], isPublic: false, authenticationMethod: 'client_secret_basic' },
    grant: {
      grantId: 'grant-1',
      clientId: 'client-1',
      subject: 'user-1',
      scopes: ['openid', 'profile'],
      grantType: 'authorization_code',
      createdAt: 1_700_000_000,
      tokens: [
        { type: 'access_token', issuedAt: 1_700_000_001, expiresAt: 1_700_003_601, revoked: false },
        { type: 'refresh_token', issuedAt: 1_700_000_001, expiresAt: null, revoked: false },
      ],
    },
    token: { type: 'access_token', issuedAt: 1_700_000_001, expiresAt: 1_700_003_601, scopes: over.tokenScopes ?? ['openid', 'profile'], hint: 'access_token' },
    request: {
      method: 'POST',
      path: '/revoke',
      headers: { 'user-agent': 'test-agent/1.0', 'content-type': 'application/x-www-form-urlencoded' },
      parameters: { token_type_hint: 'access_token', ...(over.params ?? {}) },
      remoteAddr: over.remoteAddr ?? '::ffff:127.0.0.1',
    },
  };
}

export interface Harness {
  rt: HookRuntime;
  dir: string;
  logs: HookLogLine[];
  catastrophic: string[];
  write(file: string, text: string): Promise<void>;
  close(): Promise<void>;
}

/** A runtime over a fresh temp dir holding `files`. Call close() (disposes isolates, removes the dir). */
export async function harness(files: Record<string, string>, opts: Partial<HookRuntimeOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'revoke-hooks-test-'));
  for (const [f, t] of Object.entries(files)) await writeFile(path.join(dir, f), t);
  const logs: HookLogLine[] = [];
  const catastrophic: string[] = [];
  const rt = new HookRuntime({
    hooksDir: dir,
    logger: pino({ level: 'silent' }),
    onLog: (l) => logs.push(l),
    onCatastrophicError: (m) => catastrophic.push(m),
    ...opts,
  });
  await rt.loadAll();
  return {
    rt,
    dir,
    logs,
    catastrophic,
    write: (f, t) => writeFile(path.join(dir, f), t),
    close: async () => {
      await rt.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Strings that must never reach hook-visible or admin-visible messages. */
export function assertNoHostLeak(text: string, extra: string[] = []): void {
  for (const needle of [process.cwd(), os.tmpdir() + path.sep, 'node_modules', '/dist/', 'file://', 'isolated-vm boundary', ...extra]) {
    assert.ok(!text.includes(needle), `leaked ${JSON.stringify(needle)} in: ${text}`);
  }
}

export const sidecar = (o: object): string => JSON.stringify(o);
