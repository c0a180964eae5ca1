/**
 * The committed fixtures are exactly what tests/nn/generate.py produces with real PyTorch today. Without PyTorch
 * this fails (never skips) and says how to install it.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HERE, FIXTURES, PYTHON, INSTALL_HINT } from './helpers.ts';

function requireTorch(): void {
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "pipe" });
  } catch {
    throw new Error(INSTALL_HINT);
  }
}

describe('torch.nn fixtures are fresh', () => {
  it('regenerating with PyTorch reproduces the committed files byte for byte', () => {
    requireTorch();
    const dir = mkdtempSync(join(tmpdir(), 'netsketch-nn-'));
    try {
      execFileSync(PYTHON, [join(HERE, 'generate.py'), dir], { stdio: 'pipe', timeout: 120_000 });
      const committed = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
      expect(readdirSync(dir).sort()).toEqual(committed);
      for (const f of committed) {
        const fresh = readFileSync(join(dir, f), 'utf8');
        const old = readFileSync(join(FIXTURES, f), 'utf8');
        expect(fresh === old, `${f} is stale: run /usr/bin/python3 tests/nn/generate.py and commit the result`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
