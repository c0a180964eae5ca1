import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, statSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { run, hasStack } from './run.ts';
import { serializeGraph } from '../../core/graph/schema.ts';
import { chainGraph } from '../graph/helpers.ts';
import { load, safetensors } from '../../core/serialize/index.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import type { GraphDocument } from '../../core/graph/types.ts';

const EX = (name: string) => new URL(`../../assets/examples/${name}.json`, import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), 'ns-cli-'));
const writeGraph = (dir: string, doc: GraphDocument | string, name = 'g.json') => {
  const p = join(dir, name);
  writeFileSync(p, typeof doc === 'string' ? doc : serializeGraph(doc));
  return p;
};
const XOR_GRAPH = () => {
  const d = chainGraph({ dataset: 'xor', samples: 200 }, [['fc1', 'Linear', { out_features: 8 }], ['act', 'ReLU'], ['fc2', 'Linear', { out_features: 2 }]], 'CrossEntropyLoss', 'SGD', { lr: 0.1, momentum: 0.9 });
  return { ...d, training: { ...d.training, batch_size: 16 } };
};

describe('netsketch validate / summary', () => {
  it('validate prints every edge shape and exits 0 on a valid graph', async () => {
    const r = await run('validate', EX('lenet5-mnist'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('LeNet-5 on MNIST: 15 nodes, 15 connections — 0 errors, 0 warnings');
    expect(r.out).toContain('pool2.output → flatten.input: N×16×5×5');
    expect(r.out).toContain('flatten.output → fc1.input: N×400');
    expect(r.out).toContain('Trainable parameters: 61,706');
    expect(r.out).not.toContain('int64');
  });

  it('validate marks integer index tensors (tokens) on their edges', async () => {
    const r = await run('validate', EX('embedding-tokens'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('data.x → emb.input: N×12 · int64');
    expect(r.out).toContain('emb.output → flatten.input: N×12×8\n');
  });

  it('validate prints diagnostics with fixes and exits 1 on errors', async () => {
    const dir = tmp();
    const doc = chainGraph({ dataset: 'mnist' }, [['flatten', 'Flatten'], ['fc1', 'Linear', { in_features: 256, out_features: 10 }]]);
    const r = await run('validate', writeGraph(dir, doc));
    expect(r.code).toBe(1);
    expect(r.out).toContain("error: Linear 'fc1' expects 256 input features but receives 784 (1×28×28). Fix: Set in_features to 784 or 'auto'.");
    expect(r.out).toContain('fc1.output → loss.input: N×10');
    const json = await run('validate', writeGraph(dir, doc), '--json');
    expect(JSON.parse(json.out).diagnostics[0]).toMatchObject({ code: 'shape_mismatch', nodeId: 'fc1', param: 'in_features' });
  });

  it('summary prints a torchinfo-like table', async () => {
    const r = await run('summary', EX('residual-block'));
    expect(r.code).toBe(0);
    const line = (name: string) => r.out.split('\n').find((l) => l.startsWith(name + ' '))!;
    expect(line('res1.conv_a')).toMatch(/^res1\.conv_a\s+Conv2d\s+N×8×14×14\s+584$/);
    expect(line('skip')).toMatch(/Add\s+N×8×14×14\s+--$/);
    expect(line('fc')).toMatch(/Linear\s+N×10\s+3,930$/);
    expect(r.out).toContain('Total params: 5,210');
  });
});

describe('bad input: a clear message, a non-zero exit, never a stack trace, the file never modified', () => {
  const cases: Array<[string, (dir: string) => string[], RegExp, number]> = [
    ['a missing file', (d) => ['train', join(d, 'nope.json')], /Cannot read the graph file .*nope\.json: no such file\./, 1],
    ['malformed JSON', (d) => ['train', writeGraph(d, '{"schemaVersion": 2, "nodes": [')], /The graph file is not valid JSON/, 1],
    ['a binary file', (d) => ['validate', writeGraph(d, '\u0000\u00ff\u00fe')], /not valid JSON|not UTF-8/, 1],
    ['an unknown node kind', (d) => {
      const doc = XOR_GRAPH();
      doc.nodes[1].kind = 'Quantum';
      return ['train', writeGraph(d, doc)];
    }, /Node 'fc1' has the unknown kind "Quantum"/, 1],
    ['a newer schema version', (d) => ['summary', writeGraph(d, JSON.stringify({ schemaVersion: 99, nodes: [] }))], /saved with schema version 99.*Update Netsketch/, 1],
    ['a CSV dataset without a path', (d) => ['train', writeGraph(d, chainGraph({ dataset: 'csv', num_features: 2, num_classes: 2 }, [['fc', 'Linear', { out_features: 2 }]]))], /imports a CSV file but no path is set/, 1],
    ['a CSV dataset whose file is missing', (d) => ['train', writeGraph(d, chainGraph({ dataset: 'csv', path: join(d, 'missing.csv'), num_features: 2, num_classes: 2 }, [['fc', 'Linear', { out_features: 2 }]]))], /Cannot read the CSV file .*missing\.csv: no such file\./, 1],
    ['an unknown option', (d) => ['train', writeGraph(d, XOR_GRAPH()), '--epoch', '3'], /"netsketch train" has no option --epoch\. Options: --epochs/, 2],
    ['a bad option value', (d) => ['train', writeGraph(d, XOR_GRAPH()), '--epochs', 'many'], /--epochs must be a whole number ≥ 1, got "many"\./, 2],
    ['an unknown command', () => ['fly'], /Unknown command "fly"/, 2],
    ['writing over the graph file', (d) => { const g = writeGraph(d, XOR_GRAPH()); return ['export', g, '--python', g]; }, /Refusing to overwrite the graph file/, 2],
  ];
  for (const [what, args, message, code] of cases) {
    it(what, async () => {
      const dir = tmp();
      const argv = args(dir);
      const file = argv[1] && existsSync(argv[1]) ? argv[1] : null;
      const before = file ? [readFileSync(file), statSync(file).mtimeMs] as const : null;
      const r = await run(...argv);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(message);
      expect(r.err.startsWith('netsketch: ')).toBe(true);
      expect(hasStack(r.err + r.out)).toBe(false);
      if (file && before) {
        expect(readFileSync(file).equals(before[0])).toBe(true);
        expect(statSync(file).mtimeMs).toBe(before[1]);
      }
    });
  }

  it('a NaN/Inf loss stops training, naming the step and the first non-finite layer', async () => {
    const dir = tmp();
    const g = writeGraph(dir, XOR_GRAPH());
    const r = await run('train', g, '--lr', '1e30', '--out', join(dir, 'w.pt'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^netsketch: Training stopped at epoch 1, step \d+: the loss became (NaN|Infinity)\. The first layer whose output was not finite is Linear 'fc[12]'\. Lower the learning rate/);
    expect(hasStack(r.err)).toBe(false);
    expect(existsSync(join(dir, 'w.pt'))).toBe(false);
  });
});

describe('netsketch train / export', () => {
  it('trains, writes a state_dict PyTorch-style, and resumes from a checkpoint to the same result', async () => {
    const dir = tmp();
    const g = writeGraph(dir, XOR_GRAPH());
    const graphBytes = readFileSync(g);
    const straight = await run('train', g, '--epochs', '4', '--out', join(dir, 'straight.pt'), '--backend', 'js');
    expect(straight.code).toBe(0);
    expect(straight.err).toMatch(/epoch 4\/4: loss \d\.\d{4}, accuracy \d+\.\d\d%/);
    expect(straight.out).toMatch(/test: loss \d\.\d{4}, accuracy \d+\.\d\d%/);
    const ckpt = join(dir, 'run.ckpt');
    expect((await run('train', g, '--epochs', '2', '--checkpoint', ckpt, '--out', join(dir, 'half.pt'), '--backend', 'js')).code).toBe(0);
    expect(existsSync(ckpt)).toBe(true);
    const resumed = await run('train', g, '--epochs', '4', '--checkpoint', ckpt, '--out', join(dir, 'resumed.pt'), '--backend', 'js');
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain(`Resuming from ${ckpt} after epoch 2.`);
    expect(resumed.err).not.toContain('epoch 1/4');
    const a = load(readFileSync(join(dir, 'straight.pt'))) as Map<string, Tensor>;
    const b = load(readFileSync(join(dir, 'resumed.pt'))) as Map<string, Tensor>;
    expect([...a.keys()]).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    for (const [k, t] of a) expect(Array.from(b.get(k)!.contiguous()._storage.data as Float32Array), k).toEqual(Array.from(t.contiguous()._storage.data as Float32Array));
    expect(readFileSync(g).equals(graphBytes)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // A checkpoint from another graph is refused with a way out.
    const other = writeGraph(dir, chainGraph({ dataset: 'xor' }, [['fc1', 'Linear', { out_features: 3 }], ['fc2', 'Linear', { out_features: 2 }]]), 'other.json');
    const wrong = await run('train', other, '--checkpoint', ckpt, '--backend', 'js');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^netsketch: Cannot resume from .*run\.ckpt: .*size mismatch for fc1\.weight.* Was it written for a different graph\? Delete it to start afresh\./s);
    expect(hasStack(wrong.err)).toBe(false);
  });

  it('--format safetensors, and export checks weights against the graph and writes Python', async () => {
    const dir = tmp();
    const g = writeGraph(dir, XOR_GRAPH());
    const w = join(dir, 'w.safetensors');
    expect((await run('train', g, '--epochs', '1', '--out', w, '--format', 'safetensors', '--quiet')).code).toBe(0);
    expect([...safetensors.load(readFileSync(w)).keys()].sort()).toEqual(['fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight']);
    const py = join(dir, 'model.py');
    const e = await run('export', g, '--weights', w, '--python', py, '--out', join(dir, 'w.pt'));
    expect(e.code).toBe(0);
    expect(e.out).toContain('4 tensors, all match');
    expect(readFileSync(py, 'utf8')).toContain('class Net(nn.Sequential):');
    const compiled = spawnSync('/usr/bin/python3', ['-m', 'py_compile', py], { encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
    const other = writeGraph(dir, chainGraph({ dataset: 'xor' }, [['fc1', 'Linear', { out_features: 3 }], ['fc2', 'Linear', { out_features: 2 }]]), 'other.json');
    const bad = await run('export', other, '--weights', w);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/w\.safetensors does not fit .*other\.json: .*size mismatch for fc1\.weight/s);
    expect(hasStack(bad.err)).toBe(false);
  });

  it('the installed launcher runs (bin/netsketch.mjs) and user errors exit non-zero without a stack', () => {
    const bin = new URL('../../bin/netsketch.mjs', import.meta.url).pathname;
    const ok = spawnSync(process.execPath, [bin, 'validate', EX('two-branch-concat')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('join.output → relu.input: N×8×14×14');
    const bad = spawnSync(process.execPath, [bin, 'summary', '/nonexistent/graph.json'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('netsketch: Cannot read the graph file /nonexistent/graph.json: no such file.\n');
  });
});

describe('imported data', () => {
  it('trains on a CSV file named by the Dataset node, relative to the graph file', async () => {
    const dir = tmp();
    const rows = ['a,b,label'];
    for (let i = 0; i < 60; i++) {
      const a = (i * 37) % 11 - 5;
      const b = (i * 53) % 13 - 6;
      rows.push(`${a},${b},${a + b > 0 ? 'yes' : 'no'}`);
    }
    writeFileSync(join(dir, 'data.csv'), rows.join('\n'));
    const doc = chainGraph({ dataset: 'csv', path: 'data.csv', label_column: 'label', num_features: 2, num_classes: 2 }, [['fc', 'Linear', { out_features: 2 }]]);
    const r = await run('train', writeGraph(dir, doc), '--epochs', '2', '--out', join(dir, 'w.pt'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('48 training samples');
    const wrong = chainGraph({ dataset: 'csv', path: join(dir, 'data.csv'), label_column: 'label', num_features: 3, num_classes: 2 }, [['fc', 'Linear', { out_features: 2 }]]);
    const bad = await run('train', writeGraph(dir, wrong, 'bad.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/data\.csv has 2 feature columns but the Dataset node says num_features = 3\. Set num_features to 2\./);
  });
});

describe('image folders', () => {
  it('trains on a folder of PNGs (one sub-folder per class), resized to the Dataset node size', async () => {
    const { PNG } = await import('pngjs');
    const dir = tmp();
    const root = join(dir, 'shapes');
    const { mkdirSync } = await import('node:fs');
    for (const [cls, bright] of [['dark', 30], ['light', 220]] as const) {
      mkdirSync(join(root, cls), { recursive: true });
      for (let i = 0; i < 6; i++) {
        const png = new PNG({ width: 12 + i, height: 10 });
        for (let p = 0; p < png.data.length; p += 4) {
          png.data[p] = png.data[p + 1] = png.data[p + 2] = bright + ((p / 4) % 7);
          png.data[p + 3] = 255;
        }
        writeFileSync(join(root, cls, `${i}.png`), PNG.sync.write(png));
      }
    }
    writeFileSync(join(root, 'dark', 'notes.txt'), 'not an image');
    const doc = chainGraph({ dataset: 'image_folder', path: 'shapes', channels: '1', height: 8, width: 8, num_classes: 2 },
      [['conv', 'Conv2d', { out_channels: 2, kernel_size: 3 }], ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 2 }]]);
    const r = await run('train', writeGraph(dir, doc), '--epochs', '2', '--batch-size', '4', '--out', join(dir, 'w.pt'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('9 training samples');
    expect(r.out).toContain('3 test');
    const wrong = chainGraph({ dataset: 'image_folder', path: 'shapes', channels: '1', height: 8, width: 8, num_classes: 3 }, [['flat', 'Flatten'], ['fc', 'Linear', { out_features: 3 }]]);
    const bad = await run('train', writeGraph(dir, wrong, 'bad.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('has 2 class folders but the Dataset node says num_classes = 3. Set num_classes to 2.');
  });
});
