import type { Tensor } from '../tensor/tensor.ts';
import { isFloatingPoint } from '../tensor/dtype.ts';
import { is_grad_enabled } from './grad_mode.ts';
import { Node, gradEdge, type BackwardFn } from './node.ts';

/**
 * Record `out` as the result of a differentiable op. `backward(grad, saved)` returns one gradient per entry of
 * `inputs` (null/undefined where none flows). It must be written with differentiable ops so that create_graph works.
 * `saved` are the tensors backward needs; they are checked for in-place modification and freed after backward.
 */
export function record(name: string, out: Tensor, inputs: ReadonlyArray<Tensor | null | undefined>, saved: Tensor[], backward: BackwardFn): Tensor {
  if (!is_grad_enabled() || !isFloatingPoint(out.dtype)) return out;
  let any = false;
  for (const t of inputs) if (t && (t.requires_grad || t.grad_fn)) { any = true; break; }
  if (!any) return out;
  const next = inputs.map((t) => (t ? gradEdge(t) : null));
  const meta = inputs.map((t) => (t && gradEdge(t) ? { shape: [...t.shape], dtype: t.dtype } : null));
  out.grad_fn = new Node(name, next, meta, saved, backward);
  out.grad_fn._markOutput(out);
  out._requires_grad = true;
  return out;
}

/** True when any of the tensors would make an op's result require grad right now. */
export function needsGrad(...ts: Array<Tensor | null | undefined>): boolean {
  if (!is_grad_enabled()) return false;
  for (const t of ts) if (t && t.requires_grad) return true;
  return false;
}

/**
 * Give the grad_fn of a composite's result PyTorch's name for the whole function (softmax's last primitive is a
 * division, but PyTorch shows SoftmaxBackward0). Only the display name changes; the backward stays the primitive's.
 * Callers must pass a tensor their own op just created, never one of its inputs.
 */
export function renameGradFn(out: Tensor, name: string): Tensor {
  if (out.grad_fn) out.grad_fn._name = name;
  return out;
}
