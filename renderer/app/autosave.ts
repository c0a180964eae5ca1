/**
 * When to write recovery copies: about `debounceMs` after the last edit, but at least every `maxWaitMs` while
 * edits keep coming. Framework-free, with injectable timers for tests.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class Autosaver {
  private timer: unknown = null;
  private firstChangeAt: number | null = null;

  constructor(
    private readonly write: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
    private readonly debounceMs = 3000,
    private readonly maxWaitMs = 30000,
    private readonly timers: Timers = realTimers,
  ) {}

  /** An edit happened: (re)schedule the write. */
  changed(): void {
    const now = this.timers.now();
    this.firstChangeAt ??= now;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    const due = Math.min(now + this.debounceMs, this.firstChangeAt + this.maxWaitMs);
    this.timer = this.timers.setTimeout(() => void this.flush(), Math.max(0, due - now));
  }

  /** Nothing to write any more (saved or discarded). */
  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.firstChangeAt = null;
  }

  /** Writes now if a write is pending. */
  async flush(): Promise<void> {
    if (this.firstChangeAt === null) return;
    this.cancel();
    try {
      await this.write();
    } catch (err) {
      this.onError(err);
    }
  }
}
