// Sequence labels (digit_strings, for CTCLoss) in the session's previews, and which graphs need the MNIST asset.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import '../../core/index.ts';
import { TrainingSession } from '../../core/session/session.ts';
import { graphUsesMnistAsset } from '../../core/graph/datasets.ts';
import { parseGraph } from '../../core/graph/schema.ts';

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../assets/examples/${name}.json`, import.meta.url), 'utf8'));
const mnist = () => new Uint8Array(readFileSync(fileURLToPath(new URL('../../assets/datasets/mnist-10k.bin', import.meta.url))));

describe('sequence labels', () => {
  it('samples() shows each digit string as its text, read back from the padded label rows', async () => {
    const s = new TrainingSession();
    const info = await s.load(example('digit-strings-ctc'), { mnist: mnist() });
    expect(info.ok).toBe(true);
    const picked = await s.samples('train', [0, 1, 2, 3, 4, 5]);
    expect(picked.labelTexts).toHaveLength(6);
    // The oracle: the raw label rows (digit d stored as d + 1, 0 pads), decoded by hand here.
    const y = (s as unknown as { data: { train: { y: { _values(): number[]; shape: number[] } } } }).data.train.y;
    const len = y.shape[1];
    const raw = y._values();
    for (let k = 0; k < 6; k++) {
      const row = raw.slice(k * len, (k + 1) * len);
      const digits = row.filter((v) => v > 0).map((v) => String(v - 1)).join('');
      expect(digits.length).toBeGreaterThanOrEqual(1);
      expect(picked.labelTexts![k]).toBe(digits);
      expect(picked.labels[k]).toBe(row[0] - 1);
    }
  });

  it('predict() reads each digit string greedily and compares it with the true string', async () => {
    const s = new TrainingSession();
    expect((await s.load(example('digit-strings-ctc'), { mnist: mnist() })).ok).toBe(true);
    for (let i = 0; i < 3; i++) await s.step();
    const idx = Array.from({ length: 40 }, (_, i) => i);
    const preds = await s.predict('test', idx);
    const truth = await s.samples('test', idx);
    expect(preds.map((p) => p.index)).toEqual(idx);
    preds.forEach((p, k) => {
      expect(p.labelText).toBe(truth.labelTexts![k]);
      expect(p.predictedText).toMatch(/^\d*$/);
      expect(p.correct).toBe(p.predictedText === p.labelText);
      expect(p.output).toEqual([]);
    });
    // Over the whole test split the exact readings are evaluate()'s whole-sequence accuracy.
    const ev = await s.evaluate('test');
    expect(ev.confusion).toBeNull();
    const nTest = (s as unknown as { data: { test: { x: { shape: number[] } } } }).data.test.x.shape[0];
    const all = await s.predict('test', Array.from({ length: nTest }, (_, i) => i));
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((p) => p.correct).length / all.length).toBeCloseTo(ev.accuracy!, 12);
  });

  it('classification datasets keep class indices and no label texts', async () => {
    const s = new TrainingSession();
    expect((await s.load(example('spirals-mlp'))).ok).toBe(true);
    const picked = await s.samples('train', [0, 1]);
    expect(picked.labelTexts).toBeUndefined();
    expect(picked.labels.every((l) => Number.isInteger(l))).toBe(true);
  });
});

describe('graphUsesMnistAsset', () => {
  const withData = (params: Record<string, unknown>) => ({ nodes: [{ id: 'd', kind: 'Dataset', name: 'data', params, position: { x: 0, y: 0 } }] });
  it('is true for MNIST (also by default) and digit strings, false for other data and non-graphs', () => {
    expect(graphUsesMnistAsset(withData({ dataset: 'mnist' }))).toBe(true);
    expect(graphUsesMnistAsset(withData({}))).toBe(true);
    expect(graphUsesMnistAsset(withData({ dataset: 'digit_strings' }))).toBe(true);
    expect(graphUsesMnistAsset(withData({ dataset: 'tokens' }))).toBe(false);
    expect(graphUsesMnistAsset(withData({ dataset: 'nope' }))).toBe(false);
    expect(graphUsesMnistAsset(null)).toBe(false);
    expect(graphUsesMnistAsset({ nodes: 'x' })).toBe(false);
    expect(graphUsesMnistAsset(parseGraph(example('lenet5-mnist')).doc)).toBe(true);
    expect(graphUsesMnistAsset(parseGraph(example('digit-strings-ctc')).doc)).toBe(true);
    expect(graphUsesMnistAsset(parseGraph(example('embedding-tokens')).doc)).toBe(false);
  });
});
