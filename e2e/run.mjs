#!/usr/bin/env node
// End-to-end test entry (`node e2e/run.mjs`, step of `npm test`): builds the browser version, serves it with the
// app's own static server (same headers as the Electron protocol), starts one headless Debian Chromium through
// playwright-core, and runs e2e/*.spec.mjs with Node's test runner. It also builds the desktop app
// (electron-vite build, no binary needed) and serves its renderer for the mocked-preload spec.
// Exits non-zero when anything fails. `node e2e/run.mjs e2e/some.spec.mjs …` runs only those specs (the desktop
// build is then made only when desktop-renderer.spec.mjs is among them).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { CHROMIUM_ARGS, CHROMIUM_PATH, repoRoot } from './helpers.mjs';

function build(relBin, args, what) {
  console.log(`▶ ${what}`);
  const r = spawnSync(process.execPath, [path.join(repoRoot, relBin), ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`e2e: ${what} failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

if (!existsSync(CHROMIUM_PATH)) {
  console.error(`e2e: Chromium not found at ${CHROMIUM_PATH}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}

const chosen = process.argv.slice(2).map((f) => path.join('e2e', path.basename(f)));
for (const f of chosen) {
  if (!existsSync(path.join(repoRoot, f)) || !f.endsWith('.spec.mjs')) {
    console.error(`e2e: no spec ${f}; give spec files of e2e/ (e.g. e2e/editor.spec.mjs), or nothing to run them all.`);
    process.exit(1);
  }
}

build('node_modules/vite/bin/vite.js', ['build', '--logLevel', 'warn'], 'building the browser version (vite build)');
// The desktop build needs no Electron binary; its renderer is also tested in Chromium with a mocked preload API,
// and the Electron spec runs out/main where a binary exists.
if (chosen.length === 0 || chosen.some((f) => f.includes('desktop'))) {
  build('node_modules/electron-vite/bin/electron-vite.js', ['build', '--logLevel', 'warn'], 'building the desktop app (electron-vite build)');
}

const { startStaticServer } = await tsImport('../scripts/serve-web.ts', import.meta.url);
const server = await startStaticServer({ root: path.join(repoRoot, 'out', 'web'), port: 0 });
const desktopRenderer = await startStaticServer({ root: path.join(repoRoot, 'out', 'renderer'), port: 0 });
const browserServer = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
console.log(`▶ serving out/web at ${server.url}, out/renderer at ${desktopRenderer.url}; Chromium at ${browserServer.wsEndpoint()}`);

const specs = chosen.length > 0 ? chosen
  : readdirSync(path.join(repoRoot, 'e2e')).filter((f) => f.endsWith('.spec.mjs')).sort().map((f) => path.join('e2e', f));
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...specs], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, E2E_BASE_URL: server.url, E2E_DESKTOP_RENDERER_URL: desktopRenderer.url, E2E_WS_ENDPOINT: browserServer.wsEndpoint() },
});
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await browserServer.close();
await server.close();
await desktopRenderer.close();
if (code !== 0) console.error(`\ne2e: tests failed (exit ${code}).`);
process.exit(code);
