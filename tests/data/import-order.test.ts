// Imported data sorted by class (a CSV like iris) is shuffled with the training seed before the 80/20 split, so
// every split sees every class, and the generated PyTorch code reproduces exactly the same split.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../core/index.ts';
import { loadDataset, shuffledOrder } from '../../core/graph/dataset-load.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import { setTraining } from '../../core/graph/actions.ts';
import { chainGraph } from '../graph/helpers.ts';
import { requireTorch, runPython } from '../graph/torch.ts';

/** 3 classes × 20 rows, sorted by class, features that identify the row. */
function sortedCsv(): string {
  const rows = ['a,b,species'];
  for (const [k, name] of ['setosa', 'versicolor', 'virginica'].entries()) {
    for (let i = 0; i < 20; i++) rows.push(`${k * 100 + i},${(i * 7) % 13},${name}`);
  }
  return rows.join('\n') + '\n';
}

const params = (path: string) => ({ dataset: 'csv', path, label_column: 'species', num_features: 2, num_classes: 3, label_format: 'index' });

describe('imported data order', () => {
  it('shuffledOrder is a seeded permutation', () => {
    const a = Array.from(shuffledOrder(60, 5));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(Array.from(shuffledOrder(60, 5))).toEqual(a);
    expect(Array.from(shuffledOrder(60, 6))).not.toEqual(a);
    expect(a).not.toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('a CSV sorted by class gives every class to both splits, and the generated load_data() has the same tensors', () => {
    requireTorch();
    const dir = mkdtempSync(join(tmpdir(), 'ns-csv-order-'));
    const csv = join(dir, 'iris-like.csv');
    writeFileSync(csv, sortedCsv());
    const d = loadDataset(params(csv), { readText: () => sortedCsv() }, 3);
    expect(d.xTrain.shape).toEqual([48, 2]);
    expect(new Set(d.yTest.tolist() as number[]).size).toBe(3);
    expect(new Set(d.yTrain.tolist() as number[]).size).toBe(3);
    let doc = chainGraph(params(csv), [['fc', 'Linear', { out_features: 3 }]]);
    doc = setTraining(doc, { seed: 3 });
    writeFileSync(join(dir, 'model.py'), generate_pytorch(doc));
    const out = JSON.parse(runPython(`
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("generated", sys.argv[1] + "/model.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
print(json.dumps([t.tolist() for t in gen.load_data()]))
`, [dir])) as number[][][];
    const close = (a: unknown, b: unknown) => {
      const x = (a as number[][]).flat();
      const y = (b as number[][]).flat();
      expect(x.length).toBe(y.length);
      expect(Math.max(...x.map((v, i) => Math.abs(v - y[i])))).toBeLessThan(1e-5);
    };
    close(out[0], d.xTrain.tolist());
    expect(out[1]).toEqual(d.yTrain.tolist());
    close(out[2], d.xTest.tolist());
    expect(out[3]).toEqual(d.yTest.tolist());
  });
});
