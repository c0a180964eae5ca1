import type { Tensor } from '../tensor/tensor.ts';

/** Summary of one tensor for live views: what the app draws on edges, sparklines and histograms. */
export interface TensorStats {
  numel: number;
  /** L2 norm. */
  norm: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Fraction of exact zeros (dead ReLUs show up here). */
  zeros: number;
  /** Count of NaN or ±Inf elements. */
  nonfinite: number;
  /** 32 equal-width bins over [min, max]. */
  histogram: number[];
}

export const HISTOGRAM_BINS = 32;

/**
 * One pass for the moments, one for the histogram. Reads the storage directly (no autograd, no allocation besides
 * the histogram), so computing stats every step stays cheap.
 */
export function tensorStats(t: Tensor): TensorStats {
  const data = t._storage.data;
  const n = t.numel();
  let sum = 0, sq = 0, mn = Infinity, mx = -Infinity, zeros = 0, bad = 0;
  const visit = (v: number) => {
    if (!Number.isFinite(v)) { bad++; return; }
    sum += v;
    sq += v * v;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
    if (v === 0) zeros++;
  };
  const contiguous = t.is_contiguous();
  if (contiguous) for (let i = t._offset, e = t._offset + n; i < e; i++) visit(data[i]);
  else t._forEachIndex((o) => visit(data[o]));
  const good = n - bad;
  const mean = good ? sum / good : 0;
  const variance = good > 1 ? Math.max(0, (sq - good * mean * mean) / (good - 1)) : 0;
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  if (good > 0) {
    const width = mx - mn;
    const bin = (v: number) => {
      if (!Number.isFinite(v)) return;
      const b = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor(((v - mn) / width) * HISTOGRAM_BINS)) : Math.floor(HISTOGRAM_BINS / 2);
      histogram[b]++;
    };
    if (contiguous) for (let i = t._offset, e = t._offset + n; i < e; i++) bin(data[i]);
    else t._forEachIndex((o) => bin(data[o]));
  }
  return {
    numel: n,
    norm: Math.sqrt(sq),
    mean,
    std: Math.sqrt(variance),
    min: good ? mn : NaN,
    max: good ? mx : NaN,
    zeros: n ? zeros / n : 0,
    nonfinite: bad,
    histogram,
  };
}
