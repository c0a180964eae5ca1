// The tokens dataset: deterministic, labels decided by the tokens, and replayed exactly by the generated PyTorch script.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../core/index.ts'; // installs the Tensor methods (tolist)
import { makeTokens } from '../../core/data/sources/index.ts';
import { loadDataset } from '../../core/graph/dataset-load.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import * as A from '../../core/graph/actions.ts';
import { chainGraph } from '../graph/helpers.ts';
import { PYTHON, requireTorch, runPython } from '../graph/torch.ts';
import { parseGraph } from '../../core/graph/schema.ts';
import { compile } from '../../core/graph/compile.ts';
import { load } from '../../core/serialize/index.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';

describe('makeTokens', () => {
  it('is a function of its seed', () => {
    const a = makeTokens({ samples: 50, seqLen: 7, vocab: 30, classes: 3, seed: 5 });
    const b = makeTokens({ samples: 50, seqLen: 7, vocab: 30, classes: 3, seed: 5 });
    const c = makeTokens({ samples: 50, seqLen: 7, vocab: 30, classes: 3, seed: 6 });
    expect(a).toEqual(b);
    expect(Array.from(a.tokens)).not.toEqual(Array.from(c.tokens));
  });

  it('labels each sequence with the class most of its tokens lean to (ties: the lowest), tokens within the vocabulary', () => {
    const d = makeTokens({ samples: 300, seqLen: 9, vocab: 40, classes: 4, seed: 1 });
    expect(d.tokens.length).toBe(300 * 9);
    for (let c = 0; c < 4; c++) expect(d.affinity[c]).toBe(c);
    const seen = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const counts = [0, 0, 0, 0, 0];
      for (let j = 0; j < 9; j++) {
        const t = d.tokens[i * 9 + j];
        expect(t >= 0 && t < 40).toBe(true);
        counts[d.affinity[t]]++;
      }
      const top = Math.max(...counts.slice(0, 4));
      expect(d.labels[i]).toBe(counts.indexOf(top));
      seen.add(d.labels[i]);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    // Sequences lean to class i mod 4, so most labels agree with it (the task is learnable, not trivial).
    let agree = 0;
    for (let i = 0; i < 300; i++) if (d.labels[i] === i % 4) agree++;
    expect(agree / 300).toBeGreaterThan(0.6);
  });

  it('refuses impossible options, naming them', () => {
    expect(() => makeTokens({ classes: 5, vocab: 4 })).toThrow('makeTokens: classes (5) exceeds vocab (4); every class needs at least one word');
    expect(() => makeTokens({ seqLen: 0 })).toThrow('makeTokens: seqLen must be an integer from 1 to 4096, got 0');
    expect(() => makeTokens({ vocab: 1 })).toThrow('makeTokens: vocab must be an integer from 2 to 1000000, got 1');
  });
});

describe('the tokens Dataset', () => {
  const doc = () => A.setTraining(chainGraph({ dataset: 'tokens', samples: 45, seq_len: 6, vocab: 17, classes: 3 },
    [['emb', 'Embedding', { embedding_dim: 2 }], ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 3 }]]), { seed: 1234567 });

  it('loads int64 tokens [N, seq_len], split 80/20, not normalised', () => {
    const d = loadDataset({ dataset: 'tokens', samples: 45, seq_len: 6, vocab: 17, classes: 3, label_format: 'index' }, {}, 1234567);
    expect(d.xTrain.dtype).toBe('int64');
    expect(d.xTrain.shape).toEqual([36, 6]);
    expect(d.xTest.shape).toEqual([9, 6]);
    expect(d.yTrain.dtype).toBe('int64');
    const raw = makeTokens({ samples: 45, seqLen: 6, vocab: 17, classes: 3, seed: 1234567 });
    expect((d.xTrain.tolist() as number[][]).flat()).toEqual(Array.from(raw.tokens.subarray(0, 36 * 6)));
    expect(d.numClasses).toBe(3);
  });

  it('the generated PyTorch script builds exactly the same tensors', () => {
    requireTorch();
    const d = loadDataset({ dataset: 'tokens', samples: 45, seq_len: 6, vocab: 17, classes: 3, label_format: 'index' }, {}, 1234567);
    const dir = mkdtempSync(join(tmpdir(), 'ns-tokens-'));
    writeFileSync(join(dir, 'model.py'), generate_pytorch(doc()));
    const out = JSON.parse(runPython(`
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("generated", sys.argv[1] + "/model.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
xs = gen.load_data()
print(json.dumps({"dtypes": [str(t.dtype) for t in xs], "data": [t.tolist() for t in xs]}))
`, [dir])) as { dtypes: string[]; data: unknown[] };
    expect(out.dtypes).toEqual(['torch.int64', 'torch.int64', 'torch.int64', 'torch.int64']);
    expect(out.data).toEqual([d.xTrain.tolist(), d.yTrain.tolist(), d.xTest.tolist(), d.yTest.tolist()]);
  });
});

describe('assets/examples/embedding-tokens.json', () => {
  it('its generated PyTorch training script trains on the same data to a sensible test accuracy, and its weights load into our model', () => {
    requireTorch();
    const doc = parseGraph(readFileSync(new URL('../../assets/examples/embedding-tokens.json', import.meta.url), 'utf8')).doc;
    const dir = mkdtempSync(join(tmpdir(), 'ns-run-tokens-'));
    writeFileSync(join(dir, 'model.py'), generate_pytorch(doc));
    const r = spawnSync(PYTHON, ['model.py'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const acc = /test loss [\d.]+, test accuracy ([\d.]+)%/.exec(r.stdout);
    expect(acc, r.stdout).not.toBeNull();
    expect(Number(acc![1])).toBeGreaterThan(75);
    const sd = load(new Uint8Array(readFileSync(join(dir, 'weights.pt')))) as Map<string, Tensor>;
    expect(() => compile(doc).model.load_state_dict(sd, true)).not.toThrow();
  }, 180_000);
});
