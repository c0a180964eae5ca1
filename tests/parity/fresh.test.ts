/**
 * The committed parity cases must be exactly what generate.py writes today: a table edited without regenerating
 * (or a generator that stopped being deterministic) fails here. Without PyTorch this test fails; it never skips.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PYTHON = '/usr/bin/python3';
const INSTALL = 'install python3-torch: apt-get install -y python3-torch python3-numpy';
const here = import.meta.dirname;
const committed = join(here, 'cases');

function requireTorch(): void {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing; ${INSTALL}`);
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`PyTorch is not importable by ${PYTHON} (${probe.stderr.trim().split('\n').pop()}); ${INSTALL}`);
}

describe('parity cases are fresh', () => {
  it('generate.py reproduces tests/parity/cases byte for byte', () => {
    requireTorch();
    const out = mkdtempSync(join(tmpdir(), 'parity-'));
    try {
      execFileSync(PYTHON, [join(here, 'generate.py'), out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const fresh = readdirSync(out).filter((f) => f.endsWith('.json')).sort();
      const old = readdirSync(committed).filter((f) => f.endsWith('.json')).sort();
      expect(old, 'case files (run `npm run parity:gen` and commit tests/parity/cases)').toEqual(fresh);
      for (const f of fresh) {
        const a = readFileSync(join(out, f), 'utf8');
        const b = readFileSync(join(committed, f), 'utf8');
        if (a !== b) {
          const la = a.split('\n'), lb = b.split('\n');
          const i = la.findIndex((l, k) => l !== lb[k]);
          throw new Error(`tests/parity/cases/${f} is stale (first difference at line ${i + 1}). Run \`npm run parity:gen\` and commit the result.\n` +
            `generated: ${(la[i] ?? '').slice(0, 200)}\ncommitted: ${(lb[i] ?? '').slice(0, 200)}`);
        }
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
