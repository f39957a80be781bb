// Several isolates for one hook version. One isolate runs one call at a time, so on a machine with
// more than one core a busy hook queues behind itself; a small pool spreads its calls. Every member
// compiles the same code; init() and destroy() run once, on the first member, as Gluu runs them once
// per load.
import { HookSandbox, type InvokePayload, type InvokeResult } from './sandbox.js';
import type { HookLogLine } from './types.js';

export class SandboxPool {
  private readonly inflight: number[];
  private next = 0;

  constructor(private readonly members: HookSandbox[]) {
    this.inflight = members.map(() => 0);
  }

  /** grows a pool from a loaded sandbox; members that fail to build are left out */
  static async grow(first: HookSandbox, size: number, onCatastrophicError: (msg: string) => void): Promise<SandboxPool> {
    const extra = await Promise.all(
      Array.from({ length: Math.max(0, size - 1) }, async () => {
        const s = new HookSandbox({ compiled: first.compiled, limits: first.limits, onCatastrophicError });
        try {
          await s.ensure();
          return s;
        } catch {
          s.dispose();
          return null;
        }
      }),
    );
    return new SandboxPool([first, ...extra.filter((s): s is HookSandbox => s !== null)]);
  }

  get size(): number {
    return this.members.length;
  }

  async invoke(payload: InvokePayload, onLog: (level: HookLogLine['level'], message: string) => void): Promise<InvokeResult> {
    if (payload.mode !== 'revoke') return this.members[0]!.invoke(payload, onLog);
    // the least busy member; ties go round-robin so idle members share the work
    let pick = this.next % this.members.length;
    for (let k = 0; k < this.members.length; k++) {
      const i = (this.next + k) % this.members.length;
      if (this.inflight[i]! < this.inflight[pick]!) pick = i;
    }
    this.next = pick + 1;
    this.inflight[pick]!++;
    try {
      return await this.members[pick]!.invoke(payload, onLog);
    } finally {
      this.inflight[pick]!--;
    }
  }

  dispose(): void {
    for (const m of this.members) m.dispose();
  }
}
