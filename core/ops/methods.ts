/**
 * Tensor methods: x.add(y), x.sum(1, { keepdim: true }), … Each forwards to the function in its op file; the
 * declaration merging below gives them types.
 */
import { Tensor } from '../tensor/tensor.ts';
import { type DType, scalarTypeName } from '../tensor/dtype.ts';
import { renameGradFn } from '../autograd/function.ts';
import { scalarTensor } from './_helpers.ts';
import { formatTensor } from '../tensor/format.ts';
import type { TensorLike } from './_helpers.ts';
import { add } from './add.ts';
import { sub } from './sub.ts';
import { mul } from './mul.ts';
import { div } from './div.ts';
import { pow } from './pow.ts';
import * as U from './unary.ts';
import { clamp, clamp_min, clamp_max } from './clamp.ts';
import { maximum, minimum } from './minmax.ts';
import * as C from './compare.ts';
import { where } from './where.ts';
import { sum, sumToShape, type Dims } from './sum.ts';
import { max, min, amax, amin, argmax, argmin } from './max.ts';
import { mm, bmm } from './mm.ts';
import * as V from './view.ts';
import { to, decodeValue } from './cast.ts';
import { cat } from './cat.ts';
import { gather, scatter_add, index_select, masked_select } from './gather.ts';
import { topk } from './topk.ts';
import { getitem, setitem_, type IndexSpec } from './index.ts';
import { flip } from './flip.ts';
import { remainder, fmod } from './remainder.ts';
import { atan2 } from './atan2.ts';
import { cumsum } from './cumsum.ts';
import { repeat, tile, roll } from './shape_ops.ts';
import { sort, argsort } from './sort.ts';
import * as K from './composite.ts';
import { zeros, ones, full, tensor, type TensorOptions } from './creation.ts';
import { applyInplace, fill_, zero_, uniform_, normal_, copy_ } from './inplace.ts';
import { backward as autogradBackward, type BackwardOptions } from '../autograd/engine.ts';
import { Node } from '../autograd/node.ts';

type Opt<T> = T | undefined;

declare module '../tensor/tensor.ts' {
  interface Tensor {
    add(other: TensorLike, opts?: { alpha?: number }): Tensor;
    sub(other: TensorLike, opts?: { alpha?: number }): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor;
    pow(exponent: TensorLike): Tensor;
    rsub(other: TensorLike, opts?: { alpha?: number }): Tensor;
    neg(): Tensor; exp(): Tensor; log(): Tensor; sqrt(): Tensor; abs(): Tensor; sigmoid(): Tensor; tanh(): Tensor;
    relu(): Tensor; sin(): Tensor; cos(): Tensor; log1p(): Tensor; expm1(): Tensor; rsqrt(): Tensor; reciprocal(): Tensor;
    erf(): Tensor; sign(): Tensor; floor(): Tensor; ceil(): Tensor; round(): Tensor; trunc(): Tensor; square(): Tensor;
    tan(): Tensor; asin(): Tensor; acos(): Tensor; atan(): Tensor; sinh(): Tensor; cosh(): Tensor; asinh(): Tensor; acosh(): Tensor;
    atanh(): Tensor; log2(): Tensor; log10(): Tensor; exp2(): Tensor;
    clamp(min?: number | null, max?: number | null): Tensor;
    clip(min?: number | null, max?: number | null): Tensor;
    clamp_min(min: number): Tensor; clamp_max(max: number): Tensor;
    maximum(other: TensorLike): Tensor; minimum(other: TensorLike): Tensor;
    eq(o: TensorLike): Tensor; ne(o: TensorLike): Tensor; lt(o: TensorLike): Tensor; le(o: TensorLike): Tensor;
    gt(o: TensorLike): Tensor; ge(o: TensorLike): Tensor;
    logical_and(o: TensorLike): Tensor; logical_or(o: TensorLike): Tensor; logical_xor(o: TensorLike): Tensor; logical_not(): Tensor;
    isnan(): Tensor; isinf(): Tensor; isfinite(): Tensor;
    equal(o: Tensor): boolean; allclose(o: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean;
    isclose(o: TensorLike, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): Tensor;
    where(condition: Tensor, other: TensorLike): Tensor;
    /** opts may be a boolean: keepdim, as PyTorch's positional x.sum(1, True). */
    sum(dim?: Dims, opts?: { keepdim?: boolean; dtype?: DType } | boolean): Tensor;
    mean(dim?: Dims, opts?: { keepdim?: boolean; dtype?: DType } | boolean): Tensor;
    /** As PyTorch: var(dim, { correction, keepdim }) or the positional var(dim, unbiased, keepdim). */
    var(dim?: Dims, opts?: { keepdim?: boolean; correction?: number; unbiased?: boolean } | boolean, keepdim?: boolean): Tensor;
    std(dim?: Dims, opts?: { keepdim?: boolean; correction?: number; unbiased?: boolean } | boolean, keepdim?: boolean): Tensor;
    max(): Tensor; max(dim: number, opts?: { keepdim?: boolean } | boolean): { values: Tensor; indices: Tensor; 0: Tensor; 1: Tensor };
    min(): Tensor; min(dim: number, opts?: { keepdim?: boolean } | boolean): { values: Tensor; indices: Tensor; 0: Tensor; 1: Tensor };
    amax(dim?: Dims, opts?: { keepdim?: boolean } | boolean): Tensor; amin(dim?: Dims, opts?: { keepdim?: boolean } | boolean): Tensor;
    argmax(dim?: number | null, opts?: { keepdim?: boolean } | boolean): Tensor; argmin(dim?: number | null, opts?: { keepdim?: boolean } | boolean): Tensor;
    logsumexp(dim: Dims, opts?: { keepdim?: boolean } | boolean): Tensor;
    softmax(dim: number, opts?: { dtype?: DType }): Tensor; log_softmax(dim: number, opts?: { dtype?: DType }): Tensor;
    norm(p?: number | 'fro', dim?: Dims, opts?: { keepdim?: boolean } | boolean): Tensor;
    prod(dim?: number, opts?: { keepdim?: boolean } | boolean): Tensor;
    matmul(other: Tensor): Tensor; mm(other: Tensor): Tensor; bmm(other: Tensor): Tensor;
    view(...shape: Array<number | number[]>): Tensor; reshape(...shape: Array<number | number[]>): Tensor;
    view_as(other: Tensor): Tensor; reshape_as(other: Tensor): Tensor;
    permute(...dims: Array<number | number[]>): Tensor; transpose(dim0: number, dim1: number): Tensor; t(): Tensor;
    readonly T: Tensor;
    expand(...sizes: Array<number | number[]>): Tensor; expand_as(other: Tensor): Tensor;
    squeeze(dim?: number | number[]): Tensor; unsqueeze(dim: number): Tensor;
    flatten(start_dim?: number, end_dim?: number): Tensor; unflatten(dim: number, sizes: number[]): Tensor;
    narrow(dim: number, start: number, length: number): Tensor; select(dim: number, index: number): Tensor;
    slice(dim: number, start?: number | null, stop?: number | null, step?: number): Tensor;
    contiguous(): Tensor; clone(): Tensor; detach(): Tensor; detach_(): Tensor;
    to(dtype: DType | string, opts?: { copy?: boolean }): Tensor; type_as(other: Tensor): Tensor;
    float(): Tensor; double(): Tensor; long(): Tensor; int(): Tensor; bool(): Tensor; half(): Tensor; bfloat16(): Tensor; byte(): Tensor;
    item(): number; tolist(): any;
    /** Python's x[...]: x.getitem(0, '1:3', null, '...', idx) — see core/ops/index.ts. */
    getitem(...index: IndexSpec[]): Tensor;
    /** Python's x[index] = value, in place: x.setitem_([0, '1:3'], 5). */
    setitem_(index: IndexSpec | IndexSpec[], value: number | boolean | Tensor): Tensor;
    index_select(dim: number, index: Tensor): Tensor; gather(dim: number, index: Tensor): Tensor;
    scatter_add(dim: number, index: Tensor, src: Tensor): Tensor; masked_select(mask: Tensor): Tensor;
    masked_fill(mask: Tensor, value: number): Tensor; masked_fill_(mask: Tensor, value: number): Tensor;
    /** opts may be PyTorch's positional booleans: topk(k, dim, largest, sorted). */
    topk(k: number, dim?: number, opts?: { largest?: boolean; sorted?: boolean } | boolean, sorted?: boolean): { values: Tensor; indices: Tensor; 0: Tensor; 1: Tensor };
    chunk(chunks: number, dim?: number): Tensor[]; split(size: number | number[], dim?: number): Tensor[]; unbind(dim?: number): Tensor[];
    sum_to_size(...shape: Array<number | number[]>): Tensor;
    remainder(other: TensorLike): Tensor; fmod(other: TensorLike): Tensor; atan2(other: Tensor): Tensor;
    flip(dims: number | number[]): Tensor; cumsum(dim: number, opts?: { dtype?: DType }): Tensor;
    repeat(...sizes: Array<number | number[]>): Tensor; tile(...dims: Array<number | number[]>): Tensor;
    roll(shifts: number | number[], dims?: number | number[] | null): Tensor;
    sort(dim?: number | { descending?: boolean; stable?: boolean }, opts?: { descending?: boolean; stable?: boolean } | boolean): { values: Tensor; indices: Tensor; 0: Tensor; 1: Tensor };
    argsort(dim?: number | { descending?: boolean; stable?: boolean }, opts?: { descending?: boolean; stable?: boolean } | boolean): Tensor;
    all(dim?: number | { keepdim?: boolean } | null, opts?: { keepdim?: boolean } | boolean): Tensor;
    any(dim?: number | { keepdim?: boolean } | null, opts?: { keepdim?: boolean } | boolean): Tensor;
    addmm(mat1: Tensor, mat2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor; dot(other: Tensor): Tensor;
    new_zeros(shape: number[], opts?: TensorOptions): Tensor; new_ones(shape: number[], opts?: TensorOptions): Tensor;
    new_full(shape: number[], value: number, opts?: TensorOptions): Tensor; new_tensor(data: any, opts?: TensorOptions): Tensor;
    add_(other: TensorLike, opts?: { alpha?: number }): Tensor; sub_(other: TensorLike, opts?: { alpha?: number }): Tensor;
    mul_(other: TensorLike): Tensor; div_(other: TensorLike): Tensor; pow_(e: TensorLike): Tensor;
    clamp_(min?: number | null, max?: number | null): Tensor; relu_(): Tensor; neg_(): Tensor; sqrt_(): Tensor; exp_(): Tensor;
    addcmul_(t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor; addcdiv_(t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor;
    lerp_(end: Tensor, weight: number): Tensor; maximum_(other: Tensor): Tensor;
    fill_(v: number | boolean): Tensor; zero_(): Tensor; copy_(src: Tensor): Tensor;
    uniform_(from?: number, to?: number): Tensor; normal_(mean?: number, std?: number): Tensor;
    backward(gradient?: Tensor | null, opts?: BackwardOptions): void;
    toString(): string;
  }
}

/** x.masked_fill(mask, value): value where mask is true; keeps x's dtype (the value is cast). */
function maskedFill(x: Tensor, m: Tensor, v: number): Tensor {
  if (m.dtype !== 'bool') throw new TypeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${scalarTypeName(m.dtype)}. Build the mask with a comparison (x.gt(0)) or .bool().`);
  return renameGradFn(where(m, scalarTensor(v, x.dtype), x), 'MaskedFillBackward0');
}

const P = Tensor.prototype as any;
const unaryNames = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sigmoid', 'tanh', 'relu', 'sin', 'cos', 'log1p', 'expm1', 'rsqrt', 'reciprocal', 'erf', 'sign', 'floor', 'ceil', 'round', 'trunc',
  'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'log2', 'log10', 'exp2'] as const;
for (const n of unaryNames) P[n] = function (this: Tensor) { return (U as any)[n](this); };

Object.assign(P, {
  add(this: Tensor, o: TensorLike, opts?: { alpha?: number }) { return add(this, o, opts); },
  sub(this: Tensor, o: TensorLike, opts?: { alpha?: number }) { return sub(this, o, opts); },
  mul(this: Tensor, o: TensorLike) { return mul(this, o); },
  div(this: Tensor, o: TensorLike, opts?: any) { return div(this, o, opts); },
  pow(this: Tensor, e: TensorLike) { return pow(this, e); },
  rsub(this: Tensor, o: TensorLike, opts?: { alpha?: number }) { return renameGradFn(sub(o, this, opts), o instanceof Tensor ? 'RsubBackward0' : 'RsubBackward1'); },
  square(this: Tensor) { return pow(this, 2); },
  clamp(this: Tensor, lo?: number | null, hi?: number | null) { return clamp(this, lo ?? null, hi ?? null); },
  clip(this: Tensor, lo?: number | null, hi?: number | null) { return clamp(this, lo ?? null, hi ?? null); },
  clamp_min(this: Tensor, v: number) { return clamp_min(this, v); },
  clamp_max(this: Tensor, v: number) { return clamp_max(this, v); },
  maximum(this: Tensor, o: TensorLike) { return maximum(this, o); },
  minimum(this: Tensor, o: TensorLike) { return minimum(this, o); },
  eq(this: Tensor, o: TensorLike) { return C.eq(this, o); },
  ne(this: Tensor, o: TensorLike) { return C.ne(this, o); },
  lt(this: Tensor, o: TensorLike) { return C.lt(this, o); },
  le(this: Tensor, o: TensorLike) { return C.le(this, o); },
  gt(this: Tensor, o: TensorLike) { return C.gt(this, o); },
  ge(this: Tensor, o: TensorLike) { return C.ge(this, o); },
  logical_and(this: Tensor, o: TensorLike) { return C.logical_and(this, o); },
  logical_or(this: Tensor, o: TensorLike) { return C.logical_or(this, o); },
  logical_xor(this: Tensor, o: TensorLike) { return C.logical_xor(this, o); },
  logical_not(this: Tensor) { return C.logical_not(this); },
  isnan(this: Tensor) { return C.isnan(this); },
  isinf(this: Tensor) { return C.isinf(this); },
  isfinite(this: Tensor) { return C.isfinite(this); },
  equal(this: Tensor, o: Tensor) { return C.equal(this, o); },
  allclose(this: Tensor, o: Tensor, opts?: any) { return C.allclose(this, o, opts); },
  isclose(this: Tensor, o: TensorLike, opts?: any) { return C.isclose(this, o, opts); },
  where(this: Tensor, cond: Tensor, other: TensorLike) { return where(cond, this, other); },
  sum(this: Tensor, dim?: Dims, opts?: any) { return sum(this, dim, opts); },
  mean(this: Tensor, dim?: Dims, opts?: any) { return K.mean(this, dim, opts); },
  var(this: Tensor, dim?: Dims, opts?: any, keepdim?: boolean) { return K.var_(this, dim, opts, keepdim); },
  std(this: Tensor, dim?: Dims, opts?: any, keepdim?: boolean) { return K.std(this, dim, opts, keepdim); },
  max(this: Tensor, dim?: number, opts?: any) { return max(this, dim, opts); },
  min(this: Tensor, dim?: number, opts?: any) { return min(this, dim, opts); },
  amax(this: Tensor, dim?: Dims, opts?: any) { return amax(this, dim ?? null, opts); },
  amin(this: Tensor, dim?: Dims, opts?: any) { return amin(this, dim ?? null, opts); },
  argmax(this: Tensor, dim?: number | null, opts?: any) { return argmax(this, dim ?? null, opts); },
  argmin(this: Tensor, dim?: number | null, opts?: any) { return argmin(this, dim ?? null, opts); },
  logsumexp(this: Tensor, dim: Dims, opts?: any) { return K.logsumexp(this, dim, opts); },
  softmax(this: Tensor, dim: number, opts?: any) { return K.softmax(this, dim, opts); },
  log_softmax(this: Tensor, dim: number, opts?: any) { return K.log_softmax(this, dim, opts); },
  norm(this: Tensor, p?: number | 'fro', dim?: Dims, opts?: any) { return K.norm(this, p, dim, opts); },
  prod(this: Tensor, dim?: number, opts?: any) { return K.prod(this, dim, opts); },
  matmul(this: Tensor, o: Tensor) { return K.matmul(this, o); },
  mm(this: Tensor, o: Tensor) { return mm(this, o); },
  bmm(this: Tensor, o: Tensor) { return bmm(this, o); },
  view(this: Tensor, ...s: any[]) { return V.view(this, ...s); },
  reshape(this: Tensor, ...s: any[]) { return V.reshape(this, ...s); },
  view_as(this: Tensor, o: Tensor) { return V.view(this, [...o.shape]); },
  reshape_as(this: Tensor, o: Tensor) { return V.reshape(this, [...o.shape]); },
  permute(this: Tensor, ...d: any[]) { return V.permute(this, ...d); },
  transpose(this: Tensor, a: number, b: number) { return V.transpose(this, a, b); },
  t(this: Tensor) { return V.t(this); },
  expand(this: Tensor, ...s: any[]) { return V.expand(this, ...s); },
  expand_as(this: Tensor, o: Tensor) { return V.expand_as(this, o); },
  squeeze(this: Tensor, d?: number | number[]) { return V.squeeze(this, d); },
  unsqueeze(this: Tensor, d: number) { return V.unsqueeze(this, d); },
  flatten(this: Tensor, s?: number, e?: number) { return V.flatten(this, s, e); },
  unflatten(this: Tensor, d: number, sizes: number[]) { return V.unflatten(this, d, sizes); },
  narrow(this: Tensor, d: number, s: number, l: number) { return V.narrow(this, d, s, l); },
  select(this: Tensor, d: number, i: number) { return V.select(this, d, i); },
  slice(this: Tensor, d: number, s?: number | null, e?: number | null, st?: number) { return V.slice(this, d, s ?? null, e ?? null, st ?? 1); },
  contiguous(this: Tensor) { return V.contiguous(this); },
  clone(this: Tensor) { return V.clone(this); },
  detach(this: Tensor) {
    const d = new Tensor(this._storage, this._shape, this._strides, this._offset, this.dtype);
    d._base = this._base ?? (this._isParameter || this.requires_grad ? null : this._base);
    return d;
  },
  detach_(this: Tensor) { this.grad_fn = null; this._requires_grad = false; return this; },
  to(this: Tensor, d: DType | string, opts?: any) { return to(this, d, opts); },
  type_as(this: Tensor, o: Tensor) { return to(this, o.dtype); },
  float(this: Tensor) { return to(this, 'float32'); },
  double(this: Tensor) { return to(this, 'float64'); },
  long(this: Tensor) { return to(this, 'int64'); },
  int(this: Tensor) { return to(this, 'int32'); },
  bool(this: Tensor) { return to(this, 'bool'); },
  half(this: Tensor) { return to(this, 'float16'); },
  bfloat16(this: Tensor) { return to(this, 'bfloat16'); },
  byte(this: Tensor) { return to(this, 'uint8'); },
  item(this: Tensor) {
    if (this.numel() !== 1) throw new RangeError(`item(): only one element tensors can be converted to Python scalars, but this one has ${this.numel()} elements (shape [${this.shape.join(', ')}]). Reduce it first, e.g. .sum() or .mean().`);
    const v = decodeValue(this.dtype, this._values()[0]);
    return this.dtype === 'bool' ? v !== 0 : v;
  },
  tolist(this: Tensor) {
    const vals = this._values().map((v) => (this.dtype === 'bool' ? v !== 0 : decodeValue(this.dtype, v)));
    if (this.dim() === 0) return vals[0];
    let i = 0;
    const rec = (d: number): any[] => Array.from({ length: this.shape[d] }, () => (d === this.dim() - 1 ? vals[i++] : rec(d + 1)));
    return rec(0);
  },
  getitem(this: Tensor, ...specs: IndexSpec[]) { return getitem(this, ...specs); },
  setitem_(this: Tensor, index: IndexSpec | IndexSpec[], value: number | boolean | Tensor) { return setitem_(this, index, value); },
  index_select(this: Tensor, d: number, i: Tensor) { return index_select(this, d, i); },
  gather(this: Tensor, d: number, i: Tensor) { return gather(this, d, i); },
  scatter_add(this: Tensor, d: number, i: Tensor, s: Tensor) { return scatter_add(this, d, i, s); },
  masked_select(this: Tensor, m: Tensor) { return masked_select(this, m); },
  masked_fill(this: Tensor, m: Tensor, v: number) { return maskedFill(this, m, v); },
  masked_fill_(this: Tensor, m: Tensor, v: number) { return applyInplace(this, 'masked_fill_', (s) => maskedFill(s, m, v)); },
  topk(this: Tensor, k: number, d?: number, opts?: any, sorted?: boolean) { return topk(this, k, d, opts, sorted); },
  chunk(this: Tensor, c: number, d?: number) { return K.chunk(this, c, d); },
  split(this: Tensor, s: number | number[], d?: number) { return K.split(this, s, d); },
  unbind(this: Tensor, d?: number) { return K.unbind(this, d); },
  remainder(this: Tensor, o: TensorLike) { return remainder(this, o); },
  fmod(this: Tensor, o: TensorLike) { return fmod(this, o); },
  atan2(this: Tensor, o: Tensor) { return atan2(this, o); },
  flip(this: Tensor, d: number | number[]) { return flip(this, d); },
  cumsum(this: Tensor, d: number, o?: { dtype?: DType }) { return cumsum(this, d, o); },
  repeat(this: Tensor, ...s: Array<number | number[]>) { return repeat(this, ...s); },
  tile(this: Tensor, ...s: Array<number | number[]>) { return tile(this, ...s); },
  roll(this: Tensor, s: number | number[], d?: number | number[] | null) { return roll(this, s, d ?? null); },
  sort(this: Tensor, d?: any, o?: any) { return sort(this, d, o); },
  argsort(this: Tensor, d?: any, o?: any) { return argsort(this, d, o); },
  all(this: Tensor, d?: any, o?: any) { return C.all(this, d, o); },
  any(this: Tensor, d?: any, o?: any) { return C.any(this, d, o); },
  addmm(this: Tensor, a: Tensor, b: Tensor, o?: { beta?: number; alpha?: number }) { return K.addmm(this, a, b, o); },
  dot(this: Tensor, o: Tensor) { return K.dot(this, o); },
  sum_to_size(this: Tensor, ...s: any[]) { return sumToShape(this, s.length === 1 && Array.isArray(s[0]) ? s[0] : s); },
  new_zeros(this: Tensor, s: number[], o: TensorOptions = {}) { return zeros(s, { dtype: this.dtype, ...o }); },
  new_ones(this: Tensor, s: number[], o: TensorOptions = {}) { return ones(s, { dtype: this.dtype, ...o }); },
  new_full(this: Tensor, s: number[], v: number, o: TensorOptions = {}) { return full(s, v, { dtype: this.dtype, ...o }); },
  new_tensor(this: Tensor, data: any, o: TensorOptions = {}) { return tensor(data, { dtype: this.dtype, ...o }); },
  add_(this: Tensor, o: TensorLike, opts?: any) { return applyInplace(this, 'add_', (s) => add(s, o, opts), [o]); },
  sub_(this: Tensor, o: TensorLike, opts?: any) { return applyInplace(this, 'sub_', (s) => sub(s, o, opts), [o]); },
  mul_(this: Tensor, o: TensorLike) { return applyInplace(this, 'mul_', (s) => mul(s, o), [o]); },
  div_(this: Tensor, o: TensorLike) { return applyInplace(this, 'div_', (s) => div(s, o), [o]); },
  pow_(this: Tensor, o: TensorLike) { return applyInplace(this, 'pow_', (s) => pow(s, o), [o]); },
  clamp_(this: Tensor, lo?: number | null, hi?: number | null) { return applyInplace(this, 'clamp_', (s) => clamp(s, lo ?? null, hi ?? null)); },
  relu_(this: Tensor) { return applyInplace(this, 'relu_', (s) => U.relu(s)); },
  neg_(this: Tensor) { return applyInplace(this, 'neg_', (s) => U.neg(s)); },
  sqrt_(this: Tensor) { return applyInplace(this, 'sqrt_', (s) => U.sqrt(s)); },
  exp_(this: Tensor) { return applyInplace(this, 'exp_', (s) => U.exp(s)); },
  addcmul_(this: Tensor, a: Tensor, b: Tensor, opts: { value?: number } = {}) { return applyInplace(this, 'addcmul_', (s) => renameGradFn(add(s, mul(a, b), { alpha: opts.value ?? 1 }), 'AddcmulBackward0'), [a, b]); },
  addcdiv_(this: Tensor, a: Tensor, b: Tensor, opts: { value?: number } = {}) { return applyInplace(this, 'addcdiv_', (s) => renameGradFn(add(s, div(a, b), { alpha: opts.value ?? 1 }), 'AddcdivBackward0'), [a, b]); },
  lerp_(this: Tensor, end: Tensor, w: number) { return applyInplace(this, 'lerp_', (s) => renameGradFn(add(s, sub(end, s), { alpha: w }), 'LerpBackward0'), [end]); },
  maximum_(this: Tensor, o: Tensor) { return applyInplace(this, 'maximum_', (s) => maximum(s, o), [o]); },
  fill_(this: Tensor, v: number | boolean) { return fill_(this, v); },
  zero_(this: Tensor) { return zero_(this); },
  copy_(this: Tensor, src: Tensor) { return copy_(this, src); },
  uniform_(this: Tensor, a?: number, b?: number) { return uniform_(this, a, b); },
  normal_(this: Tensor, m?: number, s?: number) { return normal_(this, m, s); },
  backward(this: Tensor, gradient?: Tensor | null, opts?: BackwardOptions) { autogradBackward(this, gradient ?? null, opts); },
  toString(this: Tensor) { return formatTensor(this); },
});
Object.defineProperty(P, 'T', { get(this: Tensor) { return this.dim() < 2 ? this : V.permute(this, this.shape.map((_, i) => this.dim() - 1 - i)); } });
(P as any)[Symbol.for('nodejs.util.inspect.custom')] = function (this: Tensor) { return formatTensor(this); };

export { cat, Node };
export type { Opt };
