import { Tensor } from '../tensor/tensor.ts';
import { isFloatingPoint, castScalar, dtypeCategory, scalarTypeName } from '../tensor/dtype.ts';
import { default_generator, fillNormal, type Generator } from '../tensor/random.ts';
import { is_grad_enabled } from '../autograd/grad_mode.ts';
import { copyInto } from './view.ts';
import { renameGradFn } from '../autograd/function.ts';
import type { TensorLike } from './_helpers.ts';

/**
 * In-place ops. The value is computed out of place from a clone of self (so tensors saved for backward stay
 * intact), written into self's memory, and self adopts the result's grad_fn. The shared storage's version counter
 * is bumped, which is how autograd detects that a saved tensor was modified.
 */
export function applyInplace(self: Tensor, name: string, compute: (src: Tensor) => Tensor, others: TensorLike[] = []): Tensor {
  const grad = is_grad_enabled();
  if (grad && self.is_leaf && self.requires_grad) {
    throw new Error(`a leaf Variable that requires grad is being used in an in-place operation (${name}). Wrap it in torch.no_grad(), or use the out-of-place ${name.replace(/_$/, '')}().`);
  }
  const tracked = grad && (self.requires_grad || others.some((o) => o instanceof Tensor && o.requires_grad));
  if (tracked && self._base && self._base.requires_grad) {
    throw new Error(`${name}: in-place operations on a view of a tensor that requires grad are not supported in Netsketch; use the out-of-place form.`);
  }
  const result = compute(tracked ? self.clone() : self);
  if (result.shape.length !== self.shape.length || result.shape.some((s, i) => s !== self.shape[i])) {
    throw new RangeError(`output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${result.shape.join(', ')}]`);
  }
  if (dtypeCategory(result.dtype) > dtypeCategory(self.dtype)) {
    throw new TypeError(`${name}: result type ${scalarTypeName(result.dtype)} can't be cast to the desired output type ${scalarTypeName(self.dtype)}. Convert self first (x = x.float()) or use the out-of-place ${name.replace(/_$/, '')}().`);
  }
  copyInto(self, result.detach());
  self._storage.version++;
  if (tracked && result.grad_fn) {
    self.grad_fn = result.grad_fn;
    self._requires_grad = true;
  }
  return self;
}

/** Write raw values (no autograd) — used by fill_, zero_ and the init functions. */
function overwrite(self: Tensor, name: string, valueAt: (i: number) => number): Tensor {
  if (is_grad_enabled() && self.is_leaf && self.requires_grad) {
    throw new Error(`a leaf Variable that requires grad is being used in an in-place operation (${name}). Wrap it in torch.no_grad().`);
  }
  const data = self._storage.data;
  let i = 0;
  self._forEachIndex((off) => { data[off] = castScalar(valueAt(i++), self.dtype); });
  self._storage.version++;
  if (self.grad_fn) { self.grad_fn = null; }
  return self;
}

export function fill_(self: Tensor, value: number | boolean): Tensor {
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  return overwrite(self, 'fill_', () => v);
}

export function zero_(self: Tensor): Tensor {
  return overwrite(self, 'zero_', () => 0);
}

/** x.uniform_(from=0, to=1): PyTorch's float recipe, so init matches PyTorch for a seed. */
export function uniform_(self: Tensor, from = 0, to = 1, opts: { generator?: Generator } = {}): Tensor {
  if (!isFloatingPoint(self.dtype)) throw new TypeError(`uniform_ not implemented for '${self.dtype}'`);
  if (from > to) throw new RangeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  const g = opts.generator ?? default_generator;
  const dbl = self.dtype === 'float64';
  return overwrite(self, 'uniform_', () => (dbl ? g.uniformDouble() : g.uniformFloat()) * (to - from) + from);
}

/** x.normal_(mean=0, std=1) */
export function normal_(self: Tensor, mean = 0, std = 1, opts: { generator?: Generator } = {}): Tensor {
  if (!isFloatingPoint(self.dtype)) throw new TypeError(`normal_ not implemented for '${self.dtype}'`);
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  const tmp = self.dtype === 'float64' ? new Float64Array(self.numel()) : new Float32Array(self.numel());
  fillNormal(tmp, mean, std, opts.generator ?? default_generator, self.dtype === 'float64');
  return overwrite(self, 'normal_', (i) => tmp[i]);
}

/** x.copy_(src): copy values (broadcast, dtype-converted); differentiable w.r.t. src. */
export function copy_(self: Tensor, src: Tensor): Tensor {
  return applyInplace(self, 'copy_', (s) => renameGradFn(src.to(self.dtype).expand([...s.shape]).clone(), 'CopyBackwards'), [src]);
}
