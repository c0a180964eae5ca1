import type { Tensor } from '../tensor/tensor.ts';
import { promoteTypes } from '../tensor/dtype.ts';
import { normalizeDim, shapeStr } from '../tensor/shape.ts';
import { record, renameGradFn } from '../autograd/function.ts';
import { empty } from './_helpers.ts';
import { copyInto } from './view.ts';

/** torch.cat(tensors, dim=0). 1-D empty tensors are skipped, as in PyTorch. */
export function cat(tensors: Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new RangeError('torch.cat(): expected a non-empty list of Tensors');
  const skipped = (t: Tensor) => t.dim() === 1 && t.shape[0] === 0;
  const parts = tensors.filter((t) => !skipped(t));
  if (parts.length === 0) return tensors[0].clone();
  const ref = parts[0];
  if (ref.dim() === 0) throw new RangeError('cat(): zero-dimensional tensor (at position 0) cannot be concatenated; unsqueeze it or use torch.stack.');
  const d = normalizeDim(dim, ref.dim(), 'cat');
  let dtype = ref.dtype;
  let total = 0;
  parts.forEach((t, i) => {
    if (t.dim() !== ref.dim()) throw new RangeError(`cat(): Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()}`);
    for (let k = 0; k < t.dim(); k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new RangeError(`cat(): Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list. (cat got shapes ${shapeStr(ref.shape)} and ${shapeStr(t.shape)}.)`);
      }
    }
    dtype = promoteTypes(dtype, t.dtype);
    total += t.shape[d];
  });
  const shape = [...ref.shape];
  shape[d] = total;
  const out = empty(shape, dtype);
  let start = 0;
  const starts: number[] = [];
  for (const t of parts) {
    starts.push(start);
    copyInto(out.detach().narrow(d, start, t.shape[d]), t);
    start += t.shape[d];
  }
  // Skipped legacy empty tensors still receive an (empty) gradient, as in PyTorch.
  let k = 0;
  const pieces = tensors.map((t) => (skipped(t) ? null : { start: starts[k], size: parts[k++].shape[d] }));
  return record('CatBackward0', out, tensors, [], (g) => pieces.map((p) => (p ? g.narrow(d, p.start, p.size) : empty([0], g.dtype))));
}

/** torch.stack(tensors, dim=0): cat of unsqueezed tensors of equal shape. */
export function stack(tensors: Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new RangeError('stack expects a non-empty TensorList');
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (t.shape.length !== ref.shape.length || t.shape.some((s, k) => s !== ref.shape[k])) {
      throw new RangeError(`stack expects each tensor to be equal size, but got ${shapeStr(ref.shape)} at entry 0 and ${shapeStr(t.shape)} at entry ${i}`);
    }
  });
  const d = normalizeDim(dim, ref.dim() + 1, 'stack');
  return renameGradFn(cat(tensors.map((t) => t.unsqueeze(d)), d), 'StackBackward0');
}
