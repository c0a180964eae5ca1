/**
 * The convolution, pooling and linear layer fixtures replayed on the WASM SIMD backend, whose gemm and conv2d fast
 * paths the ops call when it is active: same results as PyTorch (float32 tolerance), so the ops hand the fast
 * kernels the right geometry (groups, strides, dilation, padding, transposed convolutions).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createWasmBackend } from '../../core/kernels/wasm/index.ts';
import { registerBackend, setBackend, getBackend } from '../../core/kernels/backend.ts';
import { fixture, replayCase } from './helpers.ts';

const data = fixture('layers');
const FAST = /^(conv|convT|linear|bilinear|maxpool|avgpool|adaptive|sequential|bn2d$)/;

let previous = 'js';
beforeAll(async () => {
  previous = getBackend().name;
  const be = await createWasmBackend({ threads: 1 });
  if (!be) throw new Error('WebAssembly SIMD is unavailable in this Node; the wasm backend cannot be tested (Node ≥ 16.4 has it).');
  registerBackend(be);
  setBackend(be.name);
});

afterAll(() => setBackend(previous));

describe('layers on the wasm backend match PyTorch', () => {
  it('the wasm backend with conv2d fast paths is active', () => {
    const be = getBackend();
    expect(be.name).not.toBe('js');
    expect(typeof be.conv2dForward).toBe('function');
  });

  for (const c of data.cases.filter((x: any) => FAST.test(x.id))) {
    it(c.id, () => replayCase(c, { rtol: 2e-4 }));
  }
});
