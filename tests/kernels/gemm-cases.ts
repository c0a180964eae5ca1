// Random gemm cases and the comparison against the JS reference, shared by the wasm gemm tests.
import { gemmRef } from '../../core/kernels/js/gemm.ts';
import type { GemmArgs } from '../../core/kernels/backend.ts';
import type { WasmBackend } from '../../core/kernels/wasm/index.ts';
import { compare, randomArray, rng } from './wasm-setup.ts';

export interface Case { transA: boolean; transB: boolean; M: number; N: number; K: number; alpha: number; beta: number;
  padA: number; padB: number; padC: number; aOff: number; bOff: number; cOff: number; nanA?: boolean; nanC?: boolean }

function buildArgs(c: Case, rand: () => number): GemmArgs {
  const rowsA = c.transA ? c.K : c.M, colsA = c.transA ? c.M : c.K;
  const rowsB = c.transB ? c.N : c.K, colsB = c.transB ? c.K : c.N;
  const lda = colsA + c.padA, ldb = colsB + c.padB, ldc = c.N + c.padC;
  const A = randomArray(c.aOff + rowsA * lda + 3, rand);
  const B = randomArray(c.bOff + rowsB * ldb + 3, rand);
  const C = randomArray(c.cOff + c.M * ldc + 3, rand);
  if (c.nanA) A[c.aOff + Math.floor((rand() * 0.5 + 0.5) * (rowsA - 1)) * lda + Math.floor((rand() * 0.5 + 0.5) * (colsA - 1))] = NaN;
  if (c.nanC) C[c.cOff + Math.floor((rand() * 0.5 + 0.5) * (c.M - 1)) * ldc] = NaN;
  return { transA: c.transA, transB: c.transB, M: c.M, N: c.N, K: c.K, alpha: c.alpha, beta: c.beta,
    A, aOffset: c.aOff, lda, B, bOffset: c.bOff, ldb, C, cOffset: c.cOff, ldc };
}

/** Runs the case on the backend and on the reference; '' if they agree (C compared whole, gaps included). */
export function check(be: WasmBackend, c: Case, seed: number): string {
  const args = buildArgs(c, rng(seed));
  const want = args.C.slice() as Float32Array;
  gemmRef({ ...args, C: want });
  const abs = (x: ArrayLike<number>) => Float32Array.from(x as Float32Array, Math.abs);
  const bound = abs(args.C);
  gemmRef({ ...args, A: abs(args.A), B: abs(args.B), C: bound, alpha: Math.abs(c.alpha), beta: Math.abs(c.beta) });
  const got = args.C.slice() as Float32Array;
  be.gemm({ ...args, C: got });
  const err = compare(got, want, bound);
  return err && `${JSON.stringify(c)}: ${err}`;
}

export function randomCase(rand: () => number, maxDim: number): Case {
  const dim = () => 1 + Math.floor((rand() * 0.5 + 0.5) * maxDim);
  const pick = <T>(xs: T[]) => xs[Math.floor((rand() * 0.5 + 0.5) * xs.length) % xs.length];
  return {
    transA: rand() > 0, transB: rand() > 0, M: dim(), N: dim(), K: dim(),
    alpha: pick([1, -0.5, 2, 0.25]), beta: pick([0, 1, -1.5, 0.5]),
    padA: pick([0, 0, 1, 5]), padB: pick([0, 0, 3, 8]), padC: pick([0, 0, 2, 7]),
    aOff: pick([0, 1, 17]), bOff: pick([0, 3]), cOff: pick([0, 5]),
  };
}

