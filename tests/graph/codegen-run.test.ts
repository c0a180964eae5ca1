// The generated file is a working PyTorch program: run as a script it trains (synthetic data needs no download) and
// saves weights that our model loads back; imported, it does not start training.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseGraph } from '../../core/graph/schema.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import { compile } from '../../core/graph/compile.ts';
import { load } from '../../core/serialize/index.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { PYTHON, requireTorch } from './torch.ts';
import * as A from '../../core/graph/actions.ts';
import { lossGraph } from './helpers.ts';
import type { GraphDocument } from '../../core/graph/types.ts';

const example = (name: string) => parseGraph(readFileSync(new URL(`../../assets/examples/${name}.json`, import.meta.url), 'utf8')).doc;

describe('generated training script', () => {
  for (const name of ['xor-mlp', 'spirals-mlp', 'moons-bce', 'sine-regression']) {
    it(`${name}: python model.py trains and its weights load into our model`, () => {
      requireTorch();
      const doc = example(name);
      const dir = mkdtempSync(join(tmpdir(), `ns-run-${name}-`));
      writeFileSync(join(dir, 'model.py'), generate_pytorch(doc));
      const imported = spawnSync(PYTHON, ['-c', 'import model; print("imported")'], { cwd: dir, encoding: 'utf8' });
      expect(imported.stdout.trim(), imported.stderr).toBe('imported');
      expect(existsSync(join(dir, 'weights.pt'))).toBe(false);
      const r = spawnSync(PYTHON, ['model.py'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`epoch ${doc.training.epochs}/${doc.training.epochs}: loss \\d+\\.\\d{4}`));
      if (name === 'sine-regression') {
        // Regression: no accuracy, and the fit must be close (the noise alone gives an MSE of 0.01).
        const loss = /test loss ([\d.]+)$/m.exec(r.stdout);
        expect(loss, r.stdout).not.toBeNull();
        expect(Number(loss![1])).toBeLessThan(0.05);
      } else {
        const acc = /test loss [\d.]+, test accuracy ([\d.]+)%/.exec(r.stdout);
        expect(acc, r.stdout).not.toBeNull();
        expect(Number(acc![1])).toBeGreaterThan(75);
      }
      const sd = load(new Uint8Array(readFileSync(join(dir, 'weights.pt')))) as Map<string, Tensor>;
      const c = compile(doc);
      expect(() => c.model.load_state_dict(sd, true)).not.toThrow();
    }, 180_000);
  }
});

describe('generated training script with the newer losses (loss_args, ±1 and padded-index targets, tuple outputs)', () => {
  const cases: Array<[string, () => GraphDocument, boolean]> = [
    ['TripletMarginLoss', () => lossGraph('TripletMarginLoss', { dataset: { dataset: 'spirals', samples: 120 } }), false],
    ['GaussianNLLLoss', () => lossGraph('GaussianNLLLoss', { dataset: { dataset: 'sine', samples: 120 }, width: 1 }), false],
    ['SoftMarginLoss', () => lossGraph('SoftMarginLoss', { dataset: { dataset: 'xor', samples: 120 }, width: 1 }), true],
    ['MarginRankingLoss', () => lossGraph('MarginRankingLoss', { dataset: { dataset: 'xor', samples: 120 }, width: 1 }), true],
    ['MultiLabelMarginLoss one-hot', () => lossGraph('MultiLabelMarginLoss', { dataset: { dataset: 'spirals', samples: 120, label_format: 'one_hot' } }), false],
    ['MultiLabelMarginLoss index', () => lossGraph('MultiLabelMarginLoss', { dataset: { dataset: 'spirals', samples: 120 } }), true],
  ];
  for (const [label, make, accuracy] of cases) {
    it(`${label}: python model.py runs its epochs${accuracy ? ' with an accuracy' : ' without an accuracy'}`, () => {
      requireTorch();
      const doc = A.setTraining(make(), { epochs: 2, batch_size: 16, validation_split: 0.25 });
      const dir = mkdtempSync(join(tmpdir(), 'ns-run-loss-'));
      writeFileSync(join(dir, 'model.py'), generate_pytorch(doc));
      const r = spawnSync(PYTHON, ['model.py'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/epoch 2\/2: loss -?\d+\.\d{4}/);
      expect(r.stdout.includes('test accuracy'), r.stdout).toBe(accuracy);
      expect(r.stdout.includes('val loss'), r.stdout).toBe(true);
      const sd = load(new Uint8Array(readFileSync(join(dir, 'weights.pt')))) as Map<string, Tensor>;
      expect(() => compile(doc).model.load_state_dict(sd, true)).not.toThrow();
    }, 180_000);
  }
});

describe('generated code structure', () => {
  it('blocks whose names map to the same class name (or to Net) get distinct classes', async () => {
    requireTorch();
    const { chainGraph } = await import('./helpers.ts');
    let doc = chainGraph({ dataset: 'xor' }, [['a', 'Linear', { out_features: 4 }], ['b', 'ReLU'], ['c', 'Linear', { out_features: 2 }]]);
    doc = A.group(doc, ['a'], 'net', 'g1');
    doc = A.group(doc, ['b'], 'my_block', 'g2');
    doc = A.group(doc, ['c'], 'myBlock', 'g3');
    const code = generate_pytorch(doc);
    expect(code).toContain('class Net2(nn.Sequential):');
    expect(code).toContain('class MyBlock(nn.Sequential):');
    expect(code).toContain('class MyBlock2(nn.Sequential):');
    expect(code).toMatch(/\("net", Net2\(\)\),\s+\("my_block", MyBlock\(\)\),\s+\("myBlock", MyBlock2\(\)\),/);
    const r = spawnSync(PYTHON, ['-c', 'import model; import torch; print(list(model.Net().state_dict().keys()))'], { cwd: (() => { const d = mkdtempSync(join(tmpdir(), 'ns-cls-')); writeFileSync(join(d, 'model.py'), code); return d; })(), encoding: 'utf8' });
    expect(r.stdout.trim(), r.stderr).toBe("['net.a.weight', 'net.a.bias', 'myBlock.c.weight', 'myBlock.c.bias']");
  });
});
