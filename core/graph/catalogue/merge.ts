// Merge nodes: Add (residual connections), Multiply (gating), Concat (Inception-like branches).
import { GraphIssue, type InferContext, type NodeSpec, type PortSpec } from './spec.ts';
import { add } from '../../ops/add.ts';
import { mul } from '../../ops/mul.ts';
import { cat } from '../../ops/cat.ts';
import { fmtShape, num } from './util.ts';

const MANY: PortSpec[] = [{ name: 'inputs', kind: 'tensor', multiple: true, help: 'Two or more tensors, in the order the edges were connected.' }];
const OUT: PortSpec[] = [{ name: 'output', kind: 'tensor', help: 'The merged tensor.' }];

function inputsOf(ctx: InferContext) {
  const xs = ctx.inputs.inputs ?? [];
  if (xs.length < 2) {
    throw new GraphIssue('missing_input', `${ctx.label} merges tensors but has ${xs.length === 0 ? 'no inputs' : 'only one input'}.`,
      { port: 'inputs', fix: 'Connect at least two layers to it.' });
  }
  return xs;
}

/** PyTorch broadcasting, with a message naming the node. */
function broadcast(ctx: InferContext, op: string): number[] {
  const xs = inputsOf(ctx);
  const rank = Math.max(...xs.map((x) => x.shape.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let size = 1;
    for (const x of xs) {
      const d = x.shape[x.shape.length - rank + i] ?? 1;
      if (d === 1 || d === size) continue;
      if (size === 1) { size = d; continue; }
      throw new GraphIssue('shape_mismatch',
        `${ctx.label} cannot ${op} tensors of shapes ${xs.map((v) => fmtShape(v.shape)).join(' and ')}: they differ in dimension ${i}.`,
        { port: 'inputs', fix: 'Make both branches produce the same shape (e.g. match out_channels, or add a 1×1 convolution on the skip path).' });
    }
    out.push(size);
  }
  return out;
}

export const Add: NodeSpec = {
  kind: 'Add', category: 'Merge', title: 'Add',
  description: 'Adds its inputs element by element: the skip connection of a residual block (y = F(x) + x).',
  formula: 'y = a + b (+ …), shapes must match (or broadcast)',
  torchClass: '+', namePrefix: 'add', inputs: MANY, outputs: OUT, params: [],
  infer: (ctx) => ({ outputs: { output: { shape: broadcast(ctx, 'add') } } }),
  functional: {
    forward: (xs) => xs.slice(1).reduce((a, b) => add(a, b), xs[0]),
    python: (names) => names.join(' + '),
  },
};

export const Multiply: NodeSpec = {
  kind: 'Multiply', category: 'Merge', title: 'Multiply',
  description: 'Multiplies its inputs element by element (gating, attention masks).',
  formula: 'y = a ⊙ b (⊙ …), shapes must match (or broadcast)',
  torchClass: '*', namePrefix: 'mul', inputs: MANY, outputs: OUT, params: [],
  infer: (ctx) => ({ outputs: { output: { shape: broadcast(ctx, 'multiply') } } }),
  functional: {
    forward: (xs) => xs.slice(1).reduce((a, b) => mul(a, b), xs[0]),
    python: (names) => names.join(' * '),
  },
};

export const Concat: NodeSpec = {
  kind: 'Concat', category: 'Merge', title: 'Concatenate',
  description: 'Joins its inputs along a dimension (dim=1: stacks the channels of parallel branches, as in Inception).',
  formula: 'out[dim] = Σ inputs[dim]; every other dimension must be equal',
  torchClass: 'torch.cat', namePrefix: 'cat', inputs: MANY, outputs: OUT,
  params: [{ name: 'dim', type: 'int', default: 1, min: -8, max: 8, help: 'Dimension to join along (1 = channels/features).' }],
  infer(ctx) {
    const xs = inputsOf(ctx);
    const rank = xs[0].shape.length;
    let dim = num(ctx.params, 'dim');
    if (dim < 0) dim += rank;
    if (dim < 1 || dim >= rank) {
      throw new GraphIssue('invalid_param', `${ctx.label}: dim ${ctx.params.dim} is not a sample dimension of its ${rank}-D inputs.`,
        { param: 'dim', fix: 'Use dim=1 to join channels or features.' });
    }
    const out = [...xs[0].shape];
    for (const x of xs.slice(1)) {
      if (x.shape.length !== rank) {
        throw new GraphIssue('shape_mismatch', `${ctx.label} joins tensors of different ranks: ${xs.map((v) => fmtShape(v.shape)).join(' and ')}.`,
          { port: 'inputs', fix: 'Flatten both branches, or keep both as images.' });
      }
      for (let i = 1; i < rank; i++) {
        if (i !== dim && x.shape[i] !== out[i]) {
          const spatial = i >= 2 && rank === 4;
          throw new GraphIssue(spatial ? 'concat_spatial' : 'shape_mismatch',
            `${ctx.label} joins along dim ${dim} but its inputs differ in dimension ${i}: ${xs.map((v) => fmtShape(v.shape)).join(' and ')}.`,
            { port: 'inputs', fix: spatial
              ? 'Give every branch the same height and width: use padding to keep sizes (padding = kernel_size // 2) or the same pooling in each branch.'
              : `Make dimension ${i} equal in every branch.` });
        }
      }
      out[dim] += x.shape[dim];
    }
    return { outputs: { output: { shape: out } }, resolved: { dim } };
  },
  functional: {
    forward: (xs, p) => cat(xs, p.dim as number),
    python: (names, p) => `torch.cat([${names.join(', ')}], dim=${p.dim})`,
  },
};
