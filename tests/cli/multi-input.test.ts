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
    const { file } = write(lossGraph('SoftMarginLoss', { dataset: { dataset: 'xor', samples: 80 }, width: 1 }));
    const r = await run('train', file);
    expect(r.code, r.err).toBe(0);
    expect(r.out + r.err).toMatch(/accuracy/);
  });
});
