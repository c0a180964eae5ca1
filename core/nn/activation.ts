import type { Tensor } from '../tensor/tensor.ts';
import type { DType } from '../tensor/dtype.ts';
import { Module } from './module.ts';
import type { Parameter } from './parameter.ts';
import * as F from './functional/activation.ts';
import { type FactoryOptions, factoryDtype, emptyParam } from './_factory.ts';
import * as init from './init.ts';
import { pyFloat, checkPositiveInt } from './_utils.ts';

/** Activation layers: each wraps its torch.nn.functional counterpart; `inplace` is accepted as in PyTorch. */
abstract class InplaceActivation extends Module {
  inplace: boolean;

  constructor(opts: { inplace?: boolean } = {}) {
    super();
    this.inplace = opts.inplace ?? false;
  }

  override extra_repr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** nn.ReLU({inplace=false}): max(0, x). */
export class ReLU extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return F.relu(x, this.inplace);
  }
}

/** nn.Hardtanh(min_val=-1, max_val=1, {inplace=false}): clamp to [min_val, max_val]. */
export class Hardtanh extends Module {
  min_val: number;
  max_val: number;
  inplace: boolean;

  constructor(min_val: number | { min_val?: number; max_val?: number; inplace?: boolean } = -1.0, max_val = 1.0, opts: { inplace?: boolean } = {}) {
    super();
    if (typeof min_val === 'object') {
      opts = min_val;
      max_val = min_val.max_val ?? 1.0;
      min_val = min_val.min_val ?? -1.0;
    }
    if (!(max_val > min_val)) throw new RangeError(`Hardtanh: max_val (${max_val}) must be greater than min_val (${min_val})`);
    this.min_val = min_val;
    this.max_val = max_val;
    this.inplace = opts.inplace ?? false;
  }

  override forward(x: Tensor): Tensor {
    return F.hardtanh(x, this.min_val, this.max_val, this.inplace);
  }

  override extra_repr(): string {
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** nn.ReLU6({inplace=false}): min(max(0, x), 6). */
export class ReLU6 extends Hardtanh {
  constructor(opts: { inplace?: boolean } = {}) {
    super(0.0, 6.0, opts);
  }

  override extra_repr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** nn.LeakyReLU(negative_slope=0.01, {inplace=false}) */
export class LeakyReLU extends Module {
  negative_slope: number;
  inplace: boolean;

  constructor(negative_slope: number | { negative_slope?: number; inplace?: boolean } = 1e-2, opts: { inplace?: boolean } = {}) {
    super();
    if (typeof negative_slope === 'object') {
      opts = negative_slope;
      negative_slope = negative_slope.negative_slope ?? 1e-2;
    }
    this.negative_slope = negative_slope;
    this.inplace = opts.inplace ?? false;
  }

  override forward(x: Tensor): Tensor {
    return F.leaky_relu(x, this.negative_slope, this.inplace);
  }

  override extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/**
 * nn.PReLU(num_parameters=1, init=0.25): max(0, x) + a·min(0, x) with a learnable a, one per channel when
 * num_parameters equals the channel count (dim 1).
 */
export class PReLU extends Module {
  declare weight: Parameter;
  num_parameters: number;

  constructor(num_parameters: number | (FactoryOptions & { num_parameters?: number; init?: number }) = 1, initValue = 0.25, opts: FactoryOptions = {}) {
    super();
    if (typeof num_parameters === 'object') {
      opts = num_parameters;
      initValue = num_parameters.init ?? 0.25;
      num_parameters = num_parameters.num_parameters ?? 1;
    }
    this.num_parameters = checkPositiveInt(num_parameters, 'PReLU', 'num_parameters');
    this.weight = emptyParam([num_parameters], factoryDtype(opts, 'PReLU'));
    init.constant_(this.weight, initValue);
  }

  override forward(x: Tensor): Tensor {
    return F.prelu(x, this.weight);
  }

  override extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}

/** nn.ELU(alpha=1.0, {inplace=false}): x if x > 0 else alpha·(exp(x) − 1). */
export class ELU extends Module {
  alpha: number;
  inplace: boolean;

  constructor(alpha: number | { alpha?: number; inplace?: boolean } = 1.0, opts: { inplace?: boolean } = {}) {
    super();
    if (typeof alpha === 'object') {
      opts = alpha;
      alpha = alpha.alpha ?? 1.0;
    }
    this.alpha = alpha;
    this.inplace = opts.inplace ?? false;
  }

  override forward(x: Tensor): Tensor {
    return F.elu(x, this.alpha, this.inplace);
  }

  override extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** nn.CELU(alpha=1.0): max(0, x) + min(0, alpha·(exp(x/alpha) − 1)). */
export class CELU extends ELU {
  override forward(x: Tensor): Tensor {
    return F.celu(x, this.alpha, this.inplace);
  }
}

/** nn.SELU({inplace=false}): scale·(max(0, x) + min(0, alpha·(exp(x) − 1))) with PyTorch's constants. */
export class SELU extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return F.selu(x, this.inplace);
  }
}

/** nn.GELU({approximate='none' | 'tanh'}): x·Φ(x), or its tanh approximation. */
export class GELU extends Module {
  approximate: 'none' | 'tanh';

  constructor(opts: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = opts.approximate ?? 'none';
    if (this.approximate !== 'none' && this.approximate !== 'tanh') throw new RangeError(`GELU: approximate must be 'none' or 'tanh', got '${this.approximate}'`);
  }

  override forward(x: Tensor): Tensor {
    return F.gelu(x, { approximate: this.approximate });
  }

  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** nn.SiLU({inplace=false}): x·sigmoid(x). */
export class SiLU extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return F.silu(x, this.inplace);
  }
}

/** nn.Mish({inplace=false}): x·tanh(softplus(x)). */
export class Mish extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return F.mish(x, this.inplace);
  }
}

/** nn.Hardsigmoid and nn.Hardswish. */
export class Hardsigmoid extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return F.hardsigmoid(x, this.inplace);
  }
}

export class Hardswish extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return F.hardswish(x, this.inplace);
  }
}

/** nn.Sigmoid: 1/(1 + exp(−x)). */
export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** nn.Tanh */
export class Tanh extends Module {
  override forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

export class LogSigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return F.logsigmoid(x);
  }
}

export class Softsign extends Module {
  override forward(x: Tensor): Tensor {
    return F.softsign(x);
  }
}

export class Tanhshrink extends Module {
  override forward(x: Tensor): Tensor {
    return F.tanhshrink(x);
  }
}

/** nn.Softplus(beta=1, threshold=20): log(1 + exp(beta·x))/beta, linear above threshold. */
export class Softplus extends Module {
  beta: number;
  threshold: number;

  constructor(beta: number | { beta?: number; threshold?: number } = 1, threshold = 20) {
    super();
    if (typeof beta === 'object') {
      threshold = beta.threshold ?? 20;
      beta = beta.beta ?? 1;
    }
    this.beta = beta;
    this.threshold = threshold;
  }

  override forward(x: Tensor): Tensor {
    return F.softplus(x, this.beta, this.threshold);
  }

  override extra_repr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/** nn.Threshold(threshold, value, {inplace=false}): x if x > threshold else value. */
export class Threshold extends Module {
  threshold: number;
  value: number;
  inplace: boolean;

  constructor(threshold: number, value: number, opts: { inplace?: boolean } = {}) {
    super();
    this.threshold = threshold;
    this.value = value;
    this.inplace = opts.inplace ?? false;
  }

  override forward(x: Tensor): Tensor {
    return F.threshold(x, this.threshold, this.value, this.inplace);
  }

  override extra_repr(): string {
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

abstract class DimActivation extends Module {
  dim: number | null;

  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    if (dim !== null && typeof dim === 'object') dim = dim.dim ?? null;
    this.dim = dim;
  }

  override extra_repr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}

/** nn.Softmax(dim): exp(x)/Σexp(x) along dim (dim null uses PyTorch's legacy implicit choice). */
export class Softmax extends DimActivation {
  override forward(x: Tensor, opts: { dtype?: DType } = {}): Tensor {
    return F.softmax(x, this.dim, opts);
  }
}

/** nn.LogSoftmax(dim): log(softmax(x)) computed stably. */
export class LogSoftmax extends DimActivation {
  override forward(x: Tensor, opts: { dtype?: DType } = {}): Tensor {
    return F.log_softmax(x, this.dim, opts);
  }
}

/** nn.Softmin(dim): softmax(−x). */
export class Softmin extends DimActivation {
  override forward(x: Tensor): Tensor {
    return F.softmin(x, this.dim);
  }
}
