import { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import { reluGradF32 } from '../kernels/js/f32.ts';
import { where } from './where.ts';

/**
 * ReLU's backward as one primitive (PyTorch's threshold_backward(grad, result, 0)): g where the ReLU's output y is
 * positive, else 0 (NaN outputs pass no gradient, like the where(y > 0, g, 0) it replaces). Float32 operands of the
 * same shape take one monomorphic loop instead of a comparison, a bool tensor and a where; everything else goes
 * through where(). Differentiable in g (its gradient is the same mask); y is a constant here, as in PyTorch.
 */
export function reluBackward(g: Tensor, y: Tensor): Tensor {
  if (g.dtype !== 'float32' || y.dtype !== 'float32' || !sameShape(g, y) || !g.is_contiguous() || !y.is_contiguous()) {
    return where(y.gt(0), g, 0);
  }
  const n = g.numel();
  const out = Tensor._empty(g.shape, 'float32');
  reluGradF32(g._storage.data as Float32Array, g._offset, y._storage.data as Float32Array, y._offset, out._storage.data as Float32Array, n);
  return record('ThresholdBackwardBackward0', out, [g], [y], (gg, [ys]) => [reluBackward(gg, ys)]);
}

function sameShape(a: Tensor, b: Tensor): boolean {
  const s = a.shape, t = b.shape;
  if (s.length !== t.length) return false;
  for (let i = 0; i < s.length; i++) if (s[i] !== t[i]) return false;
  return true;
}
