import '../ops/methods.ts';
import { Tensor } from '../tensor/tensor.ts';
import { no_grad } from '../autograd/grad_mode.ts';
import { cat } from '../ops/cat.ts';
import { copyInto } from '../ops/view.ts';

/** torch.nn.utils: gradient clipping and flattening parameters to one vector. */

function asList(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  return parameters instanceof Tensor ? [parameters] : [...parameters];
}

/**
 * clip_grad_norm_(parameters, max_norm, norm_type=2, {error_if_nonfinite=false}): scale all gradients together so
 * their combined norm is at most max_norm. Returns the total norm before clipping (a 0-dim tensor).
 */
export function clip_grad_norm_(parameters: Tensor | Iterable<Tensor>, max_norm: number, norm_type = 2.0, opts: { error_if_nonfinite?: boolean } = {}): Tensor {
  const grads = asList(parameters).map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return Tensor._empty([], 'float32');
  return no_grad(() => {
    let total: Tensor;
    if (norm_type === Infinity) {
      const norms = grads.map((g) => g.detach().abs().amax());
      total = norms.length === 1 ? norms[0] : cat(norms.map((n) => n.reshape([1]))).amax();
    } else {
      const norms = grads.map((g) => g.detach().norm(norm_type));
      total = cat(norms.map((n) => n.reshape([1]))).norm(norm_type);
    }
    const t = total.item();
    if (opts.error_if_nonfinite && !Number.isFinite(t)) {
      throw new Error(`The total norm of order ${norm_type} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
    }
    const coef = Math.min(Math.fround(max_norm / Math.fround(t + 1e-6)), 1.0);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/** clip_grad_value_(parameters, clip_value): clamp every gradient element to [−clip_value, clip_value]. */
export function clip_grad_value_(parameters: Tensor | Iterable<Tensor>, clip_value: number): void {
  no_grad(() => {
    for (const p of asList(parameters)) if (p.grad) p.grad.clamp_(-clip_value, clip_value);
  });
}

/** parameters_to_vector(parameters): all parameters flattened and concatenated into one 1-D tensor. */
export function parameters_to_vector(parameters: Iterable<Tensor>): Tensor {
  return cat([...parameters].map((p) => p.reshape([-1])));
}

/** vector_to_parameters(vec, parameters): copy consecutive slices of vec into the parameters. */
export function vector_to_parameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (vec.dim() !== 1) throw new TypeError(`expected torch.Tensor of one dimension, but got ${vec.dim()} dimensions`);
  const ps = [...parameters];
  const total = ps.reduce((a, p) => a + p.numel(), 0);
  if (total !== vec.numel()) throw new RangeError(`vector_to_parameters: the vector has ${vec.numel()} elements but the parameters hold ${total}`);
  let off = 0;
  no_grad(() => {
    for (const p of ps) {
      const n = p.numel();
      copyInto(p, vec.narrow(0, off, n).reshape([...p.shape]));
      p._storage.version++;
      off += n;
    }
  });
}
