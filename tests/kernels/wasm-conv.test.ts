// The wasm conv2d kernels (forward, grad input, grad weight) against a naive direct convolution written here from
// the definition, over stride/padding/dilation/groups, single- and multi-threaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conv2dGeometry } from '../../core/kernels/backend.ts';
import type { WasmBackend } from '../../core/kernels/wasm/index.ts';
import { geometry, naive } from './conv-naive.ts';
import { compare, makeBackend, randomArray, rng } from './wasm-setup.ts';

const cases: Array<[string, Conv2dGeometry]> = [
  ['3×3 pad 1', geometry(2, 3, 8, 8, 4, 3, 3, [1, 1], [1, 1], [1, 1], 1)],
  ['1×1 pointwise', geometry(3, 5, 6, 7, 9, 1, 1, [1, 1], [0, 0], [1, 1], 1)],
  ['1×1 stride 2', geometry(2, 4, 7, 7, 3, 1, 1, [2, 2], [0, 0], [1, 1], 1)],
  ['5×5 stride 2 pad 2', geometry(3, 2, 11, 9, 6, 5, 5, [2, 2], [2, 2], [1, 1], 1)],
  ['non-square kernel, stride, padding', geometry(2, 3, 10, 13, 5, 2, 3, [3, 2], [1, 2], [1, 1], 1)],
  ['dilation 2', geometry(2, 4, 12, 12, 4, 3, 3, [1, 1], [2, 2], [2, 2], 1)],
  ['dilation (2,3), stride (2,1)', geometry(3, 2, 13, 15, 3, 3, 2, [2, 1], [1, 0], [2, 3], 1)],
  ['groups 2', geometry(2, 4, 9, 9, 6, 3, 3, [1, 1], [1, 1], [1, 1], 2)],
  ['groups 3, stride 2, dilation 2', geometry(4, 6, 11, 10, 9, 3, 3, [2, 2], [2, 1], [2, 2], 3)],
  ['depthwise (groups = C)', geometry(2, 5, 8, 8, 10, 3, 3, [1, 1], [1, 1], [1, 1], 5)],
  ['padding larger than kernel reach', geometry(1, 2, 4, 4, 3, 3, 3, [1, 1], [3, 3], [1, 1], 1)],
  ['kernel covers the whole image', geometry(3, 3, 5, 5, 2, 5, 5, [1, 1], [0, 0], [1, 1], 1)],
  ['batch 5, odd channels', geometry(5, 7, 6, 6, 11, 3, 3, [1, 1], [1, 1], [1, 1], 1)],
  ['wide output (P > 2048 blocks)', geometry(2, 2, 50, 50, 3, 3, 3, [1, 1], [1, 1], [1, 1], 1)],
  // batches smaller than the thread count split channels instead of samples
  ['batch 1, 3×3 pad 1', geometry(1, 6, 9, 9, 7, 3, 3, [1, 1], [1, 1], [1, 1], 1)],
  ['batch 1, groups 2, stride 2 (col2im path)', geometry(1, 6, 11, 9, 4, 3, 3, [2, 2], [1, 1], [1, 1], 2)],
  ['batch 1, pointwise, groups 3', geometry(1, 9, 5, 6, 6, 1, 1, [1, 1], [0, 0], [1, 1], 3)],
  ['batch 2, dilation 2, stride 3', geometry(2, 5, 14, 13, 5, 3, 3, [3, 3], [2, 1], [2, 2], 1)],
  // depthwise (one input channel per group, ≤ 4 outputs each) runs direct plane kernels instead of im2col + gemm
  ['depthwise 3×3 stride 2', geometry(2, 4, 11, 10, 4, 3, 3, [2, 2], [1, 1], [1, 1], 4)],
  ['depthwise dilation 2, no padding, non-square', geometry(3, 3, 12, 15, 3, 3, 2, [1, 1], [0, 0], [2, 2], 3)],
  ['depthwise multiplier 3, batch 1', geometry(1, 4, 9, 9, 12, 3, 3, [1, 1], [1, 1], [1, 1], 4)],
  ['depthwise 5×5 pad 2, width 13 (8-, 4- and 1-wide column blocks)', geometry(2, 3, 7, 13, 3, 5, 5, [1, 1], [2, 2], [1, 1], 3)],
  ['depthwise stride (1, 2), padding (0, 2)', geometry(2, 2, 8, 9, 4, 3, 3, [1, 2], [0, 2], [1, 1], 2)],
];

for (const threads of [1, 2, 3]) {
  describe(`wasm conv2d, ${threads} thread(s)`, () => {
    let be: WasmBackend;
    beforeAll(async () => { be = await makeBackend(threads); });
    afterAll(() => be?.dispose());

    for (const [name, g] of cases) {
      it(`forward, grad input and grad weight match the direct convolution: ${name}`, () => {
        const rand = rng(g.N * 1000 + g.C * 100 + g.kH * 10 + threads);
        const x = randomArray(g.N * g.C * g.H * g.W, rand);
        const w = randomArray(g.O * (g.C / g.groups) * g.kH * g.kW, rand);
        const dy = randomArray(g.N * g.O * g.outH * g.outW, rand);
        const ref = naive(g, x, w, dy);
        const y = new Float32Array(dy.length).fill(NaN);
        const dx = new Float32Array(x.length).fill(NaN);
        const dw = new Float32Array(w.length).fill(NaN);
        be.conv2dForward(g, x, w, y);
        be.conv2dBackwardInput(g, dy, w, dx);
        be.conv2dBackwardWeight(g, x, dy, dw);
        expect(compare(y, ref.y, ref.yB), 'forward').toBe('');
        expect(compare(dx, ref.dx, ref.dxB), 'grad input').toBe('');
        expect(compare(dw, ref.dw, ref.dwB), 'grad weight').toBe('');
      });
    }

    it('propagates NaN from the input to the outputs that see it', () => {
      const g = geometry(2, 2, 6, 6, 3, 3, 3, [1, 1], [1, 1], [1, 1], 1);
      const rand = rng(77);
      const x = randomArray(g.N * g.C * g.H * g.W, rand);
      const w = randomArray(g.O * g.C * 9, rand);
      x[2 * 36 + 14] = NaN; // sample 1, channel 0, position (2, 2)
      const dy = randomArray(g.N * g.O * 36, rand);
      const ref = naive(g, x, w, dy);
      const y = new Float32Array(dy.length);
      be.conv2dForward(g, x, w, y);
      expect(compare(y, ref.y, ref.yB)).toBe('');
      expect(y.some(Number.isNaN)).toBe(true);
      expect(y.slice(0, g.O * 36).some(Number.isNaN)).toBe(false);
    });

    it('rejects an inconsistent output size with the formula in the message', () => {
      const g = { ...geometry(1, 1, 5, 5, 1, 3, 3, [1, 1], [0, 0], [1, 1], 1), outH: 5 };
      expect(() => be.conv2dForward(g, new Float32Array(25), new Float32Array(9), new Float32Array(25)))
        .toThrow(/conv2dForward: outH×outW is 5×3 .* give 3×3/);
    });
  });
}
