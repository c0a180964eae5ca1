/** A manual clock implementing core/project's TimerApi: time moves only when the test says so. */
import type { TimerApi } from '../../core/project/index.ts';

export class FakeTimer implements TimerApi {
  private t: number;
  private nextId = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.t + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Advances time by `ms`, firing due timers in order and letting the promises they start settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    while (true) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.pending) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.t = next[1].at;
      this.pending.delete(next[0]);
      next[1].fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

/** Lets queued microtasks and resolved-promise chains run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}
