import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import type { Parameter } from './parameter.ts';
import * as init from './init.ts';
import { convNd, convTransposeNd, batchify } from './functional/conv.ts';
import { pad } from '../ops/pad.ts';
import { type FactoryOptions, factoryDtype, emptyParam } from './_factory.ts';
import { ntuple, pyInts, checkPositiveInt, type IntOrTuple } from './_utils.ts';

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export interface ConvNdOptions extends FactoryOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple | 'same' | 'valid';
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  padding_mode?: PaddingMode;
}

export interface ConvTransposeNdOptions extends FactoryOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  output_padding?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  dilation?: IntOrTuple;
  padding_mode?: 'zeros';
}

const MODES = ['zeros', 'reflect', 'replicate', 'circular'];

/** Shared state of Conv1d/2d/3d and ConvTranspose1d/2d/3d (PyTorch's _ConvNd). */
export abstract class _ConvNd extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  in_channels: number;
  out_channels: number;
  kernel_size: number[];
  stride: number[];
  padding: number[] | 'same' | 'valid';
  dilation: number[];
  transposed: boolean;
  output_padding: number[];
  groups: number;
  padding_mode: string;
  /** F.pad's argument for non-zero padding modes: last dim first, (left, right) per dim. */
  _reversed_padding_repeated_twice: number[];

  constructor(name: string, nsp: number, in_channels: number, out_channels: number, kernel_size: IntOrTuple, transposed: boolean,
    opts: ConvNdOptions & { output_padding?: IntOrTuple }) {
    super();
    checkPositiveInt(in_channels, name, 'in_channels');
    checkPositiveInt(out_channels, name, 'out_channels');
    const groups = opts.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new RangeError(`${name}: groups must be a positive integer, got ${groups}`);
    if (in_channels % groups !== 0) throw new RangeError(`${name}: in_channels (${in_channels}) must be divisible by groups (${groups}); choose groups that divides both channel counts.`);
    if (out_channels % groups !== 0) throw new RangeError(`${name}: out_channels (${out_channels}) must be divisible by groups (${groups}); choose groups that divides both channel counts.`);
    this.kernel_size = ntuple(kernel_size, nsp, name, 'kernel_size');
    if (this.kernel_size.some((k) => k <= 0)) throw new RangeError(`${name}: kernel_size must be positive, got ${pyInts(this.kernel_size)}`);
    this.stride = ntuple(opts.stride ?? 1, nsp, name, 'stride');
    if (this.stride.some((s) => s <= 0)) throw new RangeError(`${name}: stride must be positive, got ${pyInts(this.stride)}`);
    this.dilation = ntuple(opts.dilation ?? 1, nsp, name, 'dilation');
    if (this.dilation.some((s) => s <= 0)) throw new RangeError(`${name}: dilation must be positive, got ${pyInts(this.dilation)}`);
    const p = opts.padding ?? 0;
    if (typeof p === 'string') {
      if (p !== 'same' && p !== 'valid') throw new RangeError(`${name}: Invalid padding string '${p}', should be one of ['valid', 'same']`);
      if (p === 'same' && this.stride.some((s) => s !== 1)) throw new RangeError(`${name}: padding='same' is not supported for strided convolutions; use stride=1 or numeric padding.`);
      this.padding = p;
    } else {
      this.padding = ntuple(p, nsp, name, 'padding');
      if (this.padding.some((q) => q < 0)) throw new RangeError(`${name}: padding must be non-negative, got ${pyInts(this.padding)}`);
    }
    const mode = opts.padding_mode ?? 'zeros';
    if (!MODES.includes(mode)) throw new RangeError(`${name}: padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${mode}'`);
    this.in_channels = in_channels;
    this.out_channels = out_channels;
    this.transposed = transposed;
    this.output_padding = ntuple(opts.output_padding ?? 0, nsp, name, 'output_padding');
    this.groups = groups;
    this.padding_mode = mode;
    if (this.padding === 'valid') this._reversed_padding_repeated_twice = new Array(2 * nsp).fill(0);
    else if (this.padding === 'same') {
      const r: number[] = [];
      for (let i = nsp - 1; i >= 0; i--) {
        const total = this.dilation[i] * (this.kernel_size[i] - 1);
        const left = Math.floor(total / 2);
        r.push(left, total - left);
      }
      this._reversed_padding_repeated_twice = r;
    } else {
      const pp = this.padding;
      this._reversed_padding_repeated_twice = [...pp].reverse().flatMap((v) => [v, v]);
    }
    const dt = factoryDtype(opts, name);
    const wShape = transposed ? [in_channels, out_channels / groups, ...this.kernel_size] : [out_channels, in_channels / groups, ...this.kernel_size];
    this.weight = emptyParam(wShape, dt);
    if (opts.bias ?? true) this.bias = emptyParam([out_channels], dt);
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }

  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyInts(this.kernel_size)}, stride=${pyInts(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((v) => v !== 0)) s += `, padding=${pyInts(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyInts(this.dilation)}`;
    if (this.output_padding.some((v) => v !== 0)) s += `, output_padding=${pyInts(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

function convForward(m: _ConvNd, name: string, nsp: number, input: Tensor): Tensor {
  const { xb, unbatched } = batchify(input, nsp, name);
  if (xb.shape[1] !== m.in_channels) {
    throw new RangeError(`${name} expects ${m.in_channels} input channels but receives ${xb.shape[1]} (input shape [${input.shape.join(', ')}], layout N, C, ${['L', 'H, W', 'D, H, W'][nsp - 1]}). Set in_channels to ${xb.shape[1]}.`);
  }
  let y: Tensor;
  if (m.padding_mode !== 'zeros') {
    const padded = pad(xb, m._reversed_padding_repeated_twice, m.padding_mode as 'reflect' | 'replicate' | 'circular');
    y = convNd(name, nsp, padded, m.weight, m.bias, { stride: m.stride, padding: 0, dilation: m.dilation, groups: m.groups });
  } else {
    y = convNd(name, nsp, xb, m.weight, m.bias, { stride: m.stride, padding: m.padding, dilation: m.dilation, groups: m.groups });
  }
  return unbatched ? y.squeeze(0) : y;
}

/**
 * nn.Conv1d(in_channels, out_channels, kernel_size, {stride=1, padding=0 | 'same' | 'valid', dilation=1, groups=1,
 * bias=true, padding_mode='zeros'}). Input (N, C_in, L) or (C_in, L) → (N, C_out, L_out).
 */
export class Conv1d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvNdOptions = {}) {
    super('Conv1d', 1, in_channels, out_channels, kernel_size, false, opts);
  }

  override forward(input: Tensor): Tensor {
    return convForward(this, 'Conv1d', 1, input);
  }
}

/**
 * nn.Conv2d(in_channels, out_channels, kernel_size, {stride=1, padding=0 | 'same' | 'valid', dilation=1, groups=1,
 * bias=true, padding_mode='zeros'}). Input (N, C_in, H, W) or (C_in, H, W) → (N, C_out, H_out, W_out) with
 * H_out = ⌊(H + 2·padding − dilation·(kernel−1) − 1)/stride⌋ + 1. weight: (C_out, C_in/groups, kH, kW).
 */
export class Conv2d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvNdOptions = {}) {
    super('Conv2d', 2, in_channels, out_channels, kernel_size, false, opts);
  }

  override forward(input: Tensor): Tensor {
    return convForward(this, 'Conv2d', 2, input);
  }
}

/** nn.Conv3d: as Conv2d over (N, C, D, H, W). */
export class Conv3d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvNdOptions = {}) {
    super('Conv3d', 3, in_channels, out_channels, kernel_size, false, opts);
  }

  override forward(input: Tensor): Tensor {
    return convForward(this, 'Conv3d', 3, input);
  }
}

abstract class _ConvTransposeNd extends _ConvNd {
  constructor(name: string, nsp: number, in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvTransposeNdOptions) {
    if ((opts.padding_mode ?? 'zeros') !== 'zeros') throw new RangeError(`${name}: Only "zeros" padding mode is supported for ${name}, got '${opts.padding_mode}'`);
    if (typeof opts.padding === 'string') throw new RangeError(`${name}: padding must be an int or tuple of ints for transposed convolutions, got '${opts.padding}'`);
    super(name, nsp, in_channels, out_channels, kernel_size, true, opts);
  }

  protected run(name: string, nsp: number, input: Tensor, output_size?: number[] | null): Tensor {
    const { xb } = batchify(input, nsp, name);
    if (xb.shape[1] !== this.in_channels) {
      throw new RangeError(`${name} expects ${this.in_channels} input channels but receives ${xb.shape[1]} (input shape [${input.shape.join(', ')}]). Set in_channels to ${xb.shape[1]}.`);
    }
    return convTransposeNd(name, nsp, input, this.weight, this.bias, {
      stride: this.stride, padding: this.padding as number[], output_padding: this.output_padding, groups: this.groups, dilation: this.dilation,
    }, output_size ?? undefined);
  }
}

/**
 * nn.ConvTranspose1d(in_channels, out_channels, kernel_size, {stride, padding, output_padding, groups, bias,
 * dilation}). forward(input, output_size?) picks output_padding to reach output_size.
 */
export class ConvTranspose1d extends _ConvTransposeNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvTransposeNdOptions = {}) {
    super('ConvTranspose1d', 1, in_channels, out_channels, kernel_size, opts);
  }

  override forward(input: Tensor, output_size?: number[] | null): Tensor {
    return this.run('ConvTranspose1d', 1, input, output_size);
  }
}

/**
 * nn.ConvTranspose2d(in_channels, out_channels, kernel_size, {stride=1, padding=0, output_padding=0, groups=1,
 * bias=true, dilation=1}). H_out = (H−1)·stride − 2·padding + dilation·(kernel−1) + output_padding + 1.
 * weight: (C_in, C_out/groups, kH, kW).
 */
export class ConvTranspose2d extends _ConvTransposeNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvTransposeNdOptions = {}) {
    super('ConvTranspose2d', 2, in_channels, out_channels, kernel_size, opts);
  }

  override forward(input: Tensor, output_size?: number[] | null): Tensor {
    return this.run('ConvTranspose2d', 2, input, output_size);
  }
}

export class ConvTranspose3d extends _ConvTransposeNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvTransposeNdOptions = {}) {
    super('ConvTranspose3d', 3, in_channels, out_channels, kernel_size, opts);
  }

  override forward(input: Tensor, output_size?: number[] | null): Tensor {
    return this.run('ConvTranspose3d', 3, input, output_size);
  }
}
