import { Tensor } from '../tensor/tensor.ts';
import { no_grad } from '../autograd/grad_mode.ts';
import { Module, moduleClassName } from './module.ts';
import type { Parameter } from './parameter.ts';
import * as init from './init.ts';
import { instance_norm } from './functional/normalization.ts';
import { type FactoryOptions, factoryDtype, emptyParam } from './_factory.ts';
import { checkPositiveInt, pyBool, pyFloat, pyOptFloat, shapeStr } from './_utils.ts';

export interface InstanceNormModuleOptions extends FactoryOptions {
  eps?: number;
  momentum?: number;
  affine?: boolean;
  track_running_stats?: boolean;
}

/** Shared state of InstanceNorm1d/2d/3d (PyTorch's _InstanceNorm; affine and running stats off by default). */
abstract class _InstanceNorm extends Module {
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  num_features: number;
  eps: number;
  momentum: number;
  affine: boolean;
  track_running_stats: boolean;

  constructor(private readonly nsp: number, num_features: number, opts: InstanceNormModuleOptions) {
    super();
    const name = moduleClassName(new.target);
    this.num_features = checkPositiveInt(num_features, name, 'num_features');
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum ?? 0.1;
    this.affine = opts.affine ?? false;
    this.track_running_stats = opts.track_running_stats ?? false;
    const dt = factoryDtype(opts, name);
    if (this.affine) {
      this.weight = emptyParam([num_features], dt);
      this.bias = emptyParam([num_features], dt);
      init.ones_(this.weight);
      init.zeros_(this.bias);
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    if (this.track_running_stats) {
      this.register_buffer('running_mean', Tensor._empty([num_features], dt));
      const rv = Tensor._empty([num_features], dt);
      no_grad(() => rv.fill_(1));
      this.register_buffer('running_var', rv);
      this.register_buffer('num_batches_tracked', Tensor._empty([], 'int64'));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
  }

  override forward(input: Tensor): Tensor {
    const ok = [this.nsp + 1, this.nsp + 2];
    if (!ok.includes(input.dim())) throw new RangeError(`${this._get_name()}: expected ${ok[0]}D or ${ok[1]}D input (got ${input.dim()}D input of shape ${shapeStr(input.shape)})`);
    const unbatched = input.dim() === this.nsp + 1;
    const x = unbatched ? input.unsqueeze(0) : input;
    const y = instance_norm(x, {
      running_mean: this.running_mean, running_var: this.running_var, weight: this.weight, bias: this.bias,
      use_input_stats: this.training || !this.track_running_stats, momentum: this.momentum, eps: this.eps,
    });
    return unbatched ? y.squeeze(0) : y;
  }

  override extra_repr(): string {
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${pyOptFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

/** nn.InstanceNorm1d(num_features, {eps=1e-5, momentum=0.1, affine=false, track_running_stats=false}). Input (N, C, L) or (C, L). */
export class InstanceNorm1d extends _InstanceNorm {
  constructor(num_features: number, opts: InstanceNormModuleOptions = {}) { super(1, num_features, opts); }
}

/** nn.InstanceNorm2d(num_features, {…}). Input (N, C, H, W) or (C, H, W). */
export class InstanceNorm2d extends _InstanceNorm {
  constructor(num_features: number, opts: InstanceNormModuleOptions = {}) { super(2, num_features, opts); }
}

/** nn.InstanceNorm3d(num_features, {…}). Input (N, C, D, H, W) or (C, D, H, W). */
export class InstanceNorm3d extends _InstanceNorm {
  constructor(num_features: number, opts: InstanceNormModuleOptions = {}) { super(3, num_features, opts); }
}
