import { Tensor } from '../tensor/tensor.ts';
import { isFloatingPoint, castScalar, dtypeCategory, scalarTypeName } from '../tensor/dtype.ts';
import { default_generator, fillNormal, type Generator } from '../tensor/random.ts';
import { is_grad_enabled } from '../autograd/grad_mode.ts';
import { copyInto, stridedView } from './view.ts';
import { record, renameGradFn } from '../autograd/function.ts';
import { empty, scalarTensor } from './_helpers.ts';
import { ones, full } from './creation.ts';
import { where } from './where.ts';
import type { TensorLike } from './_helpers.ts';

/**
 * In-place ops. The value is computed out of place from a clone of self (so tensors saved for backward stay
 * intact), written into self's memory, and self adopts the result's grad_fn. The shared storage's version counter
 * is bumped, which is how autograd detects that a saved tensor was modified.
 *
 * On a view (x[:, 0].mul_(2)), the base's history is rewritten as PyTorch's CopySlices does: the base gets a node
 * that routes the gradient of the written region to the in-place result and the rest to the base's old history,
 * and the view becomes a fresh strided view of the new base.
 */
export function applyInplace(self: Tensor, name: string, compute: (src: Tensor) => Tensor, others: TensorLike[] = []): Tensor {
  const grad = is_grad_enabled();
  if (grad && self.is_leaf && self.requires_grad) {
    throw new Error(`a leaf Variable that requires grad is being used in an in-place operation (${name}). Wrap it in torch.no_grad(), or use the out-of-place ${name.replace(/_$/, '')}().`);
  }
  const base = self._base;
  const tracked = grad && (self.requires_grad || (base !== null && base.requires_grad) || others.some((o) => o instanceof Tensor && o.requires_grad));
  if (tracked && base) {
    if (base.is_leaf && base.requires_grad) {
      throw new Error(`a view of a leaf Variable that requires grad is being used in an in-place operation (${name}). Modify the leaf under torch.no_grad(), or build a new tensor out of place.`);
    }
    if (!base.is_contiguous()) {
      throw new Error(`${name}: in-place operations on a view are supported when the base tensor is contiguous; call .contiguous() on the base first.`);
    }
  }
  const result0 = compute(tracked ? self.clone() : self);
  const result = tracked && result0.dtype !== self.dtype && dtypeCategory(result0.dtype) <= dtypeCategory(self.dtype) ? result0.to(self.dtype) : result0;
  if (result.shape.length !== self.shape.length || result.shape.some((s, i) => s !== self.shape[i])) {
    throw new RangeError(`output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${result.shape.join(', ')}]`);
  }
  if (dtypeCategory(result.dtype) > dtypeCategory(self.dtype)) {
    throw new TypeError(`${name}: result type ${scalarTypeName(result.dtype)} can't be cast to the desired output type ${scalarTypeName(self.dtype)}. Convert self first (x = x.float()) or use the out-of-place ${name.replace(/_$/, '')}().`);
  }
  copyInto(self, result.detach());
  self._storage.version++;
  if (tracked && base && result.grad_fn) {
    rebaseView(self, base, result);
  } else if (tracked && result.grad_fn) {
    self.grad_fn = result.grad_fn;
    self._requires_grad = true;
  }
  return self;
}

/** After writing `result` through the view `self`, give `base` a CopySlices node and `self` a view of it. */
function rebaseView(self: Tensor, base: Tensor, result: Tensor): void {
  const rel = { shape: [...self.shape], strides: [...self._strides], offset: self._offset - base._offset };
  const baseShape = [...base.shape];
  // 1 where the view writes, 0 elsewhere (constant).
  const region = empty(baseShape, result.dtype);
  copyInto(new Tensor(region._storage, rel.shape, rel.strides, rel.offset, region.dtype), ones(rel.shape, { dtype: result.dtype }));
  const keep = region.neg().add(1);
  record('CopySlices', base, [base, result], [], (g) => {
    const gc = g.contiguous();
    return [g.mul(keep), stridedView(gc, 'AsStridedBackward0', (_st, off) => ({ shape: rel.shape, strides: rel.strides, offset: off + rel.offset }))];
  });
  const v = stridedView(base, 'AsStridedBackward0', (_st, off) => ({ shape: rel.shape, strides: rel.strides, offset: off + rel.offset }));
  self.grad_fn = v.grad_fn;
  self._requires_grad = true;
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

/** True when an in-place write must be recorded: self is part of a graph (or a view of one). */
function inGraph(self: Tensor): boolean {
  return is_grad_enabled() && ((self.requires_grad && !self.is_leaf) || (self._base !== null && self._base.requires_grad));
}

/** Constant fill recorded in the graph: the overwritten values get a zero gradient. */
function fillTracked(self: Tensor, name: string, v: number, node: string): Tensor {
  const all = full([...self.shape], true);
  return applyInplace(self, name, (s) => renameGradFn(where(all, scalarTensor(v, self.dtype), s), node));
}

export function fill_(self: Tensor, value: number | boolean): Tensor {
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (inGraph(self)) return fillTracked(self, 'fill_', v, 'FillBackward0');
  return overwrite(self, 'fill_', () => v);
}

export function zero_(self: Tensor): Tensor {
  if (inGraph(self)) return fillTracked(self, 'zero_', 0, 'ZeroBackward0');
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
