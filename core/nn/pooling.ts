import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import * as F from './functional/pooling.ts';
import { ntuple, pyInts, pyBool, type IntOrTuple } from './_utils.ts';

export interface MaxPoolNdOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  return_indices?: boolean;
  ceil_mode?: boolean;
}

abstract class _MaxPoolNd extends Module {
  kernel_size: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  dilation: IntOrTuple;
  return_indices: boolean;
  ceil_mode: boolean;

  constructor(kernel_size: IntOrTuple, opts: MaxPoolNdOptions = {}) {
    super();
    this.kernel_size = kernel_size;
    this.stride = opts.stride ?? kernel_size;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.return_indices = opts.return_indices ?? false;
    this.ceil_mode = opts.ceil_mode ?? false;
  }

  protected get fopts(): F.MaxPoolOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceil_mode: this.ceil_mode, return_indices: this.return_indices };
  }

  override extra_repr(): string {
    return `kernel_size=${pyInts(this.kernel_size)}, stride=${pyInts(this.stride)}, padding=${pyInts(this.padding)}, dilation=${pyInts(this.dilation)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

/**
 * nn.MaxPool1d(kernel_size, {stride=kernel_size, padding=0, dilation=1, return_indices=false, ceil_mode=false}).
 * (N, C, L) → (N, C, L_out); with return_indices the forward returns [output, indices].
 */
export class MaxPool1d extends _MaxPoolNd {
  override forward(input: Tensor): any {
    return F.max_pool1d(input, this.kernel_size, this.fopts);
  }
}

/**
 * nn.MaxPool2d(kernel_size, {stride=kernel_size, padding=0, dilation=1, return_indices=false, ceil_mode=false}).
 * (N, C, H, W) → (N, C, H_out, W_out); with return_indices the forward returns [output, indices].
 */
export class MaxPool2d extends _MaxPoolNd {
  override forward(input: Tensor): any {
    return F.max_pool2d(input, this.kernel_size, this.fopts);
  }
}

export interface AvgPoolNdOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/** nn.AvgPool1d(kernel_size, {stride=kernel_size, padding=0, ceil_mode=false, count_include_pad=true}). */
export class AvgPool1d extends Module {
  kernel_size: number[];
  stride: number[];
  padding: number[];
  ceil_mode: boolean;
  count_include_pad: boolean;

  constructor(kernel_size: IntOrTuple, opts: Omit<AvgPoolNdOptions, 'divisor_override'> = {}) {
    super();
    this.kernel_size = ntuple(kernel_size, 1, 'AvgPool1d', 'kernel_size');
    this.stride = ntuple(opts.stride ?? kernel_size, 1, 'AvgPool1d', 'stride');
    this.padding = ntuple(opts.padding ?? 0, 1, 'AvgPool1d', 'padding');
    this.ceil_mode = opts.ceil_mode ?? false;
    this.count_include_pad = opts.count_include_pad ?? true;
  }

  override forward(input: Tensor): Tensor {
    return F.avg_pool1d(input, this.kernel_size, { stride: this.stride, padding: this.padding, ceil_mode: this.ceil_mode, count_include_pad: this.count_include_pad });
  }

  override extra_repr(): string {
    return `kernel_size=${pyInts(this.kernel_size)}, stride=${pyInts(this.stride)}, padding=${pyInts(this.padding)}`;
  }
}

/**
 * nn.AvgPool2d(kernel_size, {stride=kernel_size, padding=0, ceil_mode=false, count_include_pad=true,
 * divisor_override=null}).
 */
export class AvgPool2d extends Module {
  kernel_size: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  ceil_mode: boolean;
  count_include_pad: boolean;
  divisor_override: number | null;

  constructor(kernel_size: IntOrTuple, opts: AvgPoolNdOptions = {}) {
    super();
    this.kernel_size = kernel_size;
    this.stride = opts.stride ?? kernel_size;
    this.padding = opts.padding ?? 0;
    this.ceil_mode = opts.ceil_mode ?? false;
    this.count_include_pad = opts.count_include_pad ?? true;
    this.divisor_override = opts.divisor_override ?? null;
  }

  override forward(input: Tensor): Tensor {
    return F.avg_pool2d(input, this.kernel_size, {
      stride: this.stride, padding: this.padding, ceil_mode: this.ceil_mode, count_include_pad: this.count_include_pad, divisor_override: this.divisor_override,
    });
  }

  override extra_repr(): string {
    return `kernel_size=${pyInts(this.kernel_size)}, stride=${pyInts(this.stride)}, padding=${pyInts(this.padding)}`;
  }
}

/** nn.MaxUnpool2d(kernel_size, {stride=kernel_size, padding=0}): forward(input, indices, output_size?). */
export class MaxUnpool2d extends Module {
  kernel_size: number[];
  stride: number[];
  padding: number[];

  constructor(kernel_size: IntOrTuple, opts: { stride?: IntOrTuple | null; padding?: IntOrTuple } = {}) {
    super();
    this.kernel_size = ntuple(kernel_size, 2, 'MaxUnpool2d', 'kernel_size');
    this.stride = ntuple(opts.stride ?? kernel_size, 2, 'MaxUnpool2d', 'stride');
    this.padding = ntuple(opts.padding ?? 0, 2, 'MaxUnpool2d', 'padding');
  }

  override forward(input: Tensor, indices: Tensor, output_size: number[] | null = null): Tensor {
    return F.max_unpool2d(input, indices, this.kernel_size, { stride: this.stride, padding: this.padding, output_size });
  }

  override extra_repr(): string {
    return `kernel_size=${pyInts(this.kernel_size)}, stride=${pyInts(this.stride)}, padding=${pyInts(this.padding)}`;
  }
}

type OutSize = number | Array<number | null>;

function outSizeRepr(o: OutSize): string {
  if (!Array.isArray(o)) return String(o);
  const items = o.map((v) => (v === null ? 'None' : String(v)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** nn.AdaptiveAvgPool1d(output_size): (N, C, L) → (N, C, output_size). */
export class AdaptiveAvgPool1d extends Module {
  constructor(public output_size: OutSize) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool1d(input, this.output_size);
  }

  override extra_repr(): string {
    return `output_size=${outSizeRepr(this.output_size)}`;
  }
}

/** nn.AdaptiveAvgPool2d(output_size): (N, C, H, W) → (N, C, *output_size); null keeps that input size. */
export class AdaptiveAvgPool2d extends Module {
  constructor(public output_size: OutSize) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool2d(input, this.output_size);
  }

  override extra_repr(): string {
    return `output_size=${outSizeRepr(this.output_size)}`;
  }
}

/** nn.AdaptiveMaxPool1d(output_size, {return_indices=false}) */
export class AdaptiveMaxPool1d extends Module {
  return_indices: boolean;

  constructor(public output_size: OutSize, opts: { return_indices?: boolean } = {}) {
    super();
    this.return_indices = opts.return_indices ?? false;
  }

  override forward(input: Tensor): any {
    return F.adaptive_max_pool1d(input, this.output_size, { return_indices: this.return_indices });
  }

  override extra_repr(): string {
    return `output_size=${outSizeRepr(this.output_size)}`;
  }
}

/** nn.AdaptiveMaxPool2d(output_size, {return_indices=false}) */
export class AdaptiveMaxPool2d extends Module {
  return_indices: boolean;

  constructor(public output_size: OutSize, opts: { return_indices?: boolean } = {}) {
    super();
    this.return_indices = opts.return_indices ?? false;
  }

  override forward(input: Tensor): any {
    return F.adaptive_max_pool2d(input, this.output_size, { return_indices: this.return_indices });
  }

  override extra_repr(): string {
    return `output_size=${outSizeRepr(this.output_size)}`;
  }
}
