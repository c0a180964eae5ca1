import '../../ops/methods.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { maxPool, avgPool, maxAxis, avgAxis, adaptiveAxis, avgDivisor, type AxisWindows } from '../../ops/pool.ts';
import { placeFlat } from '../../ops/index_map.ts';
import { ntuple, type IntOrTuple, shapeStr } from '../_utils.ts';

/** Pooling functions (torch.nn.functional). 1-D pooling runs as 2-D pooling over a height of 1. */

export interface MaxPoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceil_mode?: boolean;
  return_indices?: boolean;
}

export interface AvgPoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/** Reshape to N·C·H·W (1-D: H = 1; unbatched: N = 1); `restore` maps results back. */
function toPlanes(x: Tensor, nsp: 1 | 2, name: string): { x4: Tensor; restore: (t: Tensor) => Tensor } {
  const nd = x.dim();
  if (nd !== nsp + 1 && nd !== nsp + 2) {
    throw new RangeError(`${name} expects ${nsp + 1}D (unbatched) or ${nsp + 2}D (batched) input, got ${nd}D input of shape ${shapeStr(x.shape)}; ${nd < nsp + 1 ? 'add a batch/channel dimension' : 'remove extra dimensions'}.`);
  }
  if (x.shape.slice(nd - nsp).some((s) => s === 0)) {
    throw new RangeError(`${name}: expected input with non-zero spatial size, got ${shapeStr(x.shape)}`);
  }
  const unbatched = nd === nsp + 1;
  let x4 = unbatched ? x.unsqueeze(0) : x;
  if (nsp === 1) x4 = x4.unsqueeze(2);
  return {
    x4,
    restore: (t) => {
      let r = nsp === 1 ? t.squeeze(2) : t;
      if (unbatched) r = r.squeeze(0);
      return r;
    },
  };
}

function checkOut(name: string, x4: Tensor, h: AxisWindows, w: AxisWindows): void {
  const oH = h.start.length, oW = w.start.length;
  if (oH <= 0 || oW <= 0) {
    throw new RangeError(`${name}: Given input size: (${x4.shape[1]}x${x4.shape[2]}x${x4.shape[3]}). Calculated output size: (${x4.shape[1]}x${oH}x${oW}). Output size is too small; use a smaller kernel or stride, or a larger input.`);
  }
}

function poolArgs(name: string, nsp: number, kernel_size: IntOrTuple, stride: IntOrTuple | null | undefined, padding: IntOrTuple, dilation: IntOrTuple) {
  const k = ntuple(kernel_size, nsp, name, 'kernel_size');
  const s = stride === null || stride === undefined || (Array.isArray(stride) && stride.length === 0) ? k : ntuple(stride, nsp, name, 'stride');
  const p = ntuple(padding, nsp, name, 'padding');
  const d = ntuple(dilation, nsp, name, 'dilation');
  if (k.some((v) => v <= 0)) throw new RangeError(`${name}: kernel_size must be greater than zero, but got (${k.join(', ')})`);
  if (s.some((v) => v <= 0)) throw new RangeError(`${name}: stride must be greater than zero, but got (${s.join(', ')})`);
  if (d.some((v) => v <= 0)) throw new RangeError(`${name}: dilation must be greater than zero, but got (${d.join(', ')})`);
  for (let i = 0; i < nsp; i++) {
    if (p[i] < 0 || p[i] > Math.floor(k[i] / 2)) {
      throw new RangeError(`${name}: pad should be at most half of effective kernel size, but got pad=${p[i]}, kernel_size=${k[i]} and dilation=${d[i]}. Use padding <= ${Math.floor(k[i] / 2)}.`);
    }
  }
  // Lift to 2-D.
  return nsp === 1 ? { k: [1, ...k], s: [1, ...s], p: [0, ...p], d: [1, ...d] } : { k, s, p, d };
}

function maxPoolNd(name: string, nsp: 1 | 2, input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions): Tensor | [Tensor, Tensor] {
  const { x4, restore } = toPlanes(input, nsp, name);
  const { k, s, p, d } = poolArgs(name, nsp, kernel_size, opts.stride, opts.padding ?? 0, opts.dilation ?? 1);
  const ceil = opts.ceil_mode ?? false;
  const h = maxAxis(x4.shape[2], k[0], s[0], p[0], d[0], ceil);
  const w = maxAxis(x4.shape[3], k[1], s[1], p[1], d[1], ceil);
  checkOut(name, x4, h, w);
  const { values, indices } = maxPool(x4, h, w, nsp === 1 ? 'MaxPool1DWithIndicesBackward0' : 'MaxPool2DWithIndicesBackward0');
  return opts.return_indices ? [restore(values), restore(indices)] : restore(values);
}

/** F.max_pool1d(input, kernel_size, {stride, padding, dilation, ceil_mode, return_indices}) */
export function max_pool1d(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions & { return_indices: true }): [Tensor, Tensor];
export function max_pool1d(input: Tensor, kernel_size: IntOrTuple, opts?: MaxPoolOptions): Tensor;
export function max_pool1d(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions = {}): any {
  return maxPoolNd('max_pool1d', 1, input, kernel_size, opts);
}

/** F.max_pool2d(input, kernel_size, {stride, padding, dilation, ceil_mode, return_indices}) */
export function max_pool2d(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions & { return_indices: true }): [Tensor, Tensor];
export function max_pool2d(input: Tensor, kernel_size: IntOrTuple, opts?: MaxPoolOptions): Tensor;
export function max_pool2d(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions = {}): any {
  return maxPoolNd('max_pool2d', 2, input, kernel_size, opts);
}

function avgPoolNd(name: string, nsp: 1 | 2, input: Tensor, kernel_size: IntOrTuple, opts: AvgPoolOptions): Tensor {
  const { x4, restore } = toPlanes(input, nsp, name);
  const { k, s, p } = poolArgs(name, nsp, kernel_size, opts.stride, opts.padding ?? 0, 1);
  const ceil = opts.ceil_mode ?? false;
  const div = opts.divisor_override ?? null;
  if (div !== null && !(div !== 0)) throw new RangeError(`${name}: divisor must be not zero`);
  const h = avgAxis(x4.shape[2], k[0], s[0], p[0], ceil);
  const w = avgAxis(x4.shape[3], k[1], s[1], p[1], ceil);
  checkOut(name, x4, h, w);
  const divisor = avgDivisor(h, w, opts.count_include_pad ?? true, div);
  return restore(avgPool(x4, h, w, divisor, nsp === 1 ? 'AvgPool1DBackward0' : 'AvgPool2DBackward0'));
}

/** F.avg_pool1d(input, kernel_size, {stride, padding, ceil_mode, count_include_pad}) */
export function avg_pool1d(input: Tensor, kernel_size: IntOrTuple, opts: Omit<AvgPoolOptions, 'divisor_override'> = {}): Tensor {
  return avgPoolNd('avg_pool1d', 1, input, kernel_size, opts);
}

/** F.avg_pool2d(input, kernel_size, {stride, padding, ceil_mode, count_include_pad, divisor_override}) */
export function avg_pool2d(input: Tensor, kernel_size: IntOrTuple, opts: AvgPoolOptions = {}): Tensor {
  return avgPoolNd('avg_pool2d', 2, input, kernel_size, opts);
}

type OutSize = number | Array<number | null>;

function adaptiveSizes(name: string, nsp: number, x4: Tensor, output_size: OutSize): [number, number] {
  const arr = Array.isArray(output_size) ? output_size : new Array(nsp).fill(output_size);
  if (arr.length !== nsp) throw new RangeError(`${name}: output_size must have ${nsp} elements, got [${arr.join(', ')}]`);
  const full = nsp === 1 ? [1, arr[0]] : arr;
  const sizes = full.map((v, i) => (v === null ? x4.shape[2 + i] : v)) as [number, number];
  if (sizes.some((v) => !Number.isInteger(v) || v < 0)) throw new RangeError(`${name}: output_size must be non-negative integers, got [${arr.join(', ')}]`);
  if (x4.shape[2] === 0 || x4.shape[3] === 0) throw new RangeError(`${name}: expected input to have non-zero size for non-batch dimensions, but input has sizes ${shapeStr(x4.shape)}`);
  return sizes;
}

function adaptiveAvg(name: string, nsp: 1 | 2, input: Tensor, output_size: OutSize): Tensor {
  const { x4, restore } = toPlanes(input, nsp, name);
  const [oH, oW] = adaptiveSizes(name, nsp, x4, output_size);
  const h = adaptiveAxis(x4.shape[2], oH), w = adaptiveAxis(x4.shape[3], oW);
  return restore(avgPool(x4, h, w, avgDivisor(h, w, false, null), nsp === 1 ? 'AdaptiveAvgPool1DBackward0' : 'AdaptiveAvgPool2DBackward0'));
}

export function adaptive_avg_pool1d(input: Tensor, output_size: OutSize): Tensor {
  return adaptiveAvg('adaptive_avg_pool1d', 1, input, output_size);
}

export function adaptive_avg_pool2d(input: Tensor, output_size: OutSize): Tensor {
  return adaptiveAvg('adaptive_avg_pool2d', 2, input, output_size);
}

function adaptiveMax(name: string, nsp: 1 | 2, input: Tensor, output_size: OutSize, return_indices: boolean): any {
  const { x4, restore } = toPlanes(input, nsp, name);
  const [oH, oW] = adaptiveSizes(name, nsp, x4, output_size);
  const { values, indices } = maxPool(x4, adaptiveAxis(x4.shape[2], oH), adaptiveAxis(x4.shape[3], oW), 'AdaptiveMaxPool2DBackward0');
  return return_indices ? [restore(values), restore(indices)] : restore(values);
}

export function adaptive_max_pool1d(input: Tensor, output_size: OutSize, opts: { return_indices: true }): [Tensor, Tensor];
export function adaptive_max_pool1d(input: Tensor, output_size: OutSize, opts?: { return_indices?: boolean }): Tensor;
export function adaptive_max_pool1d(input: Tensor, output_size: OutSize, opts: { return_indices?: boolean } = {}): any {
  return adaptiveMax('adaptive_max_pool1d', 1, input, output_size, opts.return_indices ?? false);
}

export function adaptive_max_pool2d(input: Tensor, output_size: OutSize, opts: { return_indices: true }): [Tensor, Tensor];
export function adaptive_max_pool2d(input: Tensor, output_size: OutSize, opts?: { return_indices?: boolean }): Tensor;
export function adaptive_max_pool2d(input: Tensor, output_size: OutSize, opts: { return_indices?: boolean } = {}): any {
  return adaptiveMax('adaptive_max_pool2d', 2, input, output_size, opts.return_indices ?? false);
}

/**
 * F.max_unpool2d(input, indices, kernel_size, {stride, padding, output_size}): place each value at its arg-max
 * position in a zero tensor of size (H−1)·stride − 2·padding + kernel_size (or output_size).
 */
export function max_unpool2d(input: Tensor, indices: Tensor, kernel_size: IntOrTuple, opts: { stride?: IntOrTuple | null; padding?: IntOrTuple; output_size?: number[] | null } = {}): Tensor {
  const name = 'max_unpool2d';
  const { x4, restore } = toPlanes(input, 2, name);
  if (indices.dtype !== 'int64') throw new TypeError(`${name}: elements in indices should be type int64 but got: ${indices.dtype}`);
  if (indices.shape.length !== input.shape.length || indices.shape.some((s, i) => s !== input.shape[i])) {
    throw new RangeError(`${name}: Expected shape of indices to be same as that of the input tensor (${shapeStr(input.shape)}) but got indices tensor with shape: ${shapeStr(indices.shape)}`);
  }
  const k = ntuple(kernel_size, 2, name, 'kernel_size');
  const s = opts.stride === null || opts.stride === undefined ? k : ntuple(opts.stride, 2, name, 'stride');
  const p = ntuple(opts.padding ?? 0, 2, name, 'padding');
  const [N, C, H, W] = x4.shape;
  let oH = (H - 1) * s[0] - 2 * p[0] + k[0];
  let oW = (W - 1) * s[1] - 2 * p[1] + k[1];
  if (opts.output_size) {
    const os = opts.output_size.slice(-2);
    const ok = (o: number, d: number, i: number) => o > d - s[i] && o < d + s[i];
    if (!ok(os[0], oH, 0) || !ok(os[1], oW, 1)) {
      throw new RangeError(`${name}: invalid output_size [${os.join(', ')}] (expected between [${oH - s[0] + 1}, ${oW - s[1] + 1}] and [${oH + s[0] - 1}, ${oW + s[1] - 1}])`);
    }
    [oH, oW] = os;
  }
  const idx = (indices.dim() === 3 ? indices.unsqueeze(0) : indices)._values();
  const per = H * W, plane = oH * oW;
  const map = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i];
    if (j < 0 || j >= plane) throw new RangeError(`${name}: Found an invalid max index: ${j} (output volumes are of size ${oH}x${oW})`);
    map[i] = Math.floor(i / per) * plane + j;
  }
  return restore(placeFlat(x4, map, [N, C, oH, oW], 'MaxUnpool2DBackward0'));
}

/** F.max_pool1d_with_indices: max_pool1d returning [output, indices]. */
export function max_pool1d_with_indices(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions = {}): [Tensor, Tensor] {
  return maxPoolNd('max_pool1d', 1, input, kernel_size, { ...opts, return_indices: true }) as [Tensor, Tensor];
}

/** F.max_pool2d_with_indices: max_pool2d returning [output, indices]. */
export function max_pool2d_with_indices(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions = {}): [Tensor, Tensor] {
  return maxPoolNd('max_pool2d', 2, input, kernel_size, { ...opts, return_indices: true }) as [Tensor, Tensor];
}

/** F.adaptive_max_pool2d_with_indices */
export function adaptive_max_pool2d_with_indices(input: Tensor, output_size: OutSize): [Tensor, Tensor] {
  return adaptiveMax('adaptive_max_pool2d', 2, input, output_size, true);
}
