/**
 * A worker that dies (crash, out of memory, terminate) never answers comlink calls: they would hang forever.
 * `supervise` wraps a remote API so every pending and future call rejects with EngineCrashed once the host reports
 * the death. Pure TypeScript: the host (worker_threads, Web Worker) calls `markDead` from its error/exit handlers.
 */
export class EngineCrashed extends Error {
  constructor(public readonly reason: string, public readonly code?: number) {
    super(`The training engine stopped: ${reason}. Your graph and the charts so far are kept; restart the engine to continue (from the last checkpoint if there is one).`);
    this.name = 'EngineCrashed';
  }
}

export interface Supervised<T> {
  api: T;
  markDead(reason: string, code?: number): void;
  readonly dead: EngineCrashed | null;
  /** Number of calls awaiting an answer. */
  readonly pending: number;
}

export function supervise<T extends object>(remote: T): Supervised<T> {
  let dead: EngineCrashed | null = null;
  const waiting = new Set<(e: EngineCrashed) => void>();
  const api = new Proxy(remote, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof prop === 'symbol' || prop === 'then') return v;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (dead) return Promise.reject(dead);
        return new Promise((resolve, reject) => {
          const onDeath = (e: EngineCrashed) => reject(e);
          waiting.add(onDeath);
          Promise.resolve()
            .then(() => Reflect.apply(v as (...a: unknown[]) => unknown, target, args))
            .then(resolve, reject)
            .finally(() => waiting.delete(onDeath));
        });
      };
    },
  });
  return {
    api,
    markDead(reason: string, code?: number) {
      if (dead) return;
      dead = new EngineCrashed(reason, code);
      for (const r of [...waiting]) r(dead);
      waiting.clear();
    },
    get dead() { return dead; },
    get pending() { return waiting.size; },
  };
}
