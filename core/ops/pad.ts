import type { Tensor } from '../tensor/tensor.ts';
import { shapeStr } from '../tensor/shape.ts';
import { gatherFlat } from './index_map.ts';
import { empty } from './_helpers.ts';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * torch.nn.functional.pad(input, pad, mode='constant', value=0). `pad` lists (left, right) pairs starting from the
 * last dimension: [wl, wr, ht, hb, …]. Negative constant padding crops. Built on gatherFlat, so it is
 * differentiable to any order.
 */
export function pad(x: Tensor, padArg: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  if (padArg.length % 2 !== 0) throw new RangeError(`pad: padding length must be divisible by 2, got ${padArg.length} values [${padArg.join(', ')}]`);
  const np = padArg.length / 2;
  if (np > x.dim()) throw new RangeError(`pad: padding length ${padArg.length} is too large for a ${x.dim()}-D input (at most ${2 * x.dim()} values: two per dimension)`);
  if (!['constant', 'reflect', 'replicate', 'circular'].includes(mode)) {
    throw new RangeError(`pad: unknown mode '${mode}'; use 'constant', 'reflect', 'replicate' or 'circular'`);
  }
  const nd = x.dim();
  const before = new Array<number>(nd).fill(0), after = new Array<number>(nd).fill(0);
  for (let i = 0; i < np; i++) {
    before[nd - 1 - i] = padArg[2 * i];
    after[nd - 1 - i] = padArg[2 * i + 1];
  }
  const outShape = x.shape.map((s, d) => s + before[d] + after[d]);
  for (let d = 0; d < nd; d++) {
    const n = x.shape[d];
    if (outShape[d] < 0 || (outShape[d] === 0 && mode !== 'constant')) {
      throw new RangeError(`pad: input ${shapeStr(x.shape)} with padding (${before[d]}, ${after[d]}) at dimension ${d} gives a negative or empty size ${outShape[d]}`);
    }
    if (mode === 'constant' || (before[d] === 0 && after[d] === 0)) continue;
    if (before[d] < 0 || after[d] < 0) throw new RangeError(`pad: negative padding is only supported in 'constant' mode, got (${before[d]}, ${after[d]}) at dimension ${d} in '${mode}' mode`);
    if (mode === 'reflect' && (before[d] >= n || after[d] >= n)) {
      throw new RangeError(`pad: Padding size should be less than the corresponding input dimension, but got: padding (${before[d]}, ${after[d]}) at dimension ${d} of input ${shapeStr(x.shape)}. Use smaller padding or mode 'replicate'.`);
    }
    if (mode === 'circular' && (before[d] > n || after[d] > n)) {
      throw new RangeError(`pad: Padding value causes wrapping around more than once: padding (${before[d]}, ${after[d]}) at dimension ${d} of input ${shapeStr(x.shape)}.`);
    }
    if (mode === 'replicate' && n === 0) throw new RangeError(`pad: cannot replicate-pad an empty dimension ${d} of input ${shapeStr(x.shape)}`);
  }
  // Source index along each dim for every output index (-1: padding value).
  const srcIdx = outShape.map((os, d) => {
    const n = x.shape[d];
    const arr = new Int32Array(os);
    for (let o = 0; o < os; o++) {
      let i = o - before[d];
      if (i < 0 || i >= n) {
        if (mode === 'constant') i = -1;
        else if (mode === 'reflect') i = i < 0 ? -i : 2 * (n - 1) - i;
        else if (mode === 'replicate') i = i < 0 ? 0 : n - 1;
        else i = ((i % n) + n) % n;
      }
      arr[o] = i;
    }
    return arr;
  });
  const total = outShape.reduce((a, b) => a * b, 1);
  const map = new Int32Array(total);
  const inStrides = new Array<number>(nd);
  let acc = 1;
  for (let d = nd - 1; d >= 0; d--) { inStrides[d] = acc; acc *= x.shape[d]; }
  const idx = new Array<number>(nd).fill(0);
  for (let k = 0; k < total; k++) {
    let src = 0;
    for (let d = 0; d < nd; d++) {
      const i = srcIdx[d][idx[d]];
      if (i < 0) { src = -1; break; }
      src += i * inStrides[d];
    }
    map[k] = src;
    for (let d = nd - 1; d >= 0; d--) { if (++idx[d] < outShape[d]) break; idx[d] = 0; }
  }
  const out = gatherFlat(x, map, outShape, mode === 'constant' ? 'ConstantPadNdBackward0' : mode === 'reflect' ? 'ReflectionPadBackward' : mode === 'replicate' ? 'ReplicationPadBackward' : 'CircularPadBackward');
  if (mode !== 'constant' || value === 0) return out;
  const fill = empty(outShape, x.dtype);
  const fd = fill._storage.data;
  for (let k = 0; k < total; k++) if (map[k] < 0) fd[k] = value;
  return out.add(fill);
}
