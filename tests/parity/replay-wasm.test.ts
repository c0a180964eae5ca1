/**
 * The same PyTorch parity cases, replayed with the WebAssembly kernel backend active: every case whose op runs
 * through the backend's gemm (mm, bmm, matmul — forward, gradients and second derivatives) must match PyTorch
 * there too, not only with the JS reference kernels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replay, type CaseJson } from './replay.ts';
import { torch } from '../../core/torch.ts';
import { makeBackend } from '../kernels/wasm-setup.ts';

const GEMM_OPS = new Set(['mm', 'bmm', 'matmul']);
const dir = join(import.meta.dirname, 'cases');
const cases: CaseJson[] = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CaseJson[])
  .filter((c) => GEMM_OPS.has(c.fn) && c.error === undefined);

let previous = 'js';
beforeAll(async () => {
  // minWasmWork 0: even the tiny cases take the wasm path instead of falling back to JS.
  const be = await makeBackend(1, { minWasmWork: 0 });
  torch.backends.register(be);
  previous = torch.backends.get().name;
  torch.backends.set(be.name);
});

afterAll(() => {
  torch.backends.set(previous);
});

describe('parity with the wasm backend active', () => {
  it('runs on the wasm backend, with gemm cases to replay', () => {
    expect(torch.backends.get().name).not.toBe('js');
    expect(cases.length).toBeGreaterThan(30);
  });

  for (const c of cases) {
    it(c.id, () => {
      expect(replay(c)).toEqual([]);
    });
  }
});
