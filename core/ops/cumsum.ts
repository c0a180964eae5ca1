import type { Tensor } from '../tensor/tensor.ts';
import { type DType, isFloatingPoint, assertComputable } from '../tensor/dtype.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { record } from '../autograd/function.ts';
import { empty, isOptions } from './_helpers.ts';
import { flip } from './flip.ts';

/**
 * torch.cumsum(input, dim, *, dtype=None): running sums along `dim` (integers and bools sum to int64).
 * Backward: the reversed running sum of the gradient.
 */
export function cumsum(x: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor {
  assertComputable(x.dtype, 'cumsum');
  if (isOptions(dim)) throw new TypeError('cumsum(): dim is required, e.g. x.cumsum(0) or torch.cumsum(x, 1)');
  const d = normalizeDim(dim, x.dim(), 'cumsum');
  const src = opts.dtype && opts.dtype !== x.dtype ? x.to(opts.dtype) : x;
  const outDtype: DType = opts.dtype ?? (isFloatingPoint(x.dtype) ? x.dtype : 'int64');
  const out = empty(x.shape, outDtype);
  const od = out._storage.data, sd = src._storage.data;
  if (x.dim() === 0) { od[0] = sd[src._offset]; return record('CumsumBackward0', out, [x], [], (g) => [g]); }
  const shape = x.shape;
  const n = shape[d];
  const inner = shape.slice(d + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, d).reduce((a, b) => a * b, 1);
  // Walk every line along d: outer index o, inner index i; output is contiguous.
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let rem = o * n * inner + i;
      for (let k = shape.length - 1; k >= 0; k--) { idx[k] = rem % shape[k]; rem = Math.floor(rem / shape[k]); }
      let so = src._offset;
      for (let k = 0; k < shape.length; k++) so += idx[k] * src._strides[k];
      let acc = 0;
      for (let j = 0; j < n; j++) {
        acc += sd[so + j * src._strides[d]];
        od[(o * n + j) * inner + i] = acc;
      }
    }
  }
  return record('CumsumBackward0', out, [x], [], (g) => [flip(cumsum(flip(g, d), d), d)]);
}
