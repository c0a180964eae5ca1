import { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { is_grad_enabled } from '../autograd/grad_mode.ts';
import { grad as autogradGrad } from '../autograd/engine.ts';
import type { TypedArray } from '../tensor/dtype.ts';
import { empty } from './_helpers.ts';

/**
 * Fused batch normalisation over N·C·* (channels at dim 1). Forward is two passes per channel (statistics, then the
 * normalised affine output); backward is two passes too, using the closed form
 *   dx = w·invstd/M · (M·g − Σg − x̂·Σ(g·x̂)),  dw = Σ(g·x̂),  db = Σg.
 * When a graph of the gradient is requested (create_graph), backward falls back to the same computation written
 * with differentiable ops, so higher-order gradients stay exact.
 *
 * `stats` null: training mode, batch statistics (biased variance) are computed and returned for the running-stat
 * update. Otherwise the given mean/var (running statistics) are constants.
 */
export interface BatchNormResult {
  out: Tensor;
  /** Per-channel batch mean and biased variance (training mode), as plain arrays. */
  mean: Float64Array;
  variance: Float64Array;
}

function layout(x: Tensor): { N: number; C: number; S: number } {
  const N = x.shape[0], C = x.shape[1];
  const S = x.shape.slice(2).reduce((a, b) => a * b, 1);
  return { N, C, S };
}

function values(t: Tensor | null, C: number, fill: number): Float64Array {
  const out = new Float64Array(C).fill(fill);
  if (t) t._values().forEach((v, i) => { out[i] = v; });
  return out;
}

/** The composite (differentiable) form, used for double backward. */
function composite(x: Tensor, w: Tensor | null, b: Tensor | null, eps: number, stats: { mean: Tensor; var: Tensor } | null): Tensor {
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const cs = x.shape.map((s, i) => (i === 1 ? s : 1));
  let mean: Tensor, v: Tensor;
  if (stats) { mean = stats.mean.reshape(cs); v = stats.var.reshape(cs); } else {
    mean = x.mean(dims, { keepdim: true });
    const d = x.sub(mean);
    v = d.mul(d).mean(dims, { keepdim: true });
  }
  let y = x.sub(mean).div(v.add(eps).sqrt());
  if (w) y = y.mul(w.reshape(cs));
  if (b) y = y.add(b.reshape(cs));
  return y;
}

export function batchNorm(x: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number, stats: { mean: Tensor; var: Tensor } | null): BatchNormResult {
  const xc = x.contiguous();
  const { N, C, S } = layout(xc);
  const M = N * S;
  const xd = xc._storage.data as TypedArray;
  const x0 = xc._offset;
  const wv = values(weight, C, 1), bv = values(bias, C, 0);
  const mean = stats ? values(stats.mean, C, 0) : new Float64Array(C);
  const variance = stats ? values(stats.var, C, 1) : new Float64Array(C);
  if (!stats) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let n = 0; n < N; n++) { const o = x0 + (n * C + c) * S; for (let i = 0; i < S; i++) s += xd[o + i]; }
      const m = s / M;
      let q = 0;
      for (let n = 0; n < N; n++) { const o = x0 + (n * C + c) * S; for (let i = 0; i < S; i++) { const d = xd[o + i] - m; q += d * d; } }
      mean[c] = m;
      variance[c] = q / M;
    }
  }
  const invstd = variance.map((v) => 1 / Math.sqrt(v + eps));
  const out = empty(xc.shape, xc.dtype);
  const od = out._storage.data;
  for (let c = 0; c < C; c++) {
    const a = invstd[c] * wv[c], sh = bv[c] - mean[c] * a;
    for (let n = 0; n < N; n++) { const o = (n * C + c) * S; for (let i = 0; i < S; i++) od[o + i] = xd[x0 + o + i] * a + sh; }
  }
  const res = record('NativeBatchNormBackward0', out, [x, weight, bias], [xc], (g, [xs]) => {
    if (is_grad_enabled()) {
      // Double backward: differentiate the composite form with a graph.
      const ins = [xs, weight, bias].filter((t): t is Tensor => t !== null && (t.requires_grad || t.grad_fn !== null));
      const y = composite(xs, weight, bias, eps, stats);
      const gs = autogradGrad(y, ins, { grad_outputs: g, create_graph: true, allow_unused: true });
      const pick = (t: Tensor | null) => (t && ins.includes(t) ? gs[ins.indexOf(t)] : null);
      return [pick(xs) ?? null, pick(weight), pick(bias)];
    }
    const gc = g.contiguous();
    const gd = gc._storage.data as TypedArray;
    const g0 = gc._offset;
    const dx = empty(xs.shape, xs.dtype);
    const dxd = dx._storage.data;
    const dw = new Float64Array(C), db = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      let sg = 0, sgx = 0;
      const m = mean[c];
      for (let n = 0; n < N; n++) {
        const o = (n * C + c) * S;
        for (let i = 0; i < S; i++) { const gv = gd[g0 + o + i]; sg += gv; sgx += gv * (xd[x0 + o + i] - m); }
      }
      const is = invstd[c];
      dw[c] = sgx * is;
      db[c] = sg;
      if (stats) {
        const k = wv[c] * is;
        for (let n = 0; n < N; n++) { const o = (n * C + c) * S; for (let i = 0; i < S; i++) dxd[o + i] = gd[g0 + o + i] * k; }
      } else {
        const k = (wv[c] * is) / M, mg = sg, mgx = sgx * is * is;
        for (let n = 0; n < N; n++) {
          const o = (n * C + c) * S;
          for (let i = 0; i < S; i++) dxd[o + i] = k * (M * gd[g0 + o + i] - mg - (xd[x0 + o + i] - m) * mgx);
        }
      }
    }
    const vec = (a: Float64Array, like: Tensor) => {
      const t = empty([C], like.dtype);
      t._storage.data.set(a);
      return t;
    };
    return [dx, weight ? vec(dw, weight) : null, bias ? vec(db, bias) : null];
  });
  return { out: res, mean, variance };
}
