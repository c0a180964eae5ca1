// Entry point of the WebAssembly kernels. Every export takes raw byte pointers into the (imported, possibly
// shared) linear memory; no GC objects cross the boundary. *Thread exports take (args, tid, nthreads): the host
// writes one argument block, and each thread (the main one is tid 0) computes its own slice.
import { gemm, gemmScratchBytes, MR, NR } from './gemm';
export { gemm, gemmScratchBytes } from './gemm';
export { conv2dForwardThread, conv2dBackwardInputThread, conv2dBackwardWeightThread, convScratchBytes, addInto } from './conv';

/** First free byte after static data; the host's arena starts here. */
export function heapBase(): usize {
  return __heap_base;
}

// gemm argument block slots: transA, transB, M, N, K, alpha(f32), beta(f32), a, lda, b, ldb, c, ldc, scratch, stride
export function gemmThread(args: usize, tid: i32, nt: i32): void {
  const transA = load<i32>(args); const transB = load<i32>(args, 4);
  const M = load<i32>(args, 8); const N = load<i32>(args, 12); const K = load<i32>(args, 16);
  const alpha = load<f32>(args, 20); const beta = load<f32>(args, 24);
  let a = <usize>load<i32>(args, 28); const lda = load<i32>(args, 32);
  let b = <usize>load<i32>(args, 36); const ldb = load<i32>(args, 40);
  let c = <usize>load<i32>(args, 44); const ldc = load<i32>(args, 48);
  const scratch = <usize>load<i32>(args, 52) + <usize>(tid * load<i32>(args, 56));
  if (nt <= 1) {
    gemm(transA, transB, M, N, K, alpha, beta, a, lda, b, ldb, c, ldc, scratch);
    return;
  }
  if (N >= M) {
    // split columns in whole NR panels
    const panels = (N + NR - 1) / NR;
    const per = ((panels + nt - 1) / nt) * NR;
    const j0 = tid * per;
    if (j0 >= N) return;
    const n = min(per, N - j0);
    b += <usize>((transB != 0 ? j0 * ldb : j0) * 4);
    c += <usize>(j0 * 4);
    gemm(transA, transB, M, n, K, alpha, beta, a, lda, b, ldb, c, ldc, scratch);
  } else {
    const panels = (M + MR - 1) / MR;
    const per = ((panels + nt - 1) / nt) * MR;
    const i0 = tid * per;
    if (i0 >= M) return;
    const m = min(per, M - i0);
    a += <usize>((transA != 0 ? i0 : i0 * lda) * 4);
    c += <usize>(i0 * ldc * 4);
    gemm(transA, transB, m, N, K, alpha, beta, a, lda, b, ldb, c, ldc, scratch);
  }
}
