// Feature detection and fallbacks of the wasm backend: no pool without a worker factory, a pool that fails to start
// leaves a working single-threaded backend, relaxed SIMD only where the engine validates it.
import { describe, expect, it } from 'vitest';
import { gemmRef } from '../../core/kernels/js/gemm.ts';
import type { KernelWorkerHandle } from '../../core/kernels/wasm/index.ts';
import { ensureWasmBuilt, randomArray, rng } from './wasm-setup.ts';

async function core() {
  ensureWasmBuilt();
  return import('../../core/kernels/wasm/index.ts');
}

function gemmAgrees(be: { gemm: typeof gemmRef }): boolean {
  const rand = rng(3);
  const M = 37, N = 41, K = 29;
  const A = randomArray(M * K, rand), B = randomArray(K * N, rand);
  const got = new Float32Array(M * N), want = new Float32Array(M * N);
  const args = { transA: false, transB: false, M, N, K, alpha: 1, beta: 0, A, aOffset: 0, lda: K, B, bOffset: 0, ldb: N, cOffset: 0, ldc: N };
  be.gemm({ ...args, C: got });
  gemmRef({ ...args, C: want });
  return got.every((v, i) => Math.abs(v - want[i]) <= 1e-5 * (1 + Math.abs(want[i])));
}

describe('wasm backend set-up', () => {
  it('reports SIMD support on this Node and builds a backend named wasm', async () => {
    const { wasmSupport, createWasmBackend } = await core();
    expect(wasmSupport().simd).toBe(true);
    const be = await createWasmBackend();
    expect(be?.name).toBe('wasm');
    expect(be?.threads).toBe(1);
    expect(gemmAgrees(be!)).toBe(true);
  });

  it('runs single-threaded when threads > 1 are asked without a worker factory', async () => {
    const { createWasmBackend } = await core();
    const be = (await createWasmBackend({ threads: 4, tuning: { minWasmWork: 0, minThreadWork: 1 } }))!;
    expect(be.threads).toBe(1);
    expect(gemmAgrees(be)).toBe(true);
  });

  it('falls back to one thread when the workers fail to start', async () => {
    const { createWasmBackend } = await core();
    let started = 0;
    const failing = (): KernelWorkerHandle => {
      started++;
      const h: KernelWorkerHandle = {
        postMessage: () => { queueMicrotask(() => h.onerror?.(new Error('no workers here'))); },
        onmessage: null, onerror: null, terminate: () => {},
      };
      return h;
    };
    const be = (await createWasmBackend({ threads: 3, workerFactory: failing, tuning: { minWasmWork: 0, minThreadWork: 1 } }))!;
    expect(started).toBe(2);
    expect(be.threads).toBe(1);
    expect(gemmAgrees(be)).toBe(true);
  });

  it("uses relaxed SIMD only when the engine validates it, and says so when 'relaxed' is forced", async () => {
    const { wasmSupport, createWasmBackend } = await core();
    const auto = (await createWasmBackend())!;
    expect(auto.relaxed).toBe(wasmSupport().relaxed);
    if (wasmSupport().relaxed) {
      expect((await createWasmBackend({ simd: 'relaxed' }))!.relaxed).toBe(true);
    } else {
      await expect(createWasmBackend({ simd: 'relaxed' })).rejects.toThrow(/does not support relaxed SIMD .*--experimental-wasm-relaxed-simd/);
    }
    expect((await createWasmBackend({ simd: 'simd' }))!.relaxed).toBe(false);
  });

  it('fails a threaded call whose worker never checks in, then carries on single-threaded', async () => {
    const { createWasmBackend } = await core();
    // A "worker" that says ready and then never runs a job, like one that died after start-up.
    const silent = (): KernelWorkerHandle => {
      const h: KernelWorkerHandle = {
        postMessage: () => { queueMicrotask(() => h.onmessage?.({ type: 'ready' })); },
        onmessage: null, onerror: null, terminate: () => {},
      };
      return h;
    };
    const be = (await createWasmBackend({ threads: 2, workerFactory: silent, workerStallMs: 1500, tuning: { minWasmWork: 0, minThreadWork: 1 } }))!;
    expect(be.threads).toBe(2);
    expect(() => gemmAgrees(be)).toThrow(/only 0 of 1 workers finished kernel 'gemmThread'/);
    expect(be.threads).toBe(1);
    expect(gemmAgrees(be)).toBe(true);
  });

  it('installNodeWasmBackend registers the backend and makes it active', async () => {
    ensureWasmBuilt();
    const { installNodeWasmBackend } = await import('../../cli/kernel-threads.ts');
    const { getBackend, listBackends } = await import('../../core/kernels/backend.ts');
    const be = await installNodeWasmBackend({ threads: 2 });
    expect(be).not.toBeNull();
    expect(listBackends()).toContain('wasm');
    expect(getBackend()).toBe(be);
    expect(be!.threads).toBe(2);
    be!.dispose();
  });

  it('does not grow memory once warm: repeated calls of the same or smaller size reuse the arena', async () => {
    const { createWasmBackend } = await core();
    const be = (await createWasmBackend({ tuning: { minWasmWork: 0 } }))!;
    const rand = rng(9);
    const run = (n: number) => {
      const A = randomArray(n * n, rand), B = randomArray(n * n, rand), C = new Float32Array(n * n);
      be.gemm({ transA: false, transB: true, M: n, N: n, K: n, alpha: 1, beta: 0, A, aOffset: 0, lda: n, B, bOffset: 0, ldb: n, C, cOffset: 0, ldc: n });
    };
    run(300);
    const warm = be.memoryBytes;
    for (const n of [300, 17, 250, 300, 1, 299]) run(n);
    expect(be.memoryBytes).toBe(warm);
    run(400);
    expect(be.memoryBytes).toBeGreaterThan(warm);
  });
});
