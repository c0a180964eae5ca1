/**
 * Parity with real PyTorch: every case in tests/parity/cases/*.json (written by generate.py) is replayed against
 * our engine — outputs (dtype, shape, values, strides of views, grad_fn names), input gradients for a random
 * upstream gradient, second derivatives, and the errors PyTorch raises. The run ends by printing the covered
 * function names.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replay, compareTensor, type CaseJson } from './replay.ts';
import { torch } from '../../core/torch.ts';

const dir = join(import.meta.dirname, 'cases');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const covered = new Set<string>();

describe('parity harness', () => {
  it('has case files', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it('the comparison catches a wrong value, dtype and shape', () => {
    const want = { dtype: 'float32', shape: [2], data: [1, 'nan'] };
    expect(compareTensor(torch.tensor([1, NaN]), want, 1e-6, 0, 'x')).toBeNull();
    expect(compareTensor(torch.tensor([1.001, NaN]), want, 1e-6, 0, 'x')).toMatch(/element 0/);
    expect(compareTensor(torch.tensor([1, 2]), want, 1e-6, 0, 'x')).toMatch(/dtype int64/);
    expect(compareTensor(torch.tensor([[1, NaN]]), want, 1e-6, 0, 'x')).toMatch(/shape/);
  });
});

for (const file of files) {
  const cases: CaseJson[] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  describe(file, () => {
    for (const c of cases) {
      covered.add(c.fn);
      it(c.id, () => {
        expect(replay(c)).toEqual([]);
      });
    }
  });
}

// Every function issue 2 names must keep at least one case (the list printed below may grow, never lose these).
const REQUIRED = ('add sub mul div pow neg exp log sqrt abs clamp maximum minimum sigmoid tanh relu eq ne lt le gt ge where ' +
  'matmul mm bmm sum mean max min argmax var std logsumexp softmax log_softmax norm topk cat stack chunk split ' +
  'index_select masked_select gather scatter_add F.one_hot view reshape transpose t permute squeeze unsqueeze expand ' +
  'narrow select flatten slice getitem contiguous clone detach item tolist repr zeros ones full arange linspace eye ' +
  'zeros_like ones_like rand randn randint randperm rng_sequence tensor float double long bool to').split(' ');

describe('coverage', () => {
  it('keeps a case for every function of issue 2', () => {
    expect(REQUIRED.filter((f) => !covered.has(f))).toEqual([]);
  });
});

afterAll(() => {
  console.log(`parity covered: ${[...covered].sort().join(', ')}`);
});
