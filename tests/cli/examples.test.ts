// Every example graph trains from the CLI; LeNet-5 reaches ≥ 95% test accuracy on the built-in digits.
import { describe, expect, it } from 'vitest';
import { readdirSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, hasStack } from './run.ts';

const dir = new URL('../../assets/examples/', import.meta.url).pathname;
const examples = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('example graphs train from the CLI', () => {
  for (const f of examples) {
    it(`${f}: one epoch`, async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'ns-ex-')), 'w.pt');
      const r = await run('train', join(dir, f), '--epochs', '1', '--out', out);
      expect(hasStack(r.err), r.err).toBe(false);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/epoch 1\/1: loss \d+\.\d{4}/);
      expect(existsSync(out)).toBe(true);
    }, 300_000);
  }

  it('lenet5-mnist.json reaches at least 95% test accuracy with its own settings', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ns-lenet-')), 'lenet.pt');
    const r = await run('train', join(dir, 'lenet5-mnist.json'), '--out', out);
    expect(r.code, r.err).toBe(0);
    const m = /test: loss [\d.]+, accuracy ([\d.]+)%/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(95);
  }, 900_000);
});
