import '../../ops/methods.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { no_grad } from '../../autograd/grad_mode.ts';
import { batchNorm } from '../../ops/batch_norm.ts';
import { shapeStr } from '../_utils.ts';

/**
 * Normalisation functions (torch.nn.functional): x̂ = (x − mean)/√(var + eps), then the optional per-channel affine
 * transform. batch_norm uses the fused primitive (core/ops/batch_norm.ts); the others are composed from primitives.
 */
export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}

function channelShape(x: Tensor): number[] {
  return x.shape.map((s, i) => (i === 1 ? s : 1));
}

/**
 * F.batch_norm(input, running_mean, running_var, {weight, bias, training=false, momentum=0.1, eps=1e-5}).
 * In training mode it normalises with the batch statistics and updates running_mean/running_var in place
 * (running_var with the unbiased batch variance), as PyTorch does.
 */
export function batch_norm(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, opts: BatchNormOptions = {}): Tensor {
  const training = opts.training ?? false;
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  if (input.dim() < 2) throw new RangeError(`batch_norm: expected input with at least 2 dims (N, C, …), got shape ${shapeStr(input.shape)}`);
  const C = input.shape[1];
  if (training) {
    const n = input.numel() / C;
    if (n <= 1) throw new RangeError(`Expected more than 1 value per channel when training, got input size ${shapeStr(input.shape)}. Use a batch size above 1 or call .eval().`);
    const r = batchNorm(input, opts.weight ?? null, opts.bias ?? null, eps, null);
    if (running_mean && running_var) {
      no_grad(() => {
        const m = Tensor._fromArray(Float64Array.from(r.mean), [C], 'float64').to(running_mean.dtype);
        const v = Tensor._fromArray(r.variance.map((x) => x * n / (n - 1)), [C], 'float64').to(running_var.dtype);
        running_mean.mul_(1 - momentum).add_(m.mul(momentum));
        running_var.mul_(1 - momentum).add_(v.mul(momentum));
      });
    }
    return r.out;
  }
  if (!running_mean || !running_var) throw new Error('batch_norm: running_mean and running_var must be defined in evaluation mode (or pass training: true)');
  return batchNorm(input, opts.weight ?? null, opts.bias ?? null, eps, { mean: running_mean, var: running_var }).out;
}

/** F.layer_norm(input, normalized_shape, {weight, bias, eps=1e-5}) over the last len(normalized_shape) dims. */
export function layer_norm(input: Tensor, normalized_shape: number[] | number, opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  const ns = Array.isArray(normalized_shape) ? normalized_shape : [normalized_shape];
  const k = ns.length;
  const tail = input.shape.slice(input.dim() - k);
  if (input.dim() < k || tail.some((s, i) => s !== ns[i])) {
    throw new RangeError(`Given normalized_shape=[${ns.join(', ')}], expected input with shape [*, ${ns.join(', ')}], but got input of size${shapeStr(input.shape)}. Set normalized_shape to the last dimension(s) of the input.`);
  }
  const dims = Array.from({ length: k }, (_, i) => input.dim() - k + i);
  const mean = input.mean(dims, { keepdim: true });
  const dev = input.sub(mean);
  const varT = dev.mul(dev).mean(dims, { keepdim: true });
  let y = dev.div(varT.add(opts.eps ?? 1e-5).sqrt());
  if (opts.weight) y = y.mul(opts.weight);
  if (opts.bias) y = y.add(opts.bias);
  return y;
}

/** F.group_norm(input, num_groups, {weight, bias, eps=1e-5}): statistics over each group of channels. */
export function group_norm(input: Tensor, num_groups: number, opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  if (input.dim() < 2) throw new RangeError(`group_norm: expected input with at least 2 dims (N, C, …), got shape ${shapeStr(input.shape)}`);
  const [N, C] = input.shape;
  if (C % num_groups !== 0) {
    throw new RangeError(`Expected number of channels in input to be divisible by num_groups, but got input of shape ${shapeStr(input.shape)} and num_groups=${num_groups}`);
  }
  const g = input.reshape([N, num_groups, -1]);
  const mean = g.mean(2, { keepdim: true });
  const dev = g.sub(mean);
  const varT = dev.mul(dev).mean(2, { keepdim: true });
  let y = dev.div(varT.add(opts.eps ?? 1e-5).sqrt()).reshape([...input.shape]);
  const cs = channelShape(input);
  if (opts.weight) y = y.mul(opts.weight.reshape(cs));
  if (opts.bias) y = y.add(opts.bias.reshape(cs));
  return y;
}

export interface InstanceNormOptions {
  running_mean?: Tensor | null;
  running_var?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  use_input_stats?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * F.instance_norm(input, {running_mean, running_var, weight, bias, use_input_stats=true, momentum=0.1, eps=1e-5}):
 * per-sample, per-channel statistics. With running stats and use_input_stats they are updated with the batch
 * average of the instance statistics (unbiased variance); use_input_stats=false normalises with them instead.
 */
export function instance_norm(input: Tensor, opts: InstanceNormOptions = {}): Tensor {
  if (input.dim() < 3) throw new RangeError(`instance_norm: expected input of at least 3 dims (N, C, *spatial), got shape ${shapeStr(input.shape)}`);
  const eps = opts.eps ?? 1e-5;
  const cs = channelShape(input);
  if (opts.use_input_stats ?? true) {
    const [N, C] = input.shape;
    const g = input.reshape([N, C, -1]);
    const M = g.shape[2];
    const mean = g.mean(2, { keepdim: true });
    const dev = g.sub(mean);
    const varT = dev.mul(dev).mean(2, { keepdim: true });
    if (opts.running_mean && opts.running_var) {
      const rm = opts.running_mean, rv = opts.running_var, m = opts.momentum ?? 0.1;
      no_grad(() => {
        rm.mul_(1 - m).add_(mean.detach().reshape([N, C]).mean(0).mul(m));
        rv.mul_(1 - m).add_(varT.detach().reshape([N, C]).mul(M / Math.max(M - 1, 1)).mean(0).mul(m));
      });
    }
    let y = dev.div(varT.add(eps).sqrt()).reshape([...input.shape]);
    if (opts.weight) y = y.mul(opts.weight.reshape(cs));
    if (opts.bias) y = y.add(opts.bias.reshape(cs));
    return y;
  }
  if (!opts.running_mean || !opts.running_var) throw new Error('instance_norm: expected running_mean and running_var when use_input_stats is false');
  return batch_norm(input, opts.running_mean, opts.running_var, { weight: opts.weight, bias: opts.bias, training: false, eps });
}

/** F.normalize(input, p=2, dim=1, eps=1e-12): x / max(‖x‖_p, eps) along dim. */
export function normalize(input: Tensor, opts: { p?: number; dim?: number; eps?: number } = {}): Tensor {
  const n = input.norm(opts.p ?? 2, opts.dim ?? 1, { keepdim: true }).clamp_min(opts.eps ?? 1e-12);
  return input.div(n);
}
