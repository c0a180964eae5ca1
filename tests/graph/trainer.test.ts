// The batch step the CLI and the app share (trainBatch): no optimizer step when the loss or a gradient is not
// finite, and a report that says which; the epoch loss under reduction='sum'.
import { describe, expect, it } from 'vitest';
import '../../core/index.ts';
import { torch } from '../../core/index.ts';
import { compile } from '../../core/graph/compile.ts';
import { validate } from '../../core/graph/validate.ts';
import { loadDataset } from '../../core/graph/dataset-load.ts';
import { trainBatch, trainEpoch, evaluate, NonFiniteLossError, batchLossTotal } from '../../core/graph/trainer.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { chainGraph } from './helpers.ts';

const doc = chainGraph({ dataset: 'xor', samples: 64 }, [['fc1', 'Linear', { out_features: 4 }], ['act', 'Tanh'], ['fc2', 'Linear', { out_features: 2 }]], 'CrossEntropyLoss', 'SGD', { lr: 0.1 });
const data = () => loadDataset(validate(doc).nodes.data.params, {}, 0);
const weights = (c: ReturnType<typeof compile>) => [...c.model.state_dict().values()].map((t) => (t as Tensor).tolist());

describe('trainBatch', () => {
  it('steps the optimizer on a finite batch and counts the correct predictions', () => {
    const c = compile(doc);
    const d = data();
    const before = weights(c);
    c.model.train();
    const r = trainBatch(c, d.xTrain.narrow(0, 0, 8), d.yTrain.narrow(0, 0, 8));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(r.correct).toBeGreaterThanOrEqual(0);
    expect(r.correct).toBeLessThanOrEqual(8);
    expect(weights(c)).not.toEqual(before);
  });

  it('a gradient that is not finite: no step, and the report names the parameter', () => {
    const c = compile(doc);
    const d = data();
    const w = new Map(c.model.named_parameters()).get('fc1.weight') as Tensor;
    w.register_hook((g: Tensor) => g.mul(Number.NaN));
    const before = weights(c);
    let detached = 0;
    const r = trainBatch(c, d.xTrain.narrow(0, 0, 8), d.yTrain.narrow(0, 0, 8), () => { detached++; });
    expect(detached).toBe(1);
    expect(r).toMatchObject({ ok: false, report: { what: 'the gradient of fc1.weight is not finite', layer: null } });
    expect(weights(c)).toEqual(before);
    expect(() => trainEpoch(c, d.xTrain, d.yTrain, { batchSize: 8, seed: 0, epoch: 1 })).toThrow(NonFiniteLossError);
    expect(() => trainEpoch(c, d.xTrain, d.yTrain, { batchSize: 8, seed: 0, epoch: 1 }))
      .toThrow(/^Training stopped at epoch 1, step 1: the gradient of fc1\.weight is not finite\. Lower the learning rate/);
  });

  it('a loss that is not finite: no backward, no step, and the first non-finite layer', () => {
    const c = compile(doc);
    const d = data();
    torch.no_grad(() => (c.model.state_dict().get('fc1.weight') as Tensor).fill_(Number.POSITIVE_INFINITY));
    const before = weights(c);
    const r = trainBatch(c, d.xTrain.narrow(0, 0, 8), d.yTrain.narrow(0, 0, 8));
    expect(r).toMatchObject({ ok: false, report: { what: 'the loss became NaN', layer: "Linear 'fc1'" } });
    expect(weights(c)).toEqual(before);
  });

  it("reduction='sum': the epoch loss is the plain sum over batches divided by the samples, in training and evaluation", () => {
    const summed = chainGraph({ dataset: 'xor', samples: 64 }, [['fc1', 'Linear', { out_features: 2 }]], 'CrossEntropyLoss', 'SGD', { lr: 0.001 });
    summed.nodes.find((n) => n.id === 'loss')!.params.reduction = 'sum';
    const c = compile(summed);
    const d = data();
    expect(batchLossTotal(c, 12, 8)).toBe(12);
    expect(batchLossTotal(compile(doc), 1.5, 8)).toBe(12);
    const e = evaluate(c, d.xTest, d.yTest);
    // Oracle: the mean cross-entropy over the test set, computed directly.
    const direct = torch.no_grad(() => torch.nn.functional.cross_entropy(c.model.call(d.xTest) as Tensor, d.yTest).item());
    expect(e.loss).toBeCloseTo(direct, 5);
  });
});
