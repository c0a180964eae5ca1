// When does splitting a gemm over the worker pool pay? `node bin/run-ts.mjs bench/thread-threshold.ts` prints µs
// per call on 1 thread and on all cores for growing cubes. It informs DEFAULT_TUNING.minThreadWork.
import { availableParallelism } from 'node:os';
import { createNodeWasmBackend } from '../cli/kernel-threads.ts';
import type { GemmArgs } from '../core/kernels/backend.ts';

const one = (await createNodeWasmBackend({ threads: 1, tuning: { minWasmWork: 0 } }))!;
const all = (await createNodeWasmBackend({ threads: availableParallelism(), tuning: { minWasmWork: 0, minThreadWork: 1 } }))!;
/** Best mean over 30 short windows (the machine is shared; the minimum filters out preemption). */
function time(fn: () => void): number {
  for (let i = 0; i < 20; i++) fn();
  let best = Infinity;
  for (let w = 0; w < 30; w++) {
    let reps = 0;
    const t0 = performance.now();
    do { fn(); reps++; } while (performance.now() - t0 < 3);
    best = Math.min(best, ((performance.now() - t0) / reps) * 1000);
  }
  return best;
}
console.log(`n³ (work)            1T µs   ${all.threads}T µs  speed-up`);
for (const n of [16, 32, 48, 64, 96, 128, 192, 256]) {
  const A = new Float32Array(n * n).fill(0.5), B = new Float32Array(n * n).fill(0.25), C = new Float32Array(n * n);
  const g: GemmArgs = { transA: false, transB: false, M: n, N: n, K: n, alpha: 1, beta: 0, A, aOffset: 0, lda: n, B, bOffset: 0, ldb: n, C, cOffset: 0, ldc: n };
  const t1 = time(() => one.gemm(g)), tn = time(() => all.gemm(g));
  console.log(`${`${n}³ (${n ** 3})`.padEnd(18)} ${t1.toFixed(1).padStart(8)} ${tn.toFixed(1).padStart(8)} ${(t1 / tn).toFixed(2).padStart(8)}`);
}
one.dispose();
all.dispose();
