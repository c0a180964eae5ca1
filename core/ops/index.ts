import { Tensor } from '../tensor/tensor.ts';
import { shapeStr } from '../tensor/shape.ts';
import { select, slice, unsqueeze } from './view.ts';
import { index_select, masked_select } from './gather.ts';
import { renameGradFn } from '../autograd/function.ts';

/**
 * One entry of an index expression, Python's `x[...]` written as arguments of `x.getitem(...)`:
 *   2            → x[2]          (select; negative counts from the end)
 *   '1:3', '::2', ':', '-2:' → x[1:3] … (basic slicing, a view)
 *   { start, stop, step }    → the same slice as an object
 *   null         → x[None]       (new axis of size 1)
 *   '...'        → x[...]        (as many full slices as needed)
 *   int64 tensor (1-D) → x[idx]  (advanced indexing along that dim: index_select, a copy)
 *   bool tensor  → x[mask]       (only as the sole index: masked_select)
 */
export type IndexSpec = number | string | null | { start?: number | null; stop?: number | null; step?: number } | Tensor;

interface SliceSpec { start: number | null; stop: number | null; step: number }

function parseSlice(s: string): SliceSpec {
  const parts = s.split(':');
  if (parts.length < 2 || parts.length > 3) {
    throw new TypeError(`getitem(): '${s}' is not a slice; write 'start:stop' or 'start:stop:step' (parts may be empty), e.g. '1:3' or '::2'.`);
  }
  const num = (p: string, what: string): number | null => {
    if (p.trim() === '') return null;
    const v = Number(p);
    if (!Number.isInteger(v)) throw new TypeError(`getitem(): slice ${what} in '${s}' must be an integer, got '${p}'`);
    return v;
  };
  const step = parts.length === 3 ? num(parts[2], 'step') ?? 1 : 1;
  if (step <= 0) throw new RangeError(`getitem(): step must be greater than zero (got ${step} in '${s}'); negative steps are not supported, as in PyTorch.`);
  return { start: num(parts[0], 'start'), stop: num(parts[1], 'stop'), step };
}

/**
 * x.setitem_(index, value): Python's `x[index] = value` (in place, returns x). `index` is one IndexSpec or an array of
 * them; value a number or a tensor broadcastable to the indexed region. Boolean masks take numbers (masked_fill_).
 */
export function setitem_(x: Tensor, index: IndexSpec | IndexSpec[], value: number | boolean | Tensor): Tensor {
  const specs = Array.isArray(index) ? index : [index];
  if (specs.length === 1 && specs[0] instanceof Tensor && specs[0].dtype === 'bool') {
    const v = value instanceof Tensor ? (value.numel() === 1 ? value.item() : NaN) : value;
    if (typeof v === 'number' && Number.isNaN(v) && value instanceof Tensor) {
      throw new TypeError('setitem_(): with a boolean mask, the value must be a number or a one-element tensor (use torch.where for tensors).');
    }
    return renameGradFn(x.masked_fill_(specs[0], Number(v)), 'IndexPutBackward0');
  }
  if (specs.some((s) => s instanceof Tensor)) {
    throw new TypeError('setitem_(): index tensors are not supported for assignment; use scatter_add / index_select with torch.where, or a boolean mask.');
  }
  const region = getitem(x, ...specs);
  if (value instanceof Tensor) region.copy_(value);
  else region.fill_(value);
  return x;
}

/** x.getitem(...specs): PyTorch's x[...] for basic slicing, None, Ellipsis, integer and boolean tensor indices. */
export function getitem(x: Tensor, ...specs: IndexSpec[]): Tensor {
  if (specs.length === 1 && specs[0] instanceof Tensor && specs[0].dtype === 'bool') return renameGradFn(masked_select(x, specs[0]), 'IndexBackward0');
  const consumes = (s: IndexSpec) => s !== null && s !== '...';
  const used = specs.filter(consumes).length;
  if (specs.filter((s) => s === '...').length > 1) throw new RangeError("getitem(): an index can only have a single ellipsis ('...')");
  if (used > x.dim()) throw new RangeError(`getitem(): too many indices for tensor of dimension ${x.dim()} (got ${used}; shape ${shapeStr(x.shape)})`);
  let r = x;
  let dim = 0;
  for (const s of specs) {
    if (s === '...') { dim += x.dim() - used; continue; }
    if (s === null) { r = unsqueeze(r, dim); dim++; continue; }
    if (typeof s === 'number') {
      if (!Number.isInteger(s)) throw new TypeError(`getitem(): indices must be integers, slices, null, '...' or tensors, got ${s}`);
      const size = r.shape[dim];
      if (s < -size || s >= size) throw new RangeError(`index ${s} is out of bounds for dimension ${dim} with size ${size}`);
      r = select(r, dim, s);
      continue;
    }
    if (s instanceof Tensor) {
      if (s.dtype === 'bool') throw new TypeError('getitem(): a boolean mask is supported only as the sole index (x.getitem(mask)).');
      if (s.dim() !== 1) throw new RangeError(`getitem(): tensor indices must be 1-D here, got shape ${shapeStr(s.shape)}; use gather() for more.`);
      r = renameGradFn(index_select(r, dim, s), 'IndexBackward0');
      dim++;
      continue;
    }
    const sl = typeof s === 'string' ? parseSlice(s) : { start: s.start ?? null, stop: s.stop ?? null, step: s.step ?? 1 };
    if (typeof s === 'object' && sl.step <= 0) throw new RangeError(`getitem(): step must be greater than zero (got ${sl.step})`);
    r = slice(r, dim, sl.start, sl.stop, sl.step);
    dim++;
  }
  return r === x ? renameGradFn(x.view([...x.shape]), 'AliasBackward0') : r;
}
