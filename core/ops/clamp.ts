import type { Tensor } from '../tensor/tensor.ts';
import { record, renameGradFn } from '../autograd/function.ts';
import { unaryMap, UnOp, resultType } from './_helpers.ts';
import { where } from './where.ts';

/** torch.clamp(input, min=None, max=None). Gradient flows where min ≤ x ≤ max. */
export function clamp(x: Tensor, min: number | null = null, max: number | null = null): Tensor {
  if (min === null && max === null) throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  const dt = resultType(resultType(x, lo === -Infinity ? 0 : lo) === x.dtype ? x : x.to(resultType(x, lo)), hi === Infinity ? 0 : hi);
  const out = unaryMap(x, dt, UnOp.Custom, (v) => (v !== v ? v : v < lo ? lo : v > hi ? (lo > hi ? lo : hi) : v), 'clamp');
  if (lo > hi) {
    // PyTorch sets everything to max when min > max.
    out._storage.data.fill(hi);
  }
  return record('ClampBackward1', out, [x], [x], (g, [xs]) => [where(xs.ge(lo).logical_and(xs.le(hi)), g, 0)]);
}

export function clamp_min(x: Tensor, min: number): Tensor {
  return renameGradFn(clamp(x, min, null), 'ClampMinBackward0');
}

export function clamp_max(x: Tensor, max: number): Tensor {
  return renameGradFn(clamp(x, null, max), 'ClampMaxBackward0');
}
