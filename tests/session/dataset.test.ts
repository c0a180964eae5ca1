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
  it('keeps the real class names of a CSV and holds out the last samples for validation, as the CLI and generated code do', () => {
    const d = materializeDataset(csvParams, { validation_split: 0.25, seed: 3 }, { csvText: csv() });
    expect(d.classNames).toEqual(['setosa', 'virginica']);
    expect(d.train.x.shape[0] + d.val!.x.shape[0]).toBe(32); // 80% of 40 for training, a quarter of that held out
    expect(d.val!.x.shape[0]).toBe(8);
    expect(d.test.x.shape[0]).toBe(8);
    // Python: x_train[:-n_val], x_train[-n_val:] with n_val = int(len(x_train) * VALIDATION_SPLIT).
    const all = materializeDataset(csvParams, { validation_split: 0, seed: 3 }, { csvText: csv() });
    expect(all.val).toBeNull();
    expect(d.val!.x.tolist()).toEqual(all.train.x.narrow(0, 24, 8).tolist());
    expect(d.train.x.tolist()).toEqual(all.train.x.narrow(0, 0, 24).tolist());
    expect(d.val!.y.tolist()).toEqual(all.train.y.narrow(0, 24, 8).tolist());
    // int(32 · 0.02) = 0: no validation data, as in Python.
    expect(materializeDataset(csvParams, { validation_split: 0.02, seed: 3 }, { csvText: csv() }).val).toBeNull();
  });

  it('names MNIST classes by digit and says what is missing when the host has no asset', () => {
    expect(() => materializeDataset({ dataset: 'mnist', label_format: 'index' }, { validation_split: 0, seed: 0 }, {})).toThrow(/MNIST/);
  });
});
