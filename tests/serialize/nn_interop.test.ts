/**
 * End to end with core/nn: a conv/BatchNorm/linear model's state_dict travels both ways between Netsketch and real
 * PyTorch, and both frameworks then compute the same eval-mode outputs (float32 tolerance).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../../core/index.ts'; // registers the kernel backend
import * as nn from '../../core/nn/index.ts';
import { tensor as mk } from '../../core/ops/creation.ts';
import { manual_seed } from '../../core/tensor/random.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { load, save_weights } from '../../core/serialize/index.ts';
import { writeFileAtomicSync } from '../../cli/fs.ts';
import { runPy, tempDir } from './helpers.ts';

function arch(): nn.Module {
  return new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2), new nn.ReLU(), new nn.Flatten(), new nn.Linear(18, 4), new nn.BatchNorm1d(4), new nn.Linear(4, 2));
}

const X = Array.from({ length: 3 }, (_, n) => [Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.sin(1 + n * 25 + i * 5 + j)))]);

function expectClose(a: number[][], b: number[][]): void {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - b[i][j])).toBeLessThan(1e-5)));
}

function forward(model: nn.Module): number[][] {
  model.eval();
  const y = (model as any).call(mk(X)) as Tensor;
  const v = y._values();
  return [0, 1, 2].map((i) => v.slice(i * 2, i * 2 + 2));
}

describe('state_dict interop with core/nn', () => {
  it('our trained-mode Sequential → save_weights → PyTorch load_state_dict(strict=True) → same outputs', () => {
    manual_seed(0);
    const model = arch();
    model.train();
    (model as any).call(mk(X));
    const ours = forward(model);
    const f = join(tempDir(), 'ours.pt');
    writeFileAtomicSync(f, save_weights(model as any));
    const r = runPy('nn_interop.py', ['check', f, JSON.stringify(X)]);
    expect(r.load_state_dict).toBe('ok');
    expect(r.num_batches_tracked).toBe(1);
    expectClose(r.output, ours);
  });

  it("PyTorch's trained-mode state_dict → our load_state_dict → same outputs", () => {
    const f = join(tempDir(), 'theirs.pt');
    const r = runPy('nn_interop.py', ['make', f, JSON.stringify(X)]);
    const model = arch();
    (model as any).load_state_dict(load(new Uint8Array(readFileSync(f))));
    expectClose(forward(model), r.output);
    const untouched = arch();
    const fresh = forward(untouched);
    expect(Math.abs(fresh[0][0] - r.output[0][0]) + Math.abs(fresh[1][1] - r.output[1][1])).toBeGreaterThan(1e-4);
  });
});
