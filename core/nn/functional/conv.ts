import '../../ops/methods.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { convolution, convTranspose } from '../../ops/conv.ts';
import { pad, type PadMode } from '../../ops/pad.ts';
import { ntuple, type IntOrTuple, shapeStr } from '../_utils.ts';

export { pad };
export type { PadMode };

export interface ConvOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple | 'same' | 'valid';
  dilation?: IntOrTuple;
  groups?: number;
}

export interface ConvTransposeOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  output_padding?: IntOrTuple;
  groups?: number;
  dilation?: IntOrTuple;
}

/** Check the input rank, adding a batch dim to unbatched input. Returns the batched input and whether it was unbatched. */
export function batchify(x: Tensor, nsp: number, name: string): { xb: Tensor; unbatched: boolean } {
  if (x.dim() === nsp + 2) return { xb: x, unbatched: false };
  if (x.dim() === nsp + 1) return { xb: x.unsqueeze(0), unbatched: true };
  throw new RangeError(`${name} expects ${nsp + 1}D (unbatched) or ${nsp + 2}D (batched) input, got ${x.dim()}D input of shape ${shapeStr(x.shape)}; ${x.dim() < nsp + 1 ? 'add a batch/channel dimension' : 'remove extra dimensions'} (layout N, C, ${['L', 'H, W', 'D, H, W'][nsp - 1]}).`);
}

function checkFloat(x: Tensor, w: Tensor, name: string): void {
  if (x.dtype !== w.dtype) {
    throw new TypeError(`${name}: input dtype (${x.dtype}) and weight dtype (${w.dtype}) differ; convert the input with .to('${w.dtype}')${x.dtype === 'uint8' ? " and scale it to [0, 1]" : ''}.`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new TypeError(`${name}: only float32 and float64 are supported, got ${x.dtype}`);
}

/** Shared implementation of conv1d/conv2d/conv3d. */
export function convNd(name: string, nsp: number, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvOptions = {}): Tensor {
  const { xb, unbatched } = batchify(input, nsp, name);
  checkFloat(xb, weight, name);
  if (weight.dim() !== nsp + 2) throw new RangeError(`${name}: weight must be ${nsp + 2}D (out_channels, in_channels/groups, *kernel_size), got shape ${shapeStr(weight.shape)}`);
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups <= 0) throw new RangeError(`${name}: non-positive groups is not supported (got groups=${groups})`);
  const stride = ntuple(opts.stride ?? 1, nsp, name, 'stride');
  const dilation = ntuple(opts.dilation ?? 1, nsp, name, 'dilation');
  if (stride.some((s) => s <= 0)) throw new RangeError(`${name}: non-positive stride is not supported (got stride=(${stride.join(', ')}))`);
  if (dilation.some((s) => s <= 0)) throw new RangeError(`${name}: dilation should be greater than zero (got dilation=(${dilation.join(', ')}))`);
  const k = weight.shape.slice(2);
  const C = xb.shape[1];
  if (weight.shape[0] % groups !== 0) throw new RangeError(`${name}: out_channels (${weight.shape[0]}) must be divisible by groups (${groups})`);
  if (C !== weight.shape[1] * groups) {
    throw new RangeError(`${name}: Given groups=${groups}, weight of size ${shapeStr(weight.shape)}, expected input${shapeStr(xb.shape)} to have ${weight.shape[1] * groups} channels, but got ${C} channels instead. Set in_channels to ${C} (or reshape the input).`);
  }
  let x = xb;
  let padding: number[];
  const p = opts.padding ?? 0;
  if (p === 'valid') padding = new Array(nsp).fill(0);
  else if (p === 'same') {
    if (stride.some((s) => s !== 1)) throw new RangeError(`${name}: padding='same' is not supported for strided convolutions; use stride=1 or a numeric padding.`);
    const total = k.map((kk, i) => dilation[i] * (kk - 1));
    padding = total.map((t) => Math.floor(t / 2));
    if (total.some((t) => t % 2 === 1)) {
      // Asymmetric: the extra element goes on the right, as PyTorch does.
      const extra: number[] = [];
      for (let i = nsp - 1; i >= 0; i--) extra.push(0, total[i] % 2);
      x = pad(x, extra);
    }
  } else padding = ntuple(p, nsp, name, 'padding');
  if (padding.some((q) => q < 0)) throw new RangeError(`${name}: negative padding is not supported (got padding=(${padding.join(', ')}))`);
  const inSp = x.shape.slice(2);
  for (let i = 0; i < nsp; i++) {
    const padded = inSp[i] + 2 * padding[i];
    if (padded < dilation[i] * (k[i] - 1) + 1) {
      throw new RangeError(`${name}: Calculated padded input size per channel: (${inSp.map((s, j) => s + 2 * padding[j]).join(' x ')}). Kernel size: (${k.map((kk, j) => dilation[j] * (kk - 1) + 1).join(' x ')}). Kernel size can't be greater than actual input size. Use a smaller kernel, more padding, or a larger input (input shape ${shapeStr(input.shape)}).`);
    }
  }
  if (bias && (bias.dim() !== 1 || bias.shape[0] !== weight.shape[0])) throw new RangeError(`${name}: bias must have shape [${weight.shape[0]}], got ${shapeStr(bias.shape)}`);
  const fused = bias && bias.dtype === x.dtype;
  let y = convolution(x, weight, { stride, padding, dilation, groups }, fused ? bias : null);
  if (bias && !fused) y = y.add(bias.reshape([1, -1, ...new Array(nsp).fill(1)]));
  return unbatched ? y.squeeze(0) : y;
}

export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convNd('conv1d', 1, input, weight, bias, opts);
}

export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convNd('conv2d', 2, input, weight, bias, opts);
}

export function conv3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convNd('conv3d', 3, input, weight, bias, opts);
}

/** Shared implementation of conv_transpose1d/2d/3d. weight: in_channels · out_channels/groups · *k. */
export function convTransposeNd(name: string, nsp: number, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvTransposeOptions = {}, outputSize?: number[]): Tensor {
  const { xb, unbatched } = batchify(input, nsp, name);
  checkFloat(xb, weight, name);
  const groups = opts.groups ?? 1;
  const stride = ntuple(opts.stride ?? 1, nsp, name, 'stride');
  const padding = ntuple(opts.padding ?? 0, nsp, name, 'padding');
  const dilation = ntuple(opts.dilation ?? 1, nsp, name, 'dilation');
  let output_padding = ntuple(opts.output_padding ?? 0, nsp, name, 'output_padding');
  if (xb.shape[1] !== weight.shape[0]) {
    throw new RangeError(`${name}: Given transposed=1, weight of size ${shapeStr(weight.shape)}, expected input${shapeStr(xb.shape)} to have ${weight.shape[0]} channels, but got ${xb.shape[1]} channels instead. Set in_channels to ${xb.shape[1]}.`);
  }
  const k = weight.shape.slice(2);
  if (outputSize) {
    const os = outputSize.slice(-nsp);
    output_padding = os.map((o, i) => {
      const min = (xb.shape[2 + i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k[i] - 1) + 1;
      const extra = o - min;
      if (extra < 0 || extra >= Math.max(stride[i], dilation[i])) {
        throw new RangeError(`${name}: requested output size ${o} at spatial dim ${i} is not reachable; valid sizes are ${min} to ${min + Math.max(stride[i], dilation[i]) - 1}`);
      }
      return extra;
    });
  }
  for (let i = 0; i < nsp; i++) {
    if (output_padding[i] >= stride[i] && output_padding[i] >= dilation[i]) {
      throw new RangeError(`${name}: output padding must be smaller than either stride or dilation, but got output_padding=(${output_padding.join(', ')}), stride=(${stride.join(', ')}), dilation=(${dilation.join(', ')})`);
    }
  }
  let y = convTranspose(xb, weight, { stride, padding, dilation, groups, output_padding });
  if (bias) y = y.add(bias.reshape([1, -1, ...new Array(nsp).fill(1)]));
  return unbatched ? y.squeeze(0) : y;
}

export function conv_transpose1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd('conv_transpose1d', 1, input, weight, bias, opts);
}

export function conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd('conv_transpose2d', 2, input, weight, bias, opts);
}

export function conv_transpose3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd('conv_transpose3d', 3, input, weight, bias, opts);
}
