import type { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { asTensor, binaryMap, resultType, BinOp, type TensorLike } from './_helpers.ts';
import { sumToShape } from './sum.ts';
import { where } from './where.ts';


/** torch.maximum(input, other): elementwise max, NaN-propagating. On ties the gradient is split evenly. */
export function maximum(a: Tensor, b: TensorLike): Tensor {
  return extremum(a, b, BinOp.Max, 'maximum', 'MaximumBackward0', true);
}

/** torch.minimum(input, other) */
export function minimum(a: Tensor, b: TensorLike): Tensor {
  return extremum(a, b, BinOp.Min, 'minimum', 'MinimumBackward0', false);
}

function extremum(a: Tensor, b: TensorLike, op: BinOp, fn: string, name: string, isMax: boolean): Tensor {
  const dt = resultType(a, b);
  const ta = asTensor(a, dt), tb = asTensor(b, dt);
  const out = binaryMap(ta, tb, dt, op, null, fn);
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
