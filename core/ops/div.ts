import type { Tensor } from '../tensor/tensor.ts';
import { isFloatingPoint } from '../tensor/dtype.ts';
import { record } from '../autograd/function.ts';
import { asTensor, binaryMap, resultType, floatType, BinOp, type TensorLike } from './_helpers.ts';
import { sumToShape } from './sum.ts';

/** torch.div(input, other, *, rounding_mode=None): true division (ints give floats), or 'trunc' / 'floor'. */
export function div(a: TensorLike, b: TensorLike, opts: { rounding_mode?: 'trunc' | 'floor' | null } = {}): Tensor {
  const rt = resultType(a, b);
  const mode = opts.rounding_mode ?? null;
  if (mode !== null && mode !== 'trunc' && mode !== 'floor') {
    throw new RangeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
  }
  const dt = mode === null ? (isFloatingPoint(rt) ? rt : floatType(rt)) : rt;
  const ta = asTensor(a, rt), tb = asTensor(b, rt);
  if (mode !== null && !isFloatingPoint(dt)) {
    const check = (x: number, y: number) => { if (y === 0) throw new RangeError('ZeroDivisionError: integer division by zero'); return mode === 'trunc' ? Math.trunc(x / y) : Math.floor(x / y); };
    return binaryMap(ta, tb, dt, BinOp.Custom, check, 'div');
  }
  if (mode !== null) {
    const r = binaryMap(ta, tb, dt, BinOp.Custom, mode === 'trunc' ? (x, y) => Math.trunc(x / y) : (x, y) => Math.floor(x / y), 'div');
    // Rounded division is piecewise constant: zero gradient, as in PyTorch.
    return record('DivBackward2', r, [ta, tb], [], (g) => [g.mul(0).sum_to_size([...ta.shape]), g.mul(0).sum_to_size([...tb.shape])]);
  }
  const out = binaryMap(ta, tb, dt, BinOp.Div, null, 'div');
  const sa = [...ta.shape], sb = [...tb.shape];
  return record('DivBackward0', out, [ta, tb], [ta, tb], (g, [x, y]) => [
    ta.requires_grad || ta.grad_fn ? sumToShape(g.div(y), sa) : null,
    tb.requires_grad || tb.grad_fn ? sumToShape(g.neg().mul(x).div(y.mul(y)), sb) : null,
  ]);
}
