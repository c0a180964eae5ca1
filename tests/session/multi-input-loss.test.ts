// The session with losses that take several tensors (TripletMarginLoss, MarginRankingLoss) or ±1 targets: it trains,
// evaluates and inspects through Compiled.lossArgs; predictions fail with a clear message when there is nothing to
// predict, and work (on the first output) when the task measures an accuracy.
import { describe, expect, it } from 'vitest';
import '../../core/index.ts';
import { TrainingSession } from '../../core/session/session.ts';
import * as A from '../../core/graph/actions.ts';
import { chainGraph, lossGraph } from '../graph/helpers.ts';

const small = (doc: ReturnType<typeof chainGraph>) => A.setTraining(A.setParam(doc, 'data', 'samples', 40), { epochs: 2, batch_size: 8 });

async function loaded(doc: ReturnType<typeof chainGraph>) {
  const s = new TrainingSession();
  const info = await s.load(doc);
  expect(info.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(info.ok).toBe(true);
  return s;
}

describe('TrainingSession with multi-input losses', () => {
  it('TripletMarginLoss: steps, evaluates (no accuracy, no confusion), inspects, and predict explains why it has nothing to show', async () => {
    const s = await loaded(small(lossGraph('TripletMarginLoss', { dataset: { dataset: 'spirals' } })));
    const snap = await s.step();
    expect(Number.isFinite(snap.loss!)).toBe(true);
    const ev = await s.evaluate('test');
    expect(Number.isFinite(ev.loss)).toBe(true);
    expect(ev.accuracy).toBeNull();
    expect(ev.confusion).toBeNull();
    await expect(s.predict('test', [0, 1])).rejects.toThrow(
      "predict: there is no per-sample prediction to show: the model gives 3 tensors to TripletMarginLoss 'loss' (anchor, positive, negative) and the task measures no accuracy.");
    const traces = await s.inspect('test', 0);
    expect(traces.map((t) => t.path).sort()).toEqual(['act', 'b_negative', 'b_positive', 'fc', 'fc0']);
    expect(traces.every((t) => t.gradient !== null)).toBe(true);
  });

  it('MarginRankingLoss trains a whole run to the end with finite losses, its accuracy the share of pairs ordered right', async () => {
    const s = await loaded(small(lossGraph('MarginRankingLoss', { dataset: { dataset: 'xor' }, width: 1, params: { margin: 0.5 } })));
    await s.start();
    const end = await s.waitUntilIdle();
    expect(end.state).toBe('finished');
    expect(end.history).toHaveLength(2);
    for (const h of end.history) {
      expect(Number.isFinite(h.trainLoss)).toBe(true);
      expect(h.trainAccuracy).toBeGreaterThanOrEqual(0);
      expect(h.trainAccuracy).toBeLessThanOrEqual(1);
    }
    // predict(): class 1 where input1 beats input2, checked against evaluate()'s accuracy on the same split.
    const ev = await s.evaluate('test');
    const n = (s as unknown as { data: { test: { x: { shape: number[] } } } }).data.test.x.shape[0];
    const preds = await s.predict('test', Array.from({ length: n }, (_, i) => i));
    expect(preds.filter((p) => p.predicted === p.label).length / n).toBeCloseTo(ev.accuracy!, 12);
  });

  it('SoftMarginLoss (±1 targets): accuracy by sign, and predictions 0/1 from the score sign', async () => {
    const s = await loaded(small(chainGraph({ dataset: 'xor' }, [['fc0', 'Linear', { out_features: 5 }], ['act', 'Tanh'], ['fc', 'Linear', { out_features: 1 }]], 'SoftMarginLoss')));
    await s.step();
    const ev = await s.evaluate('test');
    expect(ev.accuracy).not.toBeNull();
    const preds = await s.predict('test', [0, 1, 2]);
    for (const p of preds) expect(p.predicted).toBe(p.output[0] > 0 ? 1 : 0);
  });
});

describe('TrainingSession with a node of several outputs (MaxPool2d indices → MaxUnpool2d)', () => {
  it('steps with activation and gradient statistics for the pool, and inspect traces it by its first output', async () => {
    let doc = chainGraph({ dataset: 'xor' }, [['fc', 'Linear', { out_features: 16 }], ['img', 'Unflatten', { dim: 1, unflattened_size: [1, 4, 4] }],
      ['pool', 'MaxPool2d', { kernel_size: 2, return_indices: true }], ['unpool', 'MaxUnpool2d', { kernel_size: 2 }],
      ['flat', 'Flatten'], ['head', 'Linear', { out_features: 2 }]]);
    doc = A.connect(doc, { source: 'pool', sourcePort: 'indices', target: 'unpool', targetPort: 'indices' });
    const s = await loaded(small(doc));
    const snap = await s.step();
    const pool = snap.layers.find((l) => l.path === 'pool')!;
    expect(pool.activation).not.toBeNull();
    expect(pool.activation!.numel).toBe(8 * 4);
    expect(pool.outputGradNorm).not.toBeNull();
    const traces = await s.inspect('test', 0);
    const t = traces.find((x) => x.path === 'pool')!;
    expect(t.shape).toEqual([1, 2, 2]);
    expect(t.gradient).not.toBeNull();
  });
});
