/**
 * Node host for engine workers: starts a worker_threads Worker running a TypeScript module (through tsx), wraps
 * it with comlink's Node adapter and the supervisor, so a dead worker rejects its pending calls instead of hanging.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { supervise, type Supervised } from '../core/session/supervise.ts';

const BOOT = fileURLToPath(new URL('./worker-boot.mjs', import.meta.url));

export type WorkerHandle<T> = Supervised<Comlink.Remote<T>> & {
  worker: Worker;
  terminate(): Promise<void>;
};

/** Start `modulePath` (a .ts file that calls exposeInWorker) in a worker thread. */
export function startWorker<T>(modulePath: string, opts: { resourceLimits?: { maxOldGenerationSizeMb?: number } } = {}): WorkerHandle<T> {
  const worker = new Worker(BOOT, {
    workerData: { module: pathToFileURL(modulePath).href },
    resourceLimits: opts.resourceLimits,
  });
  const remote = Comlink.wrap<T>(nodeEndpoint(worker));
  const sup = supervise(remote as object) as Supervised<Comlink.Remote<T>>;
  worker.on('error', (e) => sup.markDead(`worker error: ${e.message}`));
  worker.on('exit', (code) => sup.markDead(code === 0 ? 'the worker exited' : `the worker exited with code ${code}`, code));
  worker.on('messageerror', (e) => sup.markDead(`a message could not be read: ${String(e)}`));
  return Object.assign(sup, {
    worker,
    async terminate() {
      sup.markDead('the worker was stopped');
      await worker.terminate();
    },
  }) as WorkerHandle<T>;
}

/** Wrap a callback so it is called across the thread boundary (comlink's proxy, from the same module instance). */
export const proxy = Comlink.proxy;
