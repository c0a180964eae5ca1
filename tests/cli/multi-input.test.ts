// netsketch train / export on graphs whose loss takes several tensors (the model returns a tuple) or ±1 targets.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, hasStack } from './run.ts';
import { serializeGraph } from '../../core/graph/schema.ts';
import * as A from '../../core/graph/actions.ts';
import { lossGraph } from '../graph/helpers.ts';

const write = (doc: ReturnType<typeof lossGraph>) => {
  const dir = mkdtempSync(join(tmpdir(), 'ns-cli-multi-'));
  const file = join(dir, 'g.json');
  writeFileSync(file, serializeGraph(A.setTraining(doc, { epochs: 2, batch_size: 16 })));
  return { dir, file };
};

describe('netsketch with multi-input losses', () => {
  it('trains a TripletMarginLoss graph (loss per epoch, no accuracy) and writes weights', async () => {
    const { dir, file } = write(lossGraph('TripletMarginLoss', { dataset: { dataset: 'spirals', samples: 80 } }));
    const r = await run('train', file, '--out', join(dir, 'w.pt'));
    expect(r.code, r.err).toBe(0);
    expect(hasStack(r.err)).toBe(false);
    expect(r.out + r.err).toMatch(/epoch 2\/2/);
    expect(r.out + r.err).not.toMatch(/accuracy/);
    expect(existsSync(join(dir, 'w.pt'))).toBe(true);
    const e = await run('export', file, '--weights', join(dir, 'w.pt'));
    expect(e.code, e.err).toBe(0);
    expect(e.out).toContain('all match the graph');
  });

  it('trains a SoftMarginLoss graph and reports an accuracy', async () => {
    const { dir, file } = write(lossGraph('SoftMarginLoss', { dataset: { dataset: 'xor', samples: 80 }, width: 1 }));
    const r = await run('train', file, '--out', join(dir, 'w.pt'));
    expect(r.code, r.err).toBe(0);
    expect(r.out + r.err).toMatch(/accuracy/);
  });

  it('trains a CTCLoss graph on digit_strings and reports the whole-sequence accuracy', async () => {
    let doc = A.emptyGraph('ctc');
    doc = A.addNode(doc, 'Dataset', { x: 0, y: 0 }, { id: 'data', name: 'data', params: { dataset: 'digit_strings', samples: 64 } });
    const chain: Array<[string, string, Record<string, number | number[]>]> = [
      ['conv', 'Conv2d', { out_channels: 11, kernel_size: [28, 4], stride: [1, 4] }], ['seq', 'Reshape', { shape: [11, 28] }],
      ['perm', 'Permute', { dims: [2, 0, 1] }], ['logp', 'LogSoftmax', { dim: 2 }]];
    let prev = ['data', 'x'];
    for (const [id, kind, params] of chain) {
      doc = A.addNode(doc, kind, { x: 0, y: 0 }, { id, name: id, params });
      doc = A.connect(doc, { source: prev[0], sourcePort: prev[1], target: id, targetPort: 'input' });
      prev = [id, 'output'];
    }
    doc = A.addNode(doc, 'CTCLoss', { x: 0, y: 0 }, { id: 'loss', name: 'loss' });
    doc = A.addNode(doc, 'Adam', { x: 0, y: 0 }, { id: 'opt', name: 'opt' });
    doc = A.connect(doc, { source: 'logp', sourcePort: 'output', target: 'loss', targetPort: 'log_probs' });
    doc = A.connect(doc, { source: 'data', sourcePort: 'y', target: 'loss', targetPort: 'targets' });
    doc = A.connect(doc, { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' });
    const { dir, file } = write(doc);
    const r = await run('train', file, '--out', join(dir, 'w.pt'));
    expect(r.code, r.err).toBe(0);
    expect(r.out + r.err).toMatch(/epoch 2\/2: loss \d+\.\d+, accuracy \d+\.\d+%/);
  });
});
