#!/usr/bin/env node
// The one test command (`npm test`): system prerequisites, type check, lint, unit + parity tests, end-to-end tests.
// Missing system packages are installed when we run as root with apt-get; otherwise we stop with the exact command.
// Nothing is ever skipped silently.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TORCH_PY = '/usr/bin/python3';
const CHROMIUM = '/usr/bin/chromium';
// A CJK font, so the Simplified Chinese interface renders in the end-to-end screenshots.
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

function run(cmd, args, opts = {}) {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function hasTorch() {
  if (!existsSync(TORCH_PY)) return false;
  const r = spawnSync(TORCH_PY, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
  return r.status === 0;
}

function ensureSystemPackages() {
  const missing = [];
  if (!hasTorch()) missing.push('python3-torch', 'python3-numpy');
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync(CJK_FONT)) missing.push('fonts-wqy-microhei');
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(`\nThe tests need Debian packages that are not installed: ${missing.join(', ')}.\n` +
      `Install them with:\n  sudo sh -c '${cmd}'\nthen run npm test again.`);
    process.exit(1);
  }
  console.log(`Installing missing system packages: ${missing.join(', ')}`);
  if (run('sh', ['-c', cmd]) !== 0 || !hasTorch() || !existsSync(CHROMIUM) || !existsSync(CJK_FONT)) {
    console.error(`\nCould not install ${missing.join(', ')}. Run by hand:\n  ${cmd}`);
    process.exit(1);
  }
}

const steps = [
  ['build assets', 'node', ['scripts/build-assets.mjs']],
  ['type check', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  ['unit and parity tests', 'npx', ['vitest', 'run']],
  ['end-to-end tests', 'node', ['e2e/run.mjs']],
];

ensureSystemPackages();
const only = process.argv.slice(2);
const failed = [];
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  if (!existsSync(args[0]) && cmd === 'node') { console.error(`missing ${args[0]}`); failed.push(name); continue; }
  const code = run(cmd, args);
  if (code !== 0) failed.push(name);
}
if (failed.length) {
  console.error(`\nFAILED: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\nAll test steps passed.');
