import type { TypedArray } from '../../tensor/dtype.ts';
import { coalesceDims, inner2F32 } from './f32.ts';

/**
 * Reference elementwise kernels over strided operands. Ops pass the output shape and, for each operand, its
 * (broadcast) strides and offset; the output is contiguous. The innermost dimension runs in tight loops specialised
 * per operation (a switch outside the loop), so the common ops stay fast without code generation.
 */
export const enum BinOp { Add, Sub, Mul, Div, Max, Min, Pow, Custom, Eq, Ne, Lt, Le, Gt, Ge }
/** Trunc: toward zero (float → int64 casts); NonZero: 1 for every non-zero value, NaN included (→ bool casts). */
export const enum UnOp { Neg, Exp, Log, Sqrt, Abs, Relu, Sigmoid, Tanh, Copy, Custom, Trunc, NonZero }

type Fn2 = (a: number, b: number) => number;
type Fn1 = (a: number) => number;

function inner2(op: BinOp, f: Fn2 | null, a: TypedArray, ai: number, as: number, b: TypedArray, bi: number, bs: number, o: TypedArray, oi: number, n: number): void {
  switch (op) {
    case BinOp.Add:
      if (as === 1 && bs === 1) for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] + b[bi + k];
      else if (as === 1 && bs === 0) { const bv = b[bi]; for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] + bv; }
      else for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] + b[bi + k * bs];
      return;
    case BinOp.Sub:
      for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] - b[bi + k * bs];
      return;
    case BinOp.Mul:
      if (as === 1 && bs === 1) for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] * b[bi + k];
      else if (as === 1 && bs === 0) { const bv = b[bi]; for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] * bv; }
      else for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] * b[bi + k * bs];
      return;
    case BinOp.Div:
      for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] / b[bi + k * bs];
      return;
    case BinOp.Pow:
      if (bs === 0 && b[bi] === 2) for (let k = 0; k < n; k++) { const v = a[ai + k * as]; o[oi + k] = v * v; }
      else for (let k = 0; k < n; k++) o[oi + k] = Math.pow(a[ai + k * as], b[bi + k * bs]);
      return;
    case BinOp.Max: // NaN-propagating, as torch.maximum
      for (let k = 0; k < n; k++) { const x = a[ai + k * as], y = b[bi + k * bs]; o[oi + k] = x !== x || y !== y ? NaN : x > y ? x : y; }
      return;
    case BinOp.Min:
      for (let k = 0; k < n; k++) { const x = a[ai + k * as], y = b[bi + k * bs]; o[oi + k] = x !== x || y !== y ? NaN : x < y ? x : y; }
      return;
    case BinOp.Eq: for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] === b[bi + k * bs] ? 1 : 0; return;
    case BinOp.Ne: for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] !== b[bi + k * bs] ? 1 : 0; return;
    case BinOp.Lt: for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] < b[bi + k * bs] ? 1 : 0; return;
    case BinOp.Le: for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] <= b[bi + k * bs] ? 1 : 0; return;
    case BinOp.Gt: for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] > b[bi + k * bs] ? 1 : 0; return;
    case BinOp.Ge: for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] >= b[bi + k * bs] ? 1 : 0; return;
    default:
      for (let k = 0; k < n; k++) o[oi + k] = f!(a[ai + k * as], b[bi + k * bs]);
  }
}

/** out[i] = op(a[i], b[i]) over `shape`, operands read through their strides. */
export function binaryKernel(op: BinOp, f: Fn2 | null, fullShape: readonly number[], a: TypedArray, aOff: number, aStrFull: readonly number[], b: TypedArray, bOff: number, bStrFull: readonly number[], out: TypedArray): void {
  if (fullShape.length === 0) { inner2(op, f, a, aOff, 0, b, bOff, 0, out, 0, 1); return; }
  let total = 1;
  for (const s of fullShape) total *= s;
  if (total === 0) return;
  const c = coalesceDims(fullShape, [aStrFull, bStrFull]);
  const shape = c.shape, aStr = c.strides[0], bStr = c.strides[1];
  const nd = shape.length;
  const n = shape[nd - 1];
  const f32 = (op === BinOp.Add || op === BinOp.Sub || op === BinOp.Mul) && a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array;
  const code = op === BinOp.Add ? 0 : op === BinOp.Sub ? 1 : 2;
  const as = aStr[nd - 1];
  const bs = bStr[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let ai = aOff;
  let bi = bOff;
  for (let oi = 0; oi < total; oi += n) {
    if (f32) inner2F32(code, a, ai, as, b, bi, bs, out, oi, n);
    else inner2(op, f, a, ai, as, b, bi, bs, out, oi, n);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ai += aStr[d];
      bi += bStr[d];
      if (idx[d] < shape[d]) break;
      ai -= aStr[d] * shape[d];
      bi -= bStr[d] * shape[d];
      idx[d] = 0;
    }
  }
}

function inner1(op: UnOp, f: Fn1 | null, a: TypedArray, ai: number, as: number, o: TypedArray, oi: number, n: number): void {
  switch (op) {
    case UnOp.Copy: for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as]; return;
    case UnOp.Neg: for (let k = 0; k < n; k++) o[oi + k] = -a[ai + k * as]; return;
    case UnOp.Exp: for (let k = 0; k < n; k++) o[oi + k] = Math.exp(a[ai + k * as]); return;
    case UnOp.Log: for (let k = 0; k < n; k++) o[oi + k] = Math.log(a[ai + k * as]); return;
    case UnOp.Sqrt: for (let k = 0; k < n; k++) o[oi + k] = Math.sqrt(a[ai + k * as]); return;
    case UnOp.Abs: for (let k = 0; k < n; k++) o[oi + k] = Math.abs(a[ai + k * as]); return;
    case UnOp.Relu: for (let k = 0; k < n; k++) { const v = a[ai + k * as]; o[oi + k] = v > 0 ? v : (v !== v ? v : 0); } return;
    case UnOp.Sigmoid: for (let k = 0; k < n; k++) o[oi + k] = 1 / (1 + Math.exp(-a[ai + k * as])); return;
    case UnOp.Tanh: for (let k = 0; k < n; k++) o[oi + k] = Math.tanh(a[ai + k * as]); return;
    case UnOp.Trunc: for (let k = 0; k < n; k++) o[oi + k] = Math.trunc(a[ai + k * as]); return;
    case UnOp.NonZero: for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] !== 0 ? 1 : 0; return;
    default: for (let k = 0; k < n; k++) o[oi + k] = f!(a[ai + k * as]);
  }
}

/** out[i] = op(a[i]) over `shape`. */
export function unaryKernel(op: UnOp, f: Fn1 | null, shape: readonly number[], a: TypedArray, aOff: number, aStr: readonly number[], out: TypedArray): void {
  const nd = shape.length;
  if (nd === 0) { inner1(op, f, a, aOff, 0, out, 0, 1); return; }
  let total = 1;
  for (const s of shape) total *= s;
  if (total === 0) return;
  // Collapse to one run when the operand is contiguous.
  let contiguous = true;
  let expected = 1;
  for (let d = nd - 1; d >= 0; d--) {
    if (shape[d] !== 1 && aStr[d] !== expected) { contiguous = false; break; }
    expected *= shape[d];
  }
  if (contiguous) { inner1(op, f, a, aOff, 1, out, 0, total); return; }
  const n = shape[nd - 1];
  const as = aStr[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let ai = aOff;
  for (let oi = 0; oi < total; oi += n) {
    inner1(op, f, a, ai, as, out, oi, n);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ai += aStr[d];
      if (idx[d] < shape[d]) break;
      ai -= aStr[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** Ternary select used by where(): out = cond ? x : y, all read through strides; the last dim runs in a tight loop. */
export function whereKernel(shape: readonly number[], c: TypedArray, cOff: number, cStr: readonly number[], x: TypedArray, xOff: number, xStr: readonly number[], y: TypedArray, yOff: number, yStr: readonly number[], out: TypedArray): void {
  const nd = shape.length;
  let total = 1;
  for (const s of shape) total *= s;
  if (total === 0) return;
  if (nd === 0) { out[0] = c[cOff] ? x[xOff] : y[yOff]; return; }
  const n = shape[nd - 1];
  const cs = cStr[nd - 1], xs = xStr[nd - 1], ys = yStr[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let ci = cOff, xi = xOff, yi = yOff;
  for (let oi = 0; oi < total; oi += n) {
    for (let k = 0; k < n; k++) out[oi + k] = c[ci + k * cs] ? x[xi + k * xs] : y[yi + k * ys];
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ci += cStr[d]; xi += xStr[d]; yi += yStr[d];
      if (idx[d] < shape[d]) break;
      ci -= cStr[d] * shape[d]; xi -= xStr[d] * shape[d]; yi -= yStr[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** dst (strided) ← src (strided) over `shape`; typed-array assignment converts between storage types. */
export function stridedCopy(shape: readonly number[], src: TypedArray, sOff: number, sStr: readonly number[], dst: TypedArray, dOff: number, dStr: readonly number[]): void {
  const nd = shape.length;
  let total = 1;
  for (const s of shape) total *= s;
  if (total === 0) return;
  if (nd === 0) { dst[dOff] = src[sOff]; return; }
  const n = shape[nd - 1];
  const ss = sStr[nd - 1], ds = dStr[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let si = sOff, di = dOff;
  for (let done = 0; done < total; done += n) {
    if (ss === 1 && ds === 1) for (let k = 0; k < n; k++) dst[di + k] = src[si + k];
    else for (let k = 0; k < n; k++) dst[di + k * ds] = src[si + k * ss];
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      si += sStr[d]; di += dStr[d];
      if (idx[d] < shape[d]) break;
      si -= sStr[d] * shape[d]; di -= dStr[d] * shape[d];
      idx[d] = 0;
    }
  }
}
