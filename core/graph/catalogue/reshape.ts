// Reshaping: Flatten, Unflatten, Reshape, Permute.
import { GraphIssue, type NodeSpec } from './spec.ts';
import { IN, OUT } from './ports.ts';
import { fmtShape, num, one } from './util.ts';

function normDim(d: number, rank: number): number {
  return d < 0 ? d + rank : d;
}

export const Flatten: NodeSpec = {
  kind: 'Flatten', category: 'Reshape', title: 'Flatten',
  description: 'Turns each sample into one long vector (N×C×H×W → N×(C·H·W)), ready for Linear layers.',
  formula: 'out shape = N × (product of dims start_dim…end_dim) × …',
  torchClass: 'nn.Flatten', namePrefix: 'flatten', inputs: IN, outputs: OUT,
  params: [
    { name: 'start_dim', type: 'int', default: 1, min: -8, max: 8, help: 'First dimension to flatten (1 keeps the batch).' },
    { name: 'end_dim', type: 'int', default: -1, min: -8, max: 8, help: 'Last dimension to flatten (−1 = the last).' },
  ],
  infer(ctx) {
    const x = one(ctx);
    const r = x.shape.length;
    const s = normDim(num(ctx.params, 'start_dim'), r);
    const e = normDim(num(ctx.params, 'end_dim'), r);
    if (s < 0 || s >= r || e < 0 || e >= r || s > e) {
      throw new GraphIssue('invalid_param', `${ctx.label}: start_dim ${ctx.params.start_dim} / end_dim ${ctx.params.end_dim} do not fit its ${r}-D input (${fmtShape(x.shape)}).`,
        { param: 'start_dim', fix: 'Use start_dim=1, end_dim=-1 to flatten each sample.' });
    }
    if (s === 0) {
      throw new GraphIssue('invalid_param', `${ctx.label} would flatten the batch dimension (start_dim=0), mixing samples together.`,
        { param: 'start_dim', fix: 'Set start_dim to 1.' });
    }
    const mid = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
    const shape = [...x.shape.slice(0, s), mid, ...x.shape.slice(e + 1)];
    return { outputs: { output: { shape, flattenedFrom: e - s > 0 ? [-1, ...x.shape.slice(s, e + 1)] : undefined } } };
  },
  module: (p) => ({
    cls: 'Flatten',
    args: [
      { name: 'start_dim', value: p.start_dim, kw: true, default: 1, tsPos: true },
      { name: 'end_dim', value: p.end_dim, kw: true, default: -1, tsPos: true },
    ],
  }),
};

export const Unflatten: NodeSpec = {
  kind: 'Unflatten', category: 'Reshape', title: 'Unflatten',
  description: 'Splits one dimension into several, e.g. N×784 → N×1×28×28 to feed a flat vector to convolutions.',
  formula: 'dim of size Πsizes → sizes',
  torchClass: 'nn.Unflatten', namePrefix: 'unflatten', inputs: IN, outputs: OUT,
  params: [
    { name: 'dim', type: 'int', default: 1, min: -8, max: 8, help: 'Dimension to split.' },
    { name: 'unflattened_size', type: 'ints', default: [1, 28, 28], min: 1, help: 'The sizes it splits into (their product must equal the dimension).' },
  ],
  infer(ctx) {
    const x = one(ctx);
    const d = normDim(num(ctx.params, 'dim'), x.shape.length);
    const sizes = ctx.params.unflattened_size as number[];
    if (d < 1 || d >= x.shape.length) {
      throw new GraphIssue('invalid_param', `${ctx.label}: dim ${ctx.params.dim} is not a sample dimension of its input (${fmtShape(x.shape)}).`,
        { param: 'dim', fix: 'Use dim=1.' });
    }
    const prod = sizes.reduce((a, b) => a * b, 1);
    if (prod !== x.shape[d]) {
      throw new GraphIssue('shape_mismatch', `${ctx.label} splits a dimension of size ${x.shape[d]} into ${sizes.join('×')} = ${prod}.`,
        { param: 'unflattened_size', port: 'input', fix: `Choose sizes whose product is ${x.shape[d]}.` });
    }
    return { outputs: { output: { shape: [...x.shape.slice(0, d), ...sizes, ...x.shape.slice(d + 1)] } } };
  },
  module: (p) => ({ cls: 'Unflatten', args: [{ name: 'dim', value: p.dim }, { name: 'unflattened_size', value: p.unflattened_size }] }),
};

export const Reshape: NodeSpec = {
  kind: 'Reshape', category: 'Reshape', title: 'Reshape',
  description: 'Gives each sample a new shape with the same number of elements (one entry may be −1: inferred).',
  formula: 'x.reshape(N, *shape)',
  torchClass: 'Reshape', namePrefix: 'reshape', inputs: IN, outputs: OUT,
  params: [{ name: 'shape', type: 'ints', default: [-1], min: -1, help: 'New sample shape, without the batch dimension; −1 is inferred.' }],
  infer(ctx) {
    const x = one(ctx);
    const shape = ctx.params.shape as number[];
    const total = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const minus = shape.filter((v) => v === -1).length;
    const known = shape.filter((v) => v !== -1).reduce((a, b) => a * b, 1);
    if (minus > 1 || shape.some((v) => v === 0 || v < -1)) {
      throw new GraphIssue('invalid_param', `${ctx.label}: shape [${shape.join(', ')}] may contain at most one −1 and no zeros.`,
        { param: 'shape', fix: 'Give positive sizes, with at most one −1.' });
    }
    if ((minus === 0 && known !== total) || (minus === 1 && total % known !== 0)) {
      throw new GraphIssue('shape_mismatch', `${ctx.label} cannot reshape a sample of ${total} elements (${x.shape.slice(1).join('×')}) into [${shape.join(', ')}].`,
        { param: 'shape', port: 'input', fix: `Choose a shape with ${total} elements, or use −1 for one dimension.` });
    }
    const out = shape.map((v) => (v === -1 ? total / known : v));
    return { outputs: { output: { shape: [x.shape[0], ...out] } } };
  },
  module: (p) => ({ cls: 'Reshape', custom: true, args: [{ name: 'shape', value: p.shape }] }),
};

/**
 * Permute(dims): reorders all dimensions, the batch included (x.permute(*dims)); PyTorch has no nn.Permute, so the
 * generated file defines the same class as core/graph/modules.ts. Used to put time first for CTCLoss.
 */
export const Permute: NodeSpec = {
  kind: 'Permute', category: 'Reshape', title: 'Permute (reorder dimensions)',
  description: 'Reorders the dimensions of the tensor, the batch dimension included: dims lists, for each output dimension, which input dimension goes there. CTCLoss wants time first: a conv output N×C×T becomes T×N×C with dims (2, 0, 1).',
  formula: 'out.shape[i] = in.shape[dims[i]];  x.permute(*dims) (no parameters)',
  torchClass: 'Permute', namePrefix: 'permute', inputs: IN, outputs: OUT,
  params: [{ name: 'dims', type: 'ints', default: [2, 0, 1], min: -8, max: 7, help: 'For each output dimension, the input dimension it takes (0 = the batch); a reordering of 0 … rank − 1.' }],
  infer(ctx) {
    const x = one(ctx);
    const dims = ctx.params.dims as number[];
    const rank = x.shape.length;
    const norm = dims.map((d) => (d < 0 ? d + rank : d));
    const isPermutation = dims.length === rank && norm.every((d) => d >= 0 && d < rank) && new Set(norm).size === rank;
    if (!isPermutation) {
      const want = Array.from({ length: rank }, (_, i) => i).join(', ');
      throw new GraphIssue('invalid_param',
        `${ctx.label} receives a ${rank}-D tensor (${fmtShape(x.shape)}), so dims must list each of ${want} exactly once, but it is (${dims.join(', ')}).`,
        { param: 'dims', fix: rank === 3 ? 'For CTC (N×C×T → T×N×C) use dims 2, 0, 1.' : `Give a reordering of ${want}.` });
    }
    const outputs = { output: { shape: norm.map((d) => x.shape[d]) } };
    return { outputs };
  },
  module: (p) => ({ cls: 'Permute', custom: true, args: [{ name: 'dims', value: p.dims }] }),
};
