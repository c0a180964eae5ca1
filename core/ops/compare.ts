import type { Tensor } from '../tensor/tensor.ts';
import { asTensor, binaryMap, unaryMap, resultType, isOptions, BinOp, UnOp, type TensorLike } from './_helpers.ts';
import { sum } from './sum.ts';

/** Comparisons and logical ops: bool results, no gradient (like PyTorch). */
function cmp(f: ((x: number, y: number) => boolean) | BinOp, fn: string) {
  return (a: TensorLike, b: TensorLike): Tensor => {
    const dt = resultType(a, b);
    if (typeof f === 'number') return binaryMap(asTensor(a, dt), asTensor(b, dt), 'bool', f, null, fn);
    return binaryMap(asTensor(a, dt), asTensor(b, dt), 'bool', BinOp.Custom, (x, y) => (f(x, y) ? 1 : 0), fn);
  };
}

export const eq = cmp(BinOp.Eq, 'eq');
export const ne = cmp(BinOp.Ne, 'ne');
export const lt = cmp(BinOp.Lt, 'lt');
export const le = cmp(BinOp.Le, 'le');
export const gt = cmp(BinOp.Gt, 'gt');
export const ge = cmp(BinOp.Ge, 'ge');
export const logical_and = cmp((x, y) => x !== 0 && y !== 0, 'logical_and');
export const logical_or = cmp((x, y) => x !== 0 || y !== 0, 'logical_or');
export const logical_xor = cmp((x, y) => (x !== 0) !== (y !== 0), 'logical_xor');

export function logical_not(x: Tensor): Tensor {
  return unaryMap(x, 'bool', UnOp.Custom, (v) => (v === 0 ? 1 : 0), 'logical_not');
}

export function isnan(x: Tensor): Tensor {
  return unaryMap(x, 'bool', UnOp.Custom, (v) => (v !== v ? 1 : 0), 'isnan');
}

export function isinf(x: Tensor): Tensor {
  return unaryMap(x, 'bool', UnOp.Custom, (v) => (v === Infinity || v === -Infinity ? 1 : 0), 'isinf');
}

export function isfinite(x: Tensor): Tensor {
  return unaryMap(x, 'bool', UnOp.Custom, (v) => (Number.isFinite(v) ? 1 : 0), 'isfinite');
}

/** torch.equal: same shape and same values. */
export function equal(a: Tensor, b: Tensor): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) return false;
  const x = a._values(), y = b._values();
  return x.every((v, i) => v === y[i]);
}

/** torch.isclose: |a − b| ≤ atol + rtol·|b| elementwise (infinities equal when identical; NaN only with equal_nan). */
export function isclose(a: Tensor, b: TensorLike, opts: { rtol?: number; atol?: number; equal_nan?: boolean } = {}): Tensor {
  const rtol = opts.rtol ?? 1e-5, atol = opts.atol ?? 1e-8, eqNan = opts.equal_nan ?? false;
  const dt = resultType(a, b);
  return binaryMap(asTensor(a, dt), asTensor(b, dt), 'bool', BinOp.Custom, (x, y) => {
    if (x === y) return 1;
    if (x !== x || y !== y) return eqNan && x !== x && y !== y ? 1 : 0;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return 0;
    return Math.abs(x - y) <= atol + rtol * Math.abs(y) ? 1 : 0;
  }, 'isclose');
}

/** torch.allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) */
export function allclose(a: Tensor, b: Tensor, opts: { rtol?: number; atol?: number; equal_nan?: boolean } = {}): boolean {
  const rtol = opts.rtol ?? 1e-5, atol = opts.atol ?? 1e-8;
  const x = a.expand([...b.shape])._values();
  const y = b._values();
  return x.every((v, i) => (opts.equal_nan && v !== v && y[i] !== y[i]) || v === y[i] || Math.abs(v - y[i]) <= atol + rtol * Math.abs(y[i]));
}

/** torch.all(input, dim=None, keepdim=False) → bool: every element non-zero (NaN counts as true). */
export function all(x: Tensor, dim?: number | { keepdim?: boolean } | null, opts: { keepdim?: boolean } | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = undefined; }
  const zeros = x.dtype === 'bool' ? logical_not(x) : eq(x, 0);
  return eq(sum(zeros, dim ?? undefined, { keepdim: opts.keepdim ?? false }), 0);
}

/** torch.any(input, dim=None, keepdim=False) → bool: some element non-zero. */
export function any(x: Tensor, dim?: number | { keepdim?: boolean } | null, opts: { keepdim?: boolean } | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = undefined; }
  const nonzero = x.dtype === 'bool' ? x : ne(x, 0);
  return gt(sum(nonzero, dim ?? undefined, { keepdim: opts.keepdim ?? false }), 0);
}
