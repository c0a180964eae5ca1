import '../../ops/methods.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { default_generator } from '../../tensor/random.ts';
import { applyInplace } from '../../ops/inplace.ts';
import { shapeStr } from '../_utils.ts';

/**
 * Dropout: zero elements (or whole channels) with probability p and scale the rest by 1/(1−p). The mask is drawn
 * the way PyTorch's CPU kernel draws it (bernoulli(1−p) from one double per element), so with the same seed the
 * same elements are dropped.
 */
type DropoutArgs = { p?: number; training?: boolean; inplace?: boolean };

/** PyTorch keyword form: F.dropout(x, { p: 0.2, training: this.training }) as well as positional arguments. */
function args(p: number | DropoutArgs, training: boolean, inplace: boolean): [number, boolean, boolean] {
  if (typeof p === 'object' && p !== null) return [p.p ?? 0.5, p.training ?? true, p.inplace ?? false];
  return [p, training, inplace];
}

function checkP(p: number, name: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name}: dropout probability has to be between 0 and 1, but got ${p}`);
}

function mask(shape: number[], p: number, dtype: Tensor['dtype']): Tensor {
  const m = Tensor._empty(shape, dtype);
  const d = m._storage.data;
  const keep = 1 - p;
  const scale = keep === 0 ? 0 : 1 / keep;
  for (let i = 0; i < d.length; i++) d[i] = default_generator.uniformDouble() < keep ? scale : 0;
  return m;
}

function apply(x: Tensor, m: Tensor, inplace: boolean, name: string): Tensor {
  return inplace ? applyInplace(x, name, (t) => t.mul(m)) : x.mul(m);
}

/** F.dropout(input, p=0.5, training=true, inplace=false) */
export function dropout(input: Tensor, pArg: number | DropoutArgs = 0.5, trainingArg = true, inplaceArg = false): Tensor {
  const [p, training, inplace] = args(pArg, trainingArg, inplaceArg);
  checkP(p, 'dropout');
  if (!training || p === 0 || input.numel() === 0) return input;
  if (p === 1) return apply(input, Tensor._empty([...input.shape], input.dtype), inplace, 'dropout_');
  return apply(input, mask([...input.shape], p, input.dtype), inplace, 'dropout_');
}

function featureDropout(name: string, input: Tensor, p: number, training: boolean, inplace: boolean, featDims: number): Tensor {
  checkP(p, name);
  if (input.dim() !== featDims + 1 && input.dim() !== featDims + 2) {
    throw new RangeError(`${name}: expected ${featDims + 1}D (unbatched) or ${featDims + 2}D (batched) input, got ${input.dim()}D input of shape ${shapeStr(input.shape)}`);
  }
  if (!training || p === 0 || input.numel() === 0) return input;
  const batched = input.dim() === featDims + 2;
  const lead = batched ? 2 : 1;
  const shape = input.shape.map((s, i) => (i < lead ? s : 1));
  return apply(input, mask(shape, p, input.dtype), inplace, `${name}_`);
}

/** F.dropout1d(input, p=0.5, training=true, inplace=false): zero whole channels of (N, C, L) input. */
export function dropout1d(input: Tensor, p: number | DropoutArgs = 0.5, training = true, inplace = false): Tensor {
  return featureDropout('dropout1d', input, ...args(p, training, inplace), 1);
}

/** F.dropout2d(input, p=0.5, training=true, inplace=false): zero whole channels of (N, C, H, W) input. */
export function dropout2d(input: Tensor, p: number | DropoutArgs = 0.5, training = true, inplace = false): Tensor {
  return featureDropout('dropout2d', input, ...args(p, training, inplace), 2);
}

export function dropout3d(input: Tensor, p: number | DropoutArgs = 0.5, training = true, inplace = false): Tensor {
  return featureDropout('dropout3d', input, ...args(p, training, inplace), 3);
}
