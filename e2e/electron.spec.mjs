// The desktop shell in real Electron (unpackaged out/main/index.js, the same main path as `npm start`): secure
// window, app://bundle with cross-origin isolation, the preload API, IPC validation, title, menu commands and
// navigation lock. Runs only where an Electron binary exists; elsewhere it reports itself skipped with the reason.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
import { findElectronBinary } from '../scripts/electron-binary.mjs';
import { collectProblems, ensureScreenshotDir, repoRoot } from './helpers.mjs';

/** A display for Electron on Linux: the current one, or a private Xvfb when available. */
async function ensureDisplay(env) {
  if (process.platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return { env, stop: () => undefined };
  if (spawnSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('An Electron binary exists but there is no display: set DISPLAY or install Xvfb (apt-get install xvfb).');
  }
  const display = `:${90 + Math.floor(Math.random() * 100)}`;
  const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return { env: { ...env, DISPLAY: display }, stop: () => xvfb.kill() };
}

test('Electron shell', async (t) => {
  const binary = findElectronBinary(repoRoot);
  if (!binary.ok) {
    t.skip(`Electron binary not available: ${binary.reason}`);
    return;
  }
  const baseEnv = { ...process.env };
  delete baseEnv.ELECTRON_RENDERER_URL;
  delete baseEnv.ELECTRON_RUN_AS_NODE;
  const { env, stop } = await ensureDisplay(baseEnv);
  const app = await _electron.launch({ executablePath: binary.path, args: [path.join(repoRoot, 'out', 'main', 'index.js')], cwd: repoRoot, env });
  try {
    const page = await app.firstWindow();
    const problems = collectProblems(page);
    await page.getByTestId('canvas').waitFor();

    await t.test('loads the UI from app://bundle in a locked-down window', async () => {
      assert.match(page.url(), /^app:\/\/bundle\//);
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const p = BrowserWindow.getAllWindows()[0].webContents.getLastWebPreferences();
        return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity };
      });
      assert.deepEqual(prefs, { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
      const page_ = await page.evaluate(() => ({
        require: typeof window.require, process: typeof window.process, api: Object.keys(window.netsketch ?? {}).sort(),
      }));
      assert.equal(page_.require, 'undefined');
      assert.equal(page_.process, 'undefined');
      assert.deepEqual(page_.api, ['discardRecovery', 'exportFile', 'getRecentFiles', 'importFile', 'listRecoverable', 'nativeEdit',
        'onCloseRequested', 'onMenuCommand', 'openExternal', 'openProject', 'openRecent', 'openRecovery', 'platform', 'saveProject',
        'saveProjectAs', 'setTitleState', 'writeRecovery']);
    });

    await t.test('shows the demo nodes and shares memory with workers', async () => {
      assert.equal(await page.getByTestId('layer-node').count(), 2);
      assert.equal(await page.getByTestId('status-platform').innerText(), 'Desktop');
      assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
      await page.waitForFunction(() => document.querySelector('[data-testid="status-shared-memory"]')?.getAttribute('data-state') !== 'pending');
      assert.equal(await page.getByTestId('status-shared-memory').getAttribute('data-state'), 'ok');
      await page.screenshot({ path: path.join(ensureScreenshotDir(), 'electron-editor.png') });
    });

    await t.test('title follows setTitleState; bad payloads are refused with a clear message', async () => {
      await page.evaluate(() => window.netsketch.setTitleState({ fileName: 'mnist.netsketch', dirty: true }));
      assert.equal(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getTitle()), '• mnist.netsketch — Netsketch');
      const unknown = await page.evaluate(() => window.netsketch.saveProject('0000', 'x').then(() => 'saved', (e) => e.message));
      assert.match(unknown, /unknown fileId/);
      const badName = await page.evaluate(() => window.netsketch.exportFile('weights-pt', new Uint8Array(1), '../x.pt').then(() => 'ok', (e) => e.message));
      assert.match(badName, /suggestedName must be a plain file name/);
      await page.evaluate(() => window.netsketch.setTitleState({ fileName: null, dirty: false }));
    });

    await t.test('menu items reach the renderer as commands', async () => {
      assert.equal(await page.locator('.react-flow__minimap').count(), 1);
      await app.evaluate(({ Menu }) => {
        const view = Menu.getApplicationMenu().items.find((i) => i.label.replace('&', '') === 'View');
        view.submenu.items.find((i) => i.label === 'Toggle Minimap').click();
      });
      await page.waitForFunction(() => document.querySelector('.react-flow__minimap') === null);
    });

    await t.test('navigation away from the app is blocked', async () => {
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      assert.match(page.url(), /^app:\/\/bundle\//);
    });

    await t.test('logged no console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await app.close();
    stop();
  }
});
