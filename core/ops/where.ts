import { Tensor } from '../tensor/tensor.ts';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.ts';
import { record } from '../autograd/function.ts';
import { whereKernel } from '../kernels/js/elementwise.ts';
import { asTensor, empty, resultType, type TensorLike } from './_helpers.ts';
import { sumToShape } from './sum.ts';

/** torch.where(condition, input, other): elementwise choice, broadcasting all three. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (cond.dtype !== 'bool' && cond.dtype !== 'uint8') {
    throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype}`);
  }
  const dt = resultType(a, b);
  const ta = asTensor(a, dt), tb = asTensor(b, dt);
  const shape = broadcastShapes(broadcastShapes(cond.shape, ta.shape, 'where'), tb.shape, 'where');
  const out = empty(shape, dt);
  const ca = ta.dtype === dt ? ta : ta.to(dt);
  const cb = tb.dtype === dt ? tb : tb.to(dt);
  whereKernel(shape, cond._storage.data, cond._offset, broadcastStrides(cond.shape, cond._strides, shape),
    ca._storage.data, ca._offset, broadcastStrides(ca.shape, ca._strides, shape),
    cb._storage.data, cb._offset, broadcastStrides(cb.shape, cb._strides, shape), out._storage.data);
  const sa = [...ta.shape], sb = [...tb.shape];
  return record('WhereBackward0', out, [ta, tb], [cond], (g, [c]) => [
    sumToShape(where(c, g, 0), sa),
    sumToShape(where(c, 0, g), sb),
  ]);
}
