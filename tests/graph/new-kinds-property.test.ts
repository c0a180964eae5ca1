// Property tests for the index-taking kinds: random token graphs (Embedding) and random pool/unpool/Conv3d chains.
// Validation never throws; every accepted graph compiles, trains one step (every parameter gets a gradient), and a
// sample of them is proven against real PyTorch.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as A from '../../core/graph/actions.ts';
import { validate } from '../../core/graph/validate.ts';
import { compile } from '../../core/graph/compile.ts';
import { torch } from '../../core/index.ts';
import type { GraphDocument, ParamValue } from '../../core/graph/types.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { chainGraph, type Layer } from './helpers.ts';
import { proveAll } from './proof.ts';
import { requireTorch } from './torch.ts';

const tokenArb = fc.record({
  seq_len: fc.integer({ min: 1, max: 6 }), vocab: fc.integer({ min: 2, max: 30 }), classes: fc.integer({ min: 2, max: 4 }),
  rows: fc.oneof({ weight: 3, arbitrary: fc.constant<ParamValue>('auto') }, fc.integer({ min: 1, max: 40 })),
  dim: fc.integer({ min: 1, max: 5 }), padding_idx: fc.constantFrom<ParamValue>(null, 0, 1, -1, 35),
  max_norm: fc.constantFrom<ParamValue>(null, null, 1.0), scale: fc.boolean(),
  mid: fc.array(fc.constantFrom('ReLU', 'LayerNorm', 'Linear', 'Tanh', 'Embedding'), { maxLength: 2 }),
});

function tokenGraph(g: typeof tokenArb extends fc.Arbitrary<infer T> ? T : never, floatFirst: boolean): GraphDocument {
  const layers: Layer[] = [];
  if (floatFirst) layers.push(['pre', 'Linear', { out_features: 3 }]);
  layers.push(['emb', 'Embedding', { num_embeddings: g.rows, embedding_dim: g.dim, padding_idx: g.padding_idx, max_norm: g.max_norm, scale_grad_by_freq: g.scale }]);
  g.mid.forEach((k, i) => layers.push([`mid${i}`, k, k === 'Linear' ? { out_features: 3 } : {}]));
  layers.push(['flat', 'Flatten'], ['head', 'Linear', { out_features: g.classes }]);
  return chainGraph({ dataset: 'tokens', samples: 20, seq_len: g.seq_len, vocab: g.vocab, classes: g.classes }, layers);
}

const poolArb = fc.record({
  k: fc.integer({ min: 1, max: 4 }), s: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }), p: fc.integer({ min: 0, max: 2 }),
  ceil: fc.boolean(), indices: fc.boolean(), unpool: fc.boolean(), wire: fc.boolean(), sameParams: fc.boolean(),
  conv3d: fc.boolean(), kd: fc.integer({ min: 1, max: 2 }), kh: fc.integer({ min: 1, max: 4 }),
});

function poolGraph(g: typeof poolArb extends fc.Arbitrary<infer T> ? T : never): GraphDocument {
  const layers: Layer[] = [
    ['conv', 'Conv2d', { out_channels: 2, kernel_size: 3, stride: 2 }],
    ['pool', 'MaxPool2d', { kernel_size: g.k, stride: g.s, padding: g.p, ceil_mode: g.ceil, return_indices: g.indices }],
  ];
  if (g.unpool) layers.push(['unpool', 'MaxUnpool2d', g.sameParams ? { kernel_size: g.k, stride: g.s, padding: g.p } : { kernel_size: 2 }]);
  if (g.conv3d) layers.push(['vol', 'Unflatten', { dim: 1, unflattened_size: [2, 1] }], ['c3', 'Conv3d', { out_channels: 2, kernel_size: [g.kd, g.kh, g.kh] }]);
  layers.push(['flat', 'Flatten'], ['head', 'Linear', { out_features: 10 }]);
  let doc = chainGraph({ dataset: 'mnist' }, layers);
  if (g.unpool && g.wire) doc = A.connect(doc, { source: 'pool', sourcePort: 'indices', target: 'unpool', targetPort: 'indices' });
  return doc;
}

/** One training step; every parameter must get a gradient. */
function step(doc: GraphDocument): void {
  const a = validate(doc);
  const c = compile(doc);
  const xInfo = a.nodes.data.outputs.x!;
  torch.manual_seed(0);
  const x = xInfo.dtype === 'int64' ? torch.randint(0, xInfo.indexBound!, [3, ...c.input.sampleShape]) : torch.randn([3, ...c.input.sampleShape]);
  const y = torch.randint(0, c.input.numClasses, [3]);
  c.model.train();
  const outs = c.outputsOf(c.model.call(x));
  expect([...outs[0].shape]).toEqual([3, c.input.numClasses]);
  const loss = c.loss.call(...c.lossArgs(outs, y)) as Tensor;
  c.optimizer.zero_grad();
  loss.backward();
  c.optimizer.step();
  for (const p of c.model.parameters()) expect(p.grad, 'every parameter gets a gradient').not.toBeNull();
}

describe('random graphs with Embedding, MaxPool2d indices, MaxUnpool2d and Conv3d', () => {
  it('token graphs: validation never throws; a float layer before the Embedding is always refused; accepted ones train', () => {
    let accepted = 0;
    fc.assert(fc.property(tokenArb, (g) => {
      const bad = validate(tokenGraph(g, true));
      expect(bad.ok).toBe(false);
      // (A dataset with more classes than words is refused first; then no tokens flow.)
      if (g.vocab >= g.classes) expect(bad.diagnostics.map((d) => d.code)).toContain('int64_input');
      const doc = tokenGraph(g, false);
      const a = validate(doc);
      if (!a.ok) return;
      accepted++;
      step(doc);
    }), { numRuns: 150, seed: 5 });
    expect(accepted).toBeGreaterThan(20);
  });

  it('pool/unpool/Conv3d chains: validation never throws; accepted ones train', () => {
    let accepted = 0;
    let unpooled = 0;
    fc.assert(fc.property(poolArb, (g) => {
      const doc = poolGraph(g);
      const a = validate(doc);
      if (!a.ok) return;
      accepted++;
      if (g.unpool) unpooled++;
      step(doc);
    }), { numRuns: 150, seed: 6 });
    expect(accepted).toBeGreaterThan(20);
    expect(unpooled).toBeGreaterThan(3);
  });

  it('a sample of accepted ones: generated PyTorch reproduces our outputs', () => {
    requireTorch();
    const docs: Array<[string, GraphDocument]> = [];
    fc.assert(fc.property(tokenArb, poolArb, (t, p) => {
      const td = tokenGraph(t, false);
      if (validate(td).ok && docs.length < 12) docs.push([`tokens ${JSON.stringify(t)}`, td]);
      const pd = poolGraph(p);
      if (validate(pd).ok && docs.length < 24) docs.push([`pool ${JSON.stringify(p)}`, pd]);
    }), { numRuns: 60, seed: 7 });
    expect(docs.length).toBeGreaterThan(12);
    proveAll(docs);
  });
});
