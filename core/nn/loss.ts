/**
 * torch.nn loss modules: thin Modules over nn.functional's losses (core/nn/functional/loss.ts). Options are PyTorch's
 * keyword arguments: `new nn.CrossEntropyLoss({ weight, ignore_index: 0, label_smoothing: 0.1 })`. Class weights
 * (and BCEWithLogitsLoss's pos_weight) are registered as buffers, so they appear in state_dict like in PyTorch.
 * The deprecated size_average / reduce arguments are accepted and mapped to `reduction`.
 */
import { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import * as L from './functional/loss.ts';
import { legacyReduction, type Reduction } from './functional/loss.ts';

export interface LossOptions {
  reduction?: Reduction;
  /** Deprecated (PyTorch): use reduction. */
  size_average?: boolean | null;
  /** Deprecated (PyTorch): use reduction. */
  reduce?: boolean | null;
}

function reductionOf(name: string, opts: LossOptions, extra: string[] = []): Reduction {
  if (opts.size_average != null || opts.reduce != null) return legacyReduction(opts.size_average, opts.reduce);
  const r = opts.reduction ?? 'mean';
  if (!['none', 'mean', 'sum', ...extra].includes(r)) throw new TypeError(`${name}: '${r}' is not a valid value for reduction; use 'none', 'mean' or 'sum'${extra.length ? ` or ${extra.map((e) => `'${e}'`).join(', ')}` : ''}.`);
  return r;
}

/** Accept `new Loss(weightTensor)` as well as `new Loss({ weight })`. */
function asOpts<T extends object>(o: T | Tensor | undefined): T {
  if (o instanceof Tensor) return { weight: o } as unknown as T;
  return (o ?? {}) as T;
}

/** Base of the losses (PyTorch's _Loss): holds `reduction`. */
export abstract class _Loss extends Module {
  reduction: Reduction;
  constructor(opts: LossOptions = {}, extra: string[] = []) {
    super();
    this.reduction = reductionOf(this.constructor.name, opts, extra);
  }
}

/** Base of the losses with class weights (PyTorch's _WeightedLoss): `weight` is a buffer. */
export abstract class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;
  constructor(opts: LossOptions & { weight?: Tensor | null } = {}) {
    super(opts);
    if (opts.weight != null && !(opts.weight instanceof Tensor)) throw new TypeError(`${this.constructor.name}: weight must be a Tensor (one value per class), but got ${typeof opts.weight}.`);
    this.register_buffer('weight', opts.weight ?? null);
  }
}

/** nn.L1Loss(reduction='mean'): |input − target|. */
export class L1Loss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.l1_loss(input, target, { reduction: this.reduction });
  }
}

/** nn.MSELoss(reduction='mean'): (input − target)². */
export class MSELoss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.mse_loss(input, target, { reduction: this.reduction });
  }
}

/** nn.SmoothL1Loss(reduction='mean', beta=1.0) */
export class SmoothL1Loss extends _Loss {
  beta: number;
  constructor(opts: LossOptions & { beta?: number } = {}) {
    super(opts);
    this.beta = opts.beta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** nn.HuberLoss(reduction='mean', delta=1.0) */
export class HuberLoss extends _Loss {
  delta: number;
  constructor(opts: { reduction?: Reduction; delta?: number } = {}) {
    super(opts);
    this.delta = opts.delta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.huber_loss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** nn.PoissonNLLLoss(log_input=True, full=False, eps=1e-8, reduction='mean') */
export class PoissonNLLLoss extends _Loss {
  log_input: boolean;
  full: boolean;
  eps: number;
  constructor(opts: LossOptions & { log_input?: boolean; full?: boolean; eps?: number } = {}) {
    super(opts);
    this.log_input = opts.log_input ?? true;
    this.full = opts.full ?? false;
    this.eps = opts.eps ?? 1e-8;
  }
  override forward(log_input: Tensor, target: Tensor): Tensor {
    return L.poisson_nll_loss(log_input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** nn.GaussianNLLLoss(full=False, eps=1e-6, reduction='mean'); forward(input, target, var). */
export class GaussianNLLLoss extends _Loss {
  full: boolean;
  eps: number;
  constructor(opts: { full?: boolean; eps?: number; reduction?: Reduction } = {}) {
    super(opts);
    this.full = opts.full ?? false;
    this.eps = opts.eps ?? 1e-6;
  }
  override forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return L.gaussian_nll_loss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** nn.KLDivLoss(reduction='mean', log_target=False); input holds log-probabilities. Prefer reduction='batchmean'. */
export class KLDivLoss extends Module {
  reduction: Reduction | 'batchmean';
  log_target: boolean;
  constructor(opts: { reduction?: Reduction | 'batchmean'; log_target?: boolean; size_average?: boolean | null; reduce?: boolean | null } = {}) {
    super();
    this.reduction = reductionOf('KLDivLoss', opts as LossOptions, ['batchmean']);
    this.log_target = opts.log_target ?? false;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}

/** nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean'); input holds log-probabilities (N, C, …). */
export class NLLLoss extends _WeightedLoss {
  ignore_index: number;
  constructor(opts: LossOptions & { weight?: Tensor | null; ignore_index?: number } | Tensor = {}) {
    const o = asOpts(opts);
    super(o);
    this.ignore_index = o.ignore_index ?? -100;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

/**
 * nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0): log_softmax + NLL on
 * raw logits (N, C, d1, …). Targets are class indices (int64, (N, d1, …)) or class probabilities (input's shape).
 */
export class CrossEntropyLoss extends _WeightedLoss {
  ignore_index: number;
  label_smoothing: number;
  constructor(opts: LossOptions & { weight?: Tensor | null; ignore_index?: number; label_smoothing?: number } | Tensor = {}) {
    const o = asOpts(opts);
    super(o);
    this.ignore_index = o.ignore_index ?? -100;
    this.label_smoothing = o.label_smoothing ?? 0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.cross_entropy(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing });
  }
}

/** nn.BCELoss(weight=None, reduction='mean'); input holds probabilities (after Sigmoid). */
export class BCELoss extends _WeightedLoss {
  constructor(opts: LossOptions & { weight?: Tensor | null } | Tensor = {}) {
    super(asOpts(opts));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None): sigmoid + BCE, numerically stable. */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(opts: LossOptions & { weight?: Tensor | null; pos_weight?: Tensor | null } | Tensor = {}) {
    const o = asOpts(opts);
    super(o);
    this.register_buffer('weight', o.weight ?? null);
    this.register_buffer('pos_weight', o.pos_weight ?? null);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}

/** nn.HingeEmbeddingLoss(margin=1.0, reduction='mean') */
export class HingeEmbeddingLoss extends _Loss {
  margin: number;
  constructor(opts: LossOptions & { margin?: number } = {}) {
    super(opts);
    this.margin = opts.margin ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** nn.MultiLabelMarginLoss(reduction='mean') */
export class MultiLabelMarginLoss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.multilabel_margin_loss(input, target, { reduction: this.reduction });
  }
}

/** nn.SoftMarginLoss(reduction='mean') */
export class SoftMarginLoss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.soft_margin_loss(input, target, { reduction: this.reduction });
  }
}

/** nn.MultiLabelSoftMarginLoss(weight=None, reduction='mean') */
export class MultiLabelSoftMarginLoss extends _WeightedLoss {
  constructor(opts: LossOptions & { weight?: Tensor | null } | Tensor = {}) {
    super(asOpts(opts));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** nn.CosineEmbeddingLoss(margin=0.0, reduction='mean'); forward(input1, input2, target). */
export class CosineEmbeddingLoss extends _Loss {
  margin: number;
  constructor(opts: LossOptions & { margin?: number } = {}) {
    super(opts);
    this.margin = opts.margin ?? 0;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return L.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** nn.MarginRankingLoss(margin=0.0, reduction='mean'); forward(input1, input2, target). */
export class MarginRankingLoss extends _Loss {
  margin: number;
  constructor(opts: LossOptions & { margin?: number } = {}) {
    super(opts);
    this.margin = opts.margin ?? 0;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return L.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** nn.MultiMarginLoss(p=1, margin=1.0, weight=None, reduction='mean') */
export class MultiMarginLoss extends _WeightedLoss {
  p: number;
  margin: number;
  constructor(opts: LossOptions & { p?: number; margin?: number; weight?: Tensor | null } = {}) {
    super(opts);
    this.p = opts.p ?? 1;
    this.margin = opts.margin ?? 1;
    if (this.p !== 1 && this.p !== 2) throw new RangeError(`MultiMarginLoss: only p == 1 and p == 2 supported, but got p=${this.p}.`);
    if (this.weight && this.weight.dim() !== 1) throw new RangeError(`MultiMarginLoss: weight must be None or 1D, but got ${this.weight.dim()}D.`);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return L.multi_margin_loss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

/** nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-6, swap=False, reduction='mean'); forward(anchor, positive, negative). */
export class TripletMarginLoss extends _Loss {
  margin: number;
  p: number;
  eps: number;
  swap: boolean;
  constructor(opts: LossOptions & { margin?: number; p?: number; eps?: number; swap?: boolean } = {}) {
    super(opts);
    this.margin = opts.margin ?? 1.0;
    this.p = opts.p ?? 2;
    this.eps = opts.eps ?? 1e-6;
    this.swap = opts.swap ?? false;
    if (!(this.margin > 0)) throw new RangeError(`TripletMarginLoss: margin must be greater than 0, got ${this.margin}.`);
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return L.triplet_margin_loss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

/** nn.TripletMarginWithDistanceLoss(distance_function=None, margin=1.0, swap=False, reduction='mean'). */
export class TripletMarginWithDistanceLoss extends _Loss {
  distance_function: ((a: Tensor, b: Tensor) => Tensor) | null;
  margin: number;
  swap: boolean;
  constructor(opts: { distance_function?: ((a: Tensor, b: Tensor) => Tensor) | null; margin?: number; swap?: boolean; reduction?: Reduction } = {}) {
    super(opts);
    this.distance_function = opts.distance_function ?? null;
    this.margin = opts.margin ?? 1.0;
    this.swap = opts.swap ?? false;
    if (!(this.margin > 0)) throw new RangeError(`TripletMarginWithDistanceLoss: expected margin to be greater than 0, got ${this.margin} instead.`);
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return L.triplet_margin_with_distance_loss(anchor, positive, negative, { distance_function: this.distance_function, margin: this.margin, swap: this.swap, reduction: this.reduction });
  }
}

/** nn.CTCLoss(blank=0, reduction='mean', zero_infinity=False); forward(log_probs, targets, input_lengths, target_lengths). */
export class CTCLoss extends _Loss {
  blank: number;
  zero_infinity: boolean;
  constructor(opts: { blank?: number; reduction?: Reduction; zero_infinity?: boolean } = {}) {
    super(opts);
    this.blank = opts.blank ?? 0;
    this.zero_infinity = opts.zero_infinity ?? false;
  }
  override forward(log_probs: Tensor, targets: Tensor, input_lengths: Tensor | number[], target_lengths: Tensor | number[]): Tensor {
    return L.ctc_loss(log_probs, targets, input_lengths, target_lengths, { blank: this.blank, reduction: this.reduction, zero_infinity: this.zero_infinity });
  }
}
