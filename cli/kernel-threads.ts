/**
 * Node host for the wasm kernel thread pool: starts pool workers with worker_threads and builds the wasm backend
 * with one thread per available core. core/ cannot import worker_threads, so it asks the host for a WorkerFactory.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { registerBackend, setBackend } from '../core/kernels/backend.ts';
import { createWasmBackend, type KernelWorkerHandle, type WasmBackend, type WasmBackendOptions, type WorkerFactory } from '../core/kernels/wasm/index.ts';

/** Starts a worker_threads worker evaluating the pool's worker source (plain JS, no TS loader needed). */
export const nodeWorkerFactory: WorkerFactory = (source: string): KernelWorkerHandle => {
  const prelude = "const { parentPort } = require('node:worker_threads');\n" +
    'const post = (m) => parentPort.postMessage(m);\n' +
    "const listen = (h) => parentPort.on('message', h);\n";
  const worker = new Worker(prelude + source, { eval: true });
  // The pool's workers idle in Atomics.wait; they must not keep the process alive.
  worker.unref();
  // A 'message' listener keeps the process alive even on an unref'd worker, so it is attached only while the pool
  // wants messages (until the worker reports ready; the pool then sets onmessage to null).
  let onmessage: ((data: unknown) => void) | null = null;
  const forward = (data: unknown): void => onmessage?.(data);
  const handle: KernelWorkerHandle = {
    postMessage: (m) => worker.postMessage(m),
    get onmessage() { return onmessage; },
    set onmessage(fn) {
      if (fn && !onmessage) worker.on('message', forward);
      if (!fn && onmessage) worker.off('message', forward);
      onmessage = fn;
    },
    onerror: null,
    terminate: () => { void worker.terminate(); },
  };
  worker.on('error', (err) => handle.onerror?.(err));
  return handle;
};

/**
 * The wasm backend for Node: `threads` defaults to the number of cores (os.availableParallelism()).
 * Relaxed SIMD is used when V8 accepts it (Node ≥ 22, or Node 20 run with --experimental-wasm-relaxed-simd).
 * Resolves to null when the engine lacks wasm SIMD; keep the JS backend then.
 */
export function createNodeWasmBackend(opts: Omit<WasmBackendOptions, 'workerFactory'> = {}): Promise<WasmBackend | null> {
  return createWasmBackend({ threads: availableParallelism(), ...opts, workerFactory: nodeWorkerFactory });
}

/**
 * Create the Node wasm backend, register it and make it the active backend ('wasm'). Resolves to the backend, or to
 * null (leaving the current backend active) when the engine has no wasm SIMD.
 */
export async function installNodeWasmBackend(opts: Omit<WasmBackendOptions, 'workerFactory'> = {}): Promise<WasmBackend | null> {
  const be = await createNodeWasmBackend(opts);
  if (!be) return null;
  registerBackend(be);
  setBackend(be.name);
  return be;
}
