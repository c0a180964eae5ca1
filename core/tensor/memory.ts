/**
 * Tensor memory accounting. Tensor data lives in ArrayBuffers, outside the JS heap limits a worker can set, so a
 * run that allocates too much would take the whole page or process down. Every Storage is counted here (and
 * uncounted when garbage-collected); with a budget set, an allocation that would pass it throws MemoryBudgetError
 * — a clear message, before the process dies.
 */
export class MemoryBudgetError extends Error {
  constructor(public readonly requested: number, public readonly live: number, public readonly budget: number) {
    super(
      `Tensor memory budget exceeded: this step needs ${mb(requested)} more while ${mb(live)} are in use, and the budget is ${mb(budget)}. ` +
        'Lower the batch size, use fewer or smaller layers, or raise the memory budget in the settings.',
    );
    this.name = 'MemoryBudgetError';
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

let live = 0;
let peak = 0;
let budget = Infinity;
const registry: FinalizationRegistry<number> | null =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number>((bytes) => { live -= bytes; }) : null;

/** Called by Storage for each new allocation. */
export function trackAllocation(owner: object, bytes: number): void {
  if (bytes === 0) return;
  if (live + bytes > budget) throw new MemoryBudgetError(bytes, live, budget);
  live += bytes;
  if (live > peak) peak = live;
  registry?.register(owner, bytes, owner);
}

/** Called when a storage's memory is handed back early (the buffer pool): stop counting it now, not at GC. */
export function untrackAllocation(owner: object, bytes: number): void {
  if (bytes === 0) return;
  if (registry) { if (registry.unregister(owner)) live -= bytes; } else live -= bytes;
}

/** Set the budget in bytes (Infinity for none). */
export function set_memory_budget(bytes: number): void {
  if (!(bytes > 0)) throw new RangeError(`set_memory_budget: the budget must be a positive number of bytes, got ${bytes}`);
  budget = bytes;
}

export function memory_stats(): { live: number; peak: number; budget: number } {
  return { live, peak, budget };
}

export function reset_peak_memory(): void {
  peak = live;
}
