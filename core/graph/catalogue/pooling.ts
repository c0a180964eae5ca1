// Pooling: MaxPool2d, AvgPool2d, MaxPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool2d.
import { GraphIssue, type InferContext, type NodeSpec } from './spec.ts';
import type { ParamValue } from '../types.ts';
import { IN, OUT } from './ports.ts';
import { convOut, needRank, one, pair } from './util.ts';
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
    return { outputs: { output: { shape: [x.shape[0], x.shape[1], ...out] } } };
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

const poolCtor = (cls: string, max: boolean) => (p: Record<string, ParamValue>) => ({
  cls,
  args: [
    { name: 'kernel_size', value: p.kernel_size, pyKw: true },
    { name: 'stride', value: p.stride, kw: true, default: null },
    { name: 'padding', value: p.padding, kw: true, default: 0 },
    ...(max ? [{ name: 'dilation', value: p.dilation, kw: true, default: 1 }] : []),
    { name: 'ceil_mode', value: p.ceil_mode, kw: true, default: false },
    ...(!max ? [{ name: 'count_include_pad', value: p.count_include_pad, kw: true, default: true }] : []),
  ],
});

const poolFormula = 'out = ⌊(in + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1 (no parameters)';

export const MaxPool2d: NodeSpec = {
  kind: 'MaxPool2d', category: 'Pooling', title: '2-D max pooling',
  description: 'Keeps the largest value of each window: halves the image with kernel_size=2, keeping the strongest responses.',
  formula: poolFormula, torchClass: 'nn.MaxPool2d', namePrefix: 'pool', inputs: IN, outputs: OUT,
  params: poolParams(2, true), infer: poolInfer(2, true), module: poolCtor('MaxPool2d', true),
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
