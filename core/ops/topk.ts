import { Tensor } from '../tensor/tensor.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { record } from '../autograd/function.ts';
import { empty } from './_helpers.ts';
import { scatterAlong } from './gather.ts';

/** torch.topk(input, k, dim=-1, largest=True, sorted=True) → {values, indices}. NaN counts as largest. */
export function topk(x: Tensor, k: number, dimArg: number | { largest?: boolean; sorted?: boolean } = -1, opts: { largest?: boolean; sorted?: boolean } | boolean = {}, sortedArg?: boolean): { values: Tensor; indices: Tensor; 0: Tensor; 1: Tensor; [Symbol.iterator](): Iterator<Tensor> } {
  // PyTorch's positional form topk(k, dim, largest, sorted).
  if (typeof opts === 'boolean') opts = { largest: opts, sorted: sortedArg };
  if (typeof dimArg === 'object') opts = dimArg;
  const dim = typeof dimArg === 'number' ? dimArg : -1;
  const largest = opts.largest ?? true;
  const d = x.dim() === 0 ? 0 : normalizeDim(dim, x.dim(), 'topk');
  const size = x.dim() === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > size) throw new RangeError(`topk(): selected index k out of range (k=${k}, dimension size ${size})`);
  const xt = x.dim() === 0 ? x.reshape([1]) : x.transpose(d, -1).contiguous();
  const n = xt.shape[xt.dim() - 1];
  const rows = n === 0 ? 0 : xt.numel() / n;
  const outShape = [...xt.shape];
  outShape[outShape.length - 1] = k;
  const vals = empty(outShape, x.dtype);
  const idxs = Tensor._fromArray(new Float64Array(rows * k), outShape, 'int64');
  const src = xt._storage.data;
  const key = (v: number) => (v !== v ? Infinity : v);
  for (let r = 0; r < rows; r++) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => {
      const va = key(src[r * n + a]), vb = key(src[r * n + b]);
      if (va === vb) return a - b;
      return largest ? (va > vb ? -1 : 1) : (va < vb ? -1 : 1);
    });
    for (let j = 0; j < k; j++) {
      vals._storage.data[r * k + j] = src[r * n + order[j]];
      idxs._storage.data[r * k + j] = order[j];
    }
  }
  const back = (t: Tensor) => (x.dim() === 0 ? t.reshape([]) : t.transpose(d, -1).contiguous());
  const values0 = back(vals).detach();
  const indices = back(idxs);
  const inShape = [...x.shape];
  const values = record('TopkBackward0', values0, [x], [indices], (g, [ix]) => [
    x.dim() === 0 ? g.reshape([]) : scatterAlong(g, ix, d, inShape),
  ]);
  return { values, indices, 0: values, 1: indices, *[Symbol.iterator]() { yield values; yield indices; } };
}
