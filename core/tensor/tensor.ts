import { type DType, type TypedArray, typedArrayFor, isFloatingPoint, dtypeName } from './dtype.ts';
import { Storage } from './storage.ts';
import { takeArray } from './pool.ts';
import { contiguousStrides, numelOf, normalizeDim } from './shape.ts';
import type { Node } from '../autograd/node.ts';

export type TensorHook = (grad: Tensor) => Tensor | void | undefined;

/**
 * torch.Tensor: a strided view of a Storage, with autograd state. Most methods (add, sum, view, …) are attached by
 * core/ops so that every op lives in its own file; this class holds what every tensor is.
 */
export class Tensor {
  _storage: Storage;
  _shape: number[];
  _strides: number[];
  _offset: number;
  readonly dtype: DType;
  /** Set for tensors produced by a differentiable op while grad mode was on. */
  grad_fn: Node | null = null;
  /** The accumulated gradient (leaves, and non-leaves after retain_grad()). */
  grad: Tensor | null = null;
  _requires_grad = false;
  _retains_grad = false;
  _hooks: TensorHook[] = [];
  /** Set on views: the tensor whose storage this one shares (for PyTorch's _base). */
  _base: Tensor | null = null;
  /** Optional name used in error messages and by nn.Parameter. */
  _isParameter = false;

  constructor(storage: Storage, shape: readonly number[], strides: readonly number[] | null, offset: number, dtype: DType) {
    this._storage = storage;
    this._shape = [...shape];
    this._strides = strides ? [...strides] : contiguousStrides(shape);
    this._offset = offset;
    this.dtype = dtype;
  }

  /** A fresh contiguous tensor over new memory (zero-filled). */
  static _empty(shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(new Storage(takeArray(dtype, numelOf(shape))), shape, null, 0, dtype);
  }

  /** A contiguous tensor over the given array (no copy). */
  static _fromArray(data: TypedArray, shape: readonly number[], dtype: DType): Tensor {
    if (data.length !== numelOf(shape)) throw new RangeError(`internal: array of ${data.length} elements for shape [${shape.join(', ')}]`);
    return new Tensor(new Storage(data), shape, null, 0, dtype);
  }

  get shape(): readonly number[] {
    return this._shape;
  }

  get ndim(): number {
    return this._shape.length;
  }

  get data(): Tensor {
    return this.detach();
  }

  /** x.data = t: x now views t's memory (and takes its dtype), outside autograd, like PyTorch's `.data` assignment. */
  set data(v: Tensor) {
    if (this._requires_grad && !isFloatingPoint(v.dtype)) {
      throw new TypeError(`data set to a tensor that requires gradients must be floating point or complex dtype (got torch.${v.dtype}). Convert it with .float() first.`);
    }
    (this as { dtype: DType }).dtype = v.dtype;
    this._storage = v._storage;
    this._shape = [...v._shape];
    this._strides = [...v._strides];
    this._offset = v._offset;
  }

  get device(): string {
    return 'cpu';
  }

  get layout(): string {
    return 'torch.strided';
  }

  get is_leaf(): boolean {
    return this.grad_fn === null;
  }

  get requires_grad(): boolean {
    return this._requires_grad;
  }

  set requires_grad(v: boolean) {
    this.requires_grad_(v);
  }

  get _version(): number {
    return this._storage.version;
  }

  /** In-place: set requires_grad on a leaf. */
  requires_grad_(requires_grad = true): this {
    if (!this.is_leaf) {
      if (!requires_grad) {
        throw new Error("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
      }
      return this;
    }
    if (requires_grad && !isFloatingPoint(this.dtype)) {
      throw new TypeError(`only Tensors of floating point dtype can require gradients (got ${dtypeName(this.dtype)})`);
    }
    this._requires_grad = requires_grad;
    return this;
  }

  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this._shape];
    return this._shape[normalizeDim(dim, this.ndim, 'size')] ?? 1;
  }

  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return [...this._strides];
    return this._strides[normalizeDim(dim, this.ndim, 'stride')] ?? 1;
  }

  storage_offset(): number {
    return this._offset;
  }

  dim(): number {
    return this._shape.length;
  }

  numel(): number {
    return numelOf(this._shape);
  }

  nelement(): number {
    return this.numel();
  }

  element_size(): number {
    const m: Record<DType, number> = { float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1 };
    return m[this.dtype];
  }

  is_floating_point(): boolean {
    return isFloatingPoint(this.dtype);
  }

  is_contiguous(): boolean {
    let expected = 1;
    for (let i = this._shape.length - 1; i >= 0; i--) {
      if (this._shape[i] === 1) continue;
      if (this._strides[i] !== expected) return false;
      expected *= this._shape[i];
    }
    return true;
  }

  /** True when the tensor's elements fill storage[offset, offset + numel) in row-major order. */
  _isDense(): boolean {
    return this.is_contiguous();
  }

  retain_grad(): void {
    if (!this._requires_grad && this.grad_fn === null) {
      throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    }
    if (this.is_leaf) return;
    this._retains_grad = true;
    this.grad_fn!._output = this;
  }

  get retains_grad(): boolean {
    return this._retains_grad;
  }

  /** Register a hook called with the gradient of this tensor; it may return a replacement. Returns a handle. */
  register_hook(hook: TensorHook): { remove(): void } {
    if (!this._requires_grad && this.grad_fn === null) {
      throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    }
    this._hooks.push(hook);
    if (this.grad_fn) this.grad_fn._output = this;
    return { remove: () => { this._hooks = this._hooks.filter((h) => h !== hook); } };
  }

  /** Read every element in logical (row-major) order into a new plain array of numbers. */
  _values(): number[] {
    return Array.from(this._toTypedArray());
  }

  /** Visit the storage offset of every element in row-major order. */
  _forEachIndex(fn: (offset: number) => void): void {
    const shape = this._shape;
    const strides = this._strides;
    const n = this.numel();
    if (n === 0) return;
    const nd = shape.length;
    if (nd === 0) { fn(this._offset); return; }
    if (this.is_contiguous()) {
      for (let k = 0; k < n; k++) fn(this._offset + k);
      return;
    }
    const idx = new Array<number>(nd).fill(0);
    let off = this._offset;
    for (let k = 0; k < n; k++) {
      fn(off);
      for (let d = nd - 1; d >= 0; d--) {
        idx[d]++;
        off += strides[d];
        if (idx[d] < shape[d]) break;
        off -= strides[d] * shape[d];
        idx[d] = 0;
      }
    }
  }

  /** Contiguous copy of the elements as a typed array of this dtype (shares nothing). */
  _toTypedArray(): TypedArray {
    const out = typedArrayFor(this.dtype, this.numel());
    const src = this._storage.data;
    if (this.is_contiguous()) {
      out.set(src.subarray(this._offset, this._offset + out.length) as any);
      return out;
    }
    let i = 0;
    this._forEachIndex((off) => { out[i++] = src[off]; });
    return out;
  }

  get [Symbol.toStringTag](): string {
    return 'Tensor';
  }
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
