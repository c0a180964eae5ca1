import { Tensor } from '../tensor/tensor.ts';
import { type DType, assertComputable, isFloatingPoint } from '../tensor/dtype.ts';
import { normalizeDim, contiguousStrides } from '../tensor/shape.ts';
import { record } from '../autograd/function.ts';
import { empty, isOptions } from './_helpers.ts';
import { coalesceDims } from '../kernels/js/f32.ts';

export type Dims = number | number[] | null | undefined;

/** Normalise a dim argument to a sorted unique list; null/undefined/[] means all dims. */
export function reduceDims(dim: Dims, ndim: number, fn: string): number[] {
  if (dim === null || dim === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = Array.isArray(dim) ? dim : [dim];
  if (list.length === 0) return Array.from({ length: ndim }, (_, i) => i);
  const out = list.map((d) => normalizeDim(d, ndim, fn));
  const set = new Set(out);
  if (set.size !== out.length) throw new RangeError(`${fn}: dim ${out.find((d, i) => out.indexOf(d) !== i)} appears multiple times in the list of dims`);
  return [...set].sort((a, b) => a - b);
}

export function reducedShape(shape: readonly number[], dims: number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (dims.includes(i)) { if (keepdim) out.push(1); } else out.push(shape[i]);
  }
  return out;
}

/** Sum over `dims` into a Float64Array accumulator laid out as the keepdim shape. */
export function sumKernel(x: Tensor, dims: number[]): { acc: Float64Array; keepShape: number[] } {
  const shape = x.shape;
  const nd = shape.length;
  const keepShape = shape.map((s, i) => (dims.includes(i) ? 1 : s));
  const kStr = contiguousStrides(keepShape);
  const oStr = shape.map((_, i) => (dims.includes(i) ? 0 : kStr[i]));
  let outN = 1;
  for (const s of keepShape) outN *= s;
  const acc = new Float64Array(outN);
  const data = x._storage.data;
  const total = x.numel();
  if (total === 0) return { acc, keepShape };
  if (nd === 0) { acc[0] = data[x._offset]; return { acc, keepShape }; }
  // Walk merged dims (e.g. N·C·H·W summed over N, H, W runs H·W-long inner loops, not W-long ones).
  const c = coalesceDims(shape, [x._strides, oStr]);
  const cShape = c.shape, xs = c.strides[0], os = c.strides[1], cnd = cShape.length;
  if (data instanceof Float32Array) { sumRunsF32(data, x._offset, cShape, xs, os, acc, total); return { acc, keepShape }; }
  const n = cShape[cnd - 1];
  const xsLast = xs[cnd - 1];
  const osLast = os[cnd - 1];
  const idx = new Array<number>(cnd).fill(0);
  let xi = x._offset;
  let oi = 0;
  for (let done = 0; done < total; done += n) {
    if (osLast === 0) {
      let s = 0;
      for (let k = 0; k < n; k++) s += data[xi + k * xsLast];
      acc[oi] += s;
    } else {
      for (let k = 0; k < n; k++) acc[oi + k] += data[xi + k * xsLast];
    }
    for (let d = cnd - 2; d >= 0; d--) {
      idx[d]++;
      xi += xs[d];
      oi += os[d];
      if (idx[d] < cShape[d]) break;
      xi -= xs[d] * cShape[d];
      oi -= os[d] * cShape[d];
      idx[d] = 0;
    }
  }
  return { acc, keepShape };
}

/** sumKernel's loop for float32 storage (monomorphic element reads; the same additions in the same order). */
function sumRunsF32(data: Float32Array, off: number, shape: number[], xs: number[], os: number[], acc: Float64Array, total: number): void {
  const nd = shape.length;
  const n = shape[nd - 1];
  const xsLast = xs[nd - 1];
  const osLast = os[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let xi = off;
  let oi = 0;
  for (let done = 0; done < total; done += n) {
    if (osLast === 0) {
      let s = 0;
      for (let k = 0; k < n; k++) s += data[xi + k * xsLast];
      acc[oi] += s;
    } else {
      for (let k = 0; k < n; k++) acc[oi + k] += data[xi + k * xsLast];
    }
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      xi += xs[d];
      oi += os[d];
      if (idx[d] < shape[d]) break;
      xi -= xs[d] * shape[d];
      oi -= os[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** torch.sum(input, dim=None, keepdim=False, *, dtype=None). Integer and bool inputs sum to int64. */
export function sum(x: Tensor, dim?: Dims | SumOptions, opts: SumOptions | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = undefined; }
  assertComputable(x.dtype, 'sum');
  const keepdim = opts.keepdim ?? false;
  const dims = reduceDims(dim, x.dim(), 'sum');
  const outDtype: DType = opts.dtype ?? (isFloatingPoint(x.dtype) ? x.dtype : 'int64');
  const { acc } = sumKernel(x, dims);
  const out = empty(reducedShape(x.shape, dims, keepdim), outDtype);
  const od = out._storage.data;
  for (let i = 0; i < acc.length; i++) od[i] = acc[i];
  const inShape = [...x.shape];
  return record(dim == null ? 'SumBackward0' : 'SumBackward1', out, [x], [], (g) => {
    // Restore reduced dims as size-1, then broadcast back.
    const keep = inShape.map((s, i) => (dims.includes(i) ? 1 : s));
    return [g.reshape(keep).expand(inShape)];
  });
}

type SumOptions = { keepdim?: boolean; dtype?: DType };

/** Reduce a broadcast gradient back to `shape` (sum over broadcast dims). Differentiable. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.dim() - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.dim(); i++) {
    if (i < lead) dims.push(i);
    else if (shape[i - lead] === 1 && g.shape[i] !== 1) dims.push(i);
  }
  let r = dims.length ? sum(g, dims, { keepdim: true }) : g;
  if (lead > 0 || r.dim() !== shape.length) r = r.contiguous().view([...shape]);
  return r;
}
