// Losses with several inputs, ±1 targets and padded class indices: their diagnostics, target plans, the model's
// tuple of outputs and the argument order the trainers use. Expected values are hand-computed from PyTorch's docs.
import { describe, expect, it } from 'vitest';
import * as A from '../../core/graph/actions.ts';
import { torch } from '../../core/index.ts';
import { validate } from '../../core/graph/validate.ts';
import { buildPlan } from '../../core/graph/plan.ts';
import { compile } from '../../core/graph/compile.ts';
import { countCorrect, evaluate, trainEpoch } from '../../core/graph/trainer.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import type { Diagnostic, GraphDocument } from '../../core/graph/types.ts';
import { chainGraph, lossGraph, type Layer } from './helpers.ts';

const XOR = { dataset: 'xor' };
const errors = (doc: GraphDocument) => validate(doc).diagnostics.filter((d) => d.severity === 'error');
const only = (doc: GraphDocument): Diagnostic => {
  const e = errors(doc);
  expect(e.map((d) => `${d.code}: ${d.message}`)).toHaveLength(1);
  return e[0];
};
const ints = (t: Tensor) => t.tolist() as unknown;
const head = (n: number): Layer[] => [['fc0', 'Linear', { out_features: 5 }], ['act', 'Tanh'], ['fc', 'Linear', { out_features: n }]];

describe('±1 targets (HingeEmbedding, SoftMargin, MarginRanking, CosineEmbedding)', () => {
  it('2-class index labels become 2y − 1, as a column when the prediction is N×1', () => {
    const c = compile(chainGraph(XOR, head(1), 'SoftMarginLoss'));
    expect(c.target).toEqual({ transform: 'sign_column', accuracy: 'sign' });
    const t = c.toTarget(Tensor._fromArray(new Float64Array([0, 1, 1]), [3], 'int64'));
    expect(t.dtype).toBe('float32');
    expect(t.tolist()).toEqual([[-1], [1], [1]]);
    // accuracy 'sign': output > 0 agrees with target > 0 → outputs (−2, 3, −1) against labels (0, 1, 1) get 2 right.
    const out = Tensor._fromArray(new Float32Array([-2, 3, -1]), [3, 1], 'float32');
    expect(countCorrect(c, [out], Tensor._fromArray(new Float64Array([0, 1, 1]), [3], 'int64'))).toBe(2);
  });

  it('a 1-D ±1 target where the loss wants one (CosineEmbedding: target N for N×D inputs)', () => {
    const c = compile(lossGraph('CosineEmbeddingLoss', { dataset: XOR, width: 4 }));
    expect(c.target.transform).toBe('sign');
    expect(c.toTarget(Tensor._fromArray(new Float64Array([1, 0]), [2], 'int64')).tolist()).toEqual([1, -1]);
  });

  it('refuses regression, one-hot and more-than-2-class labels with a fix', () => {
    let d = only(chainGraph({ dataset: 'sine' }, head(1), 'HingeEmbeddingLoss'));
    expect(d.message).toBe("HingeEmbeddingLoss 'loss' needs yes/no labels (2 classes) to use as +1 / −1 targets, but the dataset has numeric (regression) targets.");
    expect(d.port).toBe('target');
    d = only(chainGraph({ dataset: 'xor', label_format: 'one_hot' }, head(1), 'SoftMarginLoss'));
    expect(d.message).toBe("SoftMarginLoss 'loss' needs class indices (2 classes) to turn into +1 / −1 targets, but the dataset gives one-hot labels.");
    expect(d.fix).toBe("Set the Dataset's label_format to 'index'.");
    d = only(chainGraph({ dataset: 'spirals' }, head(1), 'SoftMarginLoss'));
    expect(d.message).toBe("SoftMarginLoss 'loss' compares against +1 / −1 targets, so it needs 2-class labels, but the dataset has 3 classes.");
  });

  it('wants one value per sample', () => {
    const d = only(chainGraph(XOR, head(3), 'SoftMarginLoss'));
    expect(d.message).toBe("SoftMarginLoss 'loss' needs one value per sample (N×1) on its 'input' input but receives N×3.");
    expect(d.fix).toBe('Set out_features of the Linear layer feeding it to 1.');
  });

  it('MarginRankingLoss: two N×1 scores of the same shape; the model returns both, in port order', () => {
    const doc = lossGraph('MarginRankingLoss', { dataset: XOR, width: 1 });
    const a = validate(doc);
    expect(a.ok).toBe(true);
    expect(a.target).toEqual({ transform: 'sign_column', accuracy: 'rank' });
    expect(a.roles.model.sort()).toEqual(['act', 'b_input2', 'fc', 'fc0']);
    // accuracy 'rank': the pair is ordered right when input1 − input2 has the sign of 2y − 1.
    // (3, 1) y=1 ✓, (0, 2) y=1 ✗, (−1, 4) y=0 ✓, (5, 5) y=0: a tie is not > 0, so it counts for class 0 ✓ → 3.
    const c = compile(doc);
    const x1 = Tensor._fromArray(new Float32Array([3, 0, -1, 5]), [4, 1], 'float32');
    const x2 = Tensor._fromArray(new Float32Array([1, 2, 4, 5]), [4, 1], 'float32');
    expect(countCorrect(c, [x1, x2], Tensor._fromArray(new Float64Array([1, 1, 0, 0]), [4], 'int64'))).toBe(3);
    const plan = buildPlan(doc, a);
    expect(plan.sequential).toBe(false);
    expect(plan.outputs).toEqual(['fc', 'b_input2']);
    const bad = only(lossGraph('MarginRankingLoss', { dataset: XOR, width: 1, widths: { input2: 2 } }));
    expect(bad.message).toBe("MarginRankingLoss 'loss' needs 'input1' and 'input2' of the same shape, but receives N×1 and N×2.");
    expect(bad.port).toBe('input2');
  });

  it('CosineEmbeddingLoss: two N×D embeddings of the same shape, a 1-D ±1 target', () => {
    const a = validate(lossGraph('CosineEmbeddingLoss', { dataset: XOR, width: 4 }));
    expect(a.ok).toBe(true);
    expect(a.target).toEqual({ transform: 'sign', accuracy: 'none' });
    const bad = only(lossGraph('CosineEmbeddingLoss', { dataset: XOR, width: 4, widths: { input2: 3 } }));
    expect(bad.message).toBe("CosineEmbeddingLoss 'loss' needs 'input1' and 'input2' of the same shape, but receives N×4 and N×3.");
  });
});

describe('TripletMarginLoss (no labels)', () => {
  it('three equal N×D embeddings, no target, no accuracy; the Dataset y stays unconnected', () => {
    const doc = lossGraph('TripletMarginLoss', { dataset: { dataset: 'spirals' } });
    expect(doc.edges.some((e) => e.sourcePort === 'y')).toBe(false);
    const a = validate(doc);
    expect(a.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(a.target).toEqual({ transform: 'none', accuracy: 'none' });
    const c = compile(doc);
    expect(c.lossInputs).toEqual(['anchor', 'positive', 'negative']);
    const outs = c.outputsOf(c.model.call(torch.randn([4, 2])));
    expect(outs.map((t) => t.shape)).toEqual([[4, 3], [4, 3], [4, 3]]);
    const labels = Tensor._fromArray(new Float64Array([0, 1, 2, 0]), [4], 'int64');
    expect(c.lossArgs(outs, labels)).toEqual(outs);
  });

  it('refuses unequal or non-vector embeddings', () => {
    let d = only(lossGraph('TripletMarginLoss', { dataset: { dataset: 'spirals' }, widths: { negative: 2 } }));
    expect(d.message).toBe("TripletMarginLoss 'loss' needs 'anchor' and 'negative' of the same shape, but receives N×3 and N×2.");
    expect(d.fix).toBe('Give the branches the same embedding size (the same out_features on their last Linear layers).');
    const doc = lossGraph('TripletMarginLoss', { dataset: { dataset: 'mnist' }, head: [['conv', 'Conv2d', { out_channels: 2, kernel_size: 3 }]] });
    d = errors(doc).find((e) => e.code === 'loss_input')!;
    expect(d.message).toBe("TripletMarginLoss 'loss' needs a batch of embedding vectors N×D on 'anchor' but receives N×2×26×3.");
  });

  it('trains and evaluates through the trainer (loss goes down on a fixed batch, accuracy is null)', () => {
    const c = compile(lossGraph('TripletMarginLoss', { dataset: { dataset: 'spirals' }, params: { margin: 2 } }));
    torch.manual_seed(5);
    const x = torch.randn([16, 2]);
    const y = torch.randint(0, 3, [16]);
    const before = evaluate(c, x, y);
    for (let e = 1; e <= 5; e++) trainEpoch(c, x, y, { batchSize: 16, seed: 0, epoch: e });
    const after = evaluate(c, x, y);
    expect(before.accuracy).toBeNull();
    expect(after.loss).toBeLessThan(before.loss);
  });
});

describe('GaussianNLLLoss', () => {
  it('var after target in the call: lossArgs builds (input, target, var) from port order', () => {
    const c = compile(lossGraph('GaussianNLLLoss', { dataset: { dataset: 'sine' }, width: 1 }));
    expect(c.lossInputs).toEqual(['input', 'var']);
    const mean = torch.randn([3, 1]);
    const v = torch.rand([3, 1]);
    const y = torch.randn([3, 1]);
    const args = c.lossArgs([mean, v], y);
    expect(args[0]).toBe(mean);
    expect(args[1]).toBe(y);
    expect(args[2]).toBe(v);
  });

  it('needs regression labels and a var of the input shape or with last dim 1', () => {
    let d = only(lossGraph('GaussianNLLLoss', { dataset: XOR, width: 1 }));
    expect(d.message).toBe("GaussianNLLLoss 'loss' needs numeric (regression) targets, but the dataset has 2 classes.");
    d = only(lossGraph('GaussianNLLLoss', { dataset: { dataset: 'sine' }, width: 1, widths: { var: 2 } }));
    expect(d.message).toBe("GaussianNLLLoss 'loss' needs var shaped like its input (N×1) or with one value per sample (N×1), but var is N×2.");
    expect(d.port).toBe('var');
  });

  it('warns when var may be negative, not when it comes from a Softplus', () => {
    const warn = (doc: GraphDocument) => validate(doc).diagnostics.filter((x) => x.severity === 'warning' && x.port === 'var');
    const raw = warn(lossGraph('GaussianNLLLoss', { dataset: { dataset: 'sine' }, width: 1, rawVar: true }));
    expect(raw.map((x) => x.message)).toEqual(["The var input of GaussianNLLLoss 'loss' does not come from an activation that keeps it positive (Softplus, Sigmoid, ReLU); PyTorch stops with an error as soon as a variance is negative."]);
    expect(raw[0].fix).toBe('Add a Softplus before the var input.');
    expect(warn(lossGraph('GaussianNLLLoss', { dataset: { dataset: 'sine' }, width: 1 }))).toEqual([]);
  });
});

describe('MultiLabelMarginLoss', () => {
  it('index labels → [y, −1, …] (int64), accuracy by argmax', () => {
    const c = compile(chainGraph({ dataset: 'spirals' }, head(3), 'MultiLabelMarginLoss'));
    expect(c.target).toEqual({ transform: 'margin_indices', accuracy: 'argmax' });
    const t = c.toTarget(Tensor._fromArray(new Float64Array([2, 0]), [2], 'int64'));
    expect(t.dtype).toBe('int64');
    expect(ints(t)).toEqual([[2, -1, -1], [0, -1, -1]]);
  });

  it('one-hot / multi-hot labels → the positions of the ones, padded with −1; no accuracy', () => {
    const c = compile(chainGraph({ dataset: 'spirals', label_format: 'one_hot' }, head(3), 'MultiLabelMarginLoss'));
    expect(c.target).toEqual({ transform: 'margin_indices', accuracy: 'none' });
    const t = c.toTarget(Tensor._fromArray(new Float32Array([0, 1, 1, 1, 0, 0]), [2, 3], 'float32'));
    expect(ints(t)).toEqual([[1, 2, -1], [0, -1, -1]]);
  });

  it('refuses regression labels and a wrong number of scores', () => {
    let d = only(chainGraph({ dataset: 'sine' }, head(1), 'MultiLabelMarginLoss'));
    expect(d.message).toBe("MultiLabelMarginLoss 'loss' needs class labels, but the dataset has numeric (regression) targets.");
    d = only(chainGraph({ dataset: 'spirals' }, head(4), 'MultiLabelMarginLoss'));
    expect(d.message).toBe("MultiLabelMarginLoss 'loss' needs one score per class (N×3) but receives N×4.");
    expect(d.fix).toBe('Flatten and set out_features of the last Linear layer to 3.');
  });
});

describe('loss ports', () => {
  it('a multi-input loss with one input left open reports that port', () => {
    const doc = A.disconnect(lossGraph('CosineEmbeddingLoss', { dataset: XOR }), [
      lossGraph('CosineEmbeddingLoss', { dataset: XOR }).edges.find((e) => e.target === 'loss' && e.targetPort === 'input2')!.id]);
    const d = errors(doc).find((e) => e.code === 'missing_input')!;
    expect(d.message).toBe("CosineEmbeddingLoss 'loss' has nothing connected to its 'input2' input.");
  });

  it('single-output models stay exactly as before (Sequential, a tensor out, not an array)', () => {
    const c = compile(chainGraph(XOR, [['fc', 'Linear', { out_features: 2 }]]));
    expect(c.model.constructor.name).toBe('Sequential');
    const out = c.model.call(torch.randn([2, 2]));
    expect(out).toBeInstanceOf(Tensor);
    expect(c.outputsOf(out)).toEqual([out]);
  });
});
