import type { Tensor } from '../tensor/tensor.ts';
import { promoteTypes, scalarTypeName } from '../tensor/dtype.ts';
import { record } from '../autograd/function.ts';
import { getBackend, type FloatArray } from '../kernels/backend.ts';
import { empty } from './_helpers.ts';

/** A matrix operand as GEMM wants it: storage, offset, leading dimension and whether it is transposed. */
function operand(x: Tensor): { data: FloatArray; off: number; ld: number; trans: boolean; src: Tensor } {
  const [r, c] = x.shape;
  const [sr, sc] = x._strides;
  if (sc === 1 && (sr >= Math.max(c, 1) || r <= 1)) return { data: x._storage.data as FloatArray, off: x._offset, ld: Math.max(sr, c, 1), trans: false, src: x };
  if (sr === 1 && (sc >= Math.max(r, 1) || c <= 1)) return { data: x._storage.data as FloatArray, off: x._offset, ld: Math.max(sc, r, 1), trans: true, src: x };
  const cx = x.contiguous();
  return { data: cx._storage.data as FloatArray, off: cx._offset, ld: Math.max(c, 1), trans: false, src: cx };
}

/** Both operands of one dtype we multiply in: float32, float64, or int64 (exact below 2^53, held in float64 memory). */
function checkFloat(a: Tensor, b: Tensor, fn: string): void {
  if (a.dtype !== b.dtype) {
    throw new TypeError(`${fn}: expected scalar type ${scalarTypeName(a.dtype)} but found ${scalarTypeName(b.dtype)} (the operands are torch.${a.dtype} and torch.${b.dtype}; convert one with .to('${a.dtype}')).`);
  }
  if (a.dtype !== 'float32' && a.dtype !== 'float64' && a.dtype !== 'int64') {
    throw new TypeError(`${fn}: "addmm_impl_cpu_" not implemented for '${scalarTypeName(a.dtype)}'. Convert the operands to float with .float().`);
  }
}

/** torch.mm(input, mat2): (n×m)·(m×p) → n×p. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 2) throw new RangeError(`mm: self must be a matrix, but got a ${a.dim()}-D tensor`);
  if (b.dim() !== 2) throw new RangeError(`mm: mat2 must be a matrix, but got a ${b.dim()}-D tensor`);
  if (a.shape[1] !== b.shape[0]) {
    throw new RangeError(`mm: mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
  checkFloat(a, b, 'mm');
  const [M, K] = a.shape;
  const N = b.shape[1];
  const out = empty([M, N], promoteTypes(a.dtype, b.dtype));
  if (M > 0 && N > 0) {
    const A = operand(a), B = operand(b);
    getBackend().gemm({ transA: A.trans, transB: B.trans, M, N, K, alpha: 1, beta: 0, A: A.data, aOffset: A.off, lda: A.ld, B: B.data, bOffset: B.off, ldb: B.ld, C: out._storage.data as FloatArray, cOffset: 0, ldc: N });
  }
  return record('MmBackward0', out, [a, b], [a, b], (g, [x, y]) => [
    a.requires_grad || a.grad_fn ? mm(g, y.t()) : null,
    b.requires_grad || b.grad_fn ? mm(x.t(), g) : null,
  ]);
}

/** torch.bmm(input, mat2): batched (b×n×m)·(b×m×p) → b×n×p. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 3) throw new RangeError(`bmm: batch1 must be a 3D tensor, but got ${a.dim()}-D`);
  if (b.dim() !== 3) throw new RangeError(`bmm: batch2 must be a 3D tensor, but got ${b.dim()}-D`);
  if (a.shape[0] !== b.shape[0]) throw new RangeError(`bmm: batch1 and batch2 must have same number of batches, got ${a.shape[0]} and ${b.shape[0]}`);
  if (a.shape[2] !== b.shape[1]) {
    throw new RangeError(`bmm: Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  checkFloat(a, b, 'bmm');
  const [Bn, M, K] = a.shape;
  const N = b.shape[2];
  const out = empty([Bn, M, N], a.dtype);
  const be = getBackend();
  for (let i = 0; i < Bn && M > 0 && N > 0; i++) {
    const A = operand(a.select(0, i).detach()), B = operand(b.select(0, i).detach());
    be.gemm({ transA: A.trans, transB: B.trans, M, N, K, alpha: 1, beta: 0, A: A.data, aOffset: A.off, lda: A.ld, B: B.data, bOffset: B.off, ldb: B.ld, C: out._storage.data as FloatArray, cOffset: i * M * N, ldc: N });
  }
  return record('BmmBackward0', out, [a, b], [a, b], (g, [x, y]) => [
    a.requires_grad || a.grad_fn ? bmm(g, y.transpose(1, 2)) : null,
    b.requires_grad || b.grad_fn ? bmm(x.transpose(1, 2), g) : null,
  ]);
}
