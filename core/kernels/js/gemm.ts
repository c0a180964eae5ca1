import type { GemmArgs } from '../backend.ts';

/**
 * Reference GEMM: C = alpha·op(A)·op(B) + beta·C, row-major. Loop order i-k-j keeps the inner loop contiguous
 * over B and C rows for the common non-transposed case. It is the oracle for faster kernels, so clarity first.
 */
export function gemmRef(g: GemmArgs): void {
  const { transA, transB, M, N, K, alpha, beta, A, aOffset, lda, B, bOffset, ldb, C, cOffset, ldc } = g;
  for (let i = 0; i < M; i++) {
    const cRow = cOffset + i * ldc;
    if (beta === 0) for (let j = 0; j < N; j++) C[cRow + j] = 0;
    else if (beta !== 1) for (let j = 0; j < N; j++) C[cRow + j] *= beta;
    for (let k = 0; k < K; k++) {
      const a = alpha * (transA ? A[aOffset + k * lda + i] : A[aOffset + i * lda + k]);
      if (!transB) {
        const bRow = bOffset + k * ldb;
        for (let j = 0; j < N; j++) C[cRow + j] += a * B[bRow + j];
      } else {
        for (let j = 0; j < N; j++) C[cRow + j] += a * B[bOffset + j * ldb + k];
      }
    }
  }
}
