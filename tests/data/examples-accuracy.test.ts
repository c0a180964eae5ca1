// The examples for the token and digit-string datasets train from the CLI, with their own settings, to a sensible
// test accuracy (a regression in the data, Embedding, Permute or CTC path shows up here).
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cli/run.ts';

const dir = new URL('../../assets/examples/', import.meta.url).pathname;

async function testAccuracy(file: string): Promise<number> {
  const r = await run('train', join(dir, file), '--out', join(mkdtempSync(join(tmpdir(), 'ns-acc-')), 'w.pt'));
  expect(r.code, r.err).toBe(0);
  const m = /test: loss [\d.]+, accuracy ([\d.]+)%/.exec(r.out);
  expect(m, r.out).not.toBeNull();
  return Number(m![1]);
}

describe('example accuracy', () => {
  it('embedding-tokens.json: at least 80% of test sequences get their topic', async () => {
    expect(await testAccuracy('embedding-tokens.json')).toBeGreaterThanOrEqual(80);
  }, 300_000);

  it('digit-strings-ctc.json: at least half of the test strings are read exactly (greedy CTC decoding)', async () => {
    expect(await testAccuracy('digit-strings-ctc.json')).toBeGreaterThanOrEqual(50);
  }, 600_000);
});
