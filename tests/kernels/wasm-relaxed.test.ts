// The relaxed-SIMD build can only run under a V8 flag on Node 20, so its checks run in a child Node process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ensureWasmBuilt } from './wasm-setup.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('relaxed-SIMD wasm kernels', () => {
  it('match the JS reference gemm and the direct convolution (child process with --experimental-wasm-relaxed-simd)', () => {
    ensureWasmBuilt();
    const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', 'bin/run-ts.mjs', 'tests/kernels/relaxed-check.ts'],
      { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr + r.stdout).toMatch(/relaxed-check ok 246/);
    expect(r.status).toBe(0);
  }, 150_000);
});
