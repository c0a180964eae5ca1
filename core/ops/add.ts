import type { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { asTensor, binaryMap, resultType, BinOp, type TensorLike } from './_helpers.ts';
import { sumToShape } from './sum.ts';

/** torch.add(input, other, *, alpha=1): input + alpha × other, with broadcasting. */
export function add(a: TensorLike, b: TensorLike, opts: { alpha?: number } = {}): Tensor {
  const dt = resultType(a, b);
  const ta = asTensor(a, dt), tb = asTensor(b, dt);
  const alpha = opts.alpha ?? 1;
  if (dt === 'bool' && alpha !== 1) throw new TypeError('add: boolean alpha only supported for Boolean results.');
  const out = alpha === 1
    ? binaryMap(ta, tb, dt, dt === 'bool' ? BinOp.Custom : BinOp.Add, dt === 'bool' ? (x, y) => (x || y ? 1 : 0) : null, 'add')
    : binaryMap(ta, tb, dt, BinOp.Custom, (x, y) => x + alpha * y, 'add');
  const sa = [...ta.shape], sb = [...tb.shape];
  return record('AddBackward0', out, [ta, tb], [], (g) => [sumToShape(g, sa), sumToShape(alpha === 1 ? g : g.mul(alpha), sb)]);
}
