import { describe, it, expect } from 'vitest';
import { materializeDataset } from '../../core/session/dataset.ts';
import '../../core/index.ts';

const csvParams = { dataset: 'csv', path: 'flowers.csv', label_column: 'species', num_features: 2, num_classes: 2, label_format: 'index' };

function csv(): string {
  const rows = ['a,b,species'];
  for (let i = 0; i < 40; i++) rows.push(`${i % 7},${(i * 3) % 5},${i % 2 ? 'setosa' : 'virginica'}`);
  return rows.join('\n');
}

describe('session dataset', () => {
  it('keeps the real class names of a CSV and holds out a seeded validation split', () => {
    const d = materializeDataset(csvParams, { validation_split: 0.25, seed: 3 }, { csvText: csv() });
    expect(d.classNames).toEqual(['setosa', 'virginica']);
    expect(d.train.x.shape[0] + d.val!.x.shape[0]).toBe(32); // 80% of 40 for training, a quarter of that held out
    expect(d.val!.x.shape[0]).toBe(8);
    expect(d.test.x.shape[0]).toBe(8);
    const again = materializeDataset(csvParams, { validation_split: 0.25, seed: 3 }, { csvText: csv() });
    expect(again.val!.x.tolist()).toEqual(d.val!.x.tolist());
  });

  it('names MNIST classes by digit and says what is missing when the host has no asset', () => {
    expect(() => materializeDataset({ dataset: 'mnist', label_format: 'index' }, { validation_split: 0, seed: 0 }, {})).toThrow(/MNIST/);
  });
});
