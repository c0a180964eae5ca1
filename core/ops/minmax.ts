import type { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { asTensor, binaryMap, resultType, BinOp, type TensorLike } from './_helpers.ts';
import { sumToShape } from './sum.ts';
import { where } from './where.ts';

const nanMax = (a: number, b: number) => (a !== a || b !== b ? NaN : a > b ? a : b);
const nanMin = (a: number, b: number) => (a !== a || b !== b ? NaN : a < b ? a : b);

/** torch.maximum(input, other): elementwise max, NaN-propagating. On ties the gradient is split evenly. */
export function maximum(a: Tensor, b: TensorLike): Tensor {
  return extremum(a, b, nanMax, 'maximum', 'MaximumBackward0', true);
}

/** torch.minimum(input, other) */
export function minimum(a: Tensor, b: TensorLike): Tensor {
  return extremum(a, b, nanMin, 'minimum', 'MinimumBackward0', false);
}

function extremum(a: Tensor, b: TensorLike, f: (x: number, y: number) => number, fn: string, name: string, isMax: boolean): Tensor {
  const dt = resultType(a, b);
  const ta = asTensor(a, dt), tb = asTensor(b, dt);
  const out = binaryMap(ta, tb, dt, BinOp.Custom, f, fn);
  const sa = [...ta.shape], sb = [...tb.shape];
  return record(name, out, [ta, tb], [ta, tb], (g, [x, y]) => {
    const win = isMax ? x.gt(y) : x.lt(y);
    const tie = x.eq(y);
    const half = g.mul(0.5);
    return [
      sumToShape(where(win, g, where(tie, half, 0)), sa),
      sumToShape(where(win, 0, where(tie, half, g)), sb),
    ];
  });
}
