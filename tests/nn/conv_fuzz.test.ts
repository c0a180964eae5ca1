/**
 * Property tests: the im2col + GEMM convolution (forward, input gradient, weight gradient) and max/avg pooling agree
 * with direct nested-loop definitions written here, for random geometries (stride, padding, dilation, groups,
 * empty batches) in float64.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { torch, nn, Tensor } from './helpers.ts';

const F = nn.functional;

/** Direct definition: y[n,o,i,j] = Σ_{c,a,b} x[n, g·Cg + c, i·s − p + a·d, j·s − p + b·d] · w[o, c, a, b]. */
function naiveConv(x: number[], xs: number[], w: number[], ws: number[], s: number[], p: number[], d: number[], groups: number) {
  const [N, C, H, W] = xs, [O, Cg, kH, kW] = ws;
  const oH = Math.floor((H + 2 * p[0] - d[0] * (kH - 1) - 1) / s[0]) + 1;
  const oW = Math.floor((W + 2 * p[1] - d[1] * (kW - 1) - 1) / s[1]) + 1;
  const Og = O / groups;
  const y = new Array(N * O * oH * oW).fill(0);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < oH; i++) for (let j = 0; j < oW; j++) {
    let acc = 0;
    const g = Math.floor(o / Og);
    for (let c = 0; c < Cg; c++) for (let a = 0; a < kH; a++) for (let b = 0; b < kW; b++) {
      const h = i * s[0] - p[0] + a * d[0], v = j * s[1] - p[1] + b * d[1];
      if (h < 0 || h >= H || v < 0 || v >= W) continue;
      acc += x[((n * C + g * Cg + c) * H + h) * W + v] * w[((o * Cg + c) * kH + a) * kW + b];
    }
    y[((n * O + o) * oH + i) * oW + j] = acc;
  }
  return { y, shape: [N, O, oH, oW] };
}

const geometry = fc.record({
  N: fc.integer({ min: 0, max: 2 }), groups: fc.integer({ min: 1, max: 3 }), cg: fc.integer({ min: 1, max: 2 }), og: fc.integer({ min: 1, max: 2 }),
  H: fc.integer({ min: 1, max: 7 }), W: fc.integer({ min: 1, max: 7 }), kH: fc.integer({ min: 1, max: 3 }), kW: fc.integer({ min: 1, max: 3 }),
  sH: fc.integer({ min: 1, max: 3 }), sW: fc.integer({ min: 1, max: 3 }), pH: fc.integer({ min: 0, max: 2 }), pW: fc.integer({ min: 0, max: 2 }),
  dH: fc.integer({ min: 1, max: 2 }), dW: fc.integer({ min: 1, max: 2 }), seed: fc.integer({ min: 0, max: 1000 }),
}).filter((g) => g.H + 2 * g.pH >= g.dH * (g.kH - 1) + 1 && g.W + 2 * g.pW >= g.dW * (g.kW - 1) + 1);

function close(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-9 * (1 + Math.abs(b[i])));
}

describe('convolution = its direct definition', () => {
  it('forward and both gradients, random geometries (float64)', () => {
    fc.assert(fc.property(geometry, (g) => {
      torch.manual_seed(g.seed);
      const C = g.cg * g.groups, O = g.og * g.groups;
      const x = torch.randn(g.N, C, g.H, g.W, { dtype: 'float64' }).requires_grad_(true);
      const w = torch.randn(O, g.cg, g.kH, g.kW, { dtype: 'float64' }).requires_grad_(true);
      const opts = { stride: [g.sH, g.sW], padding: [g.pH, g.pW], dilation: [g.dH, g.dW], groups: g.groups };
      const y = F.conv2d(x, w, null, opts);
      const ref = naiveConv(x._values(), [...x.shape], w._values(), [...w.shape], opts.stride, opts.padding, opts.dilation, g.groups);
      expect([...y.shape]).toEqual(ref.shape);
      expect(close(y._values(), ref.y)).toBe(true);
      // Gradients: ⟨dy, conv(x, w)⟩ is bilinear, so ∂/∂x and ∂/∂w follow from the definition by finite pairing:
      // check ⟨gx, δx⟩ = ⟨dy, conv(δx, w)⟩ and ⟨gw, δw⟩ = ⟨dy, conv(x, δw)⟩ for random directions.
      const dy = torch.randn([...y.shape], { dtype: 'float64' });
      y.backward(dy);
      const dx = torch.randn([...x.shape], { dtype: 'float64' }), dw = torch.randn([...w.shape], { dtype: 'float64' });
      const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
      const lhsX = dot(x.grad!._values(), dx._values());
      const rhsX = dot(dy._values(), naiveConv(dx._values(), [...x.shape], w._values(), [...w.shape], opts.stride, opts.padding, opts.dilation, g.groups).y);
      const lhsW = dot(w.grad!._values(), dw._values());
      const rhsW = dot(dy._values(), naiveConv(x._values(), [...x.shape], dw._values(), [...w.shape], opts.stride, opts.padding, opts.dilation, g.groups).y);
      expect(Math.abs(lhsX - rhsX)).toBeLessThan(1e-8 * (1 + Math.abs(rhsX)));
      expect(Math.abs(lhsW - rhsW)).toBeLessThan(1e-8 * (1 + Math.abs(rhsW)));
    }), { numRuns: 150 });
  });
});

describe('pooling = its direct definition', () => {
  const pool = fc.record({
    H: fc.integer({ min: 1, max: 8 }), W: fc.integer({ min: 1, max: 8 }), k: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }),
    p: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 2 }), ceil: fc.boolean(), cip: fc.boolean(), seed: fc.integer({ min: 0, max: 1000 }),
  }).filter((q) => q.p <= Math.floor(q.k / 2));

  function outSize(n: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
    let o = Math.floor((n + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
    if (ceil && (o - 1) * s >= n + p) o--;
    return o;
  }

  it('max_pool2d values and indices', () => {
    fc.assert(fc.property(pool, (q) => {
      const oH = outSize(q.H, q.k, q.s, q.p, q.d, q.ceil), oW = outSize(q.W, q.k, q.s, q.p, q.d, q.ceil);
      if (oH <= 0 || oW <= 0) return;
      torch.manual_seed(q.seed);
      const x = torch.randn(1, 2, q.H, q.W, { dtype: 'float64' });
      const [y, idx] = F.max_pool2d(x, q.k, { stride: q.s, padding: q.p, dilation: q.d, ceil_mode: q.ceil, return_indices: true });
      const xv = x._values();
      const want: number[] = [], wantIdx: number[] = [];
      for (let c = 0; c < 2; c++) for (let i = 0; i < oH; i++) for (let j = 0; j < oW; j++) {
        let best = -Infinity, bi = -1;
        for (let a = 0; a < q.k; a++) for (let b = 0; b < q.k; b++) {
          const h = i * q.s - q.p + a * q.d, v = j * q.s - q.p + b * q.d;
          if (h < 0 || h >= q.H || v < 0 || v >= q.W) continue;
          const val = xv[(c * q.H + h) * q.W + v];
          if (bi < 0 || val > best) { best = val; bi = h * q.W + v; }
        }
        want.push(best);
        wantIdx.push(bi);
      }
      expect(y._values()).toEqual(want);
      expect(idx._values()).toEqual(wantIdx);
    }), { numRuns: 150 });
  });

  it('avg_pool2d with count_include_pad either way', () => {
    fc.assert(fc.property(pool, (q) => {
      const oH = outSize(q.H, q.k, q.s, q.p, 1, q.ceil), oW = outSize(q.W, q.k, q.s, q.p, 1, q.ceil);
      if (oH <= 0 || oW <= 0) return;
      torch.manual_seed(q.seed);
      const x = torch.randn(1, 1, q.H, q.W, { dtype: 'float64' });
      const y = F.avg_pool2d(x, q.k, { stride: q.s, padding: q.p, ceil_mode: q.ceil, count_include_pad: q.cip });
      const xv = x._values();
      const want: number[] = [];
      for (let i = 0; i < oH; i++) for (let j = 0; j < oW; j++) {
        const h0 = i * q.s - q.p, w0 = j * q.s - q.p;
        const h1 = Math.min(h0 + q.k, q.H + q.p), w1 = Math.min(w0 + q.k, q.W + q.p);
        const padded = (h1 - h0) * (w1 - w0);
        let sum = 0, cnt = 0;
        for (let h = Math.max(h0, 0); h < Math.min(h1, q.H); h++) for (let v = Math.max(w0, 0); v < Math.min(w1, q.W); v++) { sum += xv[h * q.W + v]; cnt++; }
        want.push(sum / (q.cip ? padded : cnt));
      }
      expect(close(y._values(), want)).toBe(true);
    }), { numRuns: 150 });
  });
});

it('empty batches flow through conv, pooling, batch norm in eval and linear', () => {
  const net = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(2 * 3 * 3, 4)).eval();
  const y: Tensor = net.call(torch.zeros(0, 1, 8, 8));
  expect([...y.shape]).toEqual([0, 4]);
});
