/**
 * Finite-difference checks (float64) of the hand-written backward passes: convolution (all three adjoint
 * primitives, so also double backward), transposed convolution, padding modes, pooling, embedding, and the composed
 * normalisations. Small shapes keep them quick.
 */
import { describe, it, expect } from 'vitest';
import { torch, nn, Tensor } from './helpers.ts';

const F = nn.functional;
const { gradcheck, gradgradcheck } = torch.autograd;

function rnd(...shape: number[]): Tensor {
  return torch.randn(shape, { dtype: 'float64' }).requires_grad_(true);
}

describe('gradcheck (float64) for nn.functional', () => {
  torch.manual_seed(42);

  it('conv2d: stride, padding, dilation, groups, bias', () => {
    const x = rnd(2, 4, 5, 6), w = rnd(6, 2, 3, 2), b = rnd(6);
    expect(gradcheck((a, c, d) => F.conv2d(a, c, d, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 }), [x, w, b])).toBe(true);
  });

  it('conv2d double backward (gradgradcheck)', () => {
    const x = rnd(1, 2, 4, 4), w = rnd(3, 2, 2, 2);
    expect(gradgradcheck((a, c) => F.conv2d(a, c, null, { stride: 2, padding: 1 }), [x, w])).toBe(true);
  });

  it('conv1d with padding="same" (asymmetric) and conv3d', () => {
    expect(gradcheck((a, c) => F.conv1d(a, c, null, { padding: 'same' }), [rnd(2, 2, 6), rnd(3, 2, 4)])).toBe(true);
    expect(gradcheck((a, c) => F.conv3d(a, c, null, { stride: [1, 2, 1], padding: 1 }), [rnd(1, 1, 3, 4, 3), rnd(2, 1, 2, 2, 2)])).toBe(true);
  });

  it('conv_transpose2d with output_padding and groups, and its double backward', () => {
    const x = rnd(1, 4, 3, 2), w = rnd(4, 1, 3, 2), b = rnd(2);
    expect(gradcheck((a, c, d) => F.conv_transpose2d(a, c, d, { stride: 2, padding: 1, output_padding: 1, groups: 2 }), [x, w, b])).toBe(true);
    expect(gradgradcheck((a, c) => F.conv_transpose2d(a, c, null, { stride: 2 }), [rnd(1, 2, 2, 2), rnd(2, 1, 2, 2)])).toBe(true);
  });

  it('pad: reflect, replicate, circular, constant (and double backward)', () => {
    const x = rnd(1, 2, 3, 4);
    for (const mode of ['reflect', 'replicate', 'circular', 'constant'] as const) {
      expect(gradcheck((a) => F.pad(a, [2, 1, 1, 2], mode, 0.5), [x])).toBe(true);
    }
    expect(gradgradcheck((a) => F.pad(a, [1, 1, 1, 1], 'reflect').mul(F.pad(a, [1, 1, 1, 1], 'reflect')), [x])).toBe(true);
  });

  it('max_pool2d (dilation, padding, ceil_mode) and max_pool1d', () => {
    const x = rnd(2, 2, 6, 7);
    expect(gradcheck((a) => F.max_pool2d(a, 3, { stride: 2, padding: 1, dilation: 1, ceil_mode: true }), [x])).toBe(true);
    expect(gradcheck((a) => F.max_pool2d(a, [2, 2], { stride: 1, dilation: 2 }), [x])).toBe(true);
    expect(gradcheck((a) => F.max_pool1d(a, 3, { stride: 2, padding: 1 }), [rnd(2, 3, 7)])).toBe(true);
  });

  it('avg_pool2d variants, adaptive pooling, max_unpool2d', () => {
    const x = rnd(1, 2, 5, 6);
    expect(gradcheck((a) => F.avg_pool2d(a, 3, { stride: 2, padding: 1, ceil_mode: true, count_include_pad: false }), [x])).toBe(true);
    expect(gradcheck((a) => F.avg_pool2d(a, 2, { divisor_override: 3 }), [x])).toBe(true);
    expect(gradgradcheck((a) => F.avg_pool2d(a, 2).mul(F.avg_pool2d(a, 2)), [x])).toBe(true);
    expect(gradcheck((a) => F.adaptive_avg_pool2d(a, [3, 4]), [x])).toBe(true);
    expect(gradcheck((a) => F.adaptive_max_pool2d(a, [2, 4]), [x])).toBe(true);
    const [v, idx] = F.max_pool2d(x.detach(), 2, { return_indices: true });
    expect(gradcheck((a) => F.max_unpool2d(a, idx, 2), [v.clone().requires_grad_(true)])).toBe(true);
  });

  it('batch_norm (training), layer_norm, group_norm', () => {
    const x = rnd(4, 3, 2), w = rnd(3), b = rnd(3);
    expect(gradcheck((a, c, d) => F.batch_norm(a, null, null, { weight: c, bias: d, training: true }), [x, w, b])).toBe(true);
    expect(gradcheck((a, c, d) => F.layer_norm(a, [3, 2], { weight: c, bias: d }), [x, rnd(3, 2), rnd(3, 2)])).toBe(true);
    const rm = torch.randn(3, { dtype: 'float64' }), rv = torch.rand(3, { dtype: 'float64' }).add(0.5);
    expect(gradcheck((a, c, d) => F.batch_norm(a, rm, rv, { weight: c, bias: d, training: false }), [x, w, b])).toBe(true);
    expect(gradcheck((a, c, d) => F.group_norm(a, 3, { weight: c, bias: d }), [rnd(2, 3, 4), w, b])).toBe(true);
  });

  it('fused batch_norm double backward (training and eval)', () => {
    const x = rnd(3, 2, 2), w = rnd(2), b = rnd(2);
    expect(gradgradcheck((a, c, d) => F.batch_norm(a, null, null, { weight: c, bias: d, training: true }), [x, w, b])).toBe(true);
    const rm = torch.randn(2, { dtype: 'float64' }), rv = torch.rand(2, { dtype: 'float64' }).add(0.5);
    expect(gradgradcheck((a, c) => F.batch_norm(a, rm, rv, { weight: c, training: false }), [x, w])).toBe(true);
  });

  it('embedding (padding_idx and scale_grad_by_freq deliberately alter the gradient; PyTorch fixtures cover them)', () => {
    const w = rnd(5, 3);
    const idx = torch.tensor([[0, 2, 2], [4, 1, 2]], { dtype: 'int64' });
    expect(gradcheck((a) => F.embedding(idx, a), [w])).toBe(true);
    const g = torch.autograd.grad(F.embedding(idx, w, { padding_idx: 1 }).sum(), [w])[0]!;
    expect(g.select(0, 1).tolist()).toEqual([0, 0, 0]);
  });

  it('smooth activations', () => {
    const x = rnd(3, 4);
    for (const f of [(a: Tensor) => F.gelu(a), (a: Tensor) => F.gelu(a, { approximate: 'tanh' }), F.silu, F.mish, F.elu, F.selu, (a: Tensor) => F.softplus(a, 2, 1), F.logsigmoid]) {
      expect(gradcheck(f as any, [x])).toBe(true);
    }
  });
});

describe('gradcheck (float64) for interpolate', () => {
  it('nearest and bilinear (both align_corners), linear', () => {
    const x = rnd(1, 2, 3, 4);
    expect(gradcheck((a) => F.interpolate(a, { size: [5, 7], mode: 'bilinear' }), [x])).toBe(true);
    expect(gradcheck((a) => F.interpolate(a, { scale_factor: 2, mode: 'bilinear', align_corners: true }), [x])).toBe(true);
    expect(gradcheck((a) => F.interpolate(a, { scale_factor: 1.5 }), [x])).toBe(true);
    expect(gradcheck((a) => F.interpolate(a, { size: 7, mode: 'linear' }), [rnd(2, 1, 4)])).toBe(true);
  });
});
