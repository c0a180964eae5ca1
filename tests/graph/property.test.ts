// Property: for random graphs (many of them broken), validation never throws, and every graph it accepts compiles
// and runs one forward/backward/optimizer step.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as A from '../../core/graph/actions.ts';
import { getSpec } from '../../core/graph/catalogue/index.ts';
import { validate } from '../../core/graph/validate.ts';
import { compile } from '../../core/graph/compile.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import { torch } from '../../core/index.ts';
import { one_hot } from '../../core/ops/composite.ts';
import type { GraphDocument, ParamValue } from '../../core/graph/types.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { proveAll } from './proof.ts';
import { requireTorch } from './torch.ts';

type Op = { kind: string; params: Record<string, ParamValue>; branch: number };

const small = fc.integer({ min: 1, max: 4 });
const imageOp = fc.oneof(
  fc.record({ kind: fc.constant('Conv2d'), params: fc.record({ out_channels: small, kernel_size: fc.integer({ min: 1, max: 5 }), padding: fc.integer({ min: 0, max: 2 }), stride: fc.integer({ min: 1, max: 2 }) }) }),
  fc.record({ kind: fc.constant('MaxPool2d'), params: fc.record({ kernel_size: fc.integer({ min: 1, max: 3 }), ceil_mode: fc.boolean() }) }),
  fc.record({ kind: fc.constant('AvgPool2d'), params: fc.record({ kernel_size: fc.integer({ min: 1, max: 3 }) }) }),
  fc.record({ kind: fc.constantFrom('BatchNorm2d', 'ReLU', 'Dropout2d', 'Flatten', 'GELU', 'Identity', 'BatchNorm1d'), params: fc.constant({}) }),
  fc.record({ kind: fc.constant('AdaptiveAvgPool2d'), params: fc.record({ output_size: fc.integer({ min: 1, max: 3 }) }) }),
);
const vectorOp = fc.oneof(
  fc.record({ kind: fc.constant('Linear'), params: fc.record({ out_features: fc.integer({ min: 1, max: 6 }), bias: fc.boolean() }) }),
  fc.record({ kind: fc.constantFrom('ReLU', 'Tanh', 'Sigmoid', 'BatchNorm1d', 'Dropout', 'LayerNorm', 'SiLU', 'LeakyReLU', 'Conv2d', 'Softmax'), params: fc.constant({}) }),
  fc.record({ kind: fc.constant('Linear'), params: fc.record({ in_features: fc.integer({ min: 1, max: 6 }), out_features: fc.integer({ min: 1, max: 6 }) }) }),
);
const op = fc.tuple(fc.boolean(), imageOp, vectorOp, fc.integer({ min: 0, max: 5 }))
  .map(([image, a, b, branch]) => ({ ...(image ? a : b), branch }) as Op);

const graphArb = fc.record({
  dataset: fc.constantFrom('mnist', 'xor', 'spirals'),
  oneHot: fc.boolean(),
  ops: fc.array(op, { maxLength: 6 }),
  head: fc.constantFrom(0, 0, 0, 1, 2, 10), // 0: the dataset's class count
  loss: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('CrossEntropyLoss', 'CrossEntropyLoss', 'CrossEntropyLoss', 'MSELoss', 'BCEWithLogitsLoss', 'NLLLoss', 'L1Loss', 'HuberLoss') },
    // Losses with ±1 targets, padded indices or several tensor inputs (each extra input gets its own head).
    { weight: 1, arbitrary: fc.constantFrom('SoftMarginLoss', 'HingeEmbeddingLoss', 'MultiLabelMarginLoss', 'MarginRankingLoss', 'CosineEmbeddingLoss', 'TripletMarginLoss', 'GaussianNLLLoss') },
  ),
  optimizer: fc.constantFrom('SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad'),
  scheduler: fc.constantFrom('none', 'StepLR', 'ExponentialLR', 'CosineAnnealingLR', 'OneCycleLR', 'ReduceLROnPlateau'),
  // Group ops [from, from + len) of the main chain into a block (and sometimes a block inside it).
  block: fc.option(fc.record({ from: fc.nat(6), len: fc.integer({ min: 1, max: 4 }), nested: fc.boolean() }), { nil: undefined }),
  junk: fc.oneof({ weight: 4, arbitrary: fc.constant([] as Array<[number, number]>) }, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 })),
});

/** Builds a graph: a main chain, where some ops branch off an earlier node and merge back with Add or Concat. */
type RandomGraph = typeof graphArb extends fc.Arbitrary<infer T> ? T : never;

function build(g: RandomGraph): GraphDocument {
  let doc = A.emptyGraph('random');
  const pos = { x: 0, y: 0 };
  doc = A.addNode(doc, 'Dataset', pos, { id: 'data', name: 'data', params: { dataset: g.dataset, samples: 20, label_format: g.oneHot ? 'one_hot' : 'index' } });
  const chain: Array<[string, string]> = [['data', 'x']];
  g.ops.forEach((o, i) => {
    const id = `n${i}`;
    const [src, port] = chain[chain.length - 1];
    doc = A.addNode(doc, o.kind, pos, { id, name: `layer${i}`, params: o.params });
    doc = A.connect(doc, { source: src, sourcePort: port, target: id, targetPort: 'input' });
    if (o.branch === 0 && chain.length > 1) {
      // Merge this op's output with an earlier value.
      const [other, otherPort] = chain[Math.max(1, chain.length - 2)];
      const merge = `m${i}`;
      doc = A.addNode(doc, i % 2 ? 'Add' : 'Concat', pos, { id: merge, name: `merge${i}` });
      doc = A.connect(doc, { source: id, sourcePort: 'output', target: merge, targetPort: 'inputs' });
      doc = A.connect(doc, { source: other, sourcePort: otherPort, target: merge, targetPort: 'inputs' });
      chain.push([merge, 'output']);
    } else {
      chain.push([id, 'output']);
    }
  });
  const [last, lastPort] = chain[chain.length - 1];
  doc = A.addNode(doc, 'Flatten', pos, { id: 'flat', name: 'flat' });
  doc = A.connect(doc, { source: last, sourcePort: lastPort, target: 'flat', targetPort: 'input' });
  const classes = g.dataset === 'mnist' ? 10 : g.dataset === 'spirals' ? 3 : 2;
  doc = A.addNode(doc, 'Linear', pos, { id: 'head', name: 'head', params: { out_features: g.head || classes } });
  doc = A.connect(doc, { source: 'flat', sourcePort: 'output', target: 'head', targetPort: 'input' });
  doc = A.addNode(doc, g.loss, pos, { id: 'loss', name: 'loss' });
  // The loss's first tensor input takes the head; any further one (MarginRanking's input2, Triplet's positive and
  // negative, GaussianNLL's var) a second head of the same width on the same features.
  getSpec(g.loss)!.inputs.forEach((p) => {
    if (p.kind === 'labels') { doc = A.connect(doc, { source: 'data', sourcePort: 'y', target: 'loss', targetPort: p.name }); return; }
    const head = doc.edges.some((e) => e.target === 'loss') ? `head_${p.name}` : 'head';
    if (head !== 'head') {
      doc = A.addNode(doc, 'Linear', pos, { id: head, name: head, params: { out_features: g.head || classes } });
      doc = A.connect(doc, { source: 'flat', sourcePort: 'output', target: head, targetPort: 'input' });
    }
    doc = A.connect(doc, { source: head, sourcePort: 'output', target: 'loss', targetPort: p.name });
  });
  doc = A.addNode(doc, g.optimizer, pos, { id: 'opt', name: 'opt', params: { scheduler: g.scheduler } });
  doc = A.connect(doc, { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' });
  if (g.block) {
    const members = doc.nodes.filter((n) => /^[nm]\d+$/.test(n.id) && Number(n.id.slice(1)) >= g.block!.from && Number(n.id.slice(1)) < g.block!.from + g.block!.len).map((n) => n.id);
    if (members.length > 0) {
      doc = A.group(doc, members, 'block', 'g1');
      if (g.block.nested && members.length > 1) doc = A.group(doc, members.slice(1), 'inner', 'g2');
    }
  }
  // A few arbitrary extra wires (cycles, double inputs, wrong kinds) between existing nodes.
  for (const [a, b] of g.junk) {
    const s = doc.nodes[a % doc.nodes.length];
    const t = doc.nodes[b % doc.nodes.length];
    if (s.id === t.id) continue;
    doc = { ...doc, edges: [...doc.edges, { id: `junk${a}_${b}`, source: s.id, sourcePort: s.kind === 'Dataset' ? 'x' : 'output', target: t.id, targetPort: 'input' }] };
  }
  return doc;
}

describe('random graphs', () => {
  it('validation never throws; every accepted graph compiles, generates code and trains one step', () => {
    let accepted = 0;
    let grouped = 0;
    let multi = 0;
    const codes = new Map<string, number>();
    fc.assert(fc.property(graphArb, (g) => {
      const doc = build(g);
      const a = validate(doc);
      expect(Array.isArray(a.diagnostics)).toBe(true);
      if (!a.ok) {
        for (const d of a.diagnostics) if (d.severity === 'error') codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
        return;
      }
      accepted++;
      if (doc.groups.length > 0) grouped++;
      if (getSpec(g.loss)!.inputs.filter((p) => p.kind === 'tensor').length > 1) multi++;
      expect(generate_pytorch(doc)).toContain('class Net(');
      const c = compile(doc, { stepsPerEpoch: 2 });
      torch.manual_seed(0);
      const x = torch.randn([3, ...c.input.sampleShape]);
      const k = c.input.numClasses;
      const idx = torch.randint(0, k, [3]);
      const y = a.nodes.data.outputs.y!.labels!.format === 'one_hot' ? one_hot(idx, k).to('float32') : idx;
      c.model.train();
      const outs = c.outputsOf(c.model.call(x));
      expect(outs).toHaveLength(c.lossInputs.length);
      for (const out of outs) expect([...out.shape]).toEqual([3, ...a.nodes.head.outputs.output.shape.slice(1)]);
      const loss = c.loss.call(...c.lossArgs(outs, y)) as Tensor;
      c.optimizer.zero_grad();
      loss.backward();
      c.optimizer.step();
      c.stepSchedule('batch');
      c.stepSchedule('epoch', { trainLoss: loss.item(), trainAccuracy: null });
      for (const p of c.model.parameters()) expect(p.grad, 'every parameter gets a gradient').not.toBeNull();
    }), { numRuns: 400, seed: 20261126 });
    expect(accepted, JSON.stringify([...codes])).toBeGreaterThan(30);
    expect(grouped, 'accepted graphs with blocks').toBeGreaterThan(5);
    expect(multi, 'accepted graphs whose loss takes several tensors').toBeGreaterThan(0);
  });

  it('accepted random graphs (branches, blocks, every loss/optimizer mix): generated PyTorch reproduces our outputs', () => {
    requireTorch();
    const docs: Array<[string, GraphDocument]> = [];
    fc.assert(fc.property(graphArb, (g) => {
      const doc = build(g);
      if (validate(doc).ok && docs.length < 40) docs.push([`random ${docs.length}: ${JSON.stringify(g)}`, doc]);
    }), { numRuns: 400, seed: 7 });
    expect(docs.length).toBeGreaterThan(20);
    proveAll(docs);
  });

  it('validation never throws on arbitrary JSON-ish documents', () => {
    const node = fc.record({
      id: fc.string({ maxLength: 3 }), kind: fc.constantFrom('Linear', 'Conv2d', 'Dataset', 'Add', 'CrossEntropyLoss', 'SGD', 'Nope'),
      name: fc.string({ maxLength: 5 }), params: fc.dictionary(fc.constantFrom('out_features', 'kernel_size', 'dataset', 'lr', 'in_features', 'dim', 'padding'), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<ParamValue>),
      position: fc.constant({ x: 0, y: 0 }), group: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
    });
    const edge = fc.record({ id: fc.string({ maxLength: 3 }), source: fc.string({ maxLength: 3 }), sourcePort: fc.constantFrom('x', 'y', 'output', 'loss'), target: fc.string({ maxLength: 3 }), targetPort: fc.constantFrom('input', 'inputs', 'target', 'loss') });
    fc.assert(fc.property(fc.array(node, { maxLength: 6 }), fc.array(edge, { maxLength: 8 }), fc.array(fc.record({ id: fc.constantFrom('g1', 'g2'), name: fc.string({ maxLength: 4 }), parent: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }) }), { maxLength: 2 }), (nodes, edges, groups) => {
      const doc: GraphDocument = { ...A.emptyGraph(), nodes, edges, groups };
      expect(() => validate(doc)).not.toThrow();
    }), { numRuns: 500 });
  });
});
