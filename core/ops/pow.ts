import type { Tensor } from '../tensor/tensor.ts';
import { Tensor as T } from '../tensor/tensor.ts';
import { isFloatingPoint } from '../tensor/dtype.ts';
import { record } from '../autograd/function.ts';
import { asTensor, binaryMap, resultType, BinOp, type TensorLike } from './_helpers.ts';
import { sumToShape } from './sum.ts';
import { where } from './where.ts';

/** torch.pow(input, exponent): elementwise power; either side may be a scalar. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const dt = resultType(a, b);
  const ta = asTensor(a, dt), tb = asTensor(b, dt);
  if (!isFloatingPoint(dt) && tb._values().some((v) => v < 0)) {
    throw new RangeError('pow(): Integers to negative integer powers are not allowed. Convert the base with .float() first.');
  }
  const out = binaryMap(ta, tb, dt, BinOp.Pow, null, 'pow');
  const sa = [...ta.shape], sb = [...tb.shape];
  const scalarExp = !(b instanceof T);
  // PyTorch's names: PowBackward0 (tensor ** scalar), PowBackward1 (tensor ** tensor), PowBackward2 (scalar ** tensor).
  const name = scalarExp ? 'PowBackward0' : a instanceof T ? 'PowBackward1' : 'PowBackward2';
  return record(name, out, [ta, tb], [ta, tb, out], (g, [x, y, r]) => {
    let gx: Tensor | null = null;
    let gy: Tensor | null = null;
    if (ta.requires_grad || ta.grad_fn) {
      if (scalarExp) {
        const e = b as number;
        gx = e === 0 ? g.mul(0) : g.mul(x.pow(e - 1).mul(e));
      } else {
        // d/dx x^y = y·x^(y−1); PyTorch masks y == 0 to 0.
        gx = sumToShape(where(y.eq(0), 0, g.mul(y).mul(x.pow(y.sub(1)))), sa);
      }
    }
    if (tb.requires_grad || tb.grad_fn) {
      // d/dy x^y = x^y·log(x); PyTorch masks (x == 0 and y >= 0) to 0.
      gy = sumToShape(where(x.eq(0).logical_and(y.ge(0)), 0, g.mul(r).mul(x.log())), sb);
    }
    return [gx, gy];
  });
}
