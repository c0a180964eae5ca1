import type { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { gatherFlat, scatterFlat } from './index_map.ts';
import { empty } from './_helpers.ts';

/**
 * Embedding lookup: out[..., :] = weight[indices[...], :]. The gradient adds each output row back into its weight
 * row, except for padding_idx (which receives no gradient); scale_grad_by_freq divides by the index's count in the
 * batch. Indices must be validated by the caller.
 */
export function embeddingLookup(weight: Tensor, indices: number[], idxShape: readonly number[], padding_idx: number | null, scale_grad_by_freq: boolean): Tensor {
  const [V, D] = weight.shape;
  const n = indices.length;
  const fwd = new Int32Array(n * D);
  const bwd = new Int32Array(n * D);
  const counts = new Map<number, number>();
  for (const i of indices) counts.set(i, (counts.get(i) ?? 0) + 1);
  for (let r = 0; r < n; r++) {
    const row = indices[r];
    for (let c = 0; c < D; c++) {
      fwd[r * D + c] = row * D + c;
      bwd[r * D + c] = row === padding_idx ? -1 : row * D + c;
    }
  }
  void V;
  const outShape = [...idxShape, D];
  const out = gatherFlat(weight.detach(), fwd, outShape);
  const wShape = [...weight.shape];
  return record('EmbeddingBackward0', out, [weight], [], (g) => {
    let gs = g;
    if (scale_grad_by_freq) {
      const scale = empty(outShape, g.dtype);
      const sd = scale._storage.data;
      for (let r = 0; r < n; r++) for (let c = 0; c < D; c++) sd[r * D + c] = 1 / counts.get(indices[r])!;
      gs = g.mul(scale);
    }
    return [scatterFlat(gs, bwd, wShape, 'EmbeddingDenseBackward0')];
  });
}
