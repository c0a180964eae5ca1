/**
 * The dense float32 max-pool kernel against the reference window kernel (core/kernels/js/pool.ts), including ties
 * (the first maximum wins), NaNs (the last NaN in scan order wins, as PyTorch) and ±Infinity, and its scatter
 * backward against a hand loop.
 */
import { describe, expect, it } from 'vitest';
import { maxPoolForward, maxPoolDenseF32, maxPoolScatterF32, type PoolWindows } from '../../core/kernels/js/pool.ts';

function windows(H: number, W: number, k: number, s: number): PoolWindows {
  const oH = Math.floor((H - k) / s) + 1, oW = Math.floor((W - k) / s) + 1;
  const axis = (o: number) => ({ start: Int32Array.from({ length: o }, (_, i) => i * s), count: new Int32Array(o).fill(k) });
  const h = axis(oH), w = axis(oW);
  return { H, W, oH, oW, hStart: h.start, hCount: h.count, hStep: 1, wStart: w.start, wCount: w.count, wStep: 1 };
}

describe('dense float32 max pooling', () => {
  for (const [H, W, k, s] of [[8, 8, 2, 2], [7, 9, 3, 2], [6, 5, 2, 1], [5, 5, 5, 1]]) {
    it(`${H}×${W}, kernel ${k}, stride ${s}`, () => {
      const planes = 3;
      const x = new Float32Array(planes * H * W);
      // Few distinct values: many ties; some NaNs and infinities.
      for (let i = 0; i < x.length; i++) x[i] = i % 17 === 0 ? NaN : i % 13 === 0 ? Infinity : i % 11 === 0 ? -Infinity : (i * 7) % 5;
      const win = windows(H, W, k, s);
      const n = planes * win.oH * win.oW;
      const refOut = new Float32Array(n), refIdx = new Float64Array(n), out = new Float32Array(n), idx = new Float64Array(n);
      maxPoolForward(win, planes, x, refOut, refIdx);
      maxPoolDenseF32(planes, H, W, win.oH, win.oW, k, k, s, s, x, out, idx);
      expect(Array.from(out)).toEqual(Array.from(refOut));
      expect(Array.from(idx)).toEqual(Array.from(refIdx));
      const g = Float32Array.from({ length: n + 2 }, (_, i) => i * 0.5 - 3);
      const dx = new Float32Array(planes * H * W), want = new Float32Array(planes * H * W);
      maxPoolScatterF32(planes, H * W, win.oH * win.oW, g, 2, idx, dx);
      for (let i = 0; i < n; i++) want[Math.floor(i / (win.oH * win.oW)) * H * W + idx[i]] += g[i + 2];
      expect(Array.from(dx)).toEqual(Array.from(want));
    });
  }
});
