import { Tensor } from '../tensor/tensor.ts';
import { no_grad } from '../autograd/grad_mode.ts';
import { Module } from './module.ts';
import type { Parameter } from './parameter.ts';
import * as init from './init.ts';
import { batch_norm } from './functional/normalization.ts';
import { type FactoryOptions, factoryDtype, emptyParam } from './_factory.ts';
import { checkPositiveInt, pyBool, pyFloat, pyOptFloat, shapeStr } from './_utils.ts';

export interface BatchNormOptions extends FactoryOptions {
  eps?: number;
  /** null: cumulative moving average (1/num_batches_tracked). */
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}

/** Shared state of the BatchNorm layers (PyTorch's _NormBase + _BatchNorm). */
export abstract class _BatchNorm extends Module {
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  num_features: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  track_running_stats: boolean;

  constructor(name: string, num_features: number, opts: BatchNormOptions) {
    super();
    this.num_features = checkPositiveInt(num_features, name, 'num_features');
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? true;
    this.track_running_stats = opts.track_running_stats ?? true;
    const dt = factoryDtype(opts, name);
    if (this.affine) {
      this.weight = emptyParam([num_features], dt);
      this.bias = emptyParam([num_features], dt);
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    if (this.track_running_stats) {
      this.register_buffer('running_mean', Tensor._empty([num_features], dt));
      this.register_buffer('running_var', Tensor._empty([num_features], dt));
      this.register_buffer('num_batches_tracked', Tensor._empty([], 'int64'));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
    this.reset_parameters();
  }

  reset_running_stats(): void {
    if (!this.track_running_stats) return;
    no_grad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }

  reset_parameters(): void {
    this.reset_running_stats();
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }

  /** Throws with a helpful message when the input rank is wrong. */
  protected abstract _check_input_dim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    const c = input.shape[1];
    if (c !== this.num_features) {
      throw new RangeError(`${this._get_name()} expects ${this.num_features} channels (num_features) but receives ${c} (input shape ${shapeStr(input.shape)}). Set num_features to ${c}.`);
    }
    let factor = this.momentum ?? 0;
    if (this.training && this.track_running_stats && this.num_batches_tracked) {
      no_grad(() => this.num_batches_tracked!.add_(1));
      factor = this.momentum === null ? 1 / this.num_batches_tracked.item() : this.momentum;
    }
    const bnTraining = this.training ? true : this.running_mean === null && this.running_var === null;
    const useStats = !this.training || this.track_running_stats;
    return batch_norm(input, useStats ? this.running_mean : null, useStats ? this.running_var : null, {
      weight: this.weight, bias: this.bias, training: bnTraining, momentum: factor, eps: this.eps,
    });
  }

  /** A state dict without num_batches_tracked (as older PyTorch wrote) loads with the counter set to 0. */
  override _load_from_state_dict(sd: Map<string, Tensor>, prefix: string, missing: string[], unexpected: string[], errors: string[]): void {
    const key = `${prefix}num_batches_tracked`;
    if (this.track_running_stats && !sd.has(key)) sd.set(key, Tensor._empty([], 'int64'));
    super._load_from_state_dict(sd, prefix, missing, unexpected, errors);
  }

  override extra_repr(): string {
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${pyOptFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

/**
 * nn.BatchNorm1d(num_features, {eps=1e-5, momentum=0.1, affine=true, track_running_stats=true}).
 * Input (N, C) or (N, C, L). Training normalises with batch statistics and updates running_mean/running_var
 * (momentum null: cumulative average); eval() uses the running statistics.
 */
export class BatchNorm1d extends _BatchNorm {
  constructor(num_features: number, opts: BatchNormOptions = {}) {
    super('BatchNorm1d', num_features, opts);
  }

  protected override _check_input_dim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new RangeError(`BatchNorm1d: expected 2D or 3D input (got ${input.dim()}D input of shape ${shapeStr(input.shape)}); use BatchNorm2d for (N, C, H, W) input.`);
  }
}

/** nn.BatchNorm2d(num_features, {eps, momentum, affine, track_running_stats}). Input (N, C, H, W). */
export class BatchNorm2d extends _BatchNorm {
  constructor(num_features: number, opts: BatchNormOptions = {}) {
    super('BatchNorm2d', num_features, opts);
  }

  protected override _check_input_dim(input: Tensor): void {
    if (input.dim() !== 4) throw new RangeError(`BatchNorm2d: expected 4D input (got ${input.dim()}D input of shape ${shapeStr(input.shape)}); ${input.dim() === 3 ? 'add a batch dimension with unsqueeze(0)' : 'use BatchNorm1d for (N, C) or (N, C, L) input'}.`);
  }
}

/** nn.BatchNorm3d(num_features, …). Input (N, C, D, H, W). */
export class BatchNorm3d extends _BatchNorm {
  constructor(num_features: number, opts: BatchNormOptions = {}) {
    super('BatchNorm3d', num_features, opts);
  }

  protected override _check_input_dim(input: Tensor): void {
    if (input.dim() !== 5) throw new RangeError(`BatchNorm3d: expected 5D input (got ${input.dim()}D input of shape ${shapeStr(input.shape)})`);
  }
}
