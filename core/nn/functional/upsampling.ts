import '../../ops/methods.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { gatherFlat } from '../../ops/index_map.ts';
import { shapeStr } from '../_utils.ts';

export type InterpolateMode = 'nearest' | 'linear' | 'bilinear' | 'trilinear';

export interface InterpolateOptions {
  size?: number | number[] | null;
  scale_factor?: number | number[] | null;
  mode?: InterpolateMode;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
}

const f32 = Math.fround;

/** PyTorch's nearest_idx (float arithmetic as in its CPU kernel). */
function nearestIndex(o: number, inSize: number, outSize: number, scale: number | null): number {
  if (outSize === inSize) return o;
  if (outSize === 2 * inSize) return o >> 1;
  const s = scale !== null && scale > 0 ? f32(1 / scale) : f32(inSize / outSize);
  return Math.min(Math.floor(f32(f32(o) * s)), inSize - 1);
}

/** Linear interpolation taps along one axis: (index0, index1, lambda0, lambda1) per output position. */
function linearTaps(inSize: number, outSize: number, alignCorners: boolean, scale: number | null) {
  const i0 = new Int32Array(outSize), i1 = new Int32Array(outSize);
  const l0 = new Float64Array(outSize), l1 = new Float64Array(outSize);
  const ratio = alignCorners
    ? (outSize > 1 ? f32((inSize - 1) / (outSize - 1)) : 0)
    : (scale !== null && scale > 0 ? f32(1 / scale) : f32(inSize / outSize));
  for (let o = 0; o < outSize; o++) {
    if (outSize === inSize) { i0[o] = o; i1[o] = o; l0[o] = 1; l1[o] = 0; continue; }
    let src = alignCorners ? f32(ratio * f32(o)) : f32(ratio * (o + 0.5) - 0.5);
    if (!alignCorners && src < 0) src = 0;
    const a = Math.floor(src);
    i0[o] = a;
    i1[o] = a + (a < inSize - 1 ? 1 : 0);
    const lam = f32(Math.min(Math.max(f32(src - a), 0), 1));
    l1[o] = lam;
    l0[o] = f32(1 - lam);
  }
  return { i0, i1, l0, l1 };
}

/** A flat gather map for an N·C·*spatial tensor from per-axis source indices. */
function gatherMap(shape: readonly number[], outSp: number[], axisIdx: Int32Array[]): Int32Array {
  const [N, C] = shape;
  const inSp = shape.slice(2);
  const nsp = inSp.length;
  const outPlane = outSp.reduce((a, b) => a * b, 1), inPlane = inSp.reduce((a, b) => a * b, 1);
  const map = new Int32Array(N * C * outPlane);
  const inStr = new Array<number>(nsp);
  let acc = 1;
  for (let d = nsp - 1; d >= 0; d--) { inStr[d] = acc; acc *= inSp[d]; }
  const pos = new Array<number>(nsp).fill(0);
  const rel = new Int32Array(outPlane);
  for (let k = 0; k < outPlane; k++) {
    let off = 0;
    for (let d = 0; d < nsp; d++) off += axisIdx[d][pos[d]] * inStr[d];
    rel[k] = off;
    for (let d = nsp - 1; d >= 0; d--) { if (++pos[d] < outSp[d]) break; pos[d] = 0; }
  }
  for (let p = 0; p < N * C; p++) for (let k = 0; k < outPlane; k++) map[p * outPlane + k] = p * inPlane + rel[k];
  return map;
}

/**
 * F.interpolate(input, {size, scale_factor, mode='nearest', align_corners, recompute_scale_factor}): resize the
 * spatial dims of (N, C, *spatial). Modes: nearest (1–3 spatial dims), linear (1), bilinear (2). Index and weight
 * arithmetic follows PyTorch's CPU kernels (float32), so results match PyTorch to rounding.
 */
export function interpolate(input: Tensor, opts: InterpolateOptions = {}): Tensor {
  const mode = opts.mode ?? 'nearest';
  const nsp = input.dim() - 2;
  if (nsp < 1 || nsp > 3) throw new RangeError(`interpolate: expected a 3D, 4D or 5D input (N, C, *spatial), got ${input.dim()}D input of shape ${shapeStr(input.shape)}`);
  const need = { linear: 1, bilinear: 2, trilinear: 3 } as Record<string, number>;
  if (mode !== 'nearest' && need[mode] === undefined) throw new RangeError(`interpolate: mode '${mode}' is not supported; use 'nearest', 'linear' or 'bilinear'`);
  if (mode !== 'nearest' && need[mode] !== nsp) {
    throw new RangeError(`interpolate: mode '${mode}' needs a ${need[mode] + 2}D input, got ${input.dim()}D input of shape ${shapeStr(input.shape)}`);
  }
  if (mode === 'trilinear') throw new RangeError("interpolate: mode 'trilinear' is not implemented in Netsketch yet; use 'nearest'");
  if (mode === 'nearest' && opts.align_corners !== null && opts.align_corners !== undefined) {
    throw new RangeError('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear');
  }
  const hasSize = opts.size !== null && opts.size !== undefined;
  const hasScale = opts.scale_factor !== null && opts.scale_factor !== undefined;
  if (hasSize === hasScale) throw new RangeError(hasSize ? 'only one of size or scale_factor should be defined' : 'either size or scale_factor should be defined');
  const inSp = input.shape.slice(2);
  let outSp: number[];
  let scales: Array<number | null> = new Array(nsp).fill(null);
  if (hasSize) {
    const s = Array.isArray(opts.size) ? opts.size : new Array(nsp).fill(opts.size);
    if (s.length !== nsp) throw new RangeError(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSp.join(', ')}] and output size of [${s.join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
    outSp = s as number[];
  } else {
    const sf = Array.isArray(opts.scale_factor) ? opts.scale_factor : new Array(nsp).fill(opts.scale_factor);
    if (sf.length !== nsp) throw new RangeError(`interpolate: scale_factor must have ${nsp} elements, got [${sf.join(', ')}]`);
    outSp = inSp.map((n, i) => Math.floor(n * (sf[i] as number)));
    if (!opts.recompute_scale_factor) scales = sf as number[];
  }
  if (outSp.some((o) => !Number.isInteger(o) || o <= 0)) throw new RangeError(`interpolate: output size must be positive integers, got [${outSp.join(', ')}] for input ${shapeStr(input.shape)}`);
  const outShape = [input.shape[0], input.shape[1], ...outSp];
  if (mode === 'nearest') {
    const idx = inSp.map((n, d) => Int32Array.from({ length: outSp[d] }, (_, o) => nearestIndex(o, n, outSp[d], scales[d])));
    return gatherFlat(input, gatherMap(input.shape, outSp, idx), outShape, `UpsampleNearest${nsp}DBackward0`);
  }
  const align = opts.align_corners ?? false;
  const taps = inSp.map((n, d) => linearTaps(n, outSp[d], align, scales[d]));
  // Σ over corners: gather each corner, weight it by the product of the per-axis lambdas.
  let out: Tensor | null = null;
  for (let corner = 0; corner < 1 << nsp; corner++) {
    const idx = taps.map((t, d) => ((corner >> (nsp - 1 - d)) & 1 ? t.i1 : t.i0));
    const w = Tensor._empty(outSp, input.dtype);
    const wd = w._storage.data;
    const pos = new Array<number>(nsp).fill(0);
    for (let k = 0; k < wd.length; k++) {
      let v = 1;
      for (let d = 0; d < nsp; d++) v *= (corner >> (nsp - 1 - d)) & 1 ? taps[d].l1[pos[d]] : taps[d].l0[pos[d]];
      wd[k] = v;
      for (let d = nsp - 1; d >= 0; d--) { if (++pos[d] < outSp[d]) break; pos[d] = 0; }
    }
    const term = gatherFlat(input, gatherMap(input.shape, outSp, idx), outShape, nsp === 1 ? 'UpsampleLinear1DBackward0' : 'UpsampleBilinear2DBackward0').mul(w);
    out = out ? out.add(term) : term;
  }
  return out!;
}
