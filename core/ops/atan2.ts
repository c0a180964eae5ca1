import type { Tensor } from '../tensor/tensor.ts';
import { isFloatingPoint } from '../tensor/dtype.ts';
import { record } from '../autograd/function.ts';
import { binaryMap, floatType, resultType, BinOp } from './_helpers.ts';
import { sumToShape } from './sum.ts';

/** torch.atan2(input, other): the angle of (other, input), i.e. atan(input / other) in the right quadrant. */
export function atan2(y: Tensor, x: Tensor): Tensor {
  const rt = resultType(y, x);
  const dt = isFloatingPoint(rt) ? rt : floatType(rt);
  const ty = y.dtype === dt ? y : y.to(dt), tx = x.dtype === dt ? x : x.to(dt);
  const out = binaryMap(ty, tx, dt, BinOp.Custom, Math.atan2, 'atan2');
  const sy = [...ty.shape], sx = [...tx.shape];
  return record('Atan2Backward0', out, [ty, tx], [ty, tx], (g, [a, b]) => {
    const r2 = a.mul(a).add(b.mul(b));
    return [sumToShape(g.mul(b).div(r2), sy), sumToShape(g.mul(a).neg().div(r2), sx)];
  });
}
