import { describe, it, expect } from 'vitest';
import { torch } from '../../core/index.ts';
import { tensorStats, HISTOGRAM_BINS, SAMPLE_THRESHOLD } from '../../core/session/stats.ts';

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

  it('the branch-free pass for finite tensors agrees with the engine\'s own reductions', () => {
    torch.manual_seed(3);
    const t = torch.randn([50, 70]).mul(3);
    torch.no_grad(() => t.narrow(0, 0, 5).zero_());
    const s = tensorStats(t);
    expect(s.nonfinite).toBe(0);
    expect(s.min).toBe(t.min().item());
    expect(s.max).toBe(t.max().item());
    expect(s.mean).toBeCloseTo(t.mean().item(), 5);
    expect(s.std).toBeCloseTo(t.std().item(), 5);
    expect(s.norm).toBeCloseTo(t.pow(2).sum().sqrt().item(), 3);
    expect(s.meanAbs).toBeCloseTo(t.abs().mean().item(), 5);
    expect(s.zeros).toBe(350 / 3500); // the five zeroed rows
  });

  it('reads views through their strides; summarises large tensors from evenly spaced runs', () => {
    const base = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const s = tensorStats(base.t());
    expect([s.min, s.max, s.mean, s.examined]).toEqual([0, 11, 5.5, 12]);
    torch.manual_seed(5);
    const big = torch.rand([300, 400]).sub(0.5);
    const b = tensorStats(big);
    expect(b.numel).toBe(120000);
    expect(b.examined).toBe(SAMPLE_THRESHOLD);
    expect(b.histogram.reduce((a, c) => a + c, 0)).toBe(4096);
    // Estimates from 65,536 of the 120,000 uniform values: within a few standard errors of the exact numbers.
    expect(Math.abs(b.mean - big.mean().item())).toBeLessThan(0.005);
    expect(Math.abs(b.std - big.std().item()) / big.std().item()).toBeLessThan(0.01);
    expect(Math.abs(b.norm - big.pow(2).sum().sqrt().item()) / b.norm).toBeLessThan(0.01);
    expect(Math.abs(b.meanAbs - big.abs().mean().item())).toBeLessThan(0.005);
    expect(b.min).toBeGreaterThanOrEqual(big.min().item());
    expect(b.max).toBeLessThanOrEqual(big.max().item());
    // Runs reach both ends of the storage.
    const ramp = torch.arange(100000, { dtype: 'float32' });
    const r = tensorStats(ramp);
    expect(r.min).toBe(0);
    expect(r.max).toBe(99999);
    // A NaN inside a run is counted and left out of the rest.
    torch.no_grad(() => ramp.narrow(0, 0, 1).fill_(Number.NaN));
    expect(tensorStats(ramp)).toMatchObject({ nonfinite: 1, min: 1, max: 99999 });
  });
});
