import { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { unaryMap, UnOp } from './_helpers.ts';
import { reduceDims } from './sum.ts';

/**
 * torch.flip(input, dims): a copy with the order of elements reversed along `dims`. Read through a view with
 * negated strides, copied by the unary kernel. Backward: flip the gradient the same way.
 */
export function flip(x: Tensor, dims: number | number[]): Tensor {
  const ds = reduceDims(Array.isArray(dims) ? dims : [dims], x.dim(), 'flip');
  let offset = x._offset;
  const strides = [...x._strides];
  for (const d of ds) {
    if (x.shape[d] > 0) offset += (x.shape[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  const reversed = new Tensor(x._storage, x.shape, strides, offset, x.dtype);
  const out = unaryMap(reversed, x.dtype, UnOp.Copy, null, 'flip');
  return record('FlipBackward0', out, [x], [], (g) => [flip(g, ds)]);
}
