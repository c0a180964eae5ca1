import type { Tensor } from '../tensor/tensor.ts';

/** Summary of one tensor for live views: what the app draws on edges, sparklines and histograms. */
export interface TensorStats {
  numel: number;
  /**
   * How many elements the numbers below were computed from: numel, or for tensors of more than SAMPLE_THRESHOLD
   * elements a sample of SAMPLE_RUNS evenly spaced runs (then every field is an estimate; norm is scaled to numel).
   */
  examined: number;
  /** L2 norm. */
  norm: number;
  /** Mean of |x| over the finite elements (what the gradient colours on edges show). */
  meanAbs: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Fraction of exact zeros (dead ReLUs show up here). */
  zeros: number;
  /** Count of NaN or ±Inf elements among those examined. */
  nonfinite: number;
  /** 32 equal-width bins over [min, max]; counts from at most HISTOGRAM_SAMPLE of the examined elements. */
  histogram: number[];
}

export const HISTOGRAM_BINS = 32;

/** At most this many elements are binned for a histogram (an even whole-number stride through larger tensors). */
const HISTOGRAM_SAMPLE = 4096;

/** Larger tensors are summarised from SAMPLE_RUNS runs of SAMPLE_RUN_LENGTH contiguous elements, evenly spaced. */
export const SAMPLE_THRESHOLD = 65536;
const SAMPLE_RUNS = 16;
const SAMPLE_RUN_LENGTH = SAMPLE_THRESHOLD / SAMPLE_RUNS;

/**
 * Moments, extremes, zeros and non-finite counts in one tight pass over the storage; tensors of more than
 * SAMPLE_THRESHOLD elements are read in SAMPLE_RUNS evenly spaced contiguous runs instead (the live views show the
 * shape of a distribution, and LeNet's activations and gradients alone are two million numbers a step). The
 * histogram bins at most HISTOGRAM_SAMPLE of the examined elements.
 */
export function tensorStats(t: Tensor): TensorStats {
  const n = t.numel();
  let data = t._storage.data;
  let off = t._offset;
  if (!t.is_contiguous()) {
    data = t._toTypedArray();
    off = 0;
  }
  // The runs [start, start + len) read; one run covering everything for smaller tensors.
  const runs: Array<[number, number]> = [];
  if (n > SAMPLE_THRESHOLD) {
    const gap = (n - SAMPLE_RUN_LENGTH) / (SAMPLE_RUNS - 1);
    for (let r = 0; r < SAMPLE_RUNS; r++) runs.push([off + Math.floor(r * gap), SAMPLE_RUN_LENGTH]);
  } else {
    runs.push([off, n]);
  }
  let sum = 0, sq = 0, abs = 0, mn = Infinity, mx = -Infinity, zeros = 0, bad = 0, examined = 0;
  for (const [start, len] of runs) {
    const f = moments(data, start, len);
    const m = Number.isFinite(f.sum + f.sq + f.mn + f.mx) || len === 0 ? f : momentsSkippingNonFinite(data, start, len);
    sum += m.sum;
    sq += m.sq;
    abs += m.abs;
    mn = Math.min(mn, m.mn);
    mx = Math.max(mx, m.mx);
    zeros += m.zeros;
    bad += m.bad;
    examined += len;
  }
  const good = examined - bad;
  const mean = good ? sum / good : 0;
  const variance = good > 1 ? Math.max(0, (sq - good * mean * mean) / (good - 1)) : 0;
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  if (good > 0) {
    const width = mx - mn;
    const scale = width > 0 ? HISTOGRAM_BINS / width : 0;
    const step = Math.ceil(examined / HISTOGRAM_SAMPLE);
    for (const [start, len] of runs) {
      for (let i = start, e = start + len; i < e; i += step) {
        const v = data[i];
        if (v - v !== 0) continue;
        const b = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((v - mn) * scale)) : HISTOGRAM_BINS >> 1;
        histogram[b]++;
      }
    }
  }
  return {
    numel: n,
    examined,
    norm: Math.sqrt(examined ? sq * (n / examined) : 0),
    meanAbs: good ? abs / good : 0,
    mean,
    std: Math.sqrt(variance),
    min: good ? mn : NaN,
    max: good ? mx : NaN,
    zeros: examined ? zeros / examined : 0,
    nonfinite: bad,
    histogram,
  };
}

type Moments = { sum: number; sq: number; abs: number; mn: number; mx: number; zeros: number; bad: number };

/**
 * The fast pass, assuming every element is finite: no data-dependent branches (a branchy loop ran several times
 * slower on V8 with real, sign-mixed data). A NaN or ±Inf makes the sums non-finite, and the caller then runs
 * momentsSkippingNonFinite instead.
 */
function moments(data: ArrayLike<number>, off: number, n: number): Moments {
  // Two interleaved sets of accumulators: the additions of neighbouring elements do not wait for each other.
  let s0 = 0, s1 = 0, q0 = 0, q1 = 0, a0 = 0, a1 = 0, mn0 = Infinity, mn1 = Infinity, mx0 = -Infinity, mx1 = -Infinity, zeros = 0;
  const last = off + n - 1;
  let i = off;
  for (; i < last; i += 2) {
    const v = data[i];
    const w = data[i + 1];
    s0 += v;
    s1 += w;
    q0 += v * v;
    q1 += w * w;
    a0 += Math.abs(v);
    a1 += Math.abs(w);
    mn0 = Math.min(mn0, v);
    mn1 = Math.min(mn1, w);
    mx0 = Math.max(mx0, v);
    mx1 = Math.max(mx1, w);
    zeros += (v === 0 ? 1 : 0) + (w === 0 ? 1 : 0);
  }
  if (i === last) {
    const v = data[i];
    s0 += v;
    q0 += v * v;
    a0 += Math.abs(v);
    mn0 = Math.min(mn0, v);
    mx0 = Math.max(mx0, v);
    zeros += v === 0 ? 1 : 0;
  }
  return { sum: s0 + s1, sq: q0 + q1, abs: a0 + a1, mn: Math.min(mn0, mn1), mx: Math.max(mx0, mx1), zeros, bad: 0 };
}

/** The exact pass for tensors holding NaN or ±Inf: those are counted and left out of everything else. */
function momentsSkippingNonFinite(data: ArrayLike<number>, off: number, n: number): Moments {
  let sum = 0, sq = 0, abs = 0, mn = Infinity, mx = -Infinity, zeros = 0, bad = 0;
  for (let i = off, e = off + n; i < e; i++) {
    const v = data[i];
    if (v - v !== 0) { bad++; continue; }
    sum += v;
    sq += v * v;
    abs += Math.abs(v);
    if (v < mn) mn = v;
    if (v > mx) mx = v;
    if (v === 0) zeros++;
  }
  return { sum, sq, abs, mn, mx, zeros, bad };
}
