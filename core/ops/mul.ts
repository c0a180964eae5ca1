import type { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { asTensor, binaryMap, resultType, BinOp, type TensorLike } from './_helpers.ts';
import { sumToShape } from './sum.ts';

/** torch.mul(input, other): elementwise product with broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const dt = resultType(a, b);
  const ta = asTensor(a, dt), tb = asTensor(b, dt);
  const out = binaryMap(ta, tb, dt, dt === 'bool' ? BinOp.Custom : BinOp.Mul, dt === 'bool' ? (x, y) => (x && y ? 1 : 0) : null, 'mul');
  const sa = [...ta.shape], sb = [...tb.shape];
  return record('MulBackward0', out, [ta, tb], [ta, tb], (g, [x, y]) => [
    ta.requires_grad || ta.grad_fn ? sumToShape(g.mul(y), sa) : null,
    tb.requires_grad || tb.grad_fn ? sumToShape(g.mul(x), sb) : null,
  ]);
}
