import { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import type { FloatArray } from '../kernels/backend.ts';
import { type ConvGeometry, convForward, convBackwardInput, convBackwardWeight } from '../kernels/js/conv.ts';
import { empty } from './_helpers.ts';
import { sum } from './sum.ts';

/**
 * Convolution as three mutually adjoint primitives, each differentiable through the others, so gradients of any
 * order exist:
 *   y  = convFwd(x, w)          ∂x = convBI(g, w)     ∂w = convBW(x, g)
 *   dx = convBI(dy, w)          ∂dy = convFwd(g, w)   ∂w = convBW(g, dy)
 *   dw = convBW(x, dy)          ∂x = convBI(dy, g)    ∂dy = convFwd(x, g)
 * Shapes: x N·C·*in, w O·(C/groups)·*k, y N·O·*out, with 1–3 spatial dims. Padding here is zero padding; other
 * padding modes pad the input first (nn.functional.pad).
 */
export interface ConvSpec {
  stride: number[];
  padding: number[];
  dilation: number[];
  groups: number;
}

/** The geometry of a convolution whose input has spatial size `inSp` and output `outSp` (1–3 dims). */
export function convGeometry(N: number, C: number, O: number, inSp: number[], k: number[], outSp: number[], spec: ConvSpec): ConvGeometry {
  const lift = (a: number[], fill: number) => [...new Array(3 - a.length).fill(fill), ...a];
  const [D, H, W] = lift(inSp, 1), [kD, kH, kW] = lift(k, 1), [oD, oH, oW] = lift(outSp, 1);
  const [sD, sH, sW] = lift(spec.stride, 1), [pD, pH, pW] = lift(spec.padding, 0), [dD, dH, dW] = lift(spec.dilation, 1);
  return { N, C, O, groups: spec.groups, D, H, W, kD, kH, kW, sD, sH, sW, pD, pH, pW, dD, dH, dW, oD, oH, oW };
}

interface Ctx { g: ConvGeometry; nsp: number }

function spatial(ctx: Ctx, which: 'in' | 'out' | 'k'): number[] {
  const g = ctx.g;
  const all = which === 'in' ? [g.D, g.H, g.W] : which === 'out' ? [g.oD, g.oH, g.oW] : [g.kD, g.kH, g.kW];
  return all.slice(3 - ctx.nsp);
}

function data(t: Tensor): FloatArray {
  return t.contiguous()._storage.data as FloatArray;
}

function dense(t: Tensor): Tensor {
  const c = t.contiguous();
  return c._offset === 0 && c._storage.data.length === c.numel() ? c : c.clone();
}

/** y[n, o, …] += bias[o] over a contiguous N·O·L output (the bias add fused into the convolution's output). */
function addBias(y: FloatArray, b: FloatArray, bOff: number, bStride: number, N: number, O: number, L: number): void {
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const v = b[bOff + o * bStride];
      const base = (n * O + o) * L;
      for (let l = 0; l < L; l++) y[base + l] += v;
    }
  }
}

function convFwd(x: Tensor, w: Tensor, ctx: Ctx, bias: Tensor | null = null): Tensor {
  const g = { ...ctx.g, N: x.shape[0] };
  const y = empty([g.N, g.O, ...spatial(ctx, 'out')], x.dtype);
  if (y.numel() > 0) {
    convForward(g, data(dense(x)), data(dense(w)), y._storage.data as FloatArray);
    if (bias) addBias(y._storage.data as FloatArray, bias._storage.data as FloatArray, bias._offset, bias._strides[0] ?? 1, g.N, g.O, g.oD * g.oH * g.oW);
  }
  // With a bias this is PyTorch's single ConvolutionBackward0 node: the bias gradient is gy summed over N and space.
  const biasDims = bias ? [0, ...spatial(ctx, 'out').map((_, i) => i + 2)] : [];
  return record('ConvolutionBackward0', y, bias ? [x, w, bias] : [x, w], [x, w], (gy, [xs, ws]) => [
    x.requires_grad || x.grad_fn ? convBI(gy, ws, ctx) : null,
    w.requires_grad || w.grad_fn ? convBW(xs, gy, ctx) : null,
    bias && (bias.requires_grad || bias.grad_fn) ? sum(gy, biasDims) : null,
  ]);
}

function convBI(dy: Tensor, w: Tensor, ctx: Ctx): Tensor {
  const g = { ...ctx.g, N: dy.shape[0] };
  const dx = empty([g.N, g.C, ...spatial(ctx, 'in')], dy.dtype);
  if (dx.numel() > 0) convBackwardInput(g, data(dense(dy)), data(dense(w)), dx._storage.data as FloatArray);
  return record('ConvolutionBackwardInput', dx, [dy, w], [dy, w], (gg, [dys, ws]) => [
    dy.requires_grad || dy.grad_fn ? convFwd(gg, ws, ctx) : null,
    w.requires_grad || w.grad_fn ? convBW(gg, dys, ctx) : null,
  ]);
}

function convBW(x: Tensor, dy: Tensor, ctx: Ctx): Tensor {
  const g = { ...ctx.g, N: x.shape[0] };
  const dw = empty([g.O, g.C / g.groups, ...spatial(ctx, 'k')], x.dtype);
  if (dw.numel() > 0) convBackwardWeight(g, data(dense(x)), data(dense(dy)), dw._storage.data as FloatArray);
  return record('ConvolutionBackwardWeight', dw, [x, dy], [x, dy], (gg, [xs, dys]) => [
    x.requires_grad || x.grad_fn ? convBI(dys, gg, ctx) : null,
    dy.requires_grad || dy.grad_fn ? convFwd(xs, gg, ctx) : null,
  ]);
}

/** Output size of a convolution along one dim. */
export function convOutSize(inSize: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((inSize + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

/**
 * Convolution primitive (validated arguments): x N·C·*in, w O·(C/groups)·*k → N·O·*out, zero padding, plus an
 * optional bias (O) added to every output position.
 */
export function convolution(x: Tensor, w: Tensor, spec: ConvSpec, bias: Tensor | null = null): Tensor {
  const nsp = x.dim() - 2;
  const inSp = x.shape.slice(2), k = w.shape.slice(2);
  const outSp = inSp.map((s, i) => convOutSize(s, k[i], spec.stride[i], spec.padding[i], spec.dilation[i]));
  const ctx: Ctx = { nsp, g: convGeometry(x.shape[0], x.shape[1], w.shape[0], inSp, k, outSp, spec) };
  // The fused bias needs the same dtype (a mixed one goes through add's type promotion in the caller).
  return bias && bias.dtype === x.dtype && bias.dim() === 1 ? convFwd(x, w, ctx, bias) : convFwd(x, w, ctx);
}

/**
 * Transposed convolution primitive: x N·Cin·*in, w Cin·(Cout/groups)·*k → N·Cout·*out, where
 * out = (in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1. It is the input-gradient of the
 * convolution that maps N·Cout·*out to N·Cin·*in.
 */
export function convTranspose(x: Tensor, w: Tensor, spec: ConvSpec & { output_padding: number[] }): Tensor {
  const nsp = x.dim() - 2;
  const inSp = x.shape.slice(2), k = w.shape.slice(2);
  const outSp = inSp.map((s, i) => (s - 1) * spec.stride[i] - 2 * spec.padding[i] + spec.dilation[i] * (k[i] - 1) + spec.output_padding[i] + 1);
  const cout = w.shape[1] * spec.groups;
  // The forward conv of this geometry maps Cout channels (size outSp) to Cin channels (size inSp).
  const ctx: Ctx = { nsp, g: convGeometry(x.shape[0], cout, x.shape[1], outSp, k, inSp, spec) };
  return convBI(x, w, ctx);
}
