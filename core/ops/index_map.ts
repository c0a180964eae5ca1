import type { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { empty } from './_helpers.ts';

/**
 * A pair of adjoint primitives over flat (row-major) positions, used by padding, max-pool backward and max-unpool:
 *   gatherFlat(x, map)[i] = x.flat[map[i]]   (0 where map[i] < 0)
 *   scatterFlat(x, map)   = zeros(shape) with out.flat[map[i]] += x.flat[i]
 * Each one's backward is the other, so gradients of any order exist. placeFlat is scatterFlat with assignment.
 */
export function gatherFlat(x: Tensor, map: Int32Array, outShape: readonly number[], name = 'GatherFlatBackward'): Tensor {
  const out = empty(outShape, x.dtype);
  const xd = x.contiguous()._toTypedArray();
  const od = out._storage.data;
  for (let i = 0; i < map.length; i++) { const j = map[i]; if (j >= 0) od[i] = xd[j]; }
  const inShape = [...x.shape];
  return record(name, out, [x], [], (g) => [scatterFlat(g, map, inShape)]);
}

export function scatterFlat(x: Tensor, map: Int32Array, outShape: readonly number[], name = 'ScatterFlatBackward'): Tensor {
  const out = empty(outShape, x.dtype);
  const xd = x.contiguous()._toTypedArray();
  const od = out._storage.data;
  for (let i = 0; i < map.length; i++) { const j = map[i]; if (j >= 0) od[j] += xd[i]; }
  const inShape = [...x.shape];
  return record(name, out, [x], [], (g) => [gatherFlat(g, map, inShape)]);
}

/**
 * zeros(shape) with out.flat[map[i]] = x.flat[i] (where several i share a position the last one wins), as
 * max_unpool writes its values; the backward gathers, so every input reads the gradient of the position it was
 * written to (PyTorch's max_unpool backward, also where overlapping pooling windows repeat an index).
 */
export function placeFlat(x: Tensor, map: Int32Array, outShape: readonly number[], name = 'PlaceFlatBackward'): Tensor {
  const out = empty(outShape, x.dtype);
  const xd = x.contiguous()._toTypedArray();
  const od = out._storage.data;
  for (let i = 0; i < map.length; i++) { const j = map[i]; if (j >= 0) od[j] = xd[i]; }
  const inShape = [...x.shape];
  return record(name, out, [x], [], (g) => [gatherFlat(g, map, inShape)]);
}
