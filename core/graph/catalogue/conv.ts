// Convolutions: Conv1d, Conv2d, Conv3d, ConvTranspose2d.
import { GraphIssue, type InferContext, type NodeSpec, type ParamSpec } from './spec.ts';
import type { ParamValue } from '../types.ts';
import { IN, OUT } from './ports.ts';
import { autoOrCheck, convOut, fmtShape, needRank, num, one, pair, triple } from './util.ts';

type Dims = 1 | 2 | 3;

const common = (dims: Dims, transpose = false): ParamSpec[] => {
  const t = dims === 1 ? 'int' : dims === 2 ? 'int2' : 'int3';
  const sizes = dims === 1 ? 'one number' : dims === 2 ? 'one number or height, width' : 'one number or depth, height, width';
  const list: ParamSpec[] = [
    { name: 'in_channels', type: 'int', default: 'auto', min: 1, auto: true, help: "Channels of the input ('auto' reads them from the input)." },
    { name: 'out_channels', type: 'int', default: 6, min: 1, max: 100_000, help: 'Number of filters, i.e. channels of the output.' },
    { name: 'kernel_size', type: t, default: 3, min: 1, max: 1024, help: `Size of each filter (${sizes}).` },
    { name: 'stride', type: t, default: 1, min: 1, max: 1024, help: 'Step between filter positions.' },
    {
      name: 'padding', type: t, default: 0, min: 0, max: 1024, keywords: transpose ? undefined : ['same', 'valid'],
      help: transpose ? 'Zero rows/columns removed from each border of the output.' : "Zeros added on each border; 'same' keeps the size (stride 1 only).",
    },
  ];
  if (transpose) list.push({ name: 'output_padding', type: t, default: 0, min: 0, max: 1024, help: 'Extra size added to one side of the output (must be smaller than stride or dilation).' });
  list.push(
    { name: 'dilation', type: t, default: 1, min: 1, max: 1024, help: 'Spacing between kernel elements.' },
    { name: 'groups', type: 'int', default: 1, min: 1, max: 100_000, help: 'Split channels into groups convolved separately (must divide in and out channels).' },
    { name: 'bias', type: 'bool', default: true, help: 'Learn one bias per output channel.' },
  );
  if (!transpose) list.push({ name: 'padding_mode', type: 'enum', default: 'zeros', options: ['zeros', 'reflect', 'replicate', 'circular'], help: 'What the padding is filled with.' });
  return list;
};

function toList(v: ParamValue, dims: number): number[] {
  return dims === 1 ? [typeof v === 'number' ? v : (v as number[])[0]] : dims === 2 ? pair(v) : triple(v);
}

/** What each convolution needs as input, and how to get there (the teaching part of a rank mismatch). */
const RANK: Record<Dims, { what: string; fix: string }> = {
  1: { what: 'a batch of sequences N×C×L', fix: 'Use a Reshape node to make the input N×C×L.' },
  2: { what: 'a batch of images N×C×H×W', fix: 'Use image data (N×C×H×W), or an Unflatten/Reshape node to restore the image shape.' },
  3: { what: 'a batch of volumes N×C×D×H×W (channels, depth, height, width)', fix: '' },
};

function channels(ctx: InferContext, inC: number, kind: string) {
  const groups = num(ctx.params, 'groups');
  const out = num(ctx.params, 'out_channels');
  const resolvedIn = autoOrCheck(ctx, 'in_channels', inC, 'input channels', '');
  if (resolvedIn % groups !== 0) {
    throw new GraphIssue('invalid_param', `${ctx.label}: in_channels (${resolvedIn}) must be divisible by groups (${groups}).`,
      { param: 'groups', fix: `Choose groups dividing ${resolvedIn}, e.g. 1.` });
  }
  if (out % groups !== 0) {
    throw new GraphIssue('invalid_param', `${ctx.label}: out_channels (${out}) must be divisible by groups (${groups}).`,
      { param: 'groups', fix: `Choose out_channels as a multiple of ${groups}, or set groups to 1.` });
  }
  void kind;
  return resolvedIn;
}

/** Conv3d on images: say how to add the depth dimension, with the Reshape target worked out. */
function volumeFix(shape: number[]): string {
  if (shape.length === 4) {
    const [, c, h, w] = shape;
    return `Add a Reshape node with shape [${c}, 1, ${h}, ${w}] (or an Unflatten of dim 1 into [${c}, 1]) before it to add a depth dimension of 1, and use kernel_size (1, k, k); or use Conv2d for images.`;
  }
  return 'Add a Reshape node that makes each sample C×D×H×W (e.g. [1, 1, H, W] for a single image).';
}

function convInfer(dims: Dims, transpose: boolean) {
  return (ctx: InferContext) => {
    const x = one(ctx);
    const kind = transpose ? `ConvTranspose${dims}d` : `Conv${dims}d`;
    needRank(ctx, x, [dims + 2], RANK[dims].what, dims === 3 ? volumeFix(x.shape) : RANK[dims].fix);
    const inC = channels(ctx, x.shape[1], kind);
    const k = toList(ctx.params.kernel_size, dims);
    const s = toList(ctx.params.stride, dims);
    const d = toList(ctx.params.dilation, dims);
    const spatial = x.shape.slice(2);
    const out: number[] = [];
    if (transpose) {
      const p = toList(ctx.params.padding, dims);
      const op = toList(ctx.params.output_padding, dims);
      for (let i = 0; i < dims; i++) {
        if (op[i] >= s[i] && op[i] >= d[i]) {
          throw new GraphIssue('invalid_param', `${ctx.label}: output_padding (${op[i]}) must be smaller than stride (${s[i]}) or dilation (${d[i]}).`,
            { param: 'output_padding', fix: 'Lower output_padding.' });
        }
        const o = (spatial[i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1;
        if (o < 1) {
          throw new GraphIssue('kernel_too_large', `${ctx.label} would produce an empty output (size ${o}) from input ${fmtShape(x.shape)}.`,
            { param: 'padding', fix: 'Reduce padding.' });
        }
        out.push(o);
      }
    } else if (ctx.params.padding === 'same' || ctx.params.padding === 'valid') {
      if (ctx.params.padding === 'same' && s.some((v) => v !== 1)) {
        throw new GraphIssue('invalid_param', `${ctx.label}: padding='same' is not supported for strided convolutions (stride ${s.join('×')}).`,
          { param: 'padding', fix: 'Set stride to 1, or give padding as a number.' });
      }
      for (let i = 0; i < dims; i++) {
        const span = d[i] * (k[i] - 1) + 1;
        if (ctx.params.padding === 'valid' && spatial[i] < span) throw tooLarge(ctx, k, spatial, [0, 0], dims);
        out.push(ctx.params.padding === 'same' ? spatial[i] : convOut(spatial[i], k[i], s[i], 0, d[i]));
      }
    } else {
      const p = toList(ctx.params.padding, dims);
      for (let i = 0; i < dims; i++) {
        if (spatial[i] + 2 * p[i] < d[i] * (k[i] - 1) + 1) throw tooLarge(ctx, k, spatial, p, dims);
        out.push(convOut(spatial[i], k[i], s[i], p[i], d[i]));
      }
    }
    return { outputs: { output: { shape: [x.shape[0], num(ctx.params, 'out_channels'), ...out] } }, resolved: { in_channels: inC } };
  };
}

export function tooLarge(ctx: InferContext, k: number[], spatial: number[], p: number[], _dims: number): GraphIssue {
  const pad = p.some((v) => v !== 0) ? ` (padding ${p.join('×')})` : '';
  return new GraphIssue('kernel_too_large',
    `${ctx.label} has a ${k.join('×')} kernel but its input is only ${spatial.join('×')}${pad}.`,
    { param: 'kernel_size', fix: 'Use a smaller kernel_size, add padding, or remove a pooling layer before it.' });
}

function weightShape(dims: number, transpose: boolean) {
  return (p: Record<string, ParamValue>) => {
    const k = toList(p.kernel_size, dims);
    const g = num(p, 'groups');
    const w = transpose
      ? [num(p, 'in_channels'), num(p, 'out_channels') / g, ...k]
      : [num(p, 'out_channels'), num(p, 'in_channels') / g, ...k];
    return { weight: w, ...(p.bias ? { bias: [num(p, 'out_channels')] } : {}) };
  };
}

function ctor(cls: string, transpose: boolean) {
  return (p: Record<string, ParamValue>) => ({
    cls,
    args: [
      { name: 'in_channels', value: p.in_channels },
      { name: 'out_channels', value: p.out_channels },
      { name: 'kernel_size', value: p.kernel_size, pyKw: true },
      { name: 'stride', value: p.stride, kw: true, default: 1 },
      { name: 'padding', value: p.padding, kw: true, default: 0 },
      ...(transpose ? [{ name: 'output_padding', value: p.output_padding, kw: true, default: 0 }] : []),
      { name: 'dilation', value: p.dilation, kw: true, default: 1 },
      { name: 'groups', value: p.groups, kw: true, default: 1 },
      { name: 'bias', value: p.bias, kw: true, default: true },
      ...(transpose ? [] : [{ name: 'padding_mode', value: p.padding_mode, kw: true, default: 'zeros' }]),
    ],
  });
}

const convFormula = 'out = ⌊(in + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1;  parameters = out_channels·(in_channels/groups)·k… + out_channels';

export const Conv2d: NodeSpec = {
  kind: 'Conv2d', category: 'Convolution', title: '2-D convolution',
  description: 'Slides out_channels small filters over the image; each output channel is a map of where its filter matches.',
  formula: convFormula, torchClass: 'nn.Conv2d', namePrefix: 'conv', inputs: IN, outputs: OUT,
  params: common(2), infer: convInfer(2, false), parameters: weightShape(2, false), module: ctor('Conv2d', false),
};

export const Conv1d: NodeSpec = {
  kind: 'Conv1d', category: 'Convolution', title: '1-D convolution',
  description: 'Slides out_channels filters along a sequence (N×C×L).',
  formula: convFormula, torchClass: 'nn.Conv1d', namePrefix: 'conv', inputs: IN, outputs: OUT,
  params: common(1), infer: convInfer(1, false), parameters: weightShape(1, false), module: ctor('Conv1d', false),
};

export const ConvTranspose2d: NodeSpec = {
  kind: 'ConvTranspose2d', category: 'Convolution', title: '2-D transposed convolution',
  description: 'The gradient of a convolution used as a layer: spreads each input pixel over a kernel-sized patch, growing the image (upsampling).',
  formula: 'out = (in − 1)·stride − 2·padding + dilation·(kernel_size − 1) + output_padding + 1',
  torchClass: 'nn.ConvTranspose2d', namePrefix: 'deconv', inputs: IN, outputs: OUT,
  params: common(2, true), infer: convInfer(2, true), parameters: weightShape(2, true), module: ctor('ConvTranspose2d', true),
};

export const Conv3d: NodeSpec = {
  kind: 'Conv3d', category: 'Convolution', title: '3-D convolution',
  description: 'Slides out_channels small 3-D filters through a volume (N×C×D×H×W: a video, a scan, or a stack of images); each output channel maps where its filter matches in depth, height and width.',
  formula: convFormula + '  (for each of depth, height, width)',
  torchClass: 'nn.Conv3d', namePrefix: 'conv', inputs: IN, outputs: OUT,
  params: common(3), infer: convInfer(3, false), parameters: weightShape(3, false), module: ctor('Conv3d', false),
};
