// The wasm SGEMM against the JS reference gemm (the oracle), single- and multi-threaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gemmRef } from '../../core/kernels/js/gemm.ts';
import type { WasmBackend } from '../../core/kernels/wasm/index.ts';
import { check, randomCase, type Case } from './gemm-cases.ts';
import { makeBackend, rng } from './wasm-setup.ts';

for (const threads of [1, 2]) {
  describe(`wasm gemm, ${threads} thread(s)`, () => {
    let be: WasmBackend;
    beforeAll(async () => { be = await makeBackend(threads); });
    afterAll(() => be?.dispose());

    it('matches the reference on 300 random shapes (all transposes, alpha/beta, lda/ldb/ldc, offsets)', () => {
      const rand = rng(1000 + threads);
      const failures: string[] = [];
      for (let i = 0; i < 300; i++) {
        const err = check(be, randomCase(rand, i < 200 ? 24 : 70), 7 * i + threads);
        if (err) failures.push(err);
      }
      expect(failures).toEqual([]);
    });

    it('handles 1×1, K = 1, vectors and tiles around the 4×8 micro-kernel', () => {
      const failures: string[] = [];
      const dims = [[1, 1, 1], [1, 1, 9], [1, 9, 1], [9, 1, 1], [4, 8, 1], [5, 9, 1], [3, 7, 2], [4, 8, 4], [8, 16, 5], [12, 24, 33], [1, 300, 7], [300, 1, 7]];
      let seed = 1;
      for (const [M, N, K] of dims) {
        for (const transA of [false, true]) for (const transB of [false, true]) {
          const err = check(be, { transA, transB, M, N, K, alpha: 1, beta: 0, padA: 1, padB: 2, padC: 3, aOff: 2, bOff: 1, cOff: 4 }, seed++);
          if (err) failures.push(err);
        }
      }
      expect(failures).toEqual([]);
    });

    it('crosses the cache blocks (M > 128, K > 256, N > 2048)', () => {
      const failures: string[] = [];
      const cases: Case[] = [
        { transA: false, transB: false, M: 131, N: 37, K: 300, alpha: 1, beta: 0.5, padA: 0, padB: 0, padC: 0, aOff: 0, bOff: 0, cOff: 0 },
        { transA: true, transB: true, M: 260, N: 19, K: 520, alpha: -1, beta: 1, padA: 3, padB: 1, padC: 2, aOff: 1, bOff: 2, cOff: 3 },
        { transA: false, transB: true, M: 5, N: 2100, K: 3, alpha: 2, beta: 0, padA: 0, padB: 0, padC: 1, aOff: 0, bOff: 0, cOff: 0 },
        { transA: true, transB: false, M: 7, N: 4200, K: 260, alpha: 1, beta: -1, padA: 0, padB: 5, padC: 0, aOff: 0, bOff: 0, cOff: 0 },
      ];
      cases.forEach((c, i) => { const e = check(be, c, 99 + i); if (e) failures.push(e); });
      expect(failures).toEqual([]);
    });

    it('propagates NaN from A like the reference, and ignores NaN in C when beta = 0', () => {
      const failures: string[] = [];
      const rand = rng(55);
      for (let i = 0; i < 40; i++) {
        const c = { ...randomCase(rand, 30), nanA: true, nanC: true, beta: i % 2 === 0 ? 0 : 0.5 };
        const e = check(be, c, 500 + i);
        if (e) failures.push(e);
      }
      expect(failures).toEqual([]);
      // Direct check of the beta = 0 rule: C full of NaN, result finite.
      const A = new Float32Array([1, 2, 3, 4]), B = new Float32Array([1, 0, 0, 1]), C = new Float32Array(4).fill(NaN);
      be.gemm({ transA: false, transB: false, M: 2, N: 2, K: 2, alpha: 1, beta: 0, A, aOffset: 0, lda: 2, B, bOffset: 0, ldb: 2, C, cOffset: 0, ldc: 2 });
      expect(Array.from(C)).toEqual([1, 2, 3, 4]);
    });

    it('leaves K = 0 as C = beta·C and Float64 operands to the reference', () => {
      const C = new Float32Array([1, 2, NaN, 4]);
      be.gemm({ transA: false, transB: false, M: 2, N: 2, K: 0, alpha: 1, beta: 0, A: new Float32Array(0), aOffset: 0, lda: 1, B: new Float32Array(0), bOffset: 0, ldb: 2, C, cOffset: 0, ldc: 2 });
      expect(Array.from(C)).toEqual([0, 0, 0, 0]);
      const A = Float64Array.from([1, 2, 3, 4, 5, 6]), B = Float64Array.from([0.5, -1, 2, 0.25, 3, 1]);
      const got = new Float64Array(4), want = new Float64Array(4);
      const args = { transA: false, transB: false, M: 2, N: 2, K: 3, alpha: 1, beta: 0, A, aOffset: 0, lda: 3, B, bOffset: 0, ldb: 2, cOffset: 0, ldc: 2 };
      be.gemm({ ...args, C: got });
      gemmRef({ ...args, C: want });
      expect(Array.from(got)).toEqual(Array.from(want));
    });

    it('rejects operands too short for the shape with a message naming the operand', () => {
      const A = new Float32Array(10), B = new Float32Array(64), C = new Float32Array(64);
      expect(() => be.gemm({ transA: false, transB: false, M: 8, N: 8, K: 8, alpha: 1, beta: 0, A, aOffset: 0, lda: 8, B, bOffset: 0, ldb: 8, C, cOffset: 0, ldc: 8 }))
        .toThrow(/gemm: A needs elements \[0, 64\) but has length 10/);
    });
  });
}
