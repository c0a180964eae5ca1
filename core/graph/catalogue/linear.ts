// Linear (fully connected) layers.
import { GraphIssue, type NodeSpec } from './spec.ts';
import { IN, OUT } from './ports.ts';
import { autoOrCheck, fmtSample, fmtShape, num, one } from './util.ts';

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
