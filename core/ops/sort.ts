import type { Tensor } from '../tensor/tensor.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { renameGradFn } from '../autograd/function.ts';
import { isOptions } from './_helpers.ts';
import { topk } from './topk.ts';
import type { ValuesIndices } from './max.ts';

type SortOptions = { descending?: boolean; stable?: boolean };

/**
 * torch.sort(input, dim=-1, descending=False, stable=False) → {values, indices}. Ties keep their original order
 * (as with stable=True). Built on topk with k = size of the dim.
 */
export function sort(x: Tensor, dim: number | SortOptions = -1, opts: SortOptions | boolean = {}): ValuesIndices {
  if (typeof opts === 'boolean') opts = { descending: opts }; // positional sort(dim, descending)
  if (isOptions(dim)) { opts = dim; dim = -1; }
  const d = x.dim() === 0 ? 0 : normalizeDim(dim, x.dim(), 'sort');
  const n = x.dim() === 0 ? 1 : x.shape[d];
  const r = topk(x, n, d, { largest: opts.descending ?? false });
  // PyTorch dispatches to sort.stable (SortBackward1) when stable is given at all.
  const values = renameGradFn(r.values, opts.stable === undefined ? 'SortBackward0' : 'SortBackward1');
  const indices = r.indices;
  return { values, indices, 0: values, 1: indices, *[Symbol.iterator]() { yield values; yield indices; } };
}

/** torch.argsort(input, dim=-1, descending=False, stable=False) */
export function argsort(x: Tensor, dim: number | SortOptions = -1, opts: SortOptions | boolean = {}): Tensor {
  return sort(x, dim, opts).indices;
}
