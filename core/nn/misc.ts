import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import * as F from './functional/misc.ts';
import { pairwise_distance } from './functional/loss.ts';
import { pyFloat, pyInts, type IntOrTuple } from './_utils.ts';

/** Smaller layers: GLU, Hardshrink, Softshrink, Softmax2d, PixelShuffle/Unshuffle, ChannelShuffle, Unfold/Fold,
 * LocalResponseNorm, CosineSimilarity, PairwiseDistance (PyTorch's names, arguments and printed form). */

/** nn.GLU(dim=-1): first half ⊗ σ(second half) along dim. */
export class GLU extends Module {
  constructor(public dim = -1) { super(); }
  override forward(x: Tensor): Tensor { return F.glu(x, this.dim); }
  override extra_repr(): string { return `dim=${this.dim}`; }
}

/** nn.Hardshrink(lambd=0.5) */
export class Hardshrink extends Module {
  constructor(public lambd = 0.5) { super(); }
  override forward(x: Tensor): Tensor { return F.hardshrink(x, this.lambd); }
  override extra_repr(): string { return pyFloat(this.lambd); }
}

/** nn.Softshrink(lambd=0.5) */
export class Softshrink extends Module {
  constructor(public lambd = 0.5) { super(); }
  override forward(x: Tensor): Tensor { return F.softshrink(x, this.lambd); }
  override extra_repr(): string { return pyFloat(this.lambd); }
}

/** nn.Softmax2d: softmax over channels at every location of (N, C, H, W) or (C, H, W). */
export class Softmax2d extends Module {
  override forward(x: Tensor): Tensor {
    if (x.dim() !== 3 && x.dim() !== 4) throw new RangeError(`Softmax2d: expected input of 3 or 4 dimensions, got ${x.dim()}`);
    return x.softmax(-3);
  }
}

/** nn.PixelShuffle(upscale_factor): (N, C·r², H, W) → (N, C, H·r, W·r). */
export class PixelShuffle extends Module {
  constructor(public upscale_factor: number) { super(); }
  override forward(x: Tensor): Tensor { return F.pixel_shuffle(x, this.upscale_factor); }
  override extra_repr(): string { return `upscale_factor=${this.upscale_factor}`; }
}

/** nn.PixelUnshuffle(downscale_factor) */
export class PixelUnshuffle extends Module {
  constructor(public downscale_factor: number) { super(); }
  override forward(x: Tensor): Tensor { return F.pixel_unshuffle(x, this.downscale_factor); }
  override extra_repr(): string { return `downscale_factor=${this.downscale_factor}`; }
}

/** nn.ChannelShuffle(groups) */
export class ChannelShuffle extends Module {
  constructor(public groups: number) { super(); }
  override forward(x: Tensor): Tensor { return F.channel_shuffle(x, this.groups); }
  override extra_repr(): string { return `groups=${this.groups}`; }
}

/** nn.Unfold(kernel_size, {dilation=1, padding=0, stride=1}): sliding blocks as columns (N, C·∏k, L). */
export class Unfold extends Module {
  dilation: IntOrTuple;
  padding: IntOrTuple;
  stride: IntOrTuple;

  constructor(public kernel_size: IntOrTuple, opts: F.FoldOptions = {}) {
    super();
    this.dilation = opts.dilation ?? 1;
    this.padding = opts.padding ?? 0;
    this.stride = opts.stride ?? 1;
  }

  override forward(x: Tensor): Tensor { return F.unfold(x, this.kernel_size, this); }
  override extra_repr(): string {
    return `kernel_size=${pyInts(this.kernel_size)}, dilation=${pyInts(this.dilation)}, padding=${pyInts(this.padding)}, stride=${pyInts(this.stride)}`;
  }
}

/** nn.Fold(output_size, kernel_size, {dilation, padding, stride}): sums columns back into an image. */
export class Fold extends Module {
  dilation: IntOrTuple;
  padding: IntOrTuple;
  stride: IntOrTuple;

  constructor(public output_size: IntOrTuple, public kernel_size: IntOrTuple, opts: F.FoldOptions = {}) {
    super();
    this.dilation = opts.dilation ?? 1;
    this.padding = opts.padding ?? 0;
    this.stride = opts.stride ?? 1;
  }

  override forward(x: Tensor): Tensor { return F.fold(x, this.output_size, this.kernel_size, this); }
  override extra_repr(): string {
    return `output_size=${pyInts(this.output_size)}, kernel_size=${pyInts(this.kernel_size)}, dilation=${pyInts(this.dilation)}, padding=${pyInts(this.padding)}, stride=${pyInts(this.stride)}`;
  }
}

/** nn.LocalResponseNorm(size, alpha=1e-4, beta=0.75, k=1.0): normalise across neighbouring channels. */
export class LocalResponseNorm extends Module {
  constructor(public size: number, public alpha = 1e-4, public beta = 0.75, public k = 1.0) { super(); }
  override forward(x: Tensor): Tensor { return F.local_response_norm(x, this.size, this.alpha, this.beta, this.k); }
  override extra_repr(): string { return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`; }
}

/** nn.CosineSimilarity({dim=1, eps=1e-8}): forward(x1, x2). */
export class CosineSimilarity extends Module {
  dim: number;
  eps: number;

  constructor(opts: { dim?: number; eps?: number } = {}) {
    super();
    this.dim = opts.dim ?? 1;
    this.eps = opts.eps ?? 1e-8;
  }

  override forward(x1: Tensor, x2: Tensor): Tensor { return F.cosine_similarity(x1, x2, this.dim, this.eps); }
}

/** nn.PairwiseDistance({p=2, eps=1e-6, keepdim=false}): forward(x1, x2) = ‖x1 − x2 + eps‖_p over the last dim. */
export class PairwiseDistance extends Module {
  norm: number;
  eps: number;
  keepdim: boolean;

  constructor(opts: { p?: number; eps?: number; keepdim?: boolean } = {}) {
    super();
    this.norm = opts.p ?? 2;
    this.eps = opts.eps ?? 1e-6;
    this.keepdim = opts.keepdim ?? false;
  }

  override forward(x1: Tensor, x2: Tensor): Tensor { return pairwise_distance(x1, x2, { p: this.norm, eps: this.eps, keepdim: this.keepdim }); }
}
