// Linear (fully connected) layers.
import { GraphIssue, type NodeSpec } from './spec.ts';
import { IN, OUT } from './ports.ts';
import { autoOrCheck, fmtSample, fmtShape, num, one } from './util.ts';
import type { PortSpec } from './spec.ts';

export const Linear: NodeSpec = {
  kind: 'Linear',
  category: 'Linear',
  title: 'Linear (fully connected)',
  description: 'Every output is a weighted sum of all input features plus a bias. Works on the last dimension, so flatten images first.',
  formula: 'y = x·Wᵀ + b,  W: out_features×in_features,  parameters = out·in + out',
  torchClass: 'nn.Linear',
  namePrefix: 'fc',
  inputs: IN,
  outputs: OUT,
  params: [
    { name: 'in_features', type: 'int', default: 'auto', min: 1, auto: true, help: "Size of each input sample's last dimension ('auto' reads it from the input)." },
    { name: 'out_features', type: 'int', default: 10, min: 1, max: 1_000_000, help: 'Number of outputs (neurons).' },
    { name: 'bias', type: 'bool', default: true, help: 'Learn an additive bias b.' },
  ],
  infer(ctx) {
    const x = one(ctx);
    if (x.shape.length < 2) {
      throw new GraphIssue('shape_mismatch', `${ctx.label} needs a batch of feature vectors (N×features) but receives ${fmtShape(x.shape)}.`,
        { port: 'input', fix: 'Connect the output of a layer or of the Dataset x port.' });
    }
    const last = x.shape[x.shape.length - 1];
    const detail = x.flattenedFrom ? ` (${fmtSample(x.flattenedFrom)})` : '';
    const warnings: GraphIssue[] = [];
    if (x.shape.length > 2) {
      warnings.push(new GraphIssue('linear_on_last_dim',
        `${ctx.label} receives a ${x.shape.length}-D tensor (${fmtShape(x.shape)}); like PyTorch it only mixes the last dimension (${last}).`,
        { port: 'input', fix: 'Insert a Flatten node before it to treat each sample as one feature vector.' }));
    }
    const inF = autoOrCheck(ctx, 'in_features', last, 'input features', detail);
    const out = num(ctx.params, 'out_features');
    return { outputs: { output: { shape: [...x.shape.slice(0, -1), out] } }, resolved: { in_features: inF }, warnings };
  },
  parameters: (p) => ({ weight: [num(p, 'out_features'), num(p, 'in_features')], ...(p.bias ? { bias: [num(p, 'out_features')] } : {}) }),
  module: (p) => ({
    cls: 'Linear',
    args: [
      { name: 'in_features', value: p.in_features },
      { name: 'out_features', value: p.out_features },
      { name: 'bias', value: p.bias, kw: true, default: true },
    ],
  }),
};

const TWO_IN: PortSpec[] = [
  { name: 'input1', kind: 'tensor', help: 'First input x₁ (N×in1_features).' },
  { name: 'input2', kind: 'tensor', help: 'Second input x₂ (N×in2_features).' },
];

export const Bilinear: NodeSpec = {
  kind: 'Bilinear',
  category: 'Linear',
  title: 'Bilinear (two inputs)',
  description: 'Combines two inputs multiplicatively: every output is x₁ᵀ·A·x₂ + b with its own matrix A.',
  formula: 'y_k = x₁ᵀ·W_k·x₂ + b_k,  W: out×in1×in2,  parameters = out·in1·in2 + out',
  torchClass: 'nn.Bilinear',
  namePrefix: 'bilinear',
  inputs: TWO_IN,
  outputs: OUT,
  params: [
    { name: 'in1_features', type: 'int', default: 'auto', min: 1, auto: true, help: "Features of input1 ('auto' reads them from the input)." },
    { name: 'in2_features', type: 'int', default: 'auto', min: 1, auto: true, help: "Features of input2 ('auto' reads them from the input)." },
    { name: 'out_features', type: 'int', default: 10, min: 1, max: 100_000, help: 'Number of outputs.' },
    { name: 'bias', type: 'bool', default: true, help: 'Learn an additive bias b.' },
  ],
  infer(ctx) {
    const a = one(ctx, 'input1');
    const b = one(ctx, 'input2');
    if (a.shape.length !== 2 || b.shape.length !== 2) {
      throw new GraphIssue('shape_mismatch', `${ctx.label} needs two batches of feature vectors (N×features) but receives ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`,
        { port: a.shape.length !== 2 ? 'input1' : 'input2', fix: 'Flatten both inputs first.' });
    }
    const in1 = autoOrCheck(ctx, 'in1_features', a.shape[1], 'features on input1', '');
    const in2 = autoOrCheck(ctx, 'in2_features', b.shape[1], 'features on input2', '');
    return { outputs: { output: { shape: [a.shape[0], num(ctx.params, 'out_features')] } }, resolved: { in1_features: in1, in2_features: in2 } };
  },
  parameters: (p) => ({ weight: [num(p, 'out_features'), num(p, 'in1_features'), num(p, 'in2_features')], ...(p.bias ? { bias: [num(p, 'out_features')] } : {}) }),
  module: (p) => ({
    cls: 'Bilinear',
    args: [
      { name: 'in1_features', value: p.in1_features },
      { name: 'in2_features', value: p.in2_features },
      { name: 'out_features', value: p.out_features },
      { name: 'bias', value: p.bias, kw: true, default: true },
    ],
  }),
};
