import { describe, expect, it } from 'vitest';
import * as A from '../../core/graph/actions.ts';
import { validate } from '../../core/graph/validate.ts';
import type { Diagnostic, GraphDocument } from '../../core/graph/types.ts';
import { chainGraph, LENET } from './helpers.ts';

const MNIST = { dataset: 'mnist' };
const XOR = { dataset: 'xor' };
const errorsOf = (doc: GraphDocument, code?: string) =>
  validate(doc).diagnostics.filter((d) => d.severity === 'error' && (code === undefined || d.code === code));
const only = (doc: GraphDocument, code: string): Diagnostic => {
  const errs = errorsOf(doc);
  expect(errs.map((e) => e.code)).toEqual([code]);
  return errs[0];
};

describe('validate: a correct graph', () => {
  it('LeNet-5 (32×32 input-free variant on 28×28 with no padding) infers every edge shape as PyTorch computes it', () => {
    const doc = chainGraph(MNIST, LENET.map(([n, k, p]) => (n === 'fc1' ? [n, k, { ...p, in_features: 256 }] : [n, k, p])));
    const a = validate(doc);
    expect(a.ok).toBe(true);
    const shape = (target: string) => a.edges[doc.edges.find((e) => e.target === target)!.id];
    // Hand computation: 28 −5+1 = 24 → pool 12 → −5+1 = 8 → pool 4; 16·4·4 = 256.
    expect(shape('conv1')).toEqual([-1, 1, 28, 28]);
    expect(shape('relu1')).toEqual([-1, 6, 24, 24]);
    expect(shape('conv2')).toEqual([-1, 6, 12, 12]);
    expect(shape('flatten')).toEqual([-1, 16, 4, 4]);
    expect(shape('fc1')).toEqual([-1, 256]);
    expect(shape('loss')).toEqual([-1, 10]);
  });

  it('counts parameters per node and in total (hand-computed for LeNet-5 with padding 2)', () => {
    const doc = chainGraph(MNIST, LENET.map(([n, k, p]) => (n === 'conv1' ? [n, k, { ...p, padding: 2 }] : [n, k, p])));
    const a = validate(doc);
    expect(a.ok).toBe(true);
    expect(a.nodes.conv1.paramCount).toBe(6 * 1 * 5 * 5 + 6);
    expect(a.nodes.conv2.paramCount).toBe(16 * 6 * 5 * 5 + 16);
    expect(a.nodes.fc1.paramCount).toBe(400 * 120 + 120);
    expect(a.nodes.fc1.params.in_features).toBe(400);
    expect(a.nodes.relu1.paramCount).toBe(0);
    expect(a.totalParams).toBe(156 + 2416 + 48120 + 10164 + 850);
  });

  it('resolves auto in_channels / num_features and counts BatchNorm buffers separately', () => {
    const doc = chainGraph(MNIST, [['c', 'Conv2d', { out_channels: 4, kernel_size: 3 }], ['bn', 'BatchNorm2d'], ['f', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]]);
    const a = validate(doc);
    expect(a.ok).toBe(true);
    expect(a.nodes.c.params.in_channels).toBe(1);
    expect(a.nodes.bn.params.num_features).toBe(4);
    expect(a.nodes.bn.paramCount).toBe(8);
    expect(a.nodes.bn.buffers).toEqual({ running_mean: [4], running_var: [4], num_batches_tracked: [] });
  });
});

describe('validate: every diagnostic', () => {
  it('shape mismatch names the layer, both sizes and the fix', () => {
    const doc = chainGraph(MNIST, LENET.map(([n, k, p]) => (n === 'conv1' ? [n, k, { ...p, padding: 2 }] : n === 'fc1' ? [n, k, { ...p, in_features: 256 }] : [n, k, p])));
    const d = only(doc, 'shape_mismatch');
    expect(d.message).toBe("Linear 'fc1' expects 256 input features but receives 400 (16×5×5).");
    expect(d.fix).toBe("Set in_features to 400 or 'auto'.");
    expect(d.nodeId).toBe('fc1');
    expect(d.param).toBe('in_features');
  });

  it('Conv2d with the wrong in_channels', () => {
    const d = only(chainGraph(MNIST, [['c', 'Conv2d', { in_channels: 3, out_channels: 4 }], ['f', 'Flatten'], ['fc', 'Linear']]), 'shape_mismatch');
    expect(d.message).toBe("Conv2d 'c' expects 3 input channels but receives 1.");
  });

  it('a cycle is reported on every node in it, naming the loop', () => {
    let doc = chainGraph(XOR, [['a', 'Linear', { out_features: 2 }], ['b', 'ReLU'], ['m', 'Add'], ['c', 'Linear', { out_features: 2 }]]);
    doc = A.connect(doc, { source: 'c', sourcePort: 'output', target: 'm', targetPort: 'inputs' });
    const cyc = errorsOf(doc, 'cycle');
    expect(cyc.map((d) => d.nodeId).sort()).toEqual(['c', 'm']);
    expect(cyc[0].message).toMatch(/part of a cycle: (m → c → m|c → m → c)/);
    expect(cyc[0].fix).toMatch(/Delete one of the connections/);
  });

  it('unconnected required input', () => {
    let doc = chainGraph(XOR, [['a', 'Linear', { out_features: 2 }]]);
    doc = A.disconnect(doc, doc.edges.filter((e) => e.target === 'a').map((e) => e.id));
    const d = errorsOf(doc, 'missing_input');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ nodeId: 'a', port: 'input', message: "Linear 'a' has nothing connected to its 'input' input." });
  });

  it('several sources into a single-input port', () => {
    const doc = chainGraph(XOR, [['a', 'Linear', { out_features: 2 }], ['b', 'Linear', { out_features: 2 }]]);
    // connect() replaces the wire on a single-input port (as the canvas does), so build the bad file by hand.
    doc.edges.push({ id: 'extra', source: 'data', sourcePort: 'x', target: 'b', targetPort: 'input' });
    const d = only(doc, 'multiple_sources');
    expect(d).toMatchObject({ nodeId: 'b', port: 'input', edgeId: 'extra' });
    expect(d.message).toBe("Linear 'b''s 'input' input receives 2 connections (from 'a', 'data') but takes only one.");
  });

  it('no loss, no optimizer, no dataset', () => {
    let doc = chainGraph(XOR, [['a', 'Linear', { out_features: 2 }]]);
    doc = A.removeNodes(doc, ['opt']);
    expect(only(doc, 'no_optimizer').message).toBe('The graph has no optimizer.');
    doc = A.removeNodes(doc, ['loss']);
    expect(errorsOf(doc).map((d) => d.code).sort()).toEqual(['no_loss', 'no_optimizer']);
    doc = A.removeNodes(doc, ['data']);
    expect(errorsOf(doc).map((d) => d.code).sort()).toEqual(['missing_input', 'no_data', 'no_loss', 'no_optimizer']);
  });

  it('CrossEntropyLoss: wrong class count is an error, one-hot float targets with the right count are fine', () => {
    const wrong = only(chainGraph(MNIST, [['f', 'Flatten'], ['fc', 'Linear', { out_features: 5 }]]), 'loss_target');
    expect(wrong.message).toBe("CrossEntropyLoss 'loss' receives 5 class scores but the dataset has 10 classes.");
    expect(wrong.fix).toBe('Set out_features of the last Linear layer to 10.');
    const oneHot = validate(chainGraph({ dataset: 'mnist', label_format: 'one_hot' }, [['f', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]]));
    expect(oneHot.ok).toBe(true);
    expect(oneHot.target).toEqual({ transform: 'none', accuracy: 'argmax', warnings: [] });
  });

  it('NLLLoss refuses one-hot labels; MSELoss with class indices needs one output per class; BCE needs one output', () => {
    expect(only(chainGraph({ dataset: 'xor', label_format: 'one_hot' }, [['a', 'Linear', { out_features: 2 }], ['s', 'LogSoftmax']], 'NLLLoss'), 'loss_target').message)
      .toBe("NLLLoss 'loss' needs class indices, but the dataset gives one-hot labels.");
    expect(only(chainGraph(XOR, [['a', 'Linear', { out_features: 3 }]], 'MSELoss'), 'loss_target').message)
      .toMatch(/with 2 classes it needs N×2 outputs but receives N×3/);
    expect(only(chainGraph(XOR, [['a', 'Linear', { out_features: 2 }]], 'BCEWithLogitsLoss'), 'loss_target').message)
      .toBe("BCEWithLogitsLoss 'loss' needs one output per sample (N×1) for 2-class labels but receives N×2.");
    expect(validate(chainGraph(XOR, [['a', 'Linear', { out_features: 1 }]], 'BCEWithLogitsLoss')).target?.transform).toBe('float_column');
  });

  it('catches the classic activation/loss mix-ups', () => {
    const softmaxCE = validate(chainGraph(XOR, [['a', 'Linear', { out_features: 2 }], ['sm', 'Softmax']]));
    expect(softmaxCE.ok).toBe(true);
    expect(softmaxCE.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'loss_input', nodeId: 'loss',
      message: "CrossEntropyLoss 'loss' receives Softmax probabilities, but it applies log-softmax itself: softmax twice squashes the gradients and training crawls." })]);
    expect(validate(chainGraph(XOR, [['a', 'Linear', { out_features: 2 }]], 'NLLLoss')).diagnostics.map((d) => d.code)).toEqual(['loss_input']);
    expect(validate(chainGraph(XOR, [['a', 'Linear', { out_features: 2 }], ['ls', 'LogSoftmax']], 'NLLLoss')).diagnostics).toEqual([]);
    expect(only(chainGraph(XOR, [['a', 'Linear', { out_features: 1 }]], 'BCELoss'), 'loss_input').fix).toBe('Add a Sigmoid before the loss, or better, remove it and use BCEWithLogitsLoss.');
    expect(validate(chainGraph(XOR, [['a', 'Linear', { out_features: 1 }], ['s', 'Sigmoid']], 'BCELoss')).diagnostics).toEqual([]);
    expect(validate(chainGraph(XOR, [['a', 'Linear', { out_features: 1 }], ['s', 'Sigmoid']], 'BCEWithLogitsLoss')).diagnostics.map((d) => d.code)).toEqual(['loss_input']);
  });

  it('kernel larger than the input', () => {
    const d = only(chainGraph(MNIST, [['p', 'MaxPool2d', { kernel_size: 4 }], ['p2', 'MaxPool2d', { kernel_size: 4 }], ['c', 'Conv2d', { out_channels: 2, kernel_size: 3 }], ['f', 'Flatten'], ['fc', 'Linear']]), 'kernel_too_large');
    expect(d.message).toBe("Conv2d 'c' has a 3×3 kernel but its input is only 1×1.");
    expect(d.fix).toMatch(/smaller kernel_size, add padding/);
  });

  it('invalid parameter values (type, range, enum)', () => {
    const doc = chainGraph(MNIST, [['c', 'Conv2d', { out_channels: 0, kernel_size: 'big', padding_mode: 'mirror' }], ['f', 'Flatten'], ['fc', 'Linear'], ['d', 'Dropout', { p: 1.5 }]]);
    const errs = errorsOf(doc, 'invalid_param');
    expect(errs.map((e) => `${e.nodeId}.${e.param}`).sort()).toEqual(['c.kernel_size', 'c.out_channels', 'c.padding_mode', 'd.p']);
    expect(errs.find((e) => e.param === 'out_channels')!.message).toBe("Conv2d 'c': out_channels must be at least 1.");
    expect(errs.find((e) => e.param === 'p')!.message).toBe("Dropout 'd': p must be at most 1.");
    expect(errs.find((e) => e.param === 'padding_mode')!.message).toBe(`Conv2d 'c': padding_mode must be one of 'zeros', 'reflect', 'replicate', 'circular', got "mirror".`);
  });

  it('Concat of unequal spatial sizes', () => {
    let doc = chainGraph(MNIST, [['a', 'Conv2d', { out_channels: 2, kernel_size: 3 }], ['cat', 'Concat'], ['f', 'Flatten'], ['fc', 'Linear']]);
    doc = A.addNode(doc, 'Conv2d', { x: 0, y: 0 }, { id: 'b', name: 'b', params: { out_channels: 2, kernel_size: 5 } });
    doc = A.connect(doc, { source: 'data', sourcePort: 'x', target: 'b', targetPort: 'input' });
    doc = A.connect(doc, { source: 'b', sourcePort: 'output', target: 'cat', targetPort: 'inputs' });
    const d = only(doc, 'concat_spatial');
    expect(d.message).toBe("Concat 'cat' joins along dim 1 but its inputs differ in dimension 2: N×2×26×26 and N×2×24×24.");
    expect(d.fix).toMatch(/same height and width/);
  });

  it('Add of different shapes', () => {
    let doc = chainGraph(XOR, [['a', 'Linear', { out_features: 4 }], ['add', 'Add'], ['o', 'Linear', { out_features: 2 }]]);
    doc = A.connect(doc, { source: 'data', sourcePort: 'x', target: 'add', targetPort: 'inputs' });
    expect(only(doc, 'shape_mismatch').message).toBe("Add 'add' cannot add tensors of shapes N×4 and N×2: they differ in dimension 1.");
  });

  it('unknown kind, invalid and duplicate names, wrong port kinds, dangling edges', () => {
    const doc = chainGraph(XOR, [['a', 'Linear', { out_features: 2 }]]);
    doc.nodes.push({ id: 'z', kind: 'Conv9d', name: 'z', params: {}, position: { x: 0, y: 0 } });
    expect(only(doc, 'unknown_kind').message).toBe('Node \'z\' has the unknown kind "Conv9d".');
    doc.nodes.pop();
    doc.nodes.find((n) => n.id === 'a')!.name = 'class';
    expect(only(doc, 'invalid_name').message).toBe("Linear node 'class' has an unusable name: 'class' is a Python keyword.");
    doc.nodes.find((n) => n.id === 'a')!.name = 'data';
    expect(only(doc, 'duplicate_name').message).toBe("Two nodes are named 'data'.");
    doc.nodes.find((n) => n.id === 'a')!.name = 'a';
    doc.edges.find((e) => e.target === 'a')!.sourcePort = 'y';
    expect(only(doc, 'port_kind').message).toBe("Dataset 'data' sends labels from 'y' but Linear 'a''s 'input' input expects a tensor.");
    doc.edges.find((e) => e.target === 'a')!.sourcePort = 'x';
    doc.edges.push({ id: 'ghost', source: 'nobody', sourcePort: 'output', target: 'a', targetPort: 'input' });
    expect(only(doc, 'bad_edge').edgeId).toBe('ghost');
  });

  it('warns about layers that are not on the path to the loss', () => {
    let doc = chainGraph(XOR, [['a', 'Linear', { out_features: 2 }]]);
    doc = A.addNode(doc, 'ReLU', { x: 0, y: 0 }, { id: 'r', name: 'r' });
    doc = A.connect(doc, { source: 'a', sourcePort: 'output', target: 'r', targetPort: 'input' });
    const a = validate(doc);
    expect(a.ok).toBe(true);
    expect(a.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'unused_node', nodeId: 'r' })]);
    expect(a.roles.model).toEqual(['a']);
  });

  it('a block must have one input and one output tensor, and hold only layers', () => {
    let doc = chainGraph(XOR, [['a', 'Linear', { out_features: 2 }], ['b', 'ReLU'], ['add', 'Add'], ['c', 'Linear', { out_features: 2 }]]);
    doc = A.connect(doc, { source: 'a', sourcePort: 'output', target: 'add', targetPort: 'inputs' });
    expect(validate(A.group(doc, ['b'], 'blk')).ok).toBe(true);
    const d = only(A.group(doc, ['a', 'b'], 'blk'), 'group_io');
    expect(d.message).toBe("Block 'blk' has 1 incoming and 2 outgoing tensors; a block becomes one module, so it needs exactly one of each.");
    expect(errorsOf(A.group(doc, ['loss'], 'blk2'), 'group_content')).toHaveLength(1);
  });

  it('never throws on broken documents', () => {
    const doc = chainGraph(XOR, [['a', 'Linear', { out_features: 2 }]]);
    (doc.nodes[1].params as Record<string, unknown>).out_features = { nested: [1] } as never;
    doc.nodes[0].params.dataset = 'nope';
    expect(() => validate(doc)).not.toThrow();
    expect(validate(doc).ok).toBe(false);
  });
});
