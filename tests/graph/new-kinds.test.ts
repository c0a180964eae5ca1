// Conv3d, Embedding (with the tokens dataset), MaxPool2d(return_indices) + MaxUnpool2d: shapes against real
// PyTorch, the int64 rules and their messages, and the proof that generated PyTorch code reproduces our outputs.
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as A from '../../core/graph/actions.ts';
import { validate } from '../../core/graph/validate.ts';
import { getSpec, defaultParams, GraphIssue, type ValueInfo } from '../../core/graph/catalogue/index.ts';
import { pythonCall } from '../../core/graph/codegen.ts';
import { paramProblem } from '../../core/graph/params.ts';
import type { GraphDocument, ParamValue } from '../../core/graph/types.ts';
import { chainGraph, type Layer } from './helpers.ts';
import { proveAll } from './proof.ts';
import { requireTorch, runPython } from './torch.ts';

const errors = (doc: GraphDocument) => validate(doc).diagnostics.filter((d) => d.severity === 'error');

/** MNIST → Reshape [1, 1, 28, 28] (a volume of depth 1) → Conv3d(kernel (1, 3, 3)) → … → Linear. */
export function conv3dGraph(extra: Record<string, ParamValue> = {}): GraphDocument {
  return chainGraph({ dataset: 'mnist' }, [
    ['vol', 'Reshape', { shape: [1, 1, 28, 28] }], ['conv3', 'Conv3d', { out_channels: 4, kernel_size: [1, 3, 3], stride: [1, 2, 2], ...extra }],
    ['relu', 'ReLU'], ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }],
  ]);
}

/** MNIST → Conv → MaxPool2d(return_indices) ─output→ MaxUnpool2d → Conv → Flatten → Linear, indices wired across. */
export function unpoolGraph(pool: Record<string, ParamValue> = {}, unpool: Record<string, ParamValue> = {}): GraphDocument {
  let doc = chainGraph({ dataset: 'mnist' }, [
    ['conv1', 'Conv2d', { out_channels: 3, kernel_size: 3, padding: 1 }], ['pool', 'MaxPool2d', { kernel_size: 2, return_indices: true, ...pool }],
    ['unpool', 'MaxUnpool2d', { kernel_size: 2, ...unpool }], ['conv2', 'Conv2d', { out_channels: 2, kernel_size: 3 }],
    ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }],
  ]);
  doc = A.connect(doc, { source: 'pool', sourcePort: 'indices', target: 'unpool', targetPort: 'indices' });
  return doc;
}

/** tokens → Embedding → Flatten → Linear → ReLU → Linear → CrossEntropy. */
export function embeddingGraph(emb: Record<string, ParamValue> = {}, data: Record<string, ParamValue> = {}): GraphDocument {
  const layers: Layer[] = [['emb', 'Embedding', { embedding_dim: 4, ...emb }], ['flat', 'Flatten'], ['fc1', 'Linear', { out_features: 6 }], ['relu', 'ReLU'], ['fc2', 'Linear', { out_features: 3 }]];
  return chainGraph({ dataset: 'tokens', samples: 60, seq_len: 5, vocab: 20, classes: 3, ...data }, layers);
}

describe('Conv3d', () => {
  it('infers N×C×D×H×W and reads in_channels from the input', () => {
    const a = validate(conv3dGraph());
    expect(errors(conv3dGraph())).toEqual([]);
    expect(a.nodes.conv3.outputs.output.shape).toEqual([-1, 4, 1, 13, 13]);
    expect(a.nodes.conv3.params.in_channels).toBe(1);
    expect(a.nodes.conv3.parameters).toEqual({ weight: [4, 1, 1, 3, 3], bias: [4] });
  });

  it('on 4-D images says it needs a depth dimension and which Reshape adds it', () => {
    const doc = chainGraph({ dataset: 'mnist' }, [['c3', 'Conv3d', { kernel_size: [1, 3, 3] }], ['flat', 'Flatten'], ['fc', 'Linear']]);
    const e = errors(doc);
    expect(e.map((d) => d.code)).toEqual(['shape_mismatch']);
    expect(e[0].message).toBe("Conv3d 'c3' expects a batch of volumes N×C×D×H×W (channels, depth, height, width) but receives a 4-D tensor (N×1×28×28).");
    expect(e[0].fix).toContain('Reshape node with shape [1, 1, 28, 28]');
    expect(e[0].fix).toContain('depth dimension');
  });

  it('kernel_size takes one number or a triple; a pair is refused with a message naming the triple', () => {
    const k = getSpec('Conv3d')!.params.find((p) => p.name === 'kernel_size')!;
    expect(k.type).toBe('int3');
    expect(paramProblem(k, [1, 3, 3])).toBeNull();
    expect(paramProblem(k, 3)).toBeNull();
    expect(paramProblem(k, [3, 3])).toBe('must be a whole number or a triple [d, h, w], got [3,3]');
    expect(paramProblem(k, [1, 0, 3])).toBe('must be at least 1');
    const pad = getSpec('Conv3d')!.params.find((p) => p.name === 'padding')!;
    expect(paramProblem(pad, 'same')).toBeNull();
  });

  it('a kernel deeper than the volume is refused before PyTorch would be', () => {
    const e = errors(conv3dGraph({ kernel_size: 3 }));
    expect(e.map((d) => d.code)).toEqual(['kernel_too_large']);
    expect(e[0].message).toBe("Conv3d 'conv3' has a 3×3×3 kernel but its input is only 1×28×28.");
  });
});

describe('MaxPool2d return_indices and MaxUnpool2d', () => {
  it('the indices port exists only with return_indices, is int64 and has the output shape', () => {
    const a = validate(unpoolGraph());
    expect(errors(unpoolGraph())).toEqual([]);
    expect(a.nodes.pool.outputs.indices).toEqual({ shape: [-1, 3, 14, 14], dtype: 'int64', indexBound: 784 });
    expect(a.nodes.unpool.outputs.output.shape).toEqual([-1, 3, 28, 28]);
    const off = A.setParam(unpoolGraph(), 'pool', 'return_indices', false);
    expect(validate(off).nodes.pool.outputs.indices).toBeUndefined();
    expect(errors(off).map((d) => d.code)).toContain('hidden_port');
  });

  it('MaxUnpool2d refuses float indices, saying where indices come from', () => {
    let doc = unpoolGraph();
    const e0 = doc.edges.find((e) => e.sourcePort === 'indices')!;
    doc = A.disconnect(doc, [e0.id]);
    doc = A.connect(doc, { source: 'pool', sourcePort: 'output', target: 'unpool', targetPort: 'indices' });
    const e = errors(doc);
    expect(e.map((d) => d.code)).toEqual(['needs_indices']);
    expect(e[0].message).toBe("MaxUnpool2d 'unpool' puts each value back where its maximum came from, by integer position, but receives float activations from MaxPool2d 'pool'.");
    expect(e[0].port).toBe('indices');
  });

  it('indices fed to a float layer are refused: connect them only to a MaxUnpool2d', () => {
    let doc = unpoolGraph();
    doc = A.addNode(doc, 'ReLU', { x: 0, y: 0 }, { id: 'r', name: 'r' });
    doc = A.connect(doc, { source: 'pool', sourcePort: 'indices', target: 'r', targetPort: 'input' });
    const e = errors(doc).filter((d) => d.nodeId === 'r');
    expect(e.map((d) => d.code)).toEqual(['int64_input']);
    expect(e[0].message).toBe("ReLU 'r' computes with float numbers, but receives integer indices (its 'indices' output) from MaxPool2d 'pool'.");
    expect(e[0].fix).toBe("Connect 'indices' only to the 'indices' input of a MaxUnpool2d; feed this layer the 'output' of MaxPool2d 'pool' instead.");
  });

  it('an unpool that would not restore the pooled size is refused (PyTorch would misplace values or fail)', () => {
    // MaxPool2d(3, stride 2, padding 1): 28 → 14; MaxUnpool2d(3, 2, 1) by default rebuilds (14 − 1)·2 − 2 + 3 = 27.
    const e = errors(unpoolGraph({ kernel_size: 3, stride: 2, padding: 1 }, { kernel_size: 3, stride: 2, padding: 1 }));
    expect(e.map((d) => d.code)).toEqual(['shape_mismatch']);
    expect(e[0].message).toBe("MaxUnpool2d 'unpool' would rebuild 27×27 planes (729 positions), but its indices point into planes of 784 positions (the input of the MaxPool2d); PyTorch would put values in the wrong places or fail.");
  });

  it('indices of another size than the input are refused', () => {
    let doc = unpoolGraph();
    doc = A.addNode(doc, 'MaxPool2d', { x: 0, y: 0 }, { id: 'p2', name: 'p2', params: { kernel_size: 2 } });
    const e0 = doc.edges.find((e) => e.target === 'unpool' && e.targetPort === 'input')!;
    doc = A.disconnect(doc, [e0.id]);
    doc = A.connect(doc, { source: 'pool', sourcePort: 'output', target: 'p2', targetPort: 'input' });
    doc = A.connect(doc, { source: 'p2', sourcePort: 'output', target: 'unpool', targetPort: 'input' });
    const e = errors(doc);
    expect(e.map((d) => d.code)).toEqual(['shape_mismatch']);
    expect(e[0].message).toBe("MaxUnpool2d 'unpool' needs indices of the same shape as its input, but gets input N×3×7×7 and indices N×3×14×14.");
  });
});

describe('Embedding and the tokens dataset', () => {
  it('tokens are int64 with the vocabulary as bound; Embedding reads num_embeddings from it', () => {
    const a = validate(embeddingGraph());
    expect(errors(embeddingGraph())).toEqual([]);
    expect(a.nodes.data.outputs.x).toEqual({ shape: [-1, 5], dtype: 'int64', indexBound: 20 });
    expect(a.nodes.emb.outputs.output.shape).toEqual([-1, 5, 4]);
    expect(a.nodes.emb.params.num_embeddings).toBe(20);
    expect(a.nodes.emb.paramCount).toBe(80);
  });

  it('float activations into an Embedding: says it looks rows up by index and to connect a token Dataset', () => {
    const doc = chainGraph({ dataset: 'spirals' }, [['fc1', 'Linear', { out_features: 4 }], ['emb1', 'Embedding', { num_embeddings: 10 }], ['flat', 'Flatten'], ['fc2', 'Linear', { out_features: 3 }]]);
    const e = errors(doc);
    expect(e.map((d) => d.code)).toEqual(['needs_indices']);
    expect(e[0].message).toBe("Embedding 'emb1' looks up rows by integer index, but receives float activations from Linear 'fc1'.");
    expect(e[0].fix).toBe('Connect it directly to a Dataset of tokens (dataset: tokens), whose x holds integer indices.');
    expect(e[0].nodeId).toBe('emb1');
  });

  it('tokens into a float layer: says to put an Embedding first', () => {
    const doc = chainGraph({ dataset: 'tokens' }, [['fc1', 'Linear', { out_features: 3 }]]);
    const e = errors(doc);
    expect(e.map((d) => d.code)).toEqual(['int64_input']);
    expect(e[0].message).toBe("Linear 'fc1' computes with float numbers, but receives integer token indices from Dataset 'data'.");
    expect(e[0].fix).toBe("Put an Embedding first: connect Dataset 'data' to an Embedding, and the Embedding's output here. It turns each token into a learned vector.");
  });

  it('sparse gradients, too few rows and a padding_idx outside the table are explained', () => {
    const sparse = errors(embeddingGraph({ sparse: true }));
    expect(sparse.map((d) => d.param)).toEqual(['sparse']);
    expect(sparse[0].message).toContain('sparse gradients are not supported');
    const few = errors(embeddingGraph({ num_embeddings: 12 }));
    expect(few.map((d) => d.code)).toEqual(['shape_mismatch']);
    expect(few[0].message).toBe("Embedding 'emb' has 12 rows but receives tokens up to 19 (a vocabulary of 20); a larger index has no row to look up.");
    expect(few[0].fix).toBe("Set num_embeddings to at least 20, or 'auto'.");
    expect(errors(embeddingGraph({ num_embeddings: 30 }))).toEqual([]);
    const pad = errors(embeddingGraph({ padding_idx: 20 }));
    expect(pad.map((d) => d.param)).toEqual(['padding_idx']);
    expect(errors(embeddingGraph({ padding_idx: -20 }))).toEqual([]);
  });

  it('more samples than the generators make are refused before loading', () => {
    const e = errors(embeddingGraph({}, { samples: 1_000_000, seq_len: 100 }));
    expect(e.map((d) => d.param)).toEqual(['samples']);
    expect(e[0].message).toBe("Dataset 'data': tokens makes at most 500,000 samples of 100 tokens (50 million tokens in all), but samples is 1,000,000.");
    expect(errors(embeddingGraph({}, { samples: 500_000, seq_len: 100 }))).toEqual([]);
  });

  it('a token dataset with more classes than words is refused', () => {
    const e = errors(embeddingGraph({}, { classes: 5, vocab: 4 }));
    expect(e.map((d) => d.param)).toEqual(['vocab']);
  });
});

/** digit_strings → convs → N×11×1×56 → Reshape [11, 56] → Permute (2, 0, 1) → LogSoftmax(dim 2) → CTCLoss. */
export function ctcGraph(): GraphDocument {
  let doc = chainGraph({ dataset: 'digit_strings', samples: 40 }, [
    ['conv1', 'Conv2d', { out_channels: 4, kernel_size: 3, padding: 1 }], ['relu1', 'ReLU'], ['pool1', 'MaxPool2d', { kernel_size: 2 }],
    ['conv2', 'Conv2d', { out_channels: 11, kernel_size: [14, 3], padding: [0, 1] }],
    ['seq', 'Reshape', { shape: [11, 56] }], ['perm', 'Permute', { dims: [2, 0, 1] }], ['logp', 'LogSoftmax', { dim: 2 }],
  ]);
  doc = A.removeNodes(doc, ['loss']);
  doc = A.addNode(doc, 'CTCLoss', { x: 0, y: 0 }, { id: 'loss', name: 'loss' });
  doc = A.connect(doc, { source: 'logp', sourcePort: 'output', target: 'loss', targetPort: 'log_probs' });
  doc = A.connect(doc, { source: 'data', sourcePort: 'y', target: 'loss', targetPort: 'targets' });
  return A.connect(doc, { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' });
}

describe('Permute', () => {
  it('moves the batch dimension like x.permute: N×C×T → T×N×C for CTC', () => {
    const a = validate(ctcGraph());
    expect(errors(ctcGraph())).toEqual([]);
    expect(a.nodes.perm.outputs.output.shape).toEqual([56, -1, 11]);
  });

  it('dims that are not a reordering of the input dimensions are refused, naming them', () => {
    const doc = chainGraph({ dataset: 'spirals' }, [['fc', 'Linear', { out_features: 3 }], ['perm', 'Permute', { dims: [2, 0, 1] }]]);
    const e = errors(doc);
    expect(e.map((d) => d.code)).toEqual(['invalid_param']);
    expect(e[0].message).toBe("Permute 'perm' receives a 2-D tensor (N×3), so dims must list each of 0, 1 exactly once, but it is (2, 0, 1).");
    expect(e[0].param).toBe('dims');
  });

  it('equals torch.permute on several shapes, negative dims included', () => {
    requireTorch();
    const cases: Array<[number[], number[]]> = [[[2, 3, 4], [2, 0, 1]], [[2, 3, 4, 5], [0, 3, -3, 2]], [[4, 5], [1, 0]]];
    const spec = getSpec('Permute')!;
    const mine = cases.map(([shape, dims]) => {
      const params = { dims };
      return spec.infer({ node: { id: 'n', kind: 'Permute', name: 'n', params, position: { x: 0, y: 0 } }, params, inputs: { input: [{ shape }] }, label: "Permute 'n'" }).outputs.output.shape;
    });
    const theirs = JSON.parse(runPython(`
import json, sys, torch
print(json.dumps([list(torch.zeros(s).permute(*d).shape) for s, d in json.loads(sys.argv[1])]))
`, [JSON.stringify(cases)])) as number[][];
    expect(mine).toEqual(theirs);
  });
});

describe('shape rules equal real PyTorch', () => {
  type Case = [kind: string, params: Record<string, ParamValue>, inputs: Record<string, ValueInfo>];
  const CASES: Case[] = [
    ['Embedding', { num_embeddings: 30, embedding_dim: 7 }, { input: { shape: [2, 5], dtype: 'int64' } }],
    ['Embedding', { num_embeddings: 30, embedding_dim: 3, padding_idx: 0, max_norm: 1.5 }, { input: { shape: [2, 4, 3], dtype: 'int64' } }],
    ['MaxUnpool2d', { kernel_size: 2 }, { input: { shape: [2, 3, 7, 7] }, indices: { shape: [2, 3, 7, 7], dtype: 'int64' } }],
    ['MaxUnpool2d', { kernel_size: 3, stride: 2, padding: 1 }, { input: { shape: [2, 3, 5, 4] }, indices: { shape: [2, 3, 5, 4], dtype: 'int64' } }],
    ['MaxUnpool2d', { kernel_size: [2, 3], stride: [1, 2] }, { input: { shape: [1, 2, 4, 6] }, indices: { shape: [1, 2, 4, 6], dtype: 'int64' } }],
  ];
  it('Embedding (int64 input of any shape) and MaxUnpool2d (default output size)', () => {
    requireTorch();
    const mine = CASES.map(([kind, p, inputs]) => {
      const spec = getSpec(kind)!;
      const params = { ...defaultParams(spec), ...p };
      const r = spec.infer({ node: { id: 'n', kind, name: 'n', params, position: { x: 0, y: 0 } }, params, inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, [v]])), label: `${kind} 'n'` });
      const resolved = { ...params, ...(r.resolved ?? {}) };
      return { shape: r.outputs.output.shape, ctor: `nn.${pythonCall(spec.module!(resolved))}`, input: inputs.input.shape };
    });
    const dir = mkdtempSync(join(tmpdir(), 'ns-newkinds-'));
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(mine));
    const out = JSON.parse(runPython(`
import json, sys, torch
from torch import nn
res = []
for c in json.load(open(sys.argv[1])):
    layer = eval(c["ctor"])
    if isinstance(layer, nn.Embedding):
        y = layer(torch.randint(0, layer.num_embeddings, c["input"]))
    else:
        # Indices that MaxUnpool2d accepts: pool an input of the size it will produce.
        k, s, p = layer.kernel_size, layer.stride, layer.padding
        size = [(c["input"][2 + i] - 1) * s[i] - 2 * p[i] + k[i] for i in range(2)]
        x, idx = nn.functional.max_pool2d(torch.randn(*c["input"][:2], *size), k, s, p, return_indices=True)
        assert list(x.shape) == c["input"], (list(x.shape), c["input"])
        y = layer(x, idx)
    res.append({"shape": list(y.shape), "params": sum(q.numel() for q in layer.parameters())})
print(json.dumps(res))
`, [join(dir, 'cases.json')])) as Array<{ shape: number[]; params: number }>;
    mine.forEach((m, i) => expect(out[i].shape, m.ctor).toEqual(m.shape));
    expect(mine[1].ctor).toBe('nn.Embedding(30, 3, padding_idx=0, max_norm=1.5)');
  });

  it('refusals are GraphIssues, not crashes', () => {
    const spec = getSpec('Embedding')!;
    const params = { ...defaultParams(spec), sparse: true };
    expect(() => spec.infer({ node: { id: 'n', kind: 'Embedding', name: 'n', params, position: { x: 0, y: 0 } }, params, inputs: { input: [{ shape: [2, 3], dtype: 'int64' }] }, label: "Embedding 'n'" }))
      .toThrow(GraphIssue);
  });
});

describe('generated PyTorch reproduces our outputs with our weights', () => {
  it('Conv3d, MaxPool2d(return_indices) → MaxUnpool2d, Embedding, Permute and CTC', () => {
    requireTorch();
    proveAll([
      ['conv3d (1,3,3)', conv3dGraph()],
      ['conv3d same groups', chainGraph({ dataset: 'mnist' }, [['vol', 'Reshape', { shape: [2, 2, 14, 14] }],
        ['c3', 'Conv3d', { out_channels: 4, kernel_size: [2, 3, 3], padding: 'same', groups: 2, bias: false }], ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]])],
      ['conv3d padding_mode dilation', chainGraph({ dataset: 'mnist' }, [['vol', 'Reshape', { shape: [1, 4, 14, 14] }],
        ['c3', 'Conv3d', { out_channels: 2, kernel_size: [2, 3, 3], padding: [1, 2, 2], dilation: [1, 2, 2], padding_mode: 'circular' }], ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]])],
      ['conv3d reflect', chainGraph({ dataset: 'mnist' }, [['vol', 'Reshape', { shape: [1, 4, 14, 14] }],
        ['c3', 'Conv3d', { out_channels: 2, kernel_size: 3, padding: 1, padding_mode: 'reflect' }], ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]])],
      ['conv3d replicate strided', chainGraph({ dataset: 'mnist' }, [['vol', 'Reshape', { shape: [1, 4, 14, 14] }],
        ['c3', 'Conv3d', { out_channels: 2, kernel_size: [2, 3, 3], stride: [1, 2, 3], padding: [1, 1, 2], padding_mode: 'replicate' }], ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]])],
      ['unpool', unpoolGraph()],
      ['unpool padded', unpoolGraph({ kernel_size: 3, stride: 3, padding: 1 }, { kernel_size: 3, stride: 3, padding: 1 })],
      ['embedding', embeddingGraph()],
      ['embedding padding max_norm', embeddingGraph({ padding_idx: 1, max_norm: 1.0, scale_grad_by_freq: true, num_embeddings: 25 })],
      ['ctc over digit strings (Permute)', ctcGraph()],
      ['permute inside a conv net', chainGraph({ dataset: 'mnist' }, [['perm', 'Permute', { dims: [0, 1, 3, 2] }], ['conv', 'Conv2d', { out_channels: 2, kernel_size: [3, 5] }], ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]])],
    ]);
  });
});
