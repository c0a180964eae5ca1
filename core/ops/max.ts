import { Tensor } from '../tensor/tensor.ts';
import { assertComputable } from '../tensor/dtype.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { record } from '../autograd/function.ts';
import { empty, isOptions } from './_helpers.ts';
import { renameGradFn } from '../autograd/function.ts';
import { maximum, minimum } from './minmax.ts';
import { reduceDims, reducedShape, type Dims } from './sum.ts';
import { scatterAlong } from './gather.ts';

/** Walk x as [outer, n, inner] around `dim`, calling visit(outIndex, offsets) per reduced line. */
function lines(x: Tensor, d: number, visit: (o: number, base: number, step: number, n: number) => void): void {
  const shape = x.shape;
  const n = shape[d];
  const others = shape.map((_, i) => i).filter((i) => i !== d);
  const outShape = others.map((i) => shape[i]);
  let total = 1;
  for (const s of outShape) total *= s;
  const idx = new Array<number>(others.length).fill(0);
  const step = x._strides[d];
  for (let o = 0; o < total; o++) {
    let base = x._offset;
    for (let k = 0; k < others.length; k++) base += idx[k] * x._strides[others[k]];
    visit(o, base, step, n);
    for (let k = others.length - 1; k >= 0; k--) {
      if (++idx[k] < outShape[k]) break;
      idx[k] = 0;
    }
  }
}

function argExtreme(x: Tensor, d: number, isMax: boolean, fn: string): { values: Float64Array; indices: Float64Array } {
  if (x.shape[d] === 0) {
    throw new RangeError(`${fn}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const outN = x.numel() / x.shape[d];
  const values = new Float64Array(outN);
  const indices = new Float64Array(outN);
  const data = x._storage.data;
  lines(x, d, (o, base, step, n) => {
    let best = data[base];
    let bi = 0;
    if (best === best) {
      for (let k = 1; k < n; k++) {
        const v = data[base + k * step];
        if (v !== v) { best = v; bi = k; break; }
        if (isMax ? v > best : v < best) { best = v; bi = k; }
      }
    }
    values[o] = best;
    indices[o] = bi;
  });
  return { values, indices };
}

export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
  0: Tensor;
  1: Tensor;
  [Symbol.iterator](): Iterator<Tensor>;
}

function pair(values: Tensor, indices: Tensor): ValuesIndices {
  return { values, indices, 0: values, 1: indices, *[Symbol.iterator]() { yield values; yield indices; } };
}

function withIndices(x: Tensor, dim: number, keepdim: boolean, isMax: boolean): ValuesIndices {
  const fn = isMax ? 'max' : 'min';
  assertComputable(x.dtype, fn);
  const d = normalizeDim(dim, x.dim(), fn);
  if (x.dim() === 0) {
    return pair(renameGradFn(x.clone(), isMax ? 'MaxBackward0' : 'MinBackward0'), Tensor._fromArray(new Float64Array(1), [], 'int64'));
  }
  const { values, indices } = argExtreme(x, d, isMax, fn);
  const shape = reducedShape(x.shape, [d], keepdim);
  const v = empty(shape, x.dtype);
  for (let i = 0; i < values.length; i++) v._storage.data[i] = values[i];
  const idx = Tensor._fromArray(indices, shape, 'int64');
  const inShape = [...x.shape];
  const out = record(isMax ? 'MaxBackward0' : 'MinBackward0', v, [x], [idx], (g, [ix]) => [
    scatterAlong(keepdim ? g : g.unsqueeze(d), keepdim ? ix : ix.unsqueeze(d), d, inShape),
  ]);
  return pair(out, idx);
}

function fullReduce(x: Tensor, isMax: boolean): Tensor {
  const fn = isMax ? 'max' : 'min';
  if (x.numel() === 0) {
    throw new RangeError(`${fn}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  return renameGradFn(amaxmin(x, null, false, isMax), isMax ? 'MaxBackward1' : 'MinBackward1');
}

/** torch.max(input) → 0-dim; torch.max(input, dim, keepdim) → {values, indices}; torch.max(a, b) = maximum. */
export function max(x: Tensor, dim?: number | Tensor, opts: { keepdim?: boolean } | boolean = {}): any {
  if (dim instanceof Tensor) return maximum(x, dim);
  if (dim === undefined) return fullReduce(x, true);
  return withIndices(x, dim, typeof opts === 'boolean' ? opts : opts.keepdim ?? false, true);
}

export function min(x: Tensor, dim?: number | Tensor, opts: { keepdim?: boolean } | boolean = {}): any {
  if (dim instanceof Tensor) return minimum(x, dim);
  if (dim === undefined) return fullReduce(x, false);
  return withIndices(x, dim, typeof opts === 'boolean' ? opts : opts.keepdim ?? false, false);
}

/** torch.amax / amin over several dims; the gradient is shared evenly between tied maxima (like PyTorch). */
export function amaxmin(x: Tensor, dim: Dims, keepdim: boolean, isMax: boolean): Tensor {
  const fn = isMax ? 'amax' : 'amin';
  assertComputable(x.dtype, fn);
  const dims = reduceDims(dim, x.dim(), fn);
  for (const d of dims) if (x.shape[d] === 0) throw new RangeError(`${fn}(): Expected reduction dim ${d} to have non-zero size.`);
  // Move reduced dims last, flatten them, and reduce one line per output.
  const keep = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const perm = x.permute([...keep, ...dims]).contiguous();
  const outShape = reducedShape(x.shape, dims, keepdim);
  const n = dims.reduce((a, d) => a * x.shape[d], 1);
  const outN = n === 0 ? 0 : perm.numel() / n;
  const out = empty(outShape, x.dtype);
  const src = perm._storage.data;
  const od = out._storage.data;
  for (let o = 0; o < outN; o++) {
    let best = src[o * n];
    for (let k = 1; k < n && best === best; k++) {
      const v = src[o * n + k];
      if (v !== v || (isMax ? v > best : v < best)) best = v;
    }
    od[o] = best;
  }
  const keepShape = x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
  return record(isMax ? 'AmaxBackward0' : 'AminBackward0', out, [x], [x, out], (g, [xs, r]) => {
    const rk = r.reshape(keepShape);
    const mask = xs.eq(rk).to(g.dtype);
    const count = mask.sum(dims, { keepdim: true });
    return [g.reshape(keepShape).mul(mask).div(count)];
  });
}

export function amax(x: Tensor, dim: Dims | { keepdim?: boolean } = null, opts: { keepdim?: boolean } | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = null; }
  return amaxmin(x, dim, opts.keepdim ?? false, true);
}

export function amin(x: Tensor, dim: Dims | { keepdim?: boolean } = null, opts: { keepdim?: boolean } | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = null; }
  return amaxmin(x, dim, opts.keepdim ?? false, false);
}

/** torch.argmax(input, dim=None, keepdim=False) → int64 */
export function argmax(x: Tensor, dim: number | null | { keepdim?: boolean } = null, opts: { keepdim?: boolean } | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = null; }
  return argImpl(x, dim, opts.keepdim ?? false, true);
}

export function argmin(x: Tensor, dim: number | null | { keepdim?: boolean } = null, opts: { keepdim?: boolean } | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = null; }
  return argImpl(x, dim, opts.keepdim ?? false, false);
}

function argImpl(x: Tensor, dim: number | null, keepdim: boolean, isMax: boolean): Tensor {
  const fn = isMax ? 'argmax' : 'argmin';
  assertComputable(x.dtype, fn);
  if (dim === null) {
    if (x.numel() === 0) throw new RangeError(`${fn}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const flat = x.reshape([-1]);
    const { indices } = argExtreme(flat, 0, isMax, fn);
    return Tensor._fromArray(indices, keepdim ? x.shape.map(() => 1) : [], 'int64');
  }
  const d = normalizeDim(dim, x.dim(), fn);
  if (x.dim() === 0) return Tensor._fromArray(new Float64Array(1), [], 'int64');
  const { indices } = argExtreme(x, d, isMax, fn);
  return Tensor._fromArray(indices, reducedShape(x.shape, [d], keepdim), 'int64');
}
