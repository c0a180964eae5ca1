import { Tensor } from '../tensor/tensor.ts';
import { Storage } from '../tensor/storage.ts';
import { type DType, type Scalar, typedArrayFor, promoteTypes, resultTypeWithScalar, assertComputable, castScalar } from '../tensor/dtype.ts';
import { broadcastShapes, broadcastStrides, shapesEqual } from '../tensor/shape.ts';
import { binaryKernel, unaryKernel, BinOp, UnOp } from '../kernels/js/elementwise.ts';

export type TensorLike = Tensor | number | boolean;

/** True for a trailing options object ({ keepdim: true }) passed where an optional positional argument may stand. */
export function isOptions<T>(x: T): x is Exclude<T, number | boolean | string | readonly unknown[] | Tensor | null | undefined> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Tensor);
}

/** A new contiguous tensor (zero-filled). */
export function empty(shape: readonly number[], dtype: DType): Tensor {
  return Tensor._empty(shape, dtype);
}

/** A 0-dim tensor holding a scalar. */
export function scalarTensor(v: number, dtype: DType): Tensor {
  const t = Tensor._empty([], dtype);
  t._storage.data[0] = castScalar(v, dtype);
  return t;
}

/** torch.result_type for tensor/scalar operands: 0-dim tensors and scalars only raise the category. */
export function resultType(a: TensorLike, b: TensorLike): DType {
  if (a instanceof Tensor && b instanceof Tensor) {
    const ad = a.dim() === 0, bd = b.dim() === 0;
    if (ad === bd) return promoteTypes(a.dtype, b.dtype);
    // A 0-dim tensor participates like a scalar unless it is of a higher category.
    const [dimT, zeroT] = ad ? [b, a] : [a, b];
    const cat = (d: DType) => (d === 'bool' ? 0 : d.startsWith('float') || d === 'bfloat16' ? 2 : 1);
    if (cat(zeroT.dtype) > cat(dimT.dtype)) return zeroT.dtype;
    return dimT.dtype;
  }
  if (a instanceof Tensor) return resultTypeWithScalar(a.dtype, b as Scalar);
  if (b instanceof Tensor) return resultTypeWithScalar(b.dtype, a as Scalar);
  return typeof a === 'number' && !Number.isInteger(a) ? 'float32' : 'int64';
}

/** Wrap a scalar as a 0-dim tensor of the given dtype; tensors pass through. */
export function asTensor(x: TensorLike, dtype: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'boolean') return scalarTensor(x ? 1 : 0, dtype);
  if (typeof x !== 'number') throw new TypeError(`expected a Tensor or a number, but got ${typeof x}`);
  return scalarTensor(x, dtype);
}

/** Elementwise binary op with broadcasting; the result is a fresh contiguous tensor of `outDtype`. */
export function binaryMap(a: Tensor, b: Tensor, outDtype: DType, op: BinOp, f: ((x: number, y: number) => number) | null, fn: string): Tensor {
  assertComputable(a.dtype, fn);
  assertComputable(b.dtype, fn);
  const shape = shapesEqual(a.shape, b.shape) ? [...a.shape] : broadcastShapes(a.shape, b.shape, fn);
  const out = Tensor._empty(shape, outDtype);
  binaryKernel(op, f, shape, a._storage.data, a._offset, broadcastStrides(a.shape, a._strides, shape), b._storage.data, b._offset, broadcastStrides(b.shape, b._strides, shape), out._storage.data);
  return out;
}

/** Elementwise unary op; the result is a fresh contiguous tensor of `outDtype`. */
export function unaryMap(a: Tensor, outDtype: DType, op: UnOp, f: ((x: number) => number) | null, fn: string): Tensor {
  if (op !== UnOp.Copy || outDtype !== a.dtype) assertComputable(a.dtype, fn);
  const out = Tensor._empty(a.shape, outDtype);
  unaryKernel(op, f, a.shape, a._storage.data, a._offset, a._strides, out._storage.data);
  return out;
}

/** A floating dtype for ops that always produce floats (exp, div, mean, …): ints become float32. */
export function floatType(d: DType): DType {
  return d === 'float64' ? 'float64' : 'float32';
}

/** A view sharing storage. */
export function makeView(base: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  const v = new Tensor(base._storage, shape, strides, offset, base.dtype);
  v._base = base._base ?? base;
  return v;
}

/** Fresh tensor over a new storage from a typed array. */
export function fromTyped(data: ReturnType<typeof typedArrayFor>, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(new Storage(data), shape, null, 0, dtype);
}

export { BinOp, UnOp };
