import { Tensor } from '../tensor/tensor.ts';
import { isFloatingPoint } from '../tensor/dtype.ts';
import { record } from '../autograd/function.ts';
import { asTensor, binaryMap, resultType, BinOp, type TensorLike } from './_helpers.ts';
import { sumToShape } from './sum.ts';

/**
 * torch.remainder (Python's %: the result takes the divisor's sign) and torch.fmod (C's fmod: the dividend's sign).
 * Gradients: 1 for the dividend; −floor(a/b) (remainder) or −trunc(a/b) (fmod) for the divisor.
 */
function modOp(a: TensorLike, b: TensorLike, floorMode: boolean): Tensor {
  const fn = floorMode ? 'remainder' : 'fmod';
  const dt = resultType(a, b);
  const ta = asTensor(a, dt), tb = asTensor(b, dt);
  const integral = !isFloatingPoint(dt);
  const f = floorMode
    ? (x: number, y: number) => {
      if (integral && y === 0) throw new RangeError(`${fn}(): ZeroDivisionError (integer modulo by zero)`);
      const r = x % y;
      return r !== 0 && (r < 0) !== (y < 0) ? r + y : r;
    }
    : (x: number, y: number) => {
      if (integral && y === 0) throw new RangeError(`${fn}(): ZeroDivisionError (integer modulo by zero)`);
      return x % y;
    };
  const out = binaryMap(ta, tb, dt, BinOp.Custom, f, fn);
  const sa = [...ta.shape], sb = [...tb.shape];
  const scalarOther = !(b instanceof Tensor);
  const name = floorMode ? (scalarOther ? 'RemainderBackward0' : 'RemainderBackward1') : (scalarOther ? 'FmodBackward0' : 'FmodBackward1');
  return record(name, out, [ta, tb], [ta, tb], (g, [x, y]) => [
    sumToShape(g, sa),
    tb.requires_grad || tb.grad_fn ? sumToShape(g.mul(floorMode ? x.div(y).floor() : x.div(y).trunc()).neg(), sb) : null,
  ]);
}

export function remainder(a: TensorLike, b: TensorLike): Tensor {
  return modOp(a, b, true);
}

export function fmod(a: TensorLike, b: TensorLike): Tensor {
  return modOp(a, b, false);
}
