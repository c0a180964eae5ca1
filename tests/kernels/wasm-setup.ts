// Shared set-up for the wasm kernel tests: builds the generated wasm module if a fresh checkout lacks it, then
// creates backends on demand (imports are dynamic so the build can run first).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WasmBackend, WasmTuning } from '../../core/kernels/wasm/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function ensureWasmBuilt(): void {
  if (!existsSync(`${root}/core/kernels/wasm/generated/kernels-wasm.ts`)) {
    execFileSync(process.execPath, [`${root}/scripts/build-wasm.mjs`], { stdio: 'inherit' });
  }
}

/** A wasm backend with `threads` threads; tuning defaults force the wasm path and threading even for tiny calls. */
export async function makeBackend(threads: number, tuning: Partial<WasmTuning> = { minWasmWork: 0, minThreadWork: 1 },
  simd: 'auto' | 'simd' | 'relaxed' = 'auto'): Promise<WasmBackend> {
  ensureWasmBuilt();
  const { createNodeWasmBackend } = await import('../../cli/kernel-threads.ts');
  const be = await createNodeWasmBackend({ threads, tuning, simd });
  if (!be) throw new Error('this Node has no WebAssembly SIMD; the wasm backend cannot be tested here');
  if (be.threads !== threads) throw new Error(`asked for ${threads} threads, got ${be.threads}`);
  return be;
}

/** Deterministic uniform(-1, 1) floats (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

export function randomArray(n: number, rand: () => number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rand();
  return a;
}

/**
 * Largest violation of |got − want| ≤ rtol·bound + atol, where bound is an elementwise magnitude bound (Σ|terms|).
 * NaN must match NaN exactly. Returns '' when all elements pass, else a description of the first failure.
 */
export function compare(got: ArrayLike<number>, want: ArrayLike<number>, bound: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): string {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) return `element ${i}: got ${g}, want ${w}`;
      continue;
    }
    if (!(Math.abs(g - w) <= rtol * bound[i] + atol)) return `element ${i}: got ${g}, want ${w} (bound ${bound[i]})`;
  }
  return '';
}
