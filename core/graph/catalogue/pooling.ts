// Pooling: MaxPool2d (optionally with indices), MaxUnpool2d, AvgPool2d, MaxPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool2d.
import { GraphIssue, type InferContext, type NodeSpec, type ValueInfo } from './spec.ts';
import type { ParamValue } from '../types.ts';
import { IN, OUT } from './ports.ts';
import { convOut, fmtShape, needRank, one, pair } from './util.ts';
import { tooLarge } from './conv.ts';

function poolInfer(dims: 1 | 2, dilated: boolean) {
  return (ctx: InferContext) => {
    const x = one(ctx);
    needRank(ctx, x, [dims + 2], dims === 2 ? 'a batch of images N×C×H×W' : 'a batch of sequences N×C×L',
      'Pool after a convolution, before flattening.');
    const list = (v: ParamValue) => (dims === 1 ? [typeof v === 'number' ? v : (v as number[])[0]] : pair(v));
    const k = list(ctx.params.kernel_size);
    const s = ctx.params.stride === null ? k : list(ctx.params.stride);
    const p = list(ctx.params.padding);
    const d = dilated ? list(ctx.params.dilation) : k.map(() => 1);
    const ceil = ctx.params.ceil_mode === true;
    const spatial = x.shape.slice(2);
    const out: number[] = [];
    for (let i = 0; i < dims; i++) {
      if (p[i] * 2 > k[i]) {
        throw new GraphIssue('invalid_param', `${ctx.label}: padding (${p[i]}) must be at most half the kernel size (${k[i]}).`,
          { param: 'padding', fix: `Set padding to at most ${Math.floor(k[i] / 2)}.` });
      }
      if (spatial[i] + 2 * p[i] < d[i] * (k[i] - 1) + 1) throw tooLarge(ctx, k, spatial, p, dims);
      out.push(convOut(spatial[i], k[i], s[i], p[i], d[i], ceil));
    }
    const shape = [x.shape[0], x.shape[1], ...out];
    const outputs: Record<string, ValueInfo> = { output: { shape } };
    // indexBound: the indices are positions h·W + w in the input planes, so a MaxUnpool2d can check it restores that size.
    if (ctx.params.return_indices === true) outputs.indices = { shape: [...shape], dtype: 'int64', indexBound: spatial.reduce((a, b) => a * b, 1) };
    return { outputs };
  };
}

const poolParams = (dims: 1 | 2, max: boolean) => {
  const t = dims === 1 ? 'int' as const : 'int2' as const;
  return [
    { name: 'kernel_size', type: t, default: 2, min: 1, max: 1024, help: 'Size of the window to take the ' + (max ? 'max' : 'average') + ' over.' },
    { name: 'stride', type: t, default: null, nullable: true, min: 1, max: 1024, help: 'Step between windows (empty = kernel_size).' },
    { name: 'padding', type: t, default: 0, min: 0, max: 512, help: (max ? '-inf' : 'Zero') + ' padding added on each border.' },
    ...(max ? [{ name: 'dilation', type: t, default: 1, min: 1, max: 1024, help: 'Spacing between window elements.' }] : []),
    { name: 'ceil_mode', type: 'bool' as const, default: false, help: 'Round the output size up instead of down.' },
    ...(!max ? [{ name: 'count_include_pad', type: 'bool' as const, default: true, help: 'Count padding zeros in the average.' }] : []),
  ];
};

/** MaxPool2d's extra switch: also output where each maximum came from (for MaxUnpool2d). */
const RETURN_INDICES = {
  name: 'return_indices', type: 'bool' as const, default: false,
  help: "Also output the position of each maximum (an 'indices' port), which a MaxUnpool2d needs to put values back.",
};

const poolCtor = (cls: string, max: boolean) => (p: Record<string, ParamValue>) => ({
  cls,
  args: [
    { name: 'kernel_size', value: p.kernel_size, pyKw: true },
    { name: 'stride', value: p.stride, kw: true, default: null },
    { name: 'padding', value: p.padding, kw: true, default: 0 },
    ...(max ? [{ name: 'dilation', value: p.dilation, kw: true, default: 1 }] : []),
    ...(max && p.return_indices !== undefined ? [{ name: 'return_indices', value: p.return_indices, kw: true, default: false }] : []),
    { name: 'ceil_mode', value: p.ceil_mode, kw: true, default: false },
    ...(!max ? [{ name: 'count_include_pad', value: p.count_include_pad, kw: true, default: true }] : []),
  ],
});

const poolFormula = 'out = ⌊(in + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1 (no parameters)';

export const MaxPool2d: NodeSpec = {
  kind: 'MaxPool2d', category: 'Pooling', title: '2-D max pooling',
  description: 'Keeps the largest value of each window: halves the image with kernel_size=2, keeping the strongest responses.',
  formula: poolFormula + ';  indices: the flat position h·W + w of each maximum in its input plane',
  torchClass: 'nn.MaxPool2d', namePrefix: 'pool', inputs: IN,
  outputs: [
    ...OUT,
    { name: 'indices', kind: 'tensor', help: 'Where each maximum was (int64 positions in the input plane); connect to a MaxUnpool2d.', visibleWhen: { param: 'return_indices', oneOf: [true] } },
  ],
  params: [...poolParams(2, true), RETURN_INDICES], infer: poolInfer(2, true), module: poolCtor('MaxPool2d', true),
};

export const AvgPool2d: NodeSpec = {
  kind: 'AvgPool2d', category: 'Pooling', title: '2-D average pooling',
  description: 'Replaces each window by its average.',
  formula: poolFormula, torchClass: 'nn.AvgPool2d', namePrefix: 'pool', inputs: IN, outputs: OUT,
  params: poolParams(2, false), infer: poolInfer(2, false), module: poolCtor('AvgPool2d', false),
};

export const MaxPool1d: NodeSpec = {
  kind: 'MaxPool1d', category: 'Pooling', title: '1-D max pooling',
  description: 'Keeps the largest value of each window along a sequence (N×C×L).',
  formula: poolFormula, torchClass: 'nn.MaxPool1d', namePrefix: 'pool', inputs: IN, outputs: OUT,
  params: poolParams(1, true), infer: poolInfer(1, true), module: poolCtor('MaxPool1d', true),
};

function adaptive(kind: string, what: string): NodeSpec {
  return {
    kind, category: 'Pooling', title: `Adaptive ${what} pooling (2-D)`,
    description: `Pools each channel to a fixed output size whatever the input size (${what} over adaptive windows); output_size 1 gives global ${what} pooling.`,
    formula: 'window i covers [⌊i·in/out⌋, ⌈(i+1)·in/out⌉)', torchClass: `nn.${kind}`, namePrefix: 'pool', inputs: IN, outputs: OUT,
    params: [{ name: 'output_size', type: 'int2', default: 1, min: 1, max: 4096, help: 'Height and width of the output.' }],
    infer(ctx) {
      const x = one(ctx);
      needRank(ctx, x, [4], 'a batch of images N×C×H×W', 'Pool after a convolution, before flattening.');
      const [oh, ow] = pair(ctx.params.output_size);
      return { outputs: { output: { shape: [x.shape[0], x.shape[1], oh, ow] } } };
    },
    module: (p) => ({ cls: kind, args: [{ name: 'output_size', value: p.output_size }] }),
  };
}

export const AdaptiveAvgPool2d = adaptive('AdaptiveAvgPool2d', 'average');
export const AdaptiveMaxPool2d = adaptive('AdaptiveMaxPool2d', 'max');

const UNPOOL_IN = [
  { name: 'input', kind: 'tensor' as const, help: 'The pooled maps to spread back out (the output of the MaxPool2d, or a layer after it).' },
  {
    name: 'indices', kind: 'tensor' as const, help: "The 'indices' output of the MaxPool2d that did the pooling (return_indices on).",
    indices: {
      what: 'puts each value back where its maximum came from, by integer position',
      fix: "Connect the 'indices' output of the MaxPool2d (turn on its return_indices) to this port.",
    },
  },
];

/**
 * nn.MaxUnpool2d(kernel_size, stride=kernel_size, padding=0): the partial inverse of MaxPool2d. Each value goes back
 * to the position its maximum came from; every other position is 0. Output size as PyTorch's default:
 * (in − 1)·stride − 2·padding + kernel_size.
 */
export const MaxUnpool2d: NodeSpec = {
  kind: 'MaxUnpool2d', category: 'Pooling', title: '2-D max unpooling',
  description: 'Undoes a MaxPool2d as far as possible: each value is put back at the position its maximum came from (taken from the pool\'s indices) and every other position is zero. Used in decoders and segmentation networks.',
  formula: 'out = (in − 1)·stride − 2·padding + kernel_size (no parameters)',
  torchClass: 'nn.MaxUnpool2d', namePrefix: 'unpool', inputs: UNPOOL_IN, outputs: OUT,
  params: [
    { name: 'kernel_size', type: 'int2', default: 2, min: 1, max: 1024, help: 'The kernel_size of the MaxPool2d being undone.' },
    { name: 'stride', type: 'int2', default: null, nullable: true, min: 1, max: 1024, help: 'The stride of the MaxPool2d being undone (empty = kernel_size).' },
    { name: 'padding', type: 'int2', default: 0, min: 0, max: 512, help: 'The padding of the MaxPool2d being undone.' },
  ],
  infer(ctx) {
    const x = one(ctx);
    const idx = one(ctx, 'indices');
    needRank(ctx, x, [4], 'a batch of pooled maps N×C×H×W', 'Connect the output of a MaxPool2d (or of a layer after it).');
    if (idx.shape.length !== x.shape.length || idx.shape.slice(1).some((d, i) => d !== x.shape[i + 1])) {
      throw new GraphIssue('shape_mismatch',
        `${ctx.label} needs indices of the same shape as its input, but gets input ${fmtShape(x.shape)} and indices ${fmtShape(idx.shape)}.`,
        { port: 'indices', fix: "Connect the 'indices' of the same MaxPool2d whose output (possibly through shape-keeping layers) feeds the input." });
    }
    const k = pair(ctx.params.kernel_size);
    const s = ctx.params.stride === null ? k : pair(ctx.params.stride);
    const p = pair(ctx.params.padding);
    const out = [0, 1].map((i) => (x.shape[i + 2] - 1) * s[i] - 2 * p[i] + k[i]);
    if (out.some((o) => o < 1)) {
      throw new GraphIssue('invalid_param', `${ctx.label} would produce an empty output (${out.join('×')}) from input ${fmtShape(x.shape)}.`,
        { param: 'padding', fix: 'Use the kernel_size, stride and padding of the MaxPool2d being undone.' });
    }
    if (idx.indexBound !== undefined && out[0] * out[1] !== idx.indexBound) {
      throw new GraphIssue('shape_mismatch',
        `${ctx.label} would rebuild ${out.join('×')} planes (${out[0] * out[1]} positions), but its indices point into planes of ${idx.indexBound} positions (the input of the MaxPool2d); PyTorch would put values in the wrong places or fail.`,
        { param: 'kernel_size', fix: 'Use the kernel_size, stride and padding of the MaxPool2d being undone, on an input size it pools without a remainder (e.g. kernel_size 2 on even sizes).' });
    }
    return { outputs: { output: { shape: [x.shape[0], x.shape[1], ...out] } } };
  },
  module: (p) => ({
    cls: 'MaxUnpool2d',
    args: [
      { name: 'kernel_size', value: p.kernel_size, pyKw: true },
      { name: 'stride', value: p.stride, kw: true, default: null },
      { name: 'padding', value: p.padding, kw: true, default: 0 },
    ],
  }),
};
