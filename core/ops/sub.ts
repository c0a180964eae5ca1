import type { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { asTensor, binaryMap, resultType, BinOp, type TensorLike } from './_helpers.ts';
import { sumToShape } from './sum.ts';

/** torch.sub(input, other, *, alpha=1): input − alpha × other. */
export function sub(a: TensorLike, b: TensorLike, opts: { alpha?: number } = {}): Tensor {
  const dt = resultType(a, b);
  if (dt === 'bool') {
    throw new TypeError('sub: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  const ta = asTensor(a, dt), tb = asTensor(b, dt);
  const alpha = opts.alpha ?? 1;
  const out = alpha === 1 ? binaryMap(ta, tb, dt, BinOp.Sub, null, 'sub') : binaryMap(ta, tb, dt, BinOp.Custom, (x, y) => x - alpha * y, 'sub');
  const sa = [...ta.shape], sb = [...tb.shape];
  return record('SubBackward0', out, [ta, tb], [], (g) => [sumToShape(g, sa), sumToShape(g.mul(-alpha), sb)]);
}
