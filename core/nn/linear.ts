import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import type { Parameter } from './parameter.ts';
import * as init from './init.ts';
import { linear, bilinear } from './functional/linear.ts';
import { type FactoryOptions, factoryDtype, emptyParam } from './_factory.ts';
import { checkPositiveInt, pyBool, shapeStr } from './_utils.ts';

/** nn.Identity: returns its input (constructor arguments are accepted and ignored, as in PyTorch). */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }

  override forward(x: Tensor): Tensor {
    return x;
  }
}

/**
 * nn.Linear(in_features, out_features, {bias=true, dtype}): y = x·Wᵀ + b.
 * Shapes: input (*, in_features) → (*, out_features). weight: (out_features, in_features), bias: (out_features).
 * Init (PyTorch's): weight ~ kaiming_uniform(a=√5) = U(−1/√in, 1/√in); bias ~ U(−1/√in, 1/√in).
 */
export class Linear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  in_features: number;
  out_features: number;

  constructor(in_features: number, out_features: number, opts: FactoryOptions & { bias?: boolean } = {}) {
    super();
    this.in_features = checkPositiveInt(in_features, 'Linear', 'in_features', true);
    this.out_features = checkPositiveInt(out_features, 'Linear', 'out_features', true);
    const dt = factoryDtype(opts, 'Linear');
    this.weight = emptyParam([out_features, in_features], dt);
    if (opts.bias ?? true) this.bias = emptyParam([out_features], dt);
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }

  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    const n = input.dim() === 0 ? 0 : input.shape[input.dim() - 1];
    if (input.dim() === 0 || n !== this.in_features) {
      throw new RangeError(`Linear expects ${this.in_features} input features but receives ${n} (input shape ${shapeStr(input.shape)}). Set in_features to ${n}, or flatten/reshape the input so its last dimension is ${this.in_features}.`);
    }
    return linear(input, this.weight, this.bias);
  }

  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}

/**
 * nn.Bilinear(in1_features, in2_features, out_features, {bias=true}): y = x1ᵀ·A·x2 + b.
 * weight: (out, in1, in2). Init: U(−1/√in1, 1/√in1) for weight and bias.
 */
export class Bilinear extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  in1_features: number;
  in2_features: number;
  out_features: number;

  constructor(in1_features: number, in2_features: number, out_features: number, opts: FactoryOptions & { bias?: boolean } = {}) {
    super();
    this.in1_features = checkPositiveInt(in1_features, 'Bilinear', 'in1_features', true);
    this.in2_features = checkPositiveInt(in2_features, 'Bilinear', 'in2_features', true);
    this.out_features = checkPositiveInt(out_features, 'Bilinear', 'out_features', true);
    const dt = factoryDtype(opts, 'Bilinear');
    this.weight = emptyParam([out_features, in1_features, in2_features], dt);
    if (opts.bias ?? true) this.bias = emptyParam([out_features], dt);
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }

  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias) init.uniform_(this.bias, -bound, bound);
  }

  override forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}
