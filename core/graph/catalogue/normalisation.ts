// Normalisation and regularisation: BatchNorm1d/2d, LayerNorm, GroupNorm, Dropout, Dropout2d.
import { GraphIssue, type InferContext, type NodeSpec } from './spec.ts';
import type { ParamValue } from '../types.ts';
import { IN, OUT } from './ports.ts';
import { autoOrCheck, fmtShape, needRank, num, one } from './util.ts';

const bnParams = [
  { name: 'num_features', type: 'int' as const, default: 'auto', min: 1, auto: true, help: "Channels C of the input ('auto' reads them from the input)." },
  { name: 'eps', type: 'float' as const, default: 1e-5, min: 0, exclusiveMin: true, max: 1, help: 'Added to the variance to avoid dividing by zero.' },
  { name: 'momentum', type: 'float' as const, default: 0.1, min: 0, max: 1, help: 'How fast the running mean/variance follow the batch statistics.' },
  { name: 'affine', type: 'bool' as const, default: true, help: 'Learn a scale (weight) and shift (bias) per channel.' },
  { name: 'track_running_stats', type: 'bool' as const, default: true, help: 'Keep running statistics used in eval mode.' },
];

function bn(kind: string, ranks: number[], what: string): NodeSpec {
  return {
    kind, category: 'Normalisation', title: kind === 'BatchNorm2d' ? 'Batch normalisation (images)' : 'Batch normalisation (features)',
    description: 'Normalises each channel over the batch to mean 0 and variance 1, then scales and shifts it. Speeds up and stabilises training.',
    formula: 'y = (x − mean_batch) / √(var_batch + eps) · weight + bias;  parameters = 2·C',
    torchClass: `nn.${kind}`, namePrefix: 'bn', inputs: IN, outputs: OUT, params: bnParams,
    infer(ctx) {
      const x = one(ctx);
      needRank(ctx, x, ranks, what, kind === 'BatchNorm2d' ? 'Use BatchNorm1d after Linear layers.' : 'Use BatchNorm2d after convolutions.');
      const c = autoOrCheck(ctx, 'num_features', x.shape[1], 'channels', '');
      return { outputs: { output: { shape: x.shape } }, resolved: { num_features: c } };
    },
    parameters: (p) => (p.affine ? { weight: [num(p, 'num_features')], bias: [num(p, 'num_features')] } : {} as Record<string, number[]>),
    buffers: (p) => (p.track_running_stats
      ? { running_mean: [num(p, 'num_features')], running_var: [num(p, 'num_features')], num_batches_tracked: [] }
      : {} as Record<string, number[]>),
    module: (p) => ({
      cls: kind,
      args: [
        { name: 'num_features', value: p.num_features },
        { name: 'eps', value: p.eps, kw: true, default: 1e-5 },
        { name: 'momentum', value: p.momentum, kw: true, default: 0.1, float: true },
        { name: 'affine', value: p.affine, kw: true, default: true },
        { name: 'track_running_stats', value: p.track_running_stats, kw: true, default: true },
      ],
    }),
  };
}

export const BatchNorm1d = bn('BatchNorm1d', [2, 3], 'N×C or N×C×L');
export const BatchNorm2d = bn('BatchNorm2d', [4], 'a batch of images N×C×H×W');

function normalizedShape(p: Record<string, ParamValue>): number[] {
  return typeof p.normalized_shape === 'number' ? [p.normalized_shape] : (p.normalized_shape as number[]);
}

export const LayerNorm: NodeSpec = {
  kind: 'LayerNorm', category: 'Normalisation', title: 'Layer normalisation',
  description: 'Normalises each sample over its last dimension(s) to mean 0 and variance 1, then scales and shifts. Independent of batch size.',
  formula: 'y = (x − mean) / √(var + eps) · weight + bias over the last len(normalized_shape) dims',
  torchClass: 'nn.LayerNorm', namePrefix: 'ln', inputs: IN, outputs: OUT,
  params: [
    { name: 'normalized_shape', type: 'ints', default: 'auto', min: 1, auto: true, help: "Trailing dimensions to normalise over ('auto' = the last dimension)." },
    { name: 'eps', type: 'float', default: 1e-5, min: 0, exclusiveMin: true, max: 1, help: 'Added to the variance to avoid dividing by zero.' },
    { name: 'elementwise_affine', type: 'bool', default: true, help: 'Learn a per-element scale and shift.' },
  ],
  infer(ctx) {
    const x = one(ctx);
    const v = ctx.params.normalized_shape;
    const want = v === 'auto' ? [x.shape[x.shape.length - 1]] : normalizedShape(ctx.params);
    const tail = x.shape.slice(x.shape.length - want.length);
    if (want.length >= x.shape.length || tail.join() !== want.join()) {
      throw new GraphIssue('shape_mismatch',
        `${ctx.label} normalises over the trailing shape ${want.join('×')} but receives ${fmtShape(x.shape)}.`,
        { param: 'normalized_shape', port: 'input', fix: `Set normalized_shape to [${x.shape[x.shape.length - 1]}] or 'auto'.` });
    }
    return { outputs: { output: { shape: x.shape } }, resolved: { normalized_shape: want } };
  },
  parameters: (p) => (p.elementwise_affine ? { weight: normalizedShape(p), bias: normalizedShape(p) } : {} as Record<string, number[]>),
  module: (p) => ({
    cls: 'LayerNorm',
    args: [
      { name: 'normalized_shape', value: p.normalized_shape },
      { name: 'eps', value: p.eps, kw: true, default: 1e-5 },
      { name: 'elementwise_affine', value: p.elementwise_affine, kw: true, default: true },
    ],
  }),
};

export const GroupNorm: NodeSpec = {
  kind: 'GroupNorm', category: 'Normalisation', title: 'Group normalisation',
  description: 'Splits the channels into groups and normalises each group per sample.',
  formula: 'y = (x − mean_group) / √(var_group + eps) · weight + bias;  parameters = 2·C',
  torchClass: 'nn.GroupNorm', namePrefix: 'gn', inputs: IN, outputs: OUT,
  params: [
    { name: 'num_groups', type: 'int', default: 2, min: 1, max: 100_000, help: 'Number of channel groups (must divide num_channels).' },
    { name: 'num_channels', type: 'int', default: 'auto', min: 1, auto: true, help: "Channels C of the input ('auto' reads them from the input)." },
    { name: 'eps', type: 'float', default: 1e-5, min: 0, exclusiveMin: true, max: 1, help: 'Added to the variance to avoid dividing by zero.' },
    { name: 'affine', type: 'bool', default: true, help: 'Learn a per-channel scale and shift.' },
  ],
  infer(ctx: InferContext) {
    const x = one(ctx);
    needRank(ctx, x, [2, 3, 4], 'N×C or N×C×…', 'Connect it after a Linear or convolution.');
    const c = autoOrCheck(ctx, 'num_channels', x.shape[1], 'channels', '');
    const g = num(ctx.params, 'num_groups');
    if (c % g !== 0) {
      throw new GraphIssue('invalid_param', `${ctx.label}: num_groups (${g}) must divide the ${c} channels.`,
        { param: 'num_groups', fix: 'Choose a divisor of the channel count.' });
    }
    return { outputs: { output: { shape: x.shape } }, resolved: { num_channels: c } };
  },
  parameters: (p) => (p.affine ? { weight: [num(p, 'num_channels')], bias: [num(p, 'num_channels')] } : {} as Record<string, number[]>),
  module: (p) => ({
    cls: 'GroupNorm',
    args: [
      { name: 'num_groups', value: p.num_groups },
      { name: 'num_channels', value: p.num_channels },
      { name: 'eps', value: p.eps, kw: true, default: 1e-5 },
      { name: 'affine', value: p.affine, kw: true, default: true },
    ],
  }),
};

function dropout(kind: string, ranks: number[] | null, description: string): NodeSpec {
  return {
    kind, category: 'Normalisation', title: kind === 'Dropout' ? 'Dropout' : 'Channel dropout (2-D)', description,
    formula: 'training: y = x·mask / (1 − p), mask ~ Bernoulli(1 − p);  eval: y = x',
    torchClass: `nn.${kind}`, namePrefix: 'drop', inputs: IN, outputs: OUT,
    params: [{ name: 'p', type: 'float', default: 0.5, min: 0, max: 1, help: 'Probability of zeroing an element (or a whole channel).' }],
    infer(ctx) {
      const x = one(ctx);
      if (ranks) needRank(ctx, x, ranks, 'a batch of images N×C×H×W', 'Use Dropout for feature vectors.');
      return { outputs: { output: { shape: x.shape } } };
    },
    module: (p) => ({ cls: kind, args: [{ name: 'p', value: p.p, kw: true, default: 0.5, float: true, tsPos: true }] }),
  };
}

export const Dropout = dropout('Dropout', null, 'During training, zeroes random elements with probability p and scales the rest, so the network cannot rely on any single feature.');
export const Dropout2d = dropout('Dropout2d', [4], 'During training, zeroes whole random channels with probability p.');
