import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import type { Parameter } from './parameter.ts';
import * as init from './init.ts';
import { layer_norm, group_norm } from './functional/normalization.ts';
import { type FactoryOptions, factoryDtype, emptyParam } from './_factory.ts';
import { checkPositiveInt, pyBool, pyFloat, pyInts } from './_utils.ts';

/**
 * nn.LayerNorm(normalized_shape, {eps=1e-5, elementwise_affine=true}): normalise over the last
 * len(normalized_shape) dims, then scale by weight and shift by bias (both of shape normalized_shape).
 */
export class LayerNorm extends Module {
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  normalized_shape: number[];
  eps: number;
  elementwise_affine: boolean;

  constructor(normalized_shape: number | number[], opts: FactoryOptions & { eps?: number; elementwise_affine?: boolean } = {}) {
    super();
    this.normalized_shape = Array.isArray(normalized_shape) ? [...normalized_shape] : [normalized_shape];
    for (const s of this.normalized_shape) checkPositiveInt(s, 'LayerNorm', 'normalized_shape', true);
    this.eps = opts.eps ?? 1e-5;
    this.elementwise_affine = opts.elementwise_affine ?? true;
    const dt = factoryDtype(opts, 'LayerNorm');
    if (this.elementwise_affine) {
      this.weight = emptyParam(this.normalized_shape, dt);
      this.bias = emptyParam(this.normalized_shape, dt);
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }

  override forward(input: Tensor): Tensor {
    return layer_norm(input, this.normalized_shape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extra_repr(): string {
    return `${pyInts(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}

/**
 * nn.GroupNorm(num_groups, num_channels, {eps=1e-5, affine=true}): normalise each group of num_channels/num_groups
 * channels per sample; per-channel weight and bias. Input (N, C, *).
 */
export class GroupNorm extends Module {
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  num_groups: number;
  num_channels: number;
  eps: number;
  affine: boolean;

  constructor(num_groups: number, num_channels: number, opts: FactoryOptions & { eps?: number; affine?: boolean } = {}) {
    super();
    checkPositiveInt(num_groups, 'GroupNorm', 'num_groups');
    checkPositiveInt(num_channels, 'GroupNorm', 'num_channels');
    if (num_channels % num_groups !== 0) throw new RangeError(`GroupNorm: num_channels (${num_channels}) must be divisible by num_groups (${num_groups})`);
    this.num_groups = num_groups;
    this.num_channels = num_channels;
    this.eps = opts.eps ?? 1e-5;
    this.affine = opts.affine ?? true;
    const dt = factoryDtype(opts, 'GroupNorm');
    if (this.affine) {
      this.weight = emptyParam([num_channels], dt);
      this.bias = emptyParam([num_channels], dt);
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }

  override forward(input: Tensor): Tensor {
    if (input.dim() >= 2 && input.shape[1] !== this.num_channels) {
      throw new RangeError(`GroupNorm expects ${this.num_channels} channels but receives ${input.shape[1]} (input shape [${input.shape.join(', ')}]). Set num_channels to ${input.shape[1]}.`);
    }
    return group_norm(input, this.num_groups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}
