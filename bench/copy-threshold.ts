// Where does the wasm gemm start beating the JS reference, copies into and out of wasm memory included?
// `node bin/run-ts.mjs bench/copy-threshold.ts` prints, per shape, µs per call for the JS reference, the wasm path
// (copy in + kernel + copy out) and the share of the wasm time spent copying. It informs DEFAULT_TUNING.minWasmWork.
import { gemmRef } from '../core/kernels/js/gemm.ts';
import { createNodeWasmBackend } from '../cli/kernel-threads.ts';
import type { GemmArgs } from '../core/kernels/backend.ts';

const be = (await createNodeWasmBackend({ threads: 1, tuning: { minWasmWork: 0 } }))!;
/** Best mean over 30 short windows: the machine is shared, so the minimum filters out preemption. */
function time(fn: () => void): number {
  for (let i = 0; i < 50; i++) fn();
  let best = Infinity;
  for (let w = 0; w < 30; w++) {
    let reps = 0;
    const t0 = performance.now();
    do { fn(); reps++; } while (performance.now() - t0 < 2);
    best = Math.min(best, ((performance.now() - t0) / reps) * 1000);
  }
  return best;
}
console.log('M×N×K            work   JS µs  wasm µs  copy µs (share)');
for (const [M, N, K] of [[2, 2, 2], [4, 4, 4], [8, 8, 8], [16, 16, 16], [8, 32, 16], [32, 32, 32], [64, 64, 64], [1, 256, 256], [256, 256, 1], [128, 128, 128]]) {
  const A = new Float32Array(M * K).fill(0.5), B = new Float32Array(K * N).fill(0.25), C = new Float32Array(M * N);
  const g: GemmArgs = { transA: false, transB: false, M, N, K, alpha: 1, beta: 0, A, aOffset: 0, lda: K, B, bOffset: 0, ldb: N, C, cOffset: 0, ldc: N };
  const js = time(() => gemmRef(g));
  const wasm = time(() => be.gemm(g));
  // the copies alone: the same traffic through typed-array set()
  const mem = new Float32Array(M * K + K * N + M * N);
  const copy = time(() => { mem.set(A, 0); mem.set(B, M * K); C.set(mem.subarray(0, M * N)); });
  console.log(`${`${M}×${N}×${K}`.padEnd(14)} ${String(M * N * K).padStart(8)} ${js.toFixed(2).padStart(7)} ${wasm.toFixed(2).padStart(8)} ${copy.toFixed(2).padStart(8)} (${((copy / wasm) * 100).toFixed(0)}%)`);
}
be.dispose();
