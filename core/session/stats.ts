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
  /** 32 equal-width bins over [min, max]; counts from a sample of at most 16,384 elements for larger tensors. */
  histogram: number[];
}

export const HISTOGRAM_BINS = 32;

/** At most this many elements are binned for a histogram (an even stride through larger tensors). */
const HISTOGRAM_SAMPLE = 16384;

/**
 * Moments, extremes, zeros and non-finite counts over every element (one tight pass over the storage); the
 * histogram from an evenly strided sample of at most HISTOGRAM_SAMPLE elements, so statistics every step stay cheap.
 */
export function tensorStats(t: Tensor): TensorStats {
  const n = t.numel();
  let data = t._storage.data;
  let off = t._offset;
  if (!t.is_contiguous()) {
    data = t._toTypedArray();
    off = 0;
  }
  let sum = 0, sq = 0, mn = Infinity, mx = -Infinity, zeros = 0, bad = 0;
  for (let i = off, e = off + n; i < e; i++) {
    const v = data[i];
    if (v - v !== 0) { bad++; continue; } // NaN or ±Inf
    sum += v;
    sq += v * v;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
    if (v === 0) zeros++;
  }
  const good = n - bad;
  const mean = good ? sum / good : 0;
  const variance = good > 1 ? Math.max(0, (sq - good * mean * mean) / (good - 1)) : 0;
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  if (good > 0) {
    const width = mx - mn;
    const step = n > HISTOGRAM_SAMPLE ? n / HISTOGRAM_SAMPLE : 1;
    const scale = width > 0 ? HISTOGRAM_BINS / width : 0;
    for (let k = 0; k < n; k += step) {
      const v = data[off + Math.floor(k)];
      if (v - v !== 0) continue;
      const b = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((v - mn) * scale)) : HISTOGRAM_BINS >> 1;
      histogram[b]++;
    }
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
