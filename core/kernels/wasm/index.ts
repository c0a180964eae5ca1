import { MAX_PAGES, relaxed, relaxedShared, simd, simdShared } from './generated/kernels-wasm.ts';
import { WasmArena } from './arena.ts';
import { KernelPool, canBlock, type WorkerFactory } from './pool.ts';
import { DEFAULT_TUNING, THREAD_KERNELS, WasmBackend, type KernelExports, type WasmTuning } from './wasm-backend.ts';
import { decodeBase64, wasmApi, type WasmModule } from './webassembly.ts';

export { WasmBackend, DEFAULT_TUNING, type WasmTuning } from './wasm-backend.ts';
export { KERNEL_WORKER_SOURCE, type KernelWorkerHandle, type WorkerFactory } from './pool.ts';
export { webWorkerFactory } from './web-workers.ts';

export interface WasmBackendOptions {
  /**
   * Threads for large calls, the calling thread included. Default: 1 without a workerFactory. Needs
   * SharedArrayBuffer (cross-origin isolation in browsers) and a caller that may block (a worker, or Node).
   */
  threads?: number;
  /** Starts pool workers; the host provides it (cli/kernel-threads.ts for Node). */
  workerFactory?: WorkerFactory;
  /** 'auto' picks relaxed SIMD when the engine validates it, else plain SIMD128. */
  simd?: 'auto' | 'relaxed' | 'simd';
  tuning?: Partial<WasmTuning>;
  /** A threaded call whose workers make no progress for this long fails and stops the pool (default 120 s). */
  workerStallMs?: number;
}

/** What this engine supports, without instantiating anything. */
export function wasmSupport(): { simd: boolean; relaxed: boolean; threads: boolean } {
  const api = wasmApi();
  if (!api) return { simd: false, relaxed: false, threads: false };
  const simdOk = api.validate(decodeBase64(simd));
  return {
    simd: simdOk,
    relaxed: simdOk && api.validate(decodeBase64(relaxed)),
    threads: simdOk && api.validate(decodeBase64(simdShared)) && canBlock(),
  };
}

/**
 * Build the wasm backend: relaxed SIMD if available (else plain SIMD128), shared memory and a worker pool if
 * `threads > 1` and the host allows it (else single-threaded). Resolves to null when this engine has no wasm SIMD
 * at all; keep the JS reference backend then. Register the result with registerBackend().
 */
export async function createWasmBackend(opts: WasmBackendOptions = {}): Promise<WasmBackend | null> {
  const api = wasmApi();
  if (!api) return null;
  const want = opts.simd ?? 'auto';
  const useRelaxed = want !== 'simd' && api.validate(decodeBase64(relaxed));
  if (want === 'relaxed' && !useRelaxed) {
    throw new Error("createWasmBackend: simd 'relaxed' was requested but this engine does not support relaxed SIMD " +
      '(Node 20 needs --experimental-wasm-relaxed-simd; Safari has none). Use simd: \'auto\'.');
  }
  const requested = Math.max(1, Math.floor(opts.threads ?? 1));
  const threaded = requested > 1 && !!opts.workerFactory && typeof SharedArrayBuffer === 'function' && canBlock();
  const source = useRelaxed ? (threaded ? relaxedShared : relaxed) : (threaded ? simdShared : simd);
  const bytes = decodeBase64(source);
  if (!api.validate(bytes)) {
    if (threaded) return createWasmBackend({ ...opts, threads: 1 });
    return null;
  }
  let memory;
  try {
    memory = new api.Memory({ initial: 1, maximum: MAX_PAGES, shared: threaded });
  } catch (e) {
    if (threaded) return createWasmBackend({ ...opts, threads: 1 });
    throw e;
  }
  const module: WasmModule = await api.compile(bytes);
  const instance = await api.instantiate(module, { env: { memory } });
  const ex = instance.exports as unknown as KernelExports;
  const arena = new WasmArena(memory, ex.heapBase());
  let pool: KernelPool | null = null;
  if (threaded) {
    try {
      pool = await KernelPool.start(opts.workerFactory!, requested - 1, module, memory, arena.ctrlOffset, THREAD_KERNELS);
      if (opts.workerStallMs !== undefined) pool.stallMs = opts.workerStallMs;
    } catch {
      pool = null; // the pool is an optimisation: run single-threaded
    }
  }
  return new WasmBackend(ex, arena, pool, useRelaxed, { ...DEFAULT_TUNING, ...opts.tuning });
}
