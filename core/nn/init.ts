import '../ops/methods.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { no_grad } from '../autograd/grad_mode.ts';
import { uniform_ as rawUniform, normal_ as rawNormal, fill_ } from '../ops/inplace.ts';
import type { Generator } from '../tensor/random.ts';
import { erfScalar as erf } from '../ops/unary.ts';

/**
 * torch.nn.init: in-place initialisers (run without recording gradients). They draw from the same generator in
 * the same order as PyTorch, so after `torch.manual_seed(s)` a layer gets PyTorch's exact initial weights.
 */

export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** Recommended gain for a nonlinearity (leaky_relu's param is its negative slope, default 0.01). */
export function calculate_gain(nonlinearity: Nonlinearity, param: number | null = null): number {
  const linear = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linear.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let slope = 0.01;
    if (param !== null && param !== undefined) {
      if (typeof param !== 'number' || Number.isNaN(param)) throw new RangeError(`negative_slope ${param} not a valid number`);
      slope = param;
    }
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new RangeError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** (fan_in, fan_out) of a weight: size(1)·receptive field and size(0)·receptive field. */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  if (tensor.dim() < 2) {
    throw new RangeError(`Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape [${tensor.shape.join(', ')}])`);
  }
  const rf = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1] * rf, tensor.shape[0] * rf];
}

function correctFan(tensor: Tensor, mode: 'fan_in' | 'fan_out'): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new RangeError(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  const [fi, fo] = _calculate_fan_in_and_fan_out(tensor);
  return mode === 'fan_in' ? fi : fo;
}

interface GenOpt { generator?: Generator }

export function uniform_(tensor: Tensor, a = 0, b = 1, opts: GenOpt = {}): Tensor {
  // PyTorch casts the bounds to the tensor's dtype before sampling; so do we, for bit-identical draws.
  const f = tensor.dtype === 'float32' ? Math.fround : (v: number) => v;
  return no_grad(() => rawUniform(tensor, f(a), f(b), opts));
}

export function normal_(tensor: Tensor, mean = 0, std = 1, opts: GenOpt = {}): Tensor {
  return no_grad(() => rawNormal(tensor, mean, std, opts));
}

export function constant_(tensor: Tensor, val: number): Tensor {
  return no_grad(() => fill_(tensor, val));
}

export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1);
}

export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0);
}

/** Identity matrix into a 2-D tensor. */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.dim() !== 2) throw new RangeError(`eye_: only tensors with 2 dimensions are supported, got ${tensor.dim()}`);
  const cols = tensor.shape[1];
  return no_grad(() => {
    fill_(tensor, 0);
    const d = tensor._storage.data;
    const [s0, s1] = tensor._strides;
    for (let i = 0; i < Math.min(tensor.shape[0], cols); i++) d[tensor._offset + i * s0 + i * s1] = 1;
    return tensor;
  });
}

/** Glorot uniform: U(−a, a) with a = gain·√(6/(fan_in + fan_out)). */
export function xavier_uniform_(tensor: Tensor, gain = 1.0, opts: GenOpt = {}): Tensor {
  const [fi, fo] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fi + fo));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a, opts);
}

/** Glorot normal: N(0, std²) with std = gain·√(2/(fan_in + fan_out)). */
export function xavier_normal_(tensor: Tensor, gain = 1.0, opts: GenOpt = {}): Tensor {
  const [fi, fo] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fi + fo));
  return normal_(tensor, 0, std, opts);
}

export interface KaimingOptions extends GenOpt {
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
}

/** He uniform: U(−b, b) with b = gain·√(3/fan). Defaults a=0, mode='fan_in', nonlinearity='leaky_relu'. */
export function kaiming_uniform_(tensor: Tensor, opts: KaimingOptions = {}): Tensor {
  if (tensor.shape.includes(0)) return tensor;
  const fan = correctFan(tensor, opts.mode ?? 'fan_in');
  const gain = calculate_gain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound, opts);
}

/** He normal: N(0, std²) with std = gain/√fan. */
export function kaiming_normal_(tensor: Tensor, opts: KaimingOptions = {}): Tensor {
  if (tensor.shape.includes(0)) return tensor;
  const fan = correctFan(tensor, opts.mode ?? 'fan_in');
  const gain = calculate_gain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0);
  return normal_(tensor, 0, gain / Math.sqrt(fan), opts);
}

/** Truncated normal in [a, b] by inverse-CDF sampling (PyTorch's recipe: one uniform per element). */
export function trunc_normal_(tensor: Tensor, mean = 0, std = 1, a = -2, b = 2, opts: GenOpt = {}): Tensor {
  const cdf = (x: number) => (1 + erf(x / Math.SQRT2)) / 2;
  const l = cdf((a - mean) / std), u = cdf((b - mean) / std);
  return no_grad(() => {
    rawUniform(tensor, 2 * l - 1, 2 * u - 1, opts);
    const d = tensor._storage.data;
    tensor._forEachIndex((off) => {
      const v = erfinv(d[off]) * std * Math.SQRT2 + mean;
      d[off] = Math.min(Math.max(v, a), b);
    });
    return tensor;
  });
}

function erfinv(y: number): number {
  // Initial guess then two Newton steps.
  const a = 0.147;
  const ln = Math.log(1 - y * y);
  const t = 2 / (Math.PI * a) + ln / 2;
  let x = Math.sign(y) * Math.sqrt(Math.sqrt(t * t - ln / a) - t);
  for (let i = 0; i < 2; i++) x -= (erf(x) - y) / ((2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
  return x;
}
