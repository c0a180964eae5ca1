import { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { type PoolWindows, maxPoolForward, avgPoolForward, avgPoolBackward, maxPoolDenseF32, maxPoolScatterF32 } from '../kernels/js/pool.ts';
import { is_grad_enabled } from '../autograd/grad_mode.ts';
import { scatterFlat } from './index_map.ts';
import { empty } from './_helpers.ts';

/**
 * Pooling primitives on N·C·H·W tensors (1-D pooling uses H = 1). Window geometry comes from the builders below
 * (sliding windows with padding/dilation/ceil_mode, adaptive windows); the kernels are in core/kernels/js/pool.ts.
 */
export interface AxisWindows {
  start: Int32Array;
  count: Int32Array;
  step: number;
  /** For average pooling: the window size counting padding (PyTorch's pool_size). */
  padded: Int32Array;
}

/** PyTorch's pooling_output_shape. */
export function poolOutSize(n: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  let out = Math.floor((n + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= n + p) out--;
  return out;
}

/** Max-pool windows along one axis: start = o·s − p, k taps spaced d apart (out-of-range taps are skipped). */
export function maxAxis(n: number, k: number, s: number, p: number, d: number, ceil: boolean): AxisWindows {
  const out = poolOutSize(n, k, s, p, d, ceil);
  const start = new Int32Array(Math.max(out, 0)), count = new Int32Array(Math.max(out, 0));
  for (let o = 0; o < out; o++) { start[o] = o * s - p; count[o] = k; }
  return { start, count, step: d, padded: count };
}

/** Average-pool windows along one axis, clipped to the input, with the padded size kept for count_include_pad. */
export function avgAxis(n: number, k: number, s: number, p: number, ceil: boolean): AxisWindows {
  const out = Math.max(poolOutSize(n, k, s, p, 1, ceil), 0);
  const start = new Int32Array(out), count = new Int32Array(out), padded = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const a = o * s - p;
    const b = Math.min(a + k, n + p);
    padded[o] = b - a;
    const ca = Math.max(a, 0), cb = Math.min(b, n);
    start[o] = ca;
    count[o] = Math.max(cb - ca, 0);
  }
  return { start, count, step: 1, padded };
}

/** Adaptive windows: output o covers [floor(o·n/out), ceil((o+1)·n/out)). */
export function adaptiveAxis(n: number, out: number): AxisWindows {
  const start = new Int32Array(out), count = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const a = Math.floor((o * n) / out);
    const b = Math.ceil(((o + 1) * n) / out);
    start[o] = a;
    count[o] = b - a;
  }
  return { start, count, step: 1, padded: count };
}

function windows(H: number, W: number, h: AxisWindows, w: AxisWindows): PoolWindows {
  return { H, W, oH: h.start.length, oW: w.start.length, hStart: h.start, hCount: h.count, hStep: h.step, wStart: w.start, wCount: w.count, wStep: w.step };
}

/** The elements of x in row-major order starting at index 0: its own storage when it is exactly that, else a copy. */
/** Windows o·s … o·s + k − 1 (dilation 1), all inside [0, n): no padding, no clipping. */
function denseWindows(a: AxisWindows, out: number, n: number): boolean {
  if (a.step !== 1 || out === 0) return false;
  const k = a.count[0], s = out > 1 ? a.start[1] - a.start[0] : 1;
  if (s < 1) return false;
  for (let o = 0; o < out; o++) if (a.start[o] !== o * s || a.count[o] !== k) return false;
  return (out - 1) * s + k <= n;
}

function floatData(x: Tensor) {
  if (x._offset === 0 && x._storage.data.length === x.numel() && x.is_contiguous()) return x._storage.data;
  return x.contiguous()._toTypedArray();
}

/**
 * Max pooling over N·C·H·W: values and int64 indices (flat h·W + w within each plane, as PyTorch returns them).
 * Backward scatters the gradient to the arg-max positions.
 */
export function maxPool(x: Tensor, h: AxisWindows, w: AxisWindows, name = 'MaxPool2DWithIndicesBackward0'): { values: Tensor; indices: Tensor } {
  const [N, C, H, W] = x.shape;
  const win = windows(H, W, h, w);
  const planes = N * C;
  const values = empty([N, C, win.oH, win.oW], x.dtype);
  const idx = new Float64Array(planes * win.oH * win.oW);
  const xd = floatData(x);
  const dense = denseWindows(h, win.oH, H) && denseWindows(w, win.oW, W);
  if (dense && xd instanceof Float32Array) {
    maxPoolDenseF32(planes, H, W, win.oH, win.oW, h.count[0], w.count[0], h.start[1] ?? 0, w.start[1] ?? 0, xd, values._storage.data as Float32Array, idx);
  } else maxPoolForward(win, planes, xd, values._storage.data, idx);
  const indices = Tensor._fromArray(idx, [N, C, win.oH, win.oW], 'int64');
  const inShape = [...x.shape];
  const per = win.oH * win.oW;
  const f32 = x.dtype === 'float32';
  record(name, values, [x], [], (g) => {
    if (f32 && !is_grad_enabled() && g.dtype === 'float32' && g.is_contiguous()) {
      // Plain backward (no graph to record): scatter straight into the input-shaped gradient.
      const dx = empty(inShape, 'float32');
      maxPoolScatterF32(planes, H * W, per, g._storage.data as Float32Array, g._offset, idx, dx._storage.data as Float32Array);
      return [dx];
    }
    const map = new Int32Array(idx.length);
    for (let i = 0; i < idx.length; i++) map[i] = Math.floor(i / per) * H * W + idx[i];
    return [scatterFlat(g, map, inShape)];
  });
  return { values, indices };
}

/** The per-position divisor of average pooling. */
export function avgDivisor(h: AxisWindows, w: AxisWindows, count_include_pad: boolean, divisor_override: number | null): Float64Array {
  const oH = h.start.length, oW = w.start.length;
  const div = new Float64Array(oH * oW);
  for (let i = 0; i < oH; i++) {
    for (let j = 0; j < oW; j++) {
      div[i * oW + j] = divisor_override ?? (count_include_pad ? h.padded[i] * w.padded[j] : h.count[i] * w.count[j]);
    }
  }
  return div;
}

/** Average pooling (also adaptive): a linear map whose adjoint is avgPoolAdjoint, and vice versa. */
export function avgPool(x: Tensor, h: AxisWindows, w: AxisWindows, divisor: Float64Array, name = 'AvgPool2DBackward0'): Tensor {
  const [N, C, H, W] = x.shape;
  const win = windows(H, W, h, w);
  const out = empty([N, C, win.oH, win.oW], x.dtype);
  avgPoolForward(win, N * C, floatData(x), divisor, out._storage.data);
  return record(name, out, [x], [], (g) => [avgPoolAdjoint(g, h, w, divisor, H, W)]);
}

function avgPoolAdjoint(g: Tensor, h: AxisWindows, w: AxisWindows, divisor: Float64Array, H: number, W: number): Tensor {
  const [N, C] = g.shape;
  const win = windows(H, W, h, w);
  const dx = empty([N, C, H, W], g.dtype);
  avgPoolBackward(win, N * C, floatData(g), divisor, dx._storage.data);
  return record('AvgPool2DBackwardBackward', dx, [g], [], (gg) => [avgPool(gg, h, w, divisor)]);
}
