/**
 * Switch the engine to the fast kernels in Node: WASM SIMD (relaxed FMA where V8 has it) on a thread pool sized to
 * the machine. Falls back to the reference JS kernels, saying why when asked, if WebAssembly SIMD is unavailable.
 */
import { registerBackend, setBackend, getBackend } from '../core/kernels/backend.ts';
import { createNodeWasmBackend } from './kernel-threads.ts';

let ready: Promise<string> | null = null;

/** Resolves to the name of the backend in use ('wasm' or 'js'). Idempotent. */
export function useFastKernels(opts: { threads?: number } = {}): Promise<string> {
  if (ready) return ready;
  ready = (async () => {
    if (process.env.NETSKETCH_KERNELS === 'js') return getBackend().name;
    try {
      const b = await createNodeWasmBackend(opts.threads ? { threads: opts.threads } : {});
      if (!b) return getBackend().name;
      registerBackend(b);
      setBackend(b.name);
      return b.name;
    } catch (e) {
      if (process.env.NETSKETCH_DEBUG) console.error(`netsketch: fast kernels unavailable (${(e as Error).message}); using the JS kernels.`);
      return getBackend().name;
    }
  })();
  return ready;
}
