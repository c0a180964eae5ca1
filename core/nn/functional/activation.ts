import '../../ops/methods.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { DType } from '../../tensor/dtype.ts';
import { where } from '../../ops/where.ts';
import { applyInplace } from '../../ops/inplace.ts';
import * as K from '../../ops/composite.ts';

/**
 * Activation functions (torch.nn.functional). Composites of differentiable primitives, written so that masked-out
 * branches never produce inf/NaN gradients (exp is taken of clamped inputs).
 */
type Inplace = boolean | { inplace?: boolean };

/** PyTorch keyword form: F.relu(x, { inplace: true }) as well as F.relu(x, true). */
function ip(v: Inplace | undefined): boolean {
  return typeof v === 'object' && v !== null ? v.inplace ?? false : v ?? false;
}

function maybeInplace(x: Tensor, inplace: boolean, name: string, f: (t: Tensor) => Tensor): Tensor {
  return inplace ? applyInplace(x, name, f) : f(x);
}

export function relu(x: Tensor, inplaceArg: Inplace = false): Tensor {
  const inplace = ip(inplaceArg);
  return maybeInplace(x, inplace, 'relu_', (t) => t.relu());
}

/** F.hardtanh(x, min_val=-1, max_val=1): clamp with zero gradient at and beyond the bounds (as PyTorch). */
export function hardtanh(x: Tensor, min_val: number | { min_val?: number; max_val?: number; inplace?: boolean } = -1, max_val = 1, inplace = false): Tensor {
  if (typeof min_val === 'object') {
    inplace = min_val.inplace ?? false;
    max_val = min_val.max_val ?? 1;
    min_val = min_val.min_val ?? -1;
  }
  if (min_val > max_val) throw new RangeError(`hardtanh: min_val (${min_val}) cannot be greater than max_val (${max_val})`);
  return maybeInplace(x, inplace, 'hardtanh_', (t) => {
    const inside = t.gt(min_val).logical_and(t.lt(max_val));
    return where(inside, t, t.detach().clamp(min_val, max_val));
  });
}

export function relu6(x: Tensor, inplaceArg: Inplace = false): Tensor {
  const inplace = ip(inplaceArg);
  return hardtanh(x, 0, 6, inplace);
}

export function leaky_relu(x: Tensor, negative_slope: number | { negative_slope?: number; inplace?: boolean } = 0.01, inplace = false): Tensor {
  if (typeof negative_slope === 'object') {
    inplace = negative_slope.inplace ?? false;
    negative_slope = negative_slope.negative_slope ?? 0.01;
  }
  const slope = negative_slope;
  return maybeInplace(x, inplace, 'leaky_relu_', (t) => where(t.gt(0), t, t.mul(slope)));
}

export function elu(x: Tensor, alphaArg: number | { alpha?: number; inplace?: boolean } = 1.0, inplace = false): Tensor {
  const alpha = typeof alphaArg === 'object' ? alphaArg.alpha ?? 1.0 : alphaArg;
  if (typeof alphaArg === 'object') inplace = alphaArg.inplace ?? false;
  return maybeInplace(x, inplace, 'elu_', (t) => where(t.gt(0), t, t.clamp_max(0).expm1().mul(alpha)));
}

export function celu(x: Tensor, alphaArg: number | { alpha?: number; inplace?: boolean } = 1.0, inplace = false): Tensor {
  const alpha = typeof alphaArg === 'object' ? alphaArg.alpha ?? 1.0 : alphaArg;
  if (typeof alphaArg === 'object') inplace = alphaArg.inplace ?? false;
  return maybeInplace(x, inplace, 'celu_', (t) => where(t.gt(0), t, t.clamp_max(0).div(alpha).expm1().mul(alpha)));
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

export function selu(x: Tensor, inplaceArg: Inplace = false): Tensor {
  const inplace = ip(inplaceArg);
  return maybeInplace(x, inplace, 'selu_', (t) => where(t.gt(0), t, t.clamp_max(0).expm1().mul(SELU_ALPHA)).mul(SELU_SCALE));
}

/** F.gelu(x, approximate='none' | 'tanh') */
export function gelu(x: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  const approximate = opts.approximate ?? 'none';
  if (approximate === 'none') return x.mul(x.mul(Math.SQRT1_2).erf().add(1)).mul(0.5);
  if (approximate === 'tanh') {
    const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(inner.tanh().add(1)).mul(0.5);
  }
  throw new RangeError(`gelu: approximate must be 'none' or 'tanh', got '${approximate}'`);
}

export function silu(x: Tensor, inplaceArg: Inplace = false): Tensor {
  const inplace = ip(inplaceArg);
  return maybeInplace(x, inplace, 'silu_', (t) => t.mul(t.sigmoid()));
}

export function mish(x: Tensor, inplaceArg: Inplace = false): Tensor {
  const inplace = ip(inplaceArg);
  return maybeInplace(x, inplace, 'mish_', (t) => t.mul(softplus(t).tanh()));
}

export function sigmoid(x: Tensor): Tensor {
  return x.sigmoid();
}

export function tanh(x: Tensor): Tensor {
  return x.tanh();
}

/** F.softplus(x, beta=1, threshold=20): log(1 + exp(beta·x)) / beta, linear where beta·x > threshold. */
export function softplus(x: Tensor, beta: number | { beta?: number; threshold?: number } = 1, threshold = 20): Tensor {
  if (typeof beta === 'object') {
    threshold = beta.threshold ?? 20;
    beta = beta.beta ?? 1;
  }
  const big = x.mul(beta).gt(threshold);
  const safe = where(big, 0, x);
  return where(big, x, safe.mul(beta).exp().log1p().div(beta));
}

export function logsigmoid(x: Tensor): Tensor {
  return softplus(x.neg()).neg();
}

export function hardsigmoid(x: Tensor, inplaceArg: Inplace = false): Tensor {
  const inplace = ip(inplaceArg);
  return maybeInplace(x, inplace, 'hardsigmoid_', (t) => hardtanh(t.div(6).add(0.5), 0, 1));
}

export function hardswish(x: Tensor, inplaceArg: Inplace = false): Tensor {
  const inplace = ip(inplaceArg);
  // 0 below -3, x above 3, x·(x+3)/6 between.
  return maybeInplace(x, inplace, 'hardswish_', (t) => where(t.le(-3), 0, where(t.ge(3), t, t.mul(t.add(3)).div(6))));
}

export function softsign(x: Tensor): Tensor {
  return x.div(x.abs().add(1));
}

export function tanhshrink(x: Tensor): Tensor {
  return x.sub(x.tanh());
}

export function threshold(x: Tensor, thresholdValue: number, value: number, inplace = false): Tensor {
  return maybeInplace(x, inplace, 'threshold_', (t) => where(t.gt(thresholdValue), t, value));
}

/** F.prelu(x, weight): weight has 1 or C (= x.shape[1]) elements. */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  const n = weight.numel();
  if (n !== 1 && (x.dim() < 2 ? n !== 1 : x.shape[1] !== n) && !(x.dim() === 1 && x.shape[0] === n)) {
    throw new RangeError(`prelu: the number of weights (${n}) must be 1 or match the channel dimension of the input (input shape [${x.shape.join(', ')}], channels at dim ${x.dim() >= 2 ? 1 : 0}). Set num_parameters to ${x.dim() >= 2 ? x.shape[1] : x.shape[0] ?? 1}.`);
  }
  let w = weight.reshape([-1]);
  if (n > 1 && x.dim() >= 2) w = w.reshape([n, ...new Array(x.dim() - 2).fill(1)]);
  else if (n === 1) w = weight.reshape([]);
  return where(x.gt(0), x, x.mul(w));
}

/** PyTorch's implicit softmax dim (deprecated in PyTorch): 0 for 0-D, 1-D and 3-D inputs, else 1. */
function softmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

function dimOpts(d: number | null | { dim?: number | null; dtype?: DType }, opts: { dtype?: DType }): { dim: number | null; o: { dtype?: DType } } {
  if (d !== null && typeof d === 'object') return { dim: d.dim ?? null, o: d.dtype ? { dtype: d.dtype } : {} };
  return { dim: d, o: opts };
}

export function softmax(x: Tensor, dimArg: number | null | { dim?: number | null; dtype?: DType } = null, opts: { dtype?: DType } = {}): Tensor {
  const { dim, o } = dimOpts(dimArg, opts);
  return K.softmax(x, dim ?? softmaxDim(x.dim()), o);
}

export function softmin(x: Tensor, dimArg: number | null | { dim?: number | null; dtype?: DType } = null, opts: { dtype?: DType } = {}): Tensor {
  const { dim, o } = dimOpts(dimArg, opts);
  return K.softmax(x.neg(), dim ?? softmaxDim(x.dim()), o);
}

export function log_softmax(x: Tensor, dimArg: number | null | { dim?: number | null; dtype?: DType } = null, opts: { dtype?: DType } = {}): Tensor {
  const { dim, o } = dimOpts(dimArg, opts);
  return K.log_softmax(x, dim ?? softmaxDim(x.dim()), o);
}
