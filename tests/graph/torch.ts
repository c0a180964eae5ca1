// Running real PyTorch (/usr/bin/python3) from tests. Missing torch is a test failure with the install command.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';
const INSTALL = 'Install real PyTorch for the oracle tests: sudo apt-get install python3-torch (Debian/Ubuntu), or pip install torch for /usr/bin/python3.';

let available = false;

/**
 * Throws (failing the test, never skipping it) when /usr/bin/python3 cannot import torch. Call it at the start of
 * each test that needs PyTorch; the check runs once per file.
 */
export function requireTorch(): void {
  if (available) return;
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found. ${INSTALL}`);
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${PYTHON} cannot import torch (${(r.stderr || '').trim().split('\n').pop()}). ${INSTALL}`);
  available = true;
}

/** Runs a Python script with arguments; returns stdout, throwing with stderr on failure. */
export function runPython(script: string, args: string[] = [], cwd?: string): string {
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}
