import '../../ops/methods.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { no_grad } from '../../autograd/grad_mode.ts';
import { embeddingLookup } from '../../ops/embedding.ts';
import { one_hot } from '../../ops/composite.ts';
import { shapeStr } from '../_utils.ts';

export { one_hot };

export interface EmbeddingOptions {
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}

/**
 * F.embedding(input, weight, {padding_idx, max_norm, norm_type=2, scale_grad_by_freq, sparse}): rows of weight
 * picked by integer indices. max_norm renormalises the looked-up rows of weight in place, as PyTorch does.
 */
export function embedding(input: Tensor, weight: Tensor, opts: EmbeddingOptions = {}): Tensor {
  if (input.dtype !== 'int64' && input.dtype !== 'int32') {
    throw new TypeError(`embedding: Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${input.dtype} instead. Convert the indices with .long().`);
  }
  if (opts.sparse) throw new Error('embedding: sparse gradients are not supported in Netsketch; use sparse: false.');
  const [V] = weight.shape;
  let pad = opts.padding_idx ?? null;
  if (pad !== null) {
    if (pad >= V || pad < -V) throw new RangeError(`embedding: padding_idx must be within num_embeddings (${V}), got ${pad}`);
    if (pad < 0) pad += V;
  }
  const idx = input._values();
  for (const i of idx) {
    if (i < 0 || i >= V) throw new RangeError(`embedding: index out of range in self: index ${i} is not in [0, ${V}) (num_embeddings=${V}; input shape ${shapeStr(input.shape)})`);
  }
  if (opts.max_norm !== null && opts.max_norm !== undefined) {
    const maxNorm = opts.max_norm, p = opts.norm_type ?? 2;
    no_grad(() => {
      const d = weight._storage.data;
      const D = weight.shape[1];
      const c = weight.contiguous();
      if (c !== weight) throw new Error('embedding: max_norm needs a contiguous weight');
      for (const row of new Set(idx)) {
        let s = 0;
        for (let j = 0; j < D; j++) s += Math.abs(d[weight._offset + row * D + j]) ** p;
        const norm = s ** (1 / p);
        if (norm > maxNorm) {
          const scale = maxNorm / (norm + 1e-7);
          for (let j = 0; j < D; j++) d[weight._offset + row * D + j] *= scale;
        }
      }
      weight._storage.version++;
    });
  }
  return embeddingLookup(weight, idx, input.shape, pad, opts.scale_grad_by_freq ?? false);
}
