import { describe, it, expect } from 'vitest';
import { torch } from '../../core/index.ts';
import { tensorStats, HISTOGRAM_BINS } from '../../core/session/stats.ts';

describe('tensorStats', () => {
  it('moments, extremes, zeros and non-finite counts match a direct computation', () => {
    const t = torch.tensor([0, 1, -2, 3, 0, NaN, Infinity, 4]);
    const s = tensorStats(t);
    const good = [0, 1, -2, 3, 0, 4];
    const mean = good.reduce((a, b) => a + b, 0) / good.length;
    const variance = good.reduce((a, b) => a + (b - mean) ** 2, 0) / (good.length - 1);
    expect(s.mean).toBeCloseTo(mean, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(variance), 12);
    expect(s.norm).toBeCloseTo(Math.sqrt(good.reduce((a, b) => a + b * b, 0)), 12);
    expect([s.min, s.max, s.nonfinite, s.zeros]).toEqual([-2, 4, 2, 2 / 8]);
    expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(6);
    expect(s.histogram[0]).toBe(1); // -2 is alone in the lowest bin
    expect(s.histogram[HISTOGRAM_BINS - 1]).toBe(1); // 4 in the highest
  });

  it('reads views through their strides and samples large tensors for the histogram', () => {
    const base = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const s = tensorStats(base.t());
    expect([s.min, s.max, s.mean]).toEqual([0, 11, 5.5]);
    const big = torch.rand([300, 400]);
    const b = tensorStats(big);
    const total = b.histogram.reduce((a, c) => a + c, 0);
    expect(total).toBeLessThanOrEqual(16384);
    expect(total).toBeGreaterThan(16000);
    expect(b.mean).toBeCloseTo(big.mean().item(), 4);
  });
});
