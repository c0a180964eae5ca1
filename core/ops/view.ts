import { Tensor } from '../tensor/tensor.ts';
import { normalizeDim, inferViewShape, viewStrides, numelOf, shapeStr, contiguousStrides, parseShapeArgs } from '../tensor/shape.ts';
import { record, renameGradFn } from '../autograd/function.ts';
import { makeView, empty, unaryMap, UnOp } from './_helpers.ts';
import { stridedCopy } from '../kernels/js/elementwise.ts';
import { to } from './cast.ts';

/**
 * View ops share storage with their input. Backward of each is a differentiable op on the gradient, so double
 * backward works: view ↔ reshape, permute ↔ inverse permute, expand ↔ sum, slice ↔ scatter into zeros.
 */

function shapeArgs(args: unknown[], fn: string): number[] {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return flat.map((d) => {
    if (typeof d !== 'number' || !Number.isInteger(d)) throw new TypeError(`${fn}(): shape must be integers, got ${JSON.stringify(flat)}`);
    return d;
  });
}

/** x.view(*shape): a view with a new shape; fails when the strides do not allow it. */
export function view(x: Tensor, ...shapeIn: Array<number | number[]>): Tensor {
  const shape = inferViewShape(shapeArgs(shapeIn, 'view'), x.numel(), 'view');
  const st = viewStrides(x.shape, x._strides, shape);
  if (!st) {
    throw new Error(`view: view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead. (input shape [${x.shape.join(', ')}] with strides [${x._strides.join(', ')}], requested [${shape.join(', ')}])`);
  }
  const inShape = [...x.shape];
  return record('ViewBackward0', makeView(x, shape, st, x._offset), [x], [], (g) => [g.reshape(inShape)]);
}

/** x.reshape(*shape): a view when possible, otherwise a copy. */
export function reshape(x: Tensor, ...shapeIn: Array<number | number[]>): Tensor {
  const shape = inferViewShape(shapeArgs(shapeIn, 'reshape'), x.numel(), 'reshape');
  const st = viewStrides(x.shape, x._strides, shape);
  const inShape = [...x.shape];
  if (st) return record('ReshapeAliasBackward0', makeView(x, shape, st, x._offset), [x], [], (g) => [g.reshape(inShape)]);
  const c = contiguous(x);
  return record('UnsafeViewBackward0', makeView(c, shape, contiguousStrides(shape), c._offset), [c], [], (g) => [g.reshape(inShape)]);
}

/** x.permute(*dims) */
export function permute(x: Tensor, ...dimsIn: Array<number | number[]>): Tensor {
  const dims = shapeArgs(dimsIn, 'permute').map((d) => normalizeDim(d, x.dim(), 'permute'));
  if (dims.length !== x.dim()) {
    throw new RangeError(`permute(): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim()} is not equal to len(dims) = ${dims.length}`);
  }
  if (new Set(dims).size !== dims.length) throw new RangeError('permute(): duplicate dims are not allowed.');
  const shape = dims.map((d) => x.shape[d]);
  const strides = dims.map((d) => x._strides[d]);
  const inv = new Array<number>(dims.length);
  dims.forEach((d, i) => { inv[d] = i; });
  return record('PermuteBackward0', makeView(x, shape, strides, x._offset), [x], [], (g) => [g.permute(inv)]);
}

/** x.transpose(dim0, dim1) */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const nd = x.dim();
  if (nd === 0) { normalizeDim(dim0, 0, 'transpose'); normalizeDim(dim1, 0, 'transpose'); return renameGradFn(permute(x, []), 'TransposeBackward0'); }
  const a = normalizeDim(dim0, nd, 'transpose');
  const b = normalizeDim(dim1, nd, 'transpose');
  const perm = Array.from({ length: nd }, (_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return renameGradFn(permute(x, perm), 'TransposeBackward0');
}

/** x.t(): transpose of a tensor with at most 2 dims. */
export function t(x: Tensor): Tensor {
  if (x.dim() > 2) throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  return renameGradFn(x.dim() < 2 ? permute(x, Array.from({ length: x.dim() }, (_, i) => i)) : transpose(x, 0, 1), 'TBackward0');
}

/** x.expand(*sizes): broadcast singleton dims without copying; -1 keeps a size. */
export function expand(x: Tensor, ...sizesIn: Array<number | number[]>): Tensor {
  const sizes = shapeArgs(sizesIn, 'expand');
  if (sizes.length < x.dim()) {
    throw new RangeError(`expand(torch.FloatTensor{[${x.shape.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`);
  }
  const lead = sizes.length - x.dim();
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    const j = i - lead;
    const cur = j >= 0 ? x.shape[j] : 1;
    let s = sizes[i];
    if (s === -1) {
      if (j < 0) throw new RangeError(`expand: -1 is not allowed in a leading, non-existing dimension ${i}`);
      s = cur;
    }
    if (j >= 0 && cur !== 1 && cur !== s) {
      throw new RangeError(`expand: The expanded size of the tensor (${s}) must match the existing size (${cur}) at non-singleton dimension ${i}.  Target sizes: [${sizes.join(', ')}].  Tensor sizes: [${x.shape.join(', ')}]`);
    }
    shape.push(s);
    strides.push(j >= 0 && cur === s ? x._strides[j] : 0);
  }
  const inShape = [...x.shape];
  return record('ExpandBackward0', makeView(x, shape, strides, x._offset), [x], [], (g) => [g.sum_to_size(inShape)]);
}

export function expand_as(x: Tensor, other: Tensor): Tensor {
  return expand(x, [...other.shape]);
}

/** x.squeeze(dim?) */
export function squeeze(x: Tensor, dim?: number | number[]): Tensor {
  let dims: number[];
  if (dim === undefined) dims = x.shape.map((s, i) => (s === 1 ? i : -1)).filter((i) => i >= 0);
  else dims = (Array.isArray(dim) ? dim : [dim]).map((d) => normalizeDim(d, x.dim(), 'squeeze')).filter((d) => x.shape[d] === 1);
  const shape = x.shape.filter((_, i) => !dims.includes(i));
  const strides = x._strides.filter((_, i) => !dims.includes(i));
  const inShape = [...x.shape];
  const name = dim === undefined ? 'SqueezeBackward0' : Array.isArray(dim) ? 'SqueezeBackward3' : 'SqueezeBackward1';
  return record(name, makeView(x, shape, strides, x._offset), [x], [], (g) => [g.reshape(inShape)]);
}

/** x.unsqueeze(dim) */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.dim() + 1, 'unsqueeze');
  const shape = [...x.shape];
  const strides = [...x._strides];
  const st = d < x.dim() ? x._strides[d] * x.shape[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  return record('UnsqueezeBackward0', makeView(x, shape, strides, x._offset), [x], [], (g) => [g.squeeze(d)]);
}

/** x.flatten(start_dim=0, end_dim=-1) */
export function flatten(x: Tensor, start_dim = 0, end_dim = -1): Tensor {
  if (x.dim() === 0) return reshape(x, [1]);
  const s = normalizeDim(start_dim, x.dim(), 'flatten');
  const e = normalizeDim(end_dim, x.dim(), 'flatten');
  if (s > e) throw new RangeError('flatten() has invalid args: start_dim cannot come after end_dim');
  const shape = [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** x.unflatten(dim, sizes) */
export function unflatten(x: Tensor, dim: number, sizes: number[]): Tensor {
  const d = normalizeDim(dim, x.dim(), 'unflatten');
  const inner = inferViewShape(sizes, x.shape[d], 'unflatten');
  return view(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

/**
 * General strided sub-view (used by narrow, select, slicing). `geom(strides, offset)` maps the input's geometry to
 * the view's. Backward scatters the gradient into zeros laid out like a contiguous input.
 */
export function stridedView(x: Tensor, name: string, geom: (strides: readonly number[], offset: number) => { shape: number[]; strides: number[]; offset: number }): Tensor {
  const real = geom(x._strides, x._offset);
  const inShape = [...x.shape];
  const rel = geom(contiguousStrides(inShape), 0);
  return record(name, makeView(x, real.shape, real.strides, real.offset), [x], [], (g) => [scatterStrided(g, inShape, rel.strides, rel.offset)]);
}

/** zeros(outShape) with g copied into the strided region (relative to contiguous layout). Differentiable. */
export function scatterStrided(g: Tensor, outShape: readonly number[], strides: readonly number[], offset: number): Tensor {
  const out = empty(outShape, g.dtype);
  const region = new Tensor(out._storage, g.shape, strides, offset, g.dtype);
  copyInto(region, g);
  return record('AsStridedScatterBackward', out, [g], [], (gg) => {
    const c = contiguous(gg);
    return [stridedView(c, 'AsStridedBackward0', () => ({ shape: [...g.shape], strides: [...strides], offset: c._offset + offset }))];
  });
}

/** Copy src (broadcast to dst's shape, cast to dst's dtype) into dst's memory. No autograd. */
export function copyInto(dst: Tensor, src: Tensor): void {
  let s = src.shape.length === dst.shape.length && src.shape.every((v, i) => v === dst.shape[i]) ? src : src.detach().expand([...dst.shape]);
  if (s.dtype !== dst.dtype) s = to(s.detach(), dst.dtype);
  stridedCopy(dst.shape, s._storage.data, s._offset, s._strides, dst._storage.data, dst._offset, dst._strides);
}

/** x.narrow(dim, start, length) */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, x.dim(), 'narrow');
  const size = x.shape[d];
  if (start < 0) start += size;
  if (start < 0 || start > size) throw new RangeError(`narrow(): start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  if (length < 0 || start + length > size) throw new RangeError(`narrow(): start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  return stridedView(x, 'SliceBackward0', (st, off) => {
    const shape = [...x.shape];
    shape[d] = length;
    return { shape, strides: [...st], offset: off + start * st[d] };
  });
}

/** x.select(dim, index) */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.dim() === 0) throw new RangeError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim(), 'select');
  const size = x.shape[d];
  if (index < -size || index >= size) {
    throw new RangeError(`select(): index ${index} out of range for tensor of size ${shapeStr(x.shape)} at dimension ${d}`);
  }
  const i = index < 0 ? index + size : index;
  return stridedView(x, 'SelectBackward0', (st, off) => ({
    shape: x.shape.filter((_, k) => k !== d),
    strides: st.filter((_, k) => k !== d),
    offset: off + i * st[d],
  }));
}

/** Python-style slice along one dim: x[start:stop:step] on `dim`. */
export function slice(x: Tensor, dim: number, start: number | null = null, stop: number | null = null, step = 1): Tensor {
  const d = normalizeDim(dim, x.dim(), 'slice');
  if (step <= 0) throw new RangeError('slice step must be positive');
  const size = x.shape[d];
  let s = start ?? 0;
  let e = stop ?? size;
  if (s < 0) s += size;
  if (e < 0) e += size;
  s = Math.min(Math.max(s, 0), size);
  e = Math.min(Math.max(e, s), size);
  const len = Math.ceil((e - s) / step);
  return stridedView(x, 'SliceBackward0', (st, off) => {
    const shape = [...x.shape];
    const strides = [...st];
    shape[d] = len;
    strides[d] = st[d] * step;
    return { shape, strides, offset: off + s * st[d] };
  });
}

/** x.contiguous(): x itself when already contiguous, else a copy. */
export function contiguous(x: Tensor): Tensor {
  if (x.is_contiguous()) return x;
  return clone(x);
}

/** x.clone(): a copy with its own memory, differentiable. */
export function clone(x: Tensor): Tensor {
  const out = unaryMap(x, x.dtype, UnOp.Copy, null, 'clone');
  return record('CloneBackward0', out, [x], [], (g) => [g]);
}

export { parseShapeArgs };
