"""Generate torch.nn parity fixtures with real PyTorch (run with /usr/bin/python3; torch 1.13).

Usage: /usr/bin/python3 tests/nn/generate.py [out_dir]   (default: tests/nn/fixtures)

Writes JSON fixtures that tests/nn/*.test.ts replay against Netsketch's torch.nn:
  layers.json  per layer configuration: constructor args, repr, state_dict keys and values (randomised, loaded into
               our module with load_state_dict), inputs, outputs, the upstream gradient, input and parameter
               gradients, and the state after forward (BatchNorm running statistics).
  init.json    initial weights after torch.manual_seed(0) for every layer, nn.init functions, calculate_gain.
  models.json  containers and small models: repr, names of parameters/buffers/modules, load_state_dict errors,
               and a LeNet-5 forward/backward.
Output is deterministic (single thread, fixed seeds), so the freshness test can regenerate and compare.
"""
import collections
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')


def tj(t):
    """A tensor as {shape, dtype, values} (float32 values are exact as Python floats)."""
    t = t.detach()
    dtype = str(t.dtype).replace('torch.', '')
    # float32 values are written with 9 significant digits, enough to round-trip exactly to float32.
    short = (lambda v: float('%.9g' % v)) if t.dtype == torch.float32 else (lambda v: v)
    vals = [short(v) if not isinstance(v, float) or math.isfinite(v) else ('nan' if v != v else ('inf' if v > 0 else '-inf')) for v in t.reshape(-1).tolist()]
    return {'shape': list(t.shape), 'dtype': dtype, 'values': vals}


def summary(t):
    """A large tensor as shape, sum, sum of |x|, sum of x² and its first 16 values (keeps fixtures small)."""
    t = t.detach().double()
    flat = t.reshape(-1)
    return {'shape': list(t.shape), 'sum': flat.sum().item(), 'abs_sum': flat.abs().sum().item(), 'sq_sum': (flat * flat).sum().item(),
            'head': flat[:16].tolist()}


def randomise(m, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in m.named_parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.5 + (0.3 if name.endswith('weight') and p.dim() == 1 else 0))
        for name, b in m.named_buffers():
            if name.endswith('running_mean'):
                b.copy_(torch.randn(b.shape, generator=g) * 0.3)
            elif name.endswith('running_var'):
                b.copy_(torch.rand(b.shape, generator=g) + 0.5)
            elif name.endswith('num_batches_tracked'):
                b.fill_(3)


def make_input(spec, g):
    kind = spec.get('kind', 'randn')
    shape = spec.get('shape')
    if kind == 'randn':
        return torch.randn(shape, generator=g) * spec.get('scale', 1.0)
    if kind == 'int':
        return torch.randint(0, spec['high'], shape, generator=g)
    if kind == 'values':
        return torch.tensor(spec['values'], dtype=getattr(torch, spec.get('dtype', 'float32')))
    raise ValueError(kind)


# (id, class, args, kwargs, inputs, options)
R = lambda *shape, scale=1.0: {'shape': list(shape), 'scale': scale}
I = lambda high, *shape: {'kind': 'int', 'high': high, 'shape': list(shape)}
CASES = [
    ('linear', 'Linear', [4, 3], {}, [R(5, 4)], {}),
    ('linear_nobias_3d', 'Linear', [4, 3], {'bias': False}, [R(2, 3, 4)], {}),
    ('linear_1d', 'Linear', [4, 2], {}, [R(4)], {}),
    ('bilinear', 'Bilinear', [3, 4, 2], {}, [R(5, 3), R(5, 4)], {}),
    ('identity', 'Identity', [], {}, [R(2, 3)], {}),
    ('flatten', 'Flatten', [], {}, [R(2, 3, 2, 2)], {}),
    ('flatten_0', 'Flatten', [0, 2], {}, [R(2, 3, 2, 2)], {}),
    ('unflatten', 'Unflatten', [1, [2, 3]], {}, [R(4, 6)], {}),
    ('embedding', 'Embedding', [10, 3], {}, [I(10, 2, 4)], {}),
    ('embedding_pad', 'Embedding', [10, 3], {'padding_idx': 1}, [{'kind': 'values', 'values': [[1, 2, 1], [3, 2, 9]], 'dtype': 'int64'}], {}),
    ('embedding_freq', 'Embedding', [6, 2], {'scale_grad_by_freq': True}, [{'kind': 'values', 'values': [0, 2, 2, 5, 2], 'dtype': 'int64'}], {}),
    ('embedding_maxnorm', 'Embedding', [6, 4], {'max_norm': 0.5}, [{'kind': 'values', 'values': [0, 3, 3], 'dtype': 'int64'}], {}),
    ('conv1d', 'Conv1d', [2, 3, 3], {}, [R(2, 2, 9)], {}),
    ('conv1d_strided', 'Conv1d', [2, 4, 3], {'stride': 2, 'padding': 1, 'dilation': 2}, [R(2, 2, 11)], {}),
    ('conv1d_same_even', 'Conv1d', [2, 3, 4], {'padding': 'same'}, [R(2, 2, 7)], {}),
    ('conv1d_circular', 'Conv1d', [2, 3, 3], {'padding': 2, 'padding_mode': 'circular'}, [R(2, 2, 6)], {}),
    ('conv2d', 'Conv2d', [3, 4, 3], {}, [R(2, 3, 7, 7)], {}),
    ('conv2d_args', 'Conv2d', [3, 4, [3, 2]], {'stride': [2, 1], 'padding': [1, 2], 'dilation': [1, 2]}, [R(2, 3, 7, 6)], {}),
    ('conv2d_groups', 'Conv2d', [4, 6, 3], {'groups': 2, 'padding': 1}, [R(2, 4, 5, 5)], {}),
    ('conv2d_depthwise', 'Conv2d', [3, 3, 3], {'groups': 3, 'bias': False}, [R(1, 3, 6, 5)], {}),
    ('conv2d_same', 'Conv2d', [2, 3, 4], {'padding': 'same', 'dilation': 2}, [R(2, 2, 8, 7)], {}),
    ('conv2d_valid', 'Conv2d', [2, 3, 3], {'padding': 'valid'}, [R(1, 2, 5, 5)], {}),
    ('conv2d_reflect', 'Conv2d', [2, 3, 3], {'padding': 2, 'padding_mode': 'reflect'}, [R(2, 2, 5, 6)], {}),
    ('conv2d_replicate', 'Conv2d', [2, 3, 3], {'padding': [1, 2], 'padding_mode': 'replicate', 'stride': 2}, [R(2, 2, 5, 6)], {}),
    ('conv2d_circular', 'Conv2d', [2, 2, 3], {'padding': 1, 'padding_mode': 'circular'}, [R(1, 2, 4, 5)], {}),
    ('conv2d_unbatched', 'Conv2d', [3, 2, 3], {'padding': 1}, [R(3, 6, 6)], {}),
    ('conv2d_pointwise', 'Conv2d', [4, 3, 1], {}, [R(2, 4, 3, 3)], {}),
    ('conv3d', 'Conv3d', [2, 3, [2, 3, 3]], {'stride': [1, 2, 1], 'padding': 1}, [R(1, 2, 4, 6, 5)], {}),
    ('convT2d', 'ConvTranspose2d', [3, 2, 3], {}, [R(2, 3, 4, 4)], {}),
    ('convT2d_args', 'ConvTranspose2d', [4, 2, 3], {'stride': 2, 'padding': 1, 'output_padding': 1, 'groups': 2}, [R(2, 4, 3, 4)], {}),
    ('convT2d_dilation', 'ConvTranspose2d', [2, 3, [2, 3]], {'dilation': 2, 'bias': False, 'stride': [1, 2]}, [R(1, 2, 3, 3)], {}),
    ('convT2d_output_size', 'ConvTranspose2d', [2, 2, 3], {'stride': 2}, [R(1, 2, 3, 3)], {'fwd_extra': [[8, 7]]}),
    ('convT1d', 'ConvTranspose1d', [2, 3, 3], {'stride': 2}, [R(2, 2, 5)], {}),
    ('maxpool1d', 'MaxPool1d', [3], {'stride': 2, 'padding': 1}, [R(2, 3, 9)], {}),
    ('maxpool1d_indices', 'MaxPool1d', [2], {'return_indices': True, 'ceil_mode': True}, [R(2, 2, 7)], {}),
    ('maxpool2d', 'MaxPool2d', [2], {}, [R(2, 3, 6, 6)], {}),
    ('maxpool2d_ceil', 'MaxPool2d', [3], {'stride': 2, 'padding': 1, 'ceil_mode': True}, [R(2, 2, 6, 7)], {}),
    ('maxpool2d_dilated', 'MaxPool2d', [[2, 3]], {'stride': [1, 2], 'dilation': 2, 'return_indices': True}, [R(1, 2, 7, 9)], {}),
    ('avgpool1d', 'AvgPool1d', [3], {'stride': 2, 'padding': 1}, [R(2, 2, 8)], {}),
    ('avgpool2d', 'AvgPool2d', [2], {}, [R(2, 3, 6, 6)], {}),
    ('avgpool2d_nopad', 'AvgPool2d', [3], {'stride': 2, 'padding': 1, 'count_include_pad': False, 'ceil_mode': True}, [R(2, 2, 6, 7)], {}),
    ('avgpool2d_divisor', 'AvgPool2d', [3], {'stride': 2, 'padding': 1, 'divisor_override': 4}, [R(1, 2, 5, 5)], {}),
    ('avgpool2d_ceil_pad', 'AvgPool2d', [2], {'stride': 2, 'padding': 1, 'ceil_mode': True}, [R(1, 1, 5, 5)], {}),
    ('maxunpool2d', 'MaxUnpool2d', [2], {}, 'unpool', {}),
    # Overlapping windows (stride < kernel): several outputs share an index; PyTorch writes the value once.
    ('maxunpool2d_overlap', 'MaxUnpool2d', [4], {'stride': 2, 'padding': 1}, 'unpool_overlap', {}),
    ('adaptiveavg2d', 'AdaptiveAvgPool2d', [[3, 2]], {}, [R(2, 3, 7, 5)], {}),
    ('adaptiveavg2d_1', 'AdaptiveAvgPool2d', [1], {}, [R(2, 3, 4, 4)], {}),
    ('adaptiveavg2d_none', 'AdaptiveAvgPool2d', [[None, 3]], {}, [R(1, 2, 4, 7)], {}),
    ('adaptiveavg1d', 'AdaptiveAvgPool1d', [4], {}, [R(2, 2, 10)], {}),
    ('adaptivemax2d', 'AdaptiveMaxPool2d', [[2, 3]], {}, [R(2, 2, 5, 7)], {}),
    ('adaptivemax2d_idx', 'AdaptiveMaxPool2d', [2], {'return_indices': True}, [R(1, 2, 5, 5)], {}),
    ('bn1d', 'BatchNorm1d', [3], {}, [R(4, 3)], {}),
    ('bn1d_3d', 'BatchNorm1d', [3], {'momentum': 0.3}, [R(4, 3, 5)], {}),
    ('bn2d', 'BatchNorm2d', [3], {}, [R(2, 3, 4, 4)], {}),
    ('bn2d_eval', 'BatchNorm2d', [3], {}, [R(2, 3, 4, 4)], {'eval': True}),
    ('bn2d_cma', 'BatchNorm2d', [3], {'momentum': None}, [R(2, 3, 3, 3)], {}),
    ('bn2d_noaffine', 'BatchNorm2d', [3], {'affine': False, 'eps': 1e-3}, [R(2, 3, 3, 3)], {}),
    ('bn2d_notrack', 'BatchNorm2d', [3], {'track_running_stats': False}, [R(2, 3, 3, 3)], {}),
    ('bn2d_notrack_eval', 'BatchNorm2d', [3], {'track_running_stats': False}, [R(2, 3, 3, 3)], {'eval': True}),
    ('layernorm', 'LayerNorm', [5], {}, [R(2, 3, 5)], {}),
    ('layernorm_2d', 'LayerNorm', [[3, 5]], {'elementwise_affine': False, 'eps': 1e-6}, [R(2, 3, 5)], {}),
    ('groupnorm', 'GroupNorm', [2, 4], {}, [R(2, 4, 3, 3)], {}),
    ('groupnorm_noaffine', 'GroupNorm', [1, 4], {'affine': False}, [R(2, 4, 5)], {}),
    ('dropout', 'Dropout', [0.3], {}, [R(4, 10)], {}),
    ('dropout_eval', 'Dropout', [], {}, [R(4, 10)], {'eval': True}),
    ('dropout2d', 'Dropout2d', [0.5], {}, [R(2, 6, 3, 3)], {}),
    ('relu', 'ReLU', [], {}, [R(3, 5, scale=2)], {}),
    ('relu6', 'ReLU6', [], {}, [R(3, 5, scale=5)], {}),
    ('leakyrelu', 'LeakyReLU', [0.2], {}, [R(3, 5, scale=2)], {}),
    ('prelu', 'PReLU', [], {}, [R(3, 5, scale=2)], {}),
    ('prelu_channels', 'PReLU', [3], {}, [R(2, 3, 4, scale=2)], {}),
    ('elu', 'ELU', [], {}, [R(3, 5, scale=2)], {}),
    ('elu_alpha', 'ELU', [0.5], {}, [R(3, 5, scale=2)], {}),
    ('celu', 'CELU', [0.7], {}, [R(3, 5, scale=2)], {}),
    ('selu', 'SELU', [], {}, [R(3, 5, scale=2)], {}),
    ('gelu', 'GELU', [], {}, [R(3, 5, scale=2)], {}),
    ('gelu_tanh', 'GELU', [], {'approximate': 'tanh'}, [R(3, 5, scale=2)], {}),
    ('silu', 'SiLU', [], {}, [R(3, 5, scale=2)], {}),
    ('mish', 'Mish', [], {}, [R(3, 5, scale=2)], {}),
    ('sigmoid', 'Sigmoid', [], {}, [R(3, 5, scale=2)], {}),
    ('tanh', 'Tanh', [], {}, [R(3, 5, scale=2)], {}),
    ('hardtanh', 'Hardtanh', [-0.5, 0.8], {}, [R(3, 5)], {}),
    ('hardswish', 'Hardswish', [], {}, [R(3, 5, scale=3)], {}),
    ('hardsigmoid', 'Hardsigmoid', [], {}, [R(3, 5, scale=3)], {}),
    ('softplus', 'Softplus', [], {}, [R(3, 5, scale=2)], {}),
    ('softplus_beta', 'Softplus', [2, 1], {}, [R(3, 5, scale=2)], {}),
    ('logsigmoid', 'LogSigmoid', [], {}, [R(3, 5, scale=2)], {}),
    ('softmax', 'Softmax', [1], {}, [R(3, 5, scale=2)], {}),
    ('softmax_last', 'Softmax', [-1], {}, [R(2, 3, 4, scale=2)], {}),
    ('logsoftmax', 'LogSoftmax', [1], {}, [R(3, 5, scale=2)], {}),
    ('softmin', 'Softmin', [0], {}, [R(3, 5, scale=2)], {}),
    ('softsign', 'Softsign', [], {}, [R(3, 5, scale=2)], {}),
    ('tanhshrink', 'Tanhshrink', [], {}, [R(3, 5, scale=2)], {}),
    ('threshold', 'Threshold', [0.1, -2.0], {}, [R(3, 5)], {}),
    ('bn3d', 'BatchNorm3d', [2], {}, [R(2, 2, 2, 3, 2)], {}),
    ('convT3d', 'ConvTranspose3d', [2, 2, 2], {'stride': [1, 2, 1], 'padding': [0, 1, 0]}, [R(1, 2, 2, 3, 2)], {}),
    ('adaptivemax1d', 'AdaptiveMaxPool1d', [3], {}, [R(2, 2, 7)], {}),
    ('dropout1d', 'Dropout1d', [0.5], {}, [R(2, 6, 4)], {}),
    ('dropout3d', 'Dropout3d', [0.4], {}, [R(2, 5, 2, 2, 2)], {}),
    ('sequential', 'Sequential', 'SEQ', {}, [R(2, 3)], {}),
    ('upsample_nearest2x', 'Upsample', [], {'scale_factor': 2}, [R(1, 2, 3, 4)], {}),
    ('upsample_nearest_size', 'Upsample', [], {'size': [5, 7]}, [R(1, 2, 3, 4)], {}),
    ('upsample_nearest_1d', 'Upsample', [], {'scale_factor': 1.5}, [R(2, 2, 5)], {}),
    ('upsample_bilinear', 'Upsample', [], {'size': [5, 7], 'mode': 'bilinear'}, [R(1, 2, 3, 4)], {}),
    ('upsample_bilinear_ac', 'Upsample', [], {'scale_factor': 2, 'mode': 'bilinear', 'align_corners': True}, [R(2, 1, 3, 3)], {}),
    ('upsample_bilinear_down', 'Upsample', [], {'scale_factor': 0.6, 'mode': 'bilinear'}, [R(1, 2, 7, 5)], {}),
    ('upsample_linear', 'Upsample', [], {'scale_factor': 2.5, 'mode': 'linear'}, [R(2, 2, 4)], {}),
    ('upsampling_bilinear2d', 'UpsamplingBilinear2d', [], {'scale_factor': 3}, [R(1, 2, 2, 3)], {}),
    ('upsampling_nearest2d', 'UpsamplingNearest2d', [], {'size': [4, 5]}, [R(1, 1, 3, 3)], {}),
    ('rnn', 'RNN', [3, 4], {}, [R(5, 2, 3)], {}),
    ('rnn_relu_deep_bi', 'RNN', [3, 4], {'num_layers': 2, 'nonlinearity': 'relu', 'bidirectional': True, 'batch_first': True}, [R(2, 4, 3), R(4, 2, 4)], {}),
    ('lstm', 'LSTM', [3, 4], {}, [R(5, 2, 3), R(1, 2, 4), R(1, 2, 4)], {'pack_hidden': True}),
    ('lstm_deep_bi', 'LSTM', [2, 3], {'num_layers': 2, 'bidirectional': True, 'dropout': 0.5}, [R(4, 3, 2)], {'eval': True}),
    ('gru_dropout_train', 'GRU', [3, 4], {'num_layers': 3, 'dropout': 0.4, 'bidirectional': True}, [R(4, 2, 3)], {}),
    ('lstm_unbatched', 'LSTM', [2, 3], {'bias': False}, [R(4, 2)], {}),
    ('gru', 'GRU', [3, 5], {'batch_first': True}, [R(2, 4, 3), R(1, 2, 5)], {}),
    ('gru_unbatched_bi', 'GRU', [2, 3], {'bidirectional': True}, [R(3, 2)], {}),
    ('rnncell', 'RNNCell', [3, 4], {}, [R(2, 3), R(2, 4)], {}),
    ('rnncell_relu', 'RNNCell', [3, 4], {'nonlinearity': 'relu', 'bias': False}, [R(3)], {}),
    ('lstmcell', 'LSTMCell', [3, 4], {}, [R(2, 3), R(2, 4), R(2, 4)], {'pack_hidden': True}),
    ('grucell', 'GRUCell', [3, 4], {}, [R(2, 3)], {}),
    ('glu', 'GLU', [], {}, [R(3, 4)], {}),
    ('glu_dim1', 'GLU', [1], {}, [R(2, 6, 3)], {}),
    ('hardshrink', 'Hardshrink', [], {}, [R(3, 5)], {}),
    ('softshrink', 'Softshrink', [0.3], {}, [R(3, 5)], {}),
    ('softmax2d', 'Softmax2d', [], {}, [R(2, 3, 2, 2)], {}),
    ('pixelshuffle', 'PixelShuffle', [2], {}, [R(1, 8, 2, 3)], {}),
    ('pixelunshuffle', 'PixelUnshuffle', [2], {}, [R(1, 2, 4, 6)], {}),
    ('channelshuffle', 'ChannelShuffle', [2], {}, [R(1, 4, 2, 2)], {'no_grad': True}),
    ('unfold', 'Unfold', [[2, 3]], {'padding': 1, 'stride': 2}, [R(2, 3, 5, 6)], {}),
    ('fold', 'Fold', [[4, 5], 2], {}, [R(1, 12, 12)], {}),
    ('fold_strided', 'Fold', [[5, 5], [2, 2]], {'stride': 2, 'padding': 1, 'dilation': 1}, [R(2, 8, 9)], {}),
    ('lrn', 'LocalResponseNorm', [3], {}, [R(2, 5, 3, 3)], {}),
    ('lrn_3d', 'LocalResponseNorm', [2, 0.01, 0.5, 2.0], {}, [R(2, 4, 5)], {}),
    ('cosine', 'CosineSimilarity', [], {'dim': 1}, [R(4, 5), R(4, 5)], {}),
    ('pairwise', 'PairwiseDistance', [], {'p': 1.5}, [R(4, 5), R(4, 5)], {}),
    ('mha', 'MultiheadAttention', [8, 2], {}, [R(4, 2, 8), R(5, 2, 8), R(5, 2, 8)], {}),
    ('mha_bf_masks', 'MultiheadAttention', [8, 4], {'batch_first': True}, [R(2, 3, 8), R(2, 3, 8), R(2, 3, 8)],
     {'fwd_kwargs': {'attn_mask': {'mask': 'causal_bool', 'n': 3}, 'key_padding_mask': {'mask': 'values', 'values': [[False, False, True], [False, False, False]]}, 'average_attn_weights': False}}),
    ('mha_kdim_floatmask', 'MultiheadAttention', [6, 3], {'kdim': 4, 'vdim': 5, 'bias': False}, [R(3, 2, 6), R(4, 2, 4), R(4, 2, 5)],
     {'fwd_kwargs': {'attn_mask': R(6, 3, 4), 'need_weights': False}}),
    ('mha_unbatched', 'MultiheadAttention', [4, 2], {}, [R(3, 4), R(2, 4), R(2, 4)], {}),
    ('encoder_layer', 'TransformerEncoderLayer', [8, 2], {'dim_feedforward': 16, 'dropout': 0.0}, [R(5, 3, 8)], {'fwd_kwargs': {'src_mask': {'mask': 'causal_float', 'n': 5}}}),
    ('encoder_layer_prenorm', 'TransformerEncoderLayer', [8, 4], {'dim_feedforward': 12, 'dropout': 0.0, 'activation': 'gelu', 'batch_first': True, 'norm_first': True}, [R(2, 4, 8)],
     {'fwd_kwargs': {'src_key_padding_mask': {'mask': 'values', 'values': [[False, False, False, True], [False, False, False, False]]}}}),
    ('encoder_layer_dropout', 'TransformerEncoderLayer', [4, 2], {'dim_feedforward': 8, 'dropout': 0.3}, [R(3, 2, 4)], {}),
    ('transformer_encoder', 'TransformerEncoder', 'ENC', {}, [R(5, 2, 8)], {'fwd_kwargs': {'mask': {'mask': 'causal_float', 'n': 5}}}),
    ('decoder_layer', 'TransformerDecoderLayer', 'DEC_LAYER', {}, [R(4, 2, 8), R(5, 2, 8)], {'fwd_kwargs': {'tgt_mask': {'mask': 'causal_bool', 'n': 4}}}),
    ('transformer_decoder', 'TransformerDecoder', 'DEC', {}, [R(4, 2, 8), R(5, 2, 8)], {}),
    ('transformer', 'Transformer', 'TRANSFORMER', {}, [R(5, 2, 8), R(4, 2, 8)], {'fwd_kwargs': {'tgt_mask': {'mask': 'causal_float', 'n': 4}}}),
    ('instancenorm1d', 'InstanceNorm1d', [3], {}, [R(2, 3, 5)], {}),
    ('instancenorm2d_affine', 'InstanceNorm2d', [3], {'affine': True, 'eps': 1e-3}, [R(2, 3, 3, 4)], {}),
    ('instancenorm2d_track', 'InstanceNorm2d', [2], {'track_running_stats': True, 'momentum': 0.2}, [R(3, 2, 3, 3)], {}),
    ('instancenorm2d_track_eval', 'InstanceNorm2d', [2], {'track_running_stats': True, 'affine': True}, [R(3, 2, 3, 3)], {'eval': True}),
    ('instancenorm1d_unbatched', 'InstanceNorm1d', [3], {'affine': True}, [R(3, 6)], {}),
    ('zeropad2d', 'ZeroPad2d', [[1, 0, 2, 1]], {}, [R(1, 2, 3, 3)], {}),
    ('constantpad1d', 'ConstantPad1d', [2, 3.5], {}, [R(2, 3, 4)], {}),
    ('constantpad2d', 'ConstantPad2d', [1, -1.0], {}, [R(1, 2, 3, 3)], {}),
    ('reflectionpad1d', 'ReflectionPad1d', [[3, 1]], {}, [R(2, 2, 5)], {}),
    ('reflectionpad2d', 'ReflectionPad2d', [2], {}, [R(1, 2, 4, 5)], {}),
    ('replicationpad2d', 'ReplicationPad2d', [[2, 0, 1, 3]], {}, [R(1, 2, 3, 3)], {}),
    ('replicationpad1d', 'ReplicationPad1d', [2], {}, [R(2, 4)], {}),
]

# Modules whose repr alone is checked (constructed with these args in both languages).
REPR_ONLY = [
    ('ReLU', [], {'inplace': True}),
    ('ReLU6', [], {'inplace': True}),
    ('LeakyReLU', [], {}),
    ('LeakyReLU', [0.1], {'inplace': True}),
    ('ELU', [], {'inplace': True}),
    ('Hardtanh', [], {}),
    ('SiLU', [], {'inplace': True}),
    ('Softmax', [], {}),
    ('Dropout', [], {}),
    ('Dropout', [0.2], {'inplace': True}),
    ('Conv2d', [1, 20, 5], {}),
    ('Conv2d', [16, 33, [3, 5]], {'stride': [2, 1], 'padding': [4, 2], 'dilation': [3, 1]}),
    ('Conv2d', [4, 8, 3], {'padding': 'same', 'bias': False, 'padding_mode': 'reflect', 'groups': 2}),
    ('Conv1d', [16, 33, 3], {'stride': 2}),
    ('Conv3d', [16, 33, 3], {'stride': 2}),
    ('ConvTranspose2d', [16, 33, 3], {'stride': 2, 'output_padding': 1}),
    ('MaxPool2d', [[3, 2]], {'stride': [2, 1]}),
    ('MaxPool1d', [3], {'stride': 2}),
    ('AvgPool2d', [3], {'stride': 2, 'padding': 1}),
    ('AvgPool1d', [3], {}),
    ('MaxUnpool2d', [2], {'stride': 2}),
    ('AdaptiveAvgPool2d', [[5, 7]], {}),
    ('AdaptiveAvgPool2d', [[None, 7]], {}),
    ('AdaptiveMaxPool2d', [1], {}),
    ('BatchNorm1d', [100], {'momentum': None, 'affine': False}),
    ('BatchNorm2d', [16], {'eps': 0.001, 'track_running_stats': False}),
    ('LayerNorm', [[5, 10, 10]], {}),
    ('GroupNorm', [3, 6], {'eps': 1e-6}),
    ('Embedding', [10, 3], {'padding_idx': 0, 'max_norm': 2.0, 'norm_type': 1.0, 'scale_grad_by_freq': True}),
    ('Flatten', [], {}),
    ('Unflatten', [1, [2, 5, 5]], {}),
    ('Identity', [], {}),
    ('Bilinear', [20, 30, 40], {'bias': False}),
    ('PReLU', [3], {}),
    ('GELU', [], {}),
    ('Softplus', [2, 30], {}),
    ('Threshold', [0.1, 20.0], {}),
    ('Tanh', [], {}),
    ('Upsample', [], {'scale_factor': 2}),
    ('InstanceNorm2d', [8], {}),
    ('InstanceNorm1d', [4], {'affine': True, 'track_running_stats': True}),
    ('ZeroPad2d', [2], {}),
    ('GLU', [], {}),
    ('MultiheadAttention', [16, 4], {'kdim': 8, 'bias': False}),
    ('TransformerEncoderLayer', [16, 4], {'dim_feedforward': 32, 'norm_first': True}),
    ('Hardshrink', [0.25], {}),
    ('Softmax2d', [], {}),
    ('PixelShuffle', [3], {}),
    ('Unfold', [3], {'dilation': 2}),
    ('Fold', [[4, 5], [2, 2]], {}),
    ('LocalResponseNorm', [2], {}),
    ('CosineSimilarity', [], {}),
    ('PairwiseDistance', [], {}),
    ('LSTM', [10, 20], {'num_layers': 2, 'dropout': 0.5, 'bidirectional': True, 'batch_first': True, 'bias': False}),
    ('RNN', [4, 8], {'nonlinearity': 'relu'}),
    ('GRU', [4, 8], {'num_layers': 3}),
    ('RNNCell', [4, 8], {'nonlinearity': 'relu', 'bias': False}),
    ('LSTMCell', [4, 8], {}),
    ('ConstantPad3d', [[1, 2, 0, 0, 1, 1]], {'value': 0.5}),
    ('ReflectionPad2d', [[1, 2, 3, 4]], {}),
    ('ReplicationPad3d', [1], {}),
    ('Upsample', [], {'size': [4, 5], 'mode': 'bilinear', 'align_corners': True}),
    ('Upsample', [], {'scale_factor': [2, 3], 'mode': 'nearest'}),
    ('UpsamplingBilinear2d', [], {'scale_factor': 2}),
    ('Sigmoid', [], {}),
    ('Mish', [], {}),
    ('Hardswish', [], {}),
    ('Hardsigmoid', [], {}),
    ('SELU', [], {}),
    ('CELU', [], {}),
    ('Softsign', [], {}),
    ('LogSoftmax', [], {'dim': 2}),
    ('Dropout1d', [], {}),
    ('Dropout2d', [0.1], {}),
    ('Dropout3d', [], {'inplace': True}),
    ('BatchNorm3d', [4], {}),
    ('ConvTranspose1d', [2, 4, 3], {'padding': 1, 'dilation': 2}),
    ('ConvTranspose3d', [2, 4, 3], {'groups': 2, 'bias': False}),
    ('AdaptiveMaxPool1d', [4], {}),
    ('AdaptiveAvgPool1d', [4], {}),
]


def tup(v):
    """JSON has lists; Python users pass tuples (kernel_size=(3, 3)), which is what repr shows."""
    if isinstance(v, list):
        return tuple(tup(x) for x in v)
    if isinstance(v, dict):
        return {k: tup(x) for k, x in v.items()}
    return v


def make(cls_name, args, kwargs):
    return getattr(nn, cls_name)(*tup(args), **tup(kwargs))


def flat(o):
    if isinstance(o, (tuple, list)):
        return [x for y in o for x in flat(y)]
    return [] if o is None else [o]


def make_kwargs(spec, g):
    """Forward keyword arguments: tensors described by make_input specs (or literal masks), or plain values."""
    out = {}
    for k, v in spec.items():
        if isinstance(v, dict) and 'mask' in v:
            if v['mask'] == 'causal_bool':
                out[k] = torch.triu(torch.ones(v['n'], v['n']), 1).bool()
            elif v['mask'] == 'causal_float':
                out[k] = torch.triu(torch.full((v['n'], v['n']), float('-inf')), 1)
            else:
                out[k] = torch.tensor(v['values'], dtype=torch.bool)
        elif isinstance(v, dict):
            out[k] = make_input(v, g)
        else:
            out[k] = v
    return out


def kwargs_json(kw):
    return {k: ({'tensor': tj(v)} if isinstance(v, torch.Tensor) else {'value': v}) for k, v in kw.items()}


BUILDERS = {
    'SEQ': lambda: nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2)),
    'ENC': lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0), 2, norm=nn.LayerNorm(8)),
    'DEC_LAYER': lambda: nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0, norm_first=True),
    'DEC': lambda: nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, dim_feedforward=12, dropout=0.0), 2),
    'TRANSFORMER': lambda: nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=16, dropout=0.0),
}


def run_case(cid, cls_name, args, kwargs, inputs, opts, index):
    seed = 1000 + index
    torch.manual_seed(seed)
    m = BUILDERS[args]() if isinstance(args, str) else make(cls_name, args, kwargs)
    randomise(m, seed)
    if opts.get('eval'):
        m.eval()
    state = [[k, tj(v)] for k, v in m.state_dict().items()]
    g = torch.Generator().manual_seed(seed + 7)
    if inputs == 'unpool':
        x = torch.randn(2, 2, 4, 4, generator=g)
        vals, idx = F.max_pool2d(x, 2, return_indices=True)
        xs = [vals.clone(), idx]
    elif inputs == 'unpool_overlap':
        x = torch.randn(2, 2, 6, 6, generator=g)
        vals, idx = F.max_pool2d(x, 4, stride=2, padding=1, return_indices=True)
        assert idx.flatten(2).unique(dim=None).numel() < idx.numel(), 'the case must repeat an index'
        xs = [vals.clone(), idx]
    else:
        xs = [make_input(s, g) for s in inputs]
    for x in xs:
        if x.is_floating_point() and not opts.get('no_grad'):
            x.requires_grad_(True)
    extra = opts.get('fwd_extra', [])
    torch.manual_seed(seed + 11)
    call_args = [xs[0], (xs[1], xs[2])] if opts.get('pack_hidden') else xs
    fkw = make_kwargs(opts.get('fwd_kwargs', {}), g)
    torch.manual_seed(seed + 11)
    out = m(*call_args, *extra, **fkw)
    outs = flat(out)
    gout = torch.randn(outs[0].shape, generator=g)
    # The loss also touches the final states, so their gradient paths are checked too.
    loss = (outs[0] * gout).sum() + sum((o * (k + 1)).sum() for k, o in enumerate(outs[1:]))
    if not opts.get('no_grad'):  # (PyTorch 1.13 has no derivative for channel_shuffle)
        loss.backward()
    return {
        'id': cid, 'cls': cls_name, 'args': args, 'kwargs': kwargs, 'eval': bool(opts.get('eval')),
        'fwd_extra': extra, 'fwd_seed': seed + 11, 'fwd_kwargs': kwargs_json(fkw), 'pack_hidden': bool(opts.get('pack_hidden')), 'no_grad': bool(opts.get('no_grad')),
        'repr': repr(m), 'keys': list(m.state_dict().keys()),
        'param_names': [n for n, _ in m.named_parameters()],
        'buffer_names': [n for n, _ in m.named_buffers()],
        'state': state,
        'inputs': [tj(x) for x in xs],
        'outputs': [tj(o) for o in outs],
        'grad_output': tj(gout),
        'grad_inputs': [tj(x.grad) if x.grad is not None else None for x in xs],
        'grad_params': [[n, tj(p.grad) if p.grad is not None else None] for n, p in m.named_parameters()],
        'state_after': [[k, tj(v)] for k, v in m.state_dict().items()],
    }


def layers():
    cases = [run_case(*c, i) for i, c in enumerate(CASES)]
    reprs = []
    for cls_name, args, kwargs in REPR_ONLY:
        reprs.append({'cls': cls_name, 'args': args, 'kwargs': kwargs, 'repr': repr(make(cls_name, args, kwargs))})
    return {'cases': cases, 'reprs': reprs}


INIT_LAYERS = [
    ('Linear', [3, 2], {}),
    ('Linear', [20, 7], {}),
    ('Bilinear', [3, 4, 2], {}),
    ('Conv1d', [2, 3, 3], {}),
    ('Conv2d', [1, 6, 5], {}),
    ('Conv2d', [4, 6, 3], {'groups': 2}),
    ('Conv3d', [2, 2, 2], {}),
    ('ConvTranspose2d', [3, 2, 3], {}),
    ('Embedding', [5, 4], {'padding_idx': 2}),
    ('LSTM', [3, 4], {'num_layers': 2, 'bidirectional': True}),
    ('GRUCell', [3, 2], {}),
    ('MultiheadAttention', [8, 2], {}),
    ('MultiheadAttention', [6, 3], {'kdim': 4, 'vdim': 5}),
    ('TransformerEncoderLayer', [8, 2], {'dim_feedforward': 16}),
    ('Embedding', [10, 3], {}),
    ('PReLU', [3, 0.1], {}),
    ('BatchNorm2d', [3], {}),
    ('LayerNorm', [4], {}),
    ('GroupNorm', [2, 4], {}),
]

INIT_FNS = [
    ('uniform_', [5, 4], [-0.5, 2.0], {}),
    ('normal_', [3, 3], [0.5, 2.0], {}),
    ('normal_', [5, 7], [], {}),
    ('constant_', [2, 3], [0.7], {}),
    ('ones_', [2, 2], [], {}),
    ('zeros_', [2, 2], [], {}),
    ('eye_', [3, 4], [], {}),
    ('xavier_uniform_', [6, 4], [], {}),
    ('xavier_uniform_', [6, 4, 3, 3], [2.0], {}),
    ('xavier_normal_', [6, 4], [], {}),
    ('xavier_normal_', [3, 5], [0.5], {}),
    ('kaiming_uniform_', [6, 4], [], {}),
    ('kaiming_uniform_', [6, 4, 3], [], {'mode': 'fan_out', 'nonlinearity': 'relu'}),
    ('kaiming_normal_', [6, 4], [], {}),
    ('kaiming_normal_', [2, 3], [], {'a': 0.2, 'mode': 'fan_out'}),
]

GAINS = [('linear', None), ('conv2d', None), ('sigmoid', None), ('tanh', None), ('relu', None), ('leaky_relu', None),
         ('leaky_relu', 0.2), ('selu', None)]


def inits():
    layers_out = []
    for cls_name, args, kwargs in INIT_LAYERS:
        torch.manual_seed(0)
        m = make(cls_name, args, kwargs)
        layers_out.append({'cls': cls_name, 'args': args, 'kwargs': kwargs, 'state': [[k, tj(v)] for k, v in m.state_dict().items()]})
    fns = []
    for fn, shape, args, kwargs in INIT_FNS:
        torch.manual_seed(0)
        t = torch.empty(shape)
        getattr(nn.init, fn)(t, *args, **kwargs)
        fns.append({'fn': fn, 'shape': shape, 'args': args, 'kwargs': kwargs, 'out': tj(t)})
    gains = [{'nonlinearity': n, 'param': p, 'gain': nn.init.calculate_gain(n, p)} for n, p in GAINS]
    built = []
    for name in ['ENC', 'TRANSFORMER']:
        torch.manual_seed(0)
        built.append({'builder': name, 'state': [[k, tj(v)] for k, v in BUILDERS[name]().state_dict().items()]})
    # Several layers in a row draw from one stream: a model's whole initialisation matches.
    torch.manual_seed(0)
    seq = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 3))
    return {'layers': layers_out, 'built': built, 'fns': fns, 'gains': gains, 'sequence': [[k, tj(v)] for k, v in seq.state_dict().items()]}


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.BatchNorm2d(6), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.AvgPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Dropout(0.0), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


class Custom(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.register_buffer('steps', torch.zeros(1))
        self.register_buffer('cache', torch.zeros(2), persistent=False)
        self.scale = nn.Parameter(torch.ones(1))
        self.body = nn.Sequential(nn.ReLU(), nn.Linear(8, 2))
        self.register_parameter('unused', None)

    def forward(self, x):
        return self.body(self.fc1(x)) * self.scale


def build(name):
    if name == 'custom':
        return Custom()
    if name == 'nested':
        return nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4)), nn.Identity())
    if name == 'named':
        return nn.Sequential(collections.OrderedDict([('conv1', nn.Conv2d(1, 20, 5)), ('relu1', nn.ReLU()), ('conv2', nn.Conv2d(20, 64, 5)), ('relu2', nn.ReLU())]))
    if name == 'modulelist':
        ml = nn.ModuleList([nn.Linear(2, 3), nn.ReLU()])
        ml.append(nn.Linear(3, 1))
        ml.insert(1, nn.Tanh())
        ml.extend([nn.Sigmoid()])
        return ml
    if name == 'moduledict':
        return nn.ModuleDict(collections.OrderedDict([('conv', nn.Conv2d(1, 2, 3)), ('pool', nn.MaxPool2d(2)), ('act', nn.ModuleDict({'relu': nn.ReLU()}))]))
    if name == 'paramlist':
        return nn.ParameterList([nn.Parameter(torch.zeros(3, 4)), nn.Parameter(torch.zeros(2)), nn.Parameter(torch.zeros(2, 3, 4, dtype=torch.float64))])
    if name == 'paramdict':
        return nn.ParameterDict(collections.OrderedDict([('a', nn.Parameter(torch.zeros(3))), ('b', nn.Parameter(torch.zeros(1, 2)))]))
    if name == 'lenet':
        return LeNet()
    if name == 'seq_ops':
        s = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
        s.append(nn.Sigmoid())
        s.insert(1, nn.Tanh())
        s.pop(0)
        s.extend([nn.Identity()])
        return s
    if name == 'seq_slice':
        return nn.Sequential(nn.Linear(1, 1), nn.ReLU(), nn.Tanh(), nn.Sigmoid())[1:3]
    if name == 'modulelist_pop':
        ml = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Linear(1, 2)])
        ml.pop(1)
        return ml
    if name == 'shared':
        lin = nn.Linear(2, 2)
        return nn.Sequential(lin, nn.ReLU(), lin)
    raise ValueError(name)


MODELS = ['custom', 'seq_ops', 'seq_slice', 'modulelist_pop', 'nested', 'named', 'modulelist', 'moduledict', 'paramlist', 'paramdict', 'lenet', 'shared']


def models():
    out = []
    for name in MODELS:
        m = build(name)
        out.append({
            'name': name, 'repr': repr(m), 'keys': list(m.state_dict().keys()),
            'param_names': [n for n, _ in m.named_parameters()], 'buffer_names': [n for n, _ in m.named_buffers()],
            'module_names': [n for n, _ in m.named_modules()], 'children': [n for n, _ in m.named_children()],
            'num_params': len(list(m.parameters())),
        })
    # load_state_dict errors
    errors = []
    def target():
        return nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    def err(sd, strict=True):
        try:
            r = target().load_state_dict(sd, strict=strict)
            return {'ok': True, 'missing': r.missing_keys, 'unexpected': r.unexpected_keys}
        except Exception as e:
            return {'ok': False, 'message': str(e)}
    base = target().state_dict()
    sd_missing = collections.OrderedDict((k, v) for k, v in base.items() if k not in ('0.bias', '1.running_var'))
    sd_extra = collections.OrderedDict(list(base.items()) + [('0.extra', torch.zeros(1)), ('2.weight', torch.zeros(1))])
    sd_size = collections.OrderedDict((k, torch.zeros(4, 3) if k == '0.weight' else v) for k, v in base.items())
    sd_all = collections.OrderedDict([(k, v) for k, v in sd_missing.items()] + [('0.extra', torch.zeros(1)), ('0.weight', torch.zeros(2, 2))])
    sd_nbt = collections.OrderedDict((k, v) for k, v in base.items() if k != '1.num_batches_tracked')
    for label, sd in [('missing', sd_missing), ('unexpected', sd_extra), ('size', sd_size), ('all', sd_all), ('no_num_batches_tracked', sd_nbt)]:
        errors.append({'case': label, 'strict': True, 'keys': [[k, list(v.shape)] for k, v in sd.items()], 'result': err(sd)})
        errors.append({'case': label, 'strict': False, 'keys': [[k, list(v.shape)] for k, v in sd.items()], 'result': err(sd, False)})
    # LeNet parity: forward, loss gradient, every parameter gradient, running stats after one training forward.
    torch.manual_seed(5)
    net = LeNet()
    g = torch.Generator().manual_seed(9)
    x = torch.randn(4, 1, 28, 28, generator=g).requires_grad_(True)
    state = [[k, summary(v)] for k, v in net.state_dict().items()]
    y = net(x)
    target_cls = torch.tensor([3, 1, 4, 1])
    loss = F.cross_entropy(y, target_cls)
    loss.backward()
    lenet = {'state': state, 'input': tj(x), 'output': tj(y), 'loss': loss.item(), 'target': target_cls.tolist(),
             'grad_input': summary(x.grad), 'grads': [[n, summary(p.grad)] for n, p in net.named_parameters()],
             'state_after': [[k, summary(v)] for k, v in net.state_dict().items()]}
    param_repr = repr(nn.Parameter(torch.tensor([1.5, -2.0])))
    return {'models': out, 'load_errors': errors, 'lenet': lenet, 'param_repr': param_repr}


def functional():
    """F-only functions and argument forms not reachable through a layer."""
    g = torch.Generator().manual_seed(3)
    cases = []
    def add(cid, fn, inputs, kwargs, extra_args=()):
        xs = [t.clone().requires_grad_(t.is_floating_point()) for t in inputs]
        out = getattr(F, fn)(*xs, *extra_args, **kwargs)
        gout = torch.randn(out.shape, generator=g)
        out.backward(gout)
        cases.append({'id': cid, 'fn': fn, 'args': list(extra_args), 'kwargs': kwargs, 'inputs': [tj(x) for x in xs], 'output': tj(out),
                      'grad_output': tj(gout), 'grad_inputs': [tj(x.grad) if x.grad is not None else None for x in xs]})
    x4 = torch.randn(2, 2, 4, 5, generator=g)
    for mode in ['constant', 'reflect', 'replicate', 'circular']:
        add('pad_' + mode, 'pad', [x4], {'mode': mode}, ([1, 2, 2, 1],))
    add('pad_value', 'pad', [x4], {'value': 1.5}, ([1, 0, 0, 2, 1, 1],))
    add('pad_negative', 'pad', [x4], {}, ([-1, 2, 0, -1],))
    add('pad_reflect_1d', 'pad', [torch.randn(2, 3, 6, generator=g)], {'mode': 'reflect'}, ([3, 2],))
    add('linear_f', 'linear', [torch.randn(3, 4, generator=g), torch.randn(2, 4, generator=g), torch.randn(2, generator=g)], {})
    add('conv2d_f', 'conv2d', [torch.randn(2, 4, 6, 6, generator=g), torch.randn(6, 2, 3, 3, generator=g), torch.randn(6, generator=g)], {'stride': 2, 'padding': 1, 'groups': 2})
    add('conv_transpose2d_f', 'conv_transpose2d', [torch.randn(1, 2, 3, 3, generator=g), torch.randn(2, 3, 2, 2, generator=g)], {'stride': 2, 'output_padding': 1, 'dilation': 2})
    add('conv_transpose3d_f', 'conv_transpose3d', [torch.randn(1, 2, 2, 3, 2, generator=g), torch.randn(2, 1, 2, 2, 2, generator=g)], {'stride': 2})
    add('gelu_f', 'gelu', [torch.randn(3, 4, generator=g) * 3], {'approximate': 'tanh'})
    add('normalize_f', 'normalize', [torch.randn(3, 4, generator=g)], {'dim': 1})
    add('layer_norm_f', 'layer_norm', [torch.randn(2, 3, 4, generator=g)], {}, ([4],))
    add('instance_norm_f', 'instance_norm', [torch.randn(2, 3, 5, generator=g)], {})
    utils = []
    for label, kwargs in [('norm2', {'max_norm': 0.5}), ('norm_inf', {'max_norm': 0.3, 'norm_type': float('inf')}),
                          ('norm1', {'max_norm': 1.0, 'norm_type': 1.0}), ('no_clip', {'max_norm': 100.0})]:
        ps = [torch.nn.Parameter(torch.randn(3, 4, generator=g)), torch.nn.Parameter(torch.randn(5, generator=g))]
        for p in ps:
            p.grad = torch.randn(p.shape, generator=g)
        grads = [tj(p.grad) for p in ps]
        total = torch.nn.utils.clip_grad_norm_(ps, **kwargs)
        utils.append({'id': label, 'kwargs': {k: (None if v == float('inf') else v) for k, v in kwargs.items()}, 'inf': kwargs.get('norm_type') == float('inf'),
                      'grads': grads, 'total': total.item(), 'clipped': [tj(p.grad) for p in ps]})
    ps = [torch.nn.Parameter(torch.randn(2, 3, generator=g))]
    ps[0].grad = torch.randn(2, 3, generator=g)
    before = tj(ps[0].grad)
    torch.nn.utils.clip_grad_value_(ps, 0.4)
    value = {'grad': before, 'clipped': tj(ps[0].grad)}
    return {'cases': cases, 'clip': utils, 'clip_value': value}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, fn in [('layers', layers), ('init', inits), ('models', models), ('functional', functional)]:
        data = fn()
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            json.dump(data, f, separators=(',', ':'))
            f.write('\n')


if __name__ == '__main__':
    main()
