import '../../ops/methods.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { convNd, convTransposeNd } from './conv.ts';
import { avg_pool2d } from './pooling.ts';
import { pad } from '../../ops/pad.ts';
import { where } from '../../ops/where.ts';
import { ntuple, type IntOrTuple } from '../_utils.ts';

/** Smaller functionals: GLU, shrinkage, pixel/channel shuffles, unfold/fold, local response norm, cosine similarity. */

/** F.glu(input, dim=-1): a ⊗ σ(b) where input = [a, b] split in halves along dim. */
export function glu(input: Tensor, dim = -1): Tensor {
  const d = dim < 0 ? dim + input.dim() : dim;
  if (input.shape[d] % 2 !== 0) throw new RangeError(`glu: Halving dimension must be even, but dimension ${d} is size ${input.shape[d]}`);
  const [a, b] = input.chunk(2, d);
  return a.mul(b.sigmoid());
}

/** F.hardshrink(x, lambd=0.5): x where |x| > lambd, else 0. */
export function hardshrink(x: Tensor, lambd = 0.5): Tensor {
  return where(x.gt(lambd).logical_or(x.lt(-lambd)), x, 0);
}

/** F.softshrink(x, lambd=0.5): x − lambd above lambd, x + lambd below −lambd, else 0. */
export function softshrink(x: Tensor, lambd = 0.5): Tensor {
  if (lambd < 0) throw new RangeError(`softshrink: lambda must be greater or equal to 0, but found to be ${lambd}.`);
  return where(x.gt(lambd), x.sub(lambd), where(x.lt(-lambd), x.add(lambd), 0));
}

/** F.pixel_shuffle(input, upscale_factor): (*, C·r², H, W) → (*, C, H·r, W·r). */
export function pixel_shuffle(input: Tensor, upscale_factor: number): Tensor {
  const r = upscale_factor;
  const nd = input.dim();
  if (nd < 3) throw new RangeError(`pixel_shuffle expects input to have at least 3 dimensions, but got input with ${nd} dimension(s)`);
  const [C, H, W] = input.shape.slice(-3);
  if (C % (r * r) !== 0) throw new RangeError(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${C} is not divisible by ${r * r}`);
  const lead = input.shape.slice(0, -3);
  const oc = C / (r * r);
  const x = input.reshape([-1, oc, r, r, H, W]).permute([0, 1, 4, 2, 5, 3]);
  return x.reshape([...lead, oc, H * r, W * r]);
}

/** F.pixel_unshuffle(input, downscale_factor): the inverse of pixel_shuffle. */
export function pixel_unshuffle(input: Tensor, downscale_factor: number): Tensor {
  const r = downscale_factor;
  const nd = input.dim();
  if (nd < 3) throw new RangeError(`pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${nd} dimension(s)`);
  const [C, H, W] = input.shape.slice(-3);
  if (H % r !== 0 || W % r !== 0) throw new RangeError(`pixel_unshuffle expects height and width (${H}, ${W}) to be divisible by downscale_factor ${r}`);
  const lead = input.shape.slice(0, -3);
  const x = input.reshape([-1, C, H / r, r, W / r, r]).permute([0, 1, 3, 5, 2, 4]);
  return x.reshape([...lead, C * r * r, H / r, W / r]);
}

/** F.channel_shuffle(input, groups): (N, g·k, *) → channels interleaved across the groups. */
export function channel_shuffle(input: Tensor, groups: number): Tensor {
  const [N, C] = input.shape;
  if (C % groups !== 0) throw new RangeError(`Number of channels must be divisible by groups. Got ${C} channels and ${groups} groups.`);
  const rest = input.shape.slice(2);
  return input.reshape([N, groups, C / groups, ...rest]).transpose(1, 2).reshape([N, C, ...rest]);
}

/** Identity filters (k² outputs, one per kernel offset) turn unfold/fold into a grouped (transposed) convolution. */
function eyeKernel(kh: number, kw: number, dtype: Tensor['dtype']): Tensor {
  const w = Tensor._empty([kh * kw, 1, kh, kw], dtype);
  for (let i = 0; i < kh * kw; i++) w._storage.data[i * kh * kw + i] = 1;
  return w;
}

export interface FoldOptions {
  dilation?: IntOrTuple;
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

/** F.unfold(input, kernel_size, {dilation=1, padding=0, stride=1}): (N, C, H, W) → (N, C·kh·kw, L) sliding blocks. */
export function unfold(input: Tensor, kernel_size: IntOrTuple, opts: FoldOptions = {}): Tensor {
  if (input.dim() !== 4 && input.dim() !== 3) throw new RangeError(`Input Error: Only 3D or 4D input Tensors are supported (got ${input.dim()}D)`);
  const x = input.dim() === 3 ? input.unsqueeze(0) : input;
  const [N, C, H, W] = x.shape;
  const k = ntuple(kernel_size, 2, 'unfold', 'kernel_size');
  const cols = convNd('unfold', 2, x.reshape([N * C, 1, H, W]), eyeKernel(k[0], k[1], x.dtype), null, { stride: opts.stride ?? 1, padding: ntuple(opts.padding ?? 0, 2, 'unfold', 'padding'), dilation: opts.dilation ?? 1 });
  const out = cols.reshape([N, C * k[0] * k[1], -1]);
  return input.dim() === 3 ? out.squeeze(0) : out;
}

/** F.fold(input, output_size, kernel_size, {…}): the adjoint of unfold, summing overlapping blocks. */
export function fold(input: Tensor, output_size: IntOrTuple, kernel_size: IntOrTuple, opts: FoldOptions = {}): Tensor {
  if (input.dim() !== 3 && input.dim() !== 2) throw new RangeError(`Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ${input.dim()}D)`);
  const x = input.dim() === 2 ? input.unsqueeze(0) : input;
  const k = ntuple(kernel_size, 2, 'fold', 'kernel_size');
  const os = ntuple(output_size, 2, 'fold', 'output_size');
  const s = ntuple(opts.stride ?? 1, 2, 'fold', 'stride'), p = ntuple(opts.padding ?? 0, 2, 'fold', 'padding'), d = ntuple(opts.dilation ?? 1, 2, 'fold', 'dilation');
  const [N, CK, L] = x.shape;
  const kk = k[0] * k[1];
  if (CK % kk !== 0) throw new RangeError(`fold: expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${CK} and kernel_size=(${k.join(', ')})`);
  const bh = Math.floor((os[0] + 2 * p[0] - d[0] * (k[0] - 1) - 1) / s[0]) + 1;
  const bw = Math.floor((os[1] + 2 * p[1] - d[1] * (k[1] - 1) - 1) / s[1]) + 1;
  if (bh * bw !== L) throw new RangeError(`fold: Given output_size=(${os.join(', ')}), kernel_size=(${k.join(', ')}), dilation=(${d.join(', ')}), padding=(${p.join(', ')}), stride=(${s.join(', ')}), expected size of input's dimension 2 to match the calculated number of sliding blocks ${bh} * ${bw} = ${bh * bw}, but got input.size(2)=${L}.`);
  const C = CK / kk;
  const blocks = x.reshape([N * C, kk, bh, bw]);
  const out = convTransposeNd('fold', 2, blocks, eyeKernel(k[0], k[1], x.dtype), null, { stride: s, padding: p, dilation: d }, os).reshape([N, C, os[0], os[1]]);
  return input.dim() === 2 ? out.squeeze(0) : out;
}

/** F.local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1): x / (k + alpha·mean of x² over size neighbouring channels)^beta. */
export function local_response_norm(input: Tensor, size: number, alpha = 1e-4, beta = 0.75, k = 1.0): Tensor {
  if (input.dim() < 3) throw new RangeError(`local_response_norm: Expected 3D or higher dimensionality input (got ${input.dim()} dimensions)`);
  const [N, C] = input.shape;
  const sq = input.mul(input).reshape([N, 1, C, -1]);
  const padded = pad(sq, [0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
  const div = avg_pool2d(padded, [size, 1], { stride: 1 }).reshape([...input.shape]).mul(alpha).add(k).pow(beta);
  return input.div(div);
}

/** F.cosine_similarity(x1, x2, dim=1, eps=1e-8): x1·x2 / max(‖x1‖·‖x2‖, eps) along dim. */
export function cosine_similarity(x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor {
  const w12 = x1.mul(x2).sum(dim);
  const n1 = x1.mul(x1).sum(dim), n2 = x2.mul(x2).sum(dim);
  return w12.div(n1.mul(n2).clamp_min(eps * eps).sqrt());
}
