import type { Tensor } from '../tensor/tensor.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { renameGradFn } from '../autograd/function.ts';
import { cat } from './cat.ts';

/**
 * Composites that rearrange elements: repeat, tile, roll. Built from views, expand, reshape and cat, so their
 * gradients come from those primitives.
 */

function sizesOf(args: Array<number | number[]>, fn: string): number[] {
  const flat = args.length === 1 && Array.isArray(args[0]) ? args[0] : (args as number[]);
  for (const s of flat) if (!Number.isInteger(s) || s < 0) throw new RangeError(`${fn}(): repeats must be non-negative integers, got [${flat.join(', ')}]`);
  return flat;
}

/** x.repeat(*sizes): tile the tensor sizes[i] times along dim i (sizes may add leading dims). */
export function repeat(x: Tensor, ...sizesIn: Array<number | number[]>): Tensor {
  const sizes = sizesOf(sizesIn, 'repeat');
  if (sizes.length < x.dim()) {
    throw new RangeError(`repeat(): Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor (got ${sizes.length} repeat dims for a ${x.dim()}-D tensor)`);
  }
  const lead = sizes.length - x.dim();
  const shape = [...new Array<number>(lead).fill(1), ...x.shape];
  // (s0, s1, …) → (1, s0, 1, s1, …) → expand to (r0, s0, r1, s1, …) → reshape (r0·s0, r1·s1, …)
  const inter: number[] = [];
  const expanded: number[] = [];
  shape.forEach((s, i) => { inter.push(1, s); expanded.push(sizes[i], s); });
  const r = x.reshape(inter).expand(expanded).reshape(shape.map((s, i) => s * sizes[i]));
  return renameGradFn(r, 'RepeatBackward0');
}

/** torch.tile(input, dims): repeat, with fewer dims than the tensor meaning leading ones. */
export function tile(x: Tensor, ...dimsIn: Array<number | number[]>): Tensor {
  const dims = sizesOf(dimsIn, 'tile');
  const full = dims.length < x.dim() ? [...new Array<number>(x.dim() - dims.length).fill(1), ...dims] : dims;
  return repeat(x, full);
}

/** torch.roll(input, shifts, dims=None): circular shift; without dims the flattened tensor is rolled. */
export function roll(x: Tensor, shifts: number | number[], dims: number | number[] | null = null): Tensor {
  const sh = Array.isArray(shifts) ? shifts : [shifts];
  if (dims === null || (Array.isArray(dims) && dims.length === 0)) {
    if (sh.length !== 1) throw new RangeError(`roll(): shifts (${sh.length}) and dims (0) must align; without dims give one shift`);
    return renameGradFn(roll(x.flatten(), sh[0], 0).view([...x.shape]), 'RollBackward0');
  }
  const ds = Array.isArray(dims) ? dims : [dims];
  if (ds.length !== sh.length) throw new RangeError(`roll(): shifts and dimensions must align. shifts: ${sh.length}, dims:${ds.length}`);
  let r = x;
  ds.forEach((dim, i) => {
    const d = normalizeDim(dim, x.dim(), 'roll');
    const n = x.shape[d];
    if (n === 0) return;
    const s = ((sh[i] % n) + n) % n;
    if (s === 0) { r = r.clone(); return; }
    r = cat([r.narrow(d, n - s, s), r.narrow(d, 0, n - s)], d);
  });
  return renameGradFn(r, 'RollBackward0');
}
