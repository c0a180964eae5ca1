import { Tensor } from '../tensor/tensor.ts';
import { normalizeDim, shapeStr } from '../tensor/shape.ts';
import { record } from '../autograd/function.ts';
import { empty, unaryMap, UnOp } from './_helpers.ts';
import { stridedCopy } from '../kernels/js/elementwise.ts';

/** Iterate over every position of `shape`, giving the offsets of `a` and `b` through their strides. */
function forEach2(shape: readonly number[], aStr: readonly number[], aOff: number, bStr: readonly number[], bOff: number, fn: (ai: number, bi: number, idx: number[]) => void): void {
  let total = 1;
  for (const s of shape) total *= s;
  if (total === 0) return;
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let ai = aOff, bi = bOff;
  for (let k = 0; k < total; k++) {
    fn(ai, bi, idx);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      ai += aStr[d];
      bi += bStr[d];
      if (idx[d] < shape[d]) break;
      ai -= aStr[d] * shape[d];
      bi -= bStr[d] * shape[d];
      idx[d] = 0;
    }
  }
}

function checkIndex(x: Tensor, index: Tensor, d: number, fn: string): void {
  if (index.dtype !== 'int64') throw new TypeError(`${fn}(): Expected dtype int64 for index, but got torch.${index.dtype}`);
  if (index.dim() !== x.dim() && !(index.dim() <= 1 && x.dim() <= 1)) {
    throw new RangeError(`${fn}(): Index tensor must have the same number of dimensions as input tensor (index has ${index.dim()}, input has ${x.dim()})`);
  }
  for (let i = 0; i < index.dim(); i++) {
    if (i !== d && index.shape[i] > (x.shape[i] ?? 1)) {
      throw new RangeError(`${fn}(): Size does not match at dimension ${i} expected index ${shapeStr(index.shape)} to be smaller than self ${shapeStr(x.shape)} apart from dimension ${d}`);
    }
  }
}

/** torch.gather(input, dim, index): out[i][j] = input[index[i][j]][j] (for dim 0). */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim(), 'gather');
  checkIndex(x, index, d, 'gather');
  const out = empty(index.shape, x.dtype);
  const od = out._storage.data;
  const xd = x._storage.data, id = index._storage.data;
  const size = x.shape[d] ?? 1;
  let o = 0;
  const xs = x.dim() === 0 ? [] : x._strides;
  forEach2(index.shape, index._strides, index._offset, xs.map((s, i) => (i === d ? 0 : s)), x._offset, (ii, xi) => {
    const k = id[ii];
    if (k < -size || k >= size) throw new RangeError(`gather(): index ${k} is out of bounds for dimension ${d} with size ${size}`);
    od[o++] = xd[xi + (k < 0 ? k + size : k) * (xs[d] ?? 0)];
  });
  const inShape = [...x.shape];
  return record('GatherBackward0', out, [x], [index], (g, [ix]) => [scatterAlong(g, ix, d, inShape)]);
}

/** zeros(shape).scatter_add(dim, index, src): differentiable in src (backward is gather). */
export function scatterAlong(src: Tensor, index: Tensor, dim: number, shape: readonly number[]): Tensor {
  return scatter_add(empty(shape, src.dtype), dim, index, src);
}

/** torch.scatter_add(input, dim, index, src): out = input; out[index[i][j]][j] += src[i][j]. */
export function scatter_add(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim(), 'scatter_add');
  checkIndex(x, index, d, 'scatter_add');
  for (let i = 0; i < index.dim(); i++) {
    if (index.shape[i] > (src.shape[i] ?? 1)) {
      throw new RangeError(`scatter_add(): Expected index ${shapeStr(index.shape)} to be smaller than self ${shapeStr(x.shape)} apart from dimension ${d} and to be smaller size than src ${shapeStr(src.shape)}`);
    }
  }
  const out = unaryMap(x, x.dtype, UnOp.Copy, null, 'scatter_add');
  const od = out._storage.data;
  const sd = src._storage.data, id = index._storage.data;
  const size = x.shape[d] ?? 1;
  const os = out._strides;
  const ss = src.dim() === 0 ? [] : src._strides;
  forEach2(index.shape, index._strides, index._offset, ss.slice(0, index.dim()), src._offset, (ii, si, idx) => {
    const k = id[ii];
    if (k < -size || k >= size) throw new RangeError(`scatter_add(): index ${k} is out of bounds for dimension ${d} with size ${size}`);
    let off = 0;
    for (let q = 0; q < idx.length; q++) off += (q === d ? (k < 0 ? k + size : k) : idx[q]) * (os[q] ?? 0);
    od[off] += sd[si];
  });
  const res = new Tensor(out._storage, out.shape, out._strides, out._offset, out.dtype);
  return record('ScatterAddBackward0', res, [x, src], [index], (g, [ix]) => [g, gather(g, d, ix)]);
}

/** torch.index_select(input, dim, index) */
export function index_select(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim(), 'index_select');
  if (index.dtype !== 'int64' && index.dtype !== 'int32') throw new TypeError(`index_select(): Expected dtype int32 or int64 for index, but got torch.${index.dtype}. Convert it with .long().`);
  if (index.dim() > 1) throw new RangeError('index_select(): Index is supposed to be a vector');
  const idx = index._values();
  const size = x.dim() === 0 ? 1 : x.shape[d];
  for (const k of idx) {
    if (k < -size || k >= size) throw new RangeError(`index_select(): index out of range in self: index ${k} for dimension ${d} with size ${size}`);
  }
  if (x.dim() === 0) return x.reshape([]).clone();
  const shape = [...x.shape];
  shape[d] = idx.length;
  const out = empty(shape, x.dtype);
  // One strided copy per selected slice: x.select(d, k) → out.select(d, j), without autograd or per-element calls.
  const sliceShape = x.shape.filter((_, i) => i !== d);
  const xs = x._strides.filter((_, i) => i !== d);
  const os = out._strides.filter((_, i) => i !== d);
  idx.forEach((k, j) => {
    const kk = k < 0 ? k + size : k;
    stridedCopy(sliceShape, x._storage.data, x._offset + kk * x._strides[d], xs, out._storage.data, j * out._strides[d], os);
  });
  const inShape = [...x.shape];
  return record('IndexSelectBackward0', out, [x], [index], (g, [ix]) => [index_add_zeros(g, d, ix, inShape)]);
}

/** zeros(shape).index_add(dim, index, g), differentiable in g (backward: index_select). */
function index_add_zeros(g: Tensor, d: number, index: Tensor, shape: readonly number[]): Tensor {
  const ix = index.reshape([-1]);
  const viewShape = g.shape.map((_, i) => (i === d ? g.shape[d] : 1));
  const full = ix.reshape(viewShape.map((s, i) => (i === d ? s : 1))).expand([...g.shape]).contiguous();
  return scatterAlong(g, full.to('int64'), d, shape);
}

/** torch.masked_select(input, mask) → 1-D tensor of the elements where mask is true (broadcast). */
export function masked_select(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== 'bool' && mask.dtype !== 'uint8') throw new TypeError(`masked_select: expected BoolTensor or ByteTensor for mask, but got torch.${mask.dtype}. Build the mask with a comparison (x.gt(0)) or .bool().`);
  const shape = broadcast(x.shape, mask.shape);
  const xe = x.expand(shape), me = mask.expand(shape);
  const xv = xe._values(), mv = me._values();
  const vals: number[] = [];
  const pos: number[] = [];
  for (let i = 0; i < mv.length; i++) if (mv[i]) { vals.push(xv[i]); pos.push(i); }
  const out = empty([vals.length], x.dtype);
  out._storage.data.set(vals);
  const inShape = [...x.shape];
  return record('MaskedSelectBackward0', out, [x], [], (g) => {
    const flatIdx = Tensor._fromArray(Float64Array.from(pos), [pos.length], 'int64');
    const full = scatterAlong(g, flatIdx, 0, [xv.length]).reshape(shape);
    return [full.sum_to_size(inShape)];
  });
}

function broadcast(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[i - (n - a.length)] ?? 1, y = b[i - (n - b.length)] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new RangeError(`masked_select: The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`);
    out.push(x === 1 ? y : x);
  }
  return out;
}
