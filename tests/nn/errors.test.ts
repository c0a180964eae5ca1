/** Bad arguments produce messages that name the layer, the argument, what was received, and how to fix it. */
import { describe, it, expect } from 'vitest';
import { torch, nn } from './helpers.ts';

const F = nn.functional;

describe('layer construction errors', () => {
  it('negative or fractional sizes', () => {
    expect(() => new nn.Linear(-1, 2)).toThrow('Linear: in_features must be a non-negative integer, got -1');
    expect(() => new nn.Conv2d(3, 2.5, 3)).toThrow('Conv2d: out_channels must be a positive integer, got 2.5');
    expect(() => new nn.BatchNorm2d(0)).toThrow('BatchNorm2d: num_features must be a positive integer, got 0');
    expect(() => new nn.Conv2d(1, 1, -3)).toThrow('Conv2d: kernel_size must be positive, got (-3, -3)');
  });

  it('groups that do not divide the channels', () => {
    expect(() => new nn.Conv2d(4, 6, 3, { groups: 3 })).toThrow('Conv2d: in_channels (4) must be divisible by groups (3)');
    expect(() => new nn.Conv2d(6, 4, 3, { groups: 3 })).toThrow('Conv2d: out_channels (4) must be divisible by groups (3)');
    expect(() => new nn.GroupNorm(3, 4)).toThrow('GroupNorm: num_channels (4) must be divisible by num_groups (3)');
  });

  it('padding strings and modes', () => {
    expect(() => new nn.Conv2d(1, 1, 3, { padding: 'full' as any })).toThrow("Conv2d: Invalid padding string 'full', should be one of ['valid', 'same']");
    expect(() => new nn.Conv2d(1, 1, 3, { padding: 'same', stride: 2 })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => new nn.Conv2d(1, 1, 3, { padding_mode: 'mirror' as any })).toThrow("padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='mirror'");
    expect(() => new nn.ConvTranspose2d(1, 1, 3, { padding_mode: 'reflect' as any })).toThrow('Only "zeros" padding mode is supported for ConvTranspose2d');
    expect(() => new nn.Conv2d(1, 1, [3, 3, 3])).toThrow('Conv2d: kernel_size must be an int or a tuple of 2 ints, got [3, 3, 3] (3 values)');
  });

  it('probabilities and activation bounds', () => {
    expect(() => new nn.Dropout(1.5)).toThrow('Dropout: dropout probability has to be between 0 and 1, but got 1.5');
    expect(() => new nn.Hardtanh(1, -1)).toThrow('Hardtanh: max_val (-1) must be greater than min_val (1)');
    expect(() => new nn.Embedding(5, 2, { padding_idx: 7 })).toThrow('Embedding: padding_idx must be within num_embeddings (5), got 7');
  });
});

describe('forward errors', () => {
  it('wrong input rank says what to add', () => {
    expect(() => new nn.Conv2d(4, 2, 3).call(torch.zeros(4, 5))).toThrow('Conv2d expects 3D (unbatched) or 4D (batched) input, got 2D input of shape [4, 5]; add a batch/channel dimension');
    expect(() => new nn.Conv1d(4, 2, 3).call(torch.zeros(1, 4, 5, 5))).toThrow('Conv1d expects 2D (unbatched) or 3D (batched) input, got 4D input of shape [1, 4, 5, 5]; remove extra dimensions');
    expect(() => new nn.MaxPool2d(2).call(torch.zeros(4))).toThrow('max_pool2d expects 3D (unbatched) or 4D (batched) input, got 1D input of shape [4]');
    expect(() => new nn.BatchNorm2d(3).call(torch.zeros(3, 4, 4))).toThrow('BatchNorm2d: expected 4D input (got 3D input of shape [3, 4, 4]); add a batch dimension');
  });

  it('mismatched features and channels name the setting to change', () => {
    expect(() => new nn.Linear(3, 2).call(torch.zeros(4, 5))).toThrow('Linear expects 3 input features but receives 5 (input shape [4, 5]). Set in_features to 5');
    expect(() => new nn.Conv2d(3, 8, 3).call(torch.zeros(1, 1, 28, 28))).toThrow('Conv2d expects 3 input channels but receives 1 (input shape [1, 1, 28, 28], layout N, C, H, W). Set in_channels to 1.');
    expect(() => new nn.BatchNorm1d(4).call(torch.zeros(2, 3))).toThrow('BatchNorm1d expects 4 channels (num_features) but receives 3 (input shape [2, 3]). Set num_features to 3.');
    expect(() => new nn.LayerNorm(4).call(torch.zeros(2, 5))).toThrow('Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 5]');
  });

  it('kernel larger than the padded input', () => {
    expect(() => new nn.Conv2d(1, 1, 5).call(torch.zeros(1, 1, 3, 3))).toThrow("Conv2d: Calculated padded input size per channel: (3 x 3). Kernel size: (5 x 5). Kernel size can't be greater than actual input size");
    expect(() => new nn.MaxPool2d(4).call(torch.zeros(1, 1, 3, 3))).toThrow('max_pool2d: Given input size: (1x3x3). Calculated output size: (1x0x0). Output size is too small');
    expect(() => new nn.MaxPool2d(2, { padding: 2 }).call(torch.zeros(1, 1, 8, 8))).toThrow('max_pool2d: pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1');
  });

  it('batch norm needs more than one value per channel in training', () => {
    expect(() => new nn.BatchNorm1d(3).call(torch.zeros(1, 3))).toThrow('Expected more than 1 value per channel when training, got input size [1, 3]');
  });

  it('embedding indices must be integers in range', () => {
    const e = new nn.Embedding(4, 2);
    expect(() => e.call(torch.tensor([0, 4], { dtype: 'int64' }))).toThrow('embedding: index out of range in self: index 4 is not in [0, 4)');
    expect(() => e.call(torch.tensor([0.5]))).toThrow(/Convert the indices with \.long\(\)/);
  });

  it('dtype mismatch and invalid functional arguments', () => {
    expect(() => new nn.Conv2d(1, 1, 3).call(torch.zeros(1, 1, 5, 5, { dtype: 'float64' }))).toThrow("Conv2d: input dtype (float64) and weight dtype (float32) differ; convert the input with .to('float32')");
    expect(() => F.pad(torch.zeros(1, 2, 2), [3, 3], 'reflect')).toThrow('pad: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input [1, 2, 2]');
    expect(() => F.pad(torch.zeros(2), [1])).toThrow('pad: padding length must be divisible by 2');
    expect(() => F.conv2d(torch.zeros(1, 3, 5, 5), torch.zeros(2, 2, 3, 3))).toThrow('conv2d: Given groups=1, weight of size [2, 2, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead.');
  });

  it('load_state_dict with a non-dict', () => {
    expect(() => new nn.Linear(1, 1).load_state_dict(torch.zeros(1) as any)).toThrow('Expected state_dict to be dict-like, got torch.FloatTensor.');
  });
});
