/** Shared test helpers: fixture tensors, float32 comparisons, and the real-PyTorch freshness check. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Tensor } from '../../core/tensor/tensor.ts';
import { tensor } from '../../core/ops/creation.ts';
import type { DType } from '../../core/tensor/dtype.ts';
import '../../core/ops/methods.ts';

export const PYTHON = '/usr/bin/python3';
export const INSTALL_HINT = 'Real PyTorch is required to check fixtures: apt-get install -y python3-torch (then /usr/bin/python3 -c "import torch" must work).';

export interface Spec { dtype: string; shape: number[]; values: number[]; requires_grad?: boolean }

/** A tensor from a fixture spec (float32/float64/int64/bool). */
export function fromSpec(s: Spec): Tensor {
  const t = tensor(s.values, { dtype: s.dtype as DType }).reshape(s.shape);
  const c = t.contiguous();
  if (s.requires_grad) c.requires_grad_(true);
  return c;
}

/** Elementwise |a − b| ≤ atol + rtol·|b|, with a readable failure. */
export function expectClose(actual: Tensor | number[], expected: Spec | number[], what: string, rtol = 1e-4, atol = 1e-5): void {
  const a = actual instanceof Tensor ? actual._values() : actual;
  const e = Array.isArray(expected) ? expected : expected.values;
  if (!Array.isArray(expected) && actual instanceof Tensor) expect([...actual.shape], `${what}: shape`).toEqual(expected.shape);
  expect(a.length, `${what}: element count`).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    const ok = Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]) || (Number.isNaN(a[i]) && Number.isNaN(e[i]));
    if (!ok) expect.fail(`${what}: element ${i} is ${a[i]}, PyTorch gives ${e[i]} (all: ${a.slice(0, 12).join(', ')} vs ${e.slice(0, 12).join(', ')})`);
  }
}

/** Regenerate a fixture with real PyTorch and require it to equal the committed file. Fails if torch is missing. */
export function expectFreshFixture(script: string, fixture: string): void {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'pipe' });
  } catch {
    throw new Error(INSTALL_HINT);
  }
  const fresh = execFileSync(PYTHON, [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28, timeout: 300_000 });
  const committed = readFileSync(fixture, 'utf8');
  expect(fresh === committed, `${fixture} is stale: regenerate it with ${PYTHON} ${script} > ${fixture}`).toBe(true);
}
