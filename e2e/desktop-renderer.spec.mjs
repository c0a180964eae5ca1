// The desktop build's renderer (out/renderer) in Chromium with a mock of the preload's window.netsketch: the
// app must pick the Electron platform and drive it as main expects (title state, menu commands, Save/Save As
// through file ids, the save-before-close answer, native edits inside text fields).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { collectProblems, desktopRendererUrl, getBrowser } from './helpers.mjs';

const { parseProject } = await tsImport('../renderer/state/project-file.ts', import.meta.url);
const graphOf = (bytes) => parseProject(new Uint8Array(bytes), 'x.netsketch').doc;

/** Runs in the page before the app: a recording stand-in for the preload API (plain data + Promises). */
function installMockPreload() {
  const calls = [];
  const files = new Map();
  window.__calls = calls;
  window.netsketch = {
    platform: 'electron',
    openProject: async () => { calls.push(['openProject']); return null; },
    openRecent: async (fileId) => { calls.push(['openRecent', fileId]); throw new Error('not used'); },
    // Project bytes are recorded as plain arrays so the test can read them back with the project reader.
    saveProject: async (fileId, bytes) => { calls.push(['saveProject', fileId, Array.from(bytes)]); return { fileId, name: files.get(fileId) }; },
    saveProjectAs: async (bytes, suggestedName) => {
      calls.push(['saveProjectAs', Array.from(bytes), suggestedName]);
      files.set('file-1', 'net.netsketch');
      return { fileId: 'file-1', name: 'net.netsketch' };
    },
    exportFile: async (...a) => { calls.push(['exportFile', ...a]); return null; },
    importFile: async (kind) => { calls.push(['importFile', kind]); return null; },
    setTitleState: async (state) => { calls.push(['setTitleState', state]); },
    getRecentFiles: async () => [],
    nativeEdit: async (action) => { calls.push(['nativeEdit', action]); },
    openExternal: async (url) => { calls.push(['openExternal', url]); },
    writeRecovery: async (copy) => { calls.push(['writeRecovery', copy.documentId, copy.name, copy.fileId]); },
    discardRecovery: async (documentId) => { calls.push(['discardRecovery', documentId]); },
    listRecoverable: async () => [{ documentId: 'crashed-doc', name: 'lost.netsketch', savedAt: Date.UTC(2026, 0, 2, 3, 4) }],
    openRecovery: async (documentId) => {
      calls.push(['openRecovery', documentId]);
      // A bare graph document (the recovery reader also accepts graph JSON).
      const graph = {
        schemaVersion: 2, name: 'lost', groups: [], edges: [], training: { epochs: 1, batch_size: 32, validation_split: 0, seed: 0, lr: null },
        nodes: ['a', 'b', 'c'].map((id, i) => ({ id, kind: 'ReLU', name: `relu_${id}`, params: {}, position: { x: i * 260, y: 0 } })),
      };
      return { documentId, name: 'lost.netsketch', bytes: new TextEncoder().encode(JSON.stringify(graph)), file: { fileId: 'file-9', name: 'lost.netsketch' } };
    },
    onMenuCommand: (listener) => { window.__menu = listener; return () => { window.__menu = null; }; },
    onCloseRequested: (listener) => { window.__close = listener; return () => { window.__close = null; }; },
  };
}

describe('desktop renderer with the preload API', () => {
  let browser;
  let page;
  let problems;
  const calls = (name) => page.evaluate((n) => window.__calls.filter((c) => c[0] === n), name);

  before(async () => {
    browser = await getBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    problems = collectProblems(page);
    await page.addInitScript(installMockPreload);
    await page.goto(desktopRendererUrl());
    await page.getByTestId('palette').waitFor();
    await page.waitForFunction(() => typeof window.__menu === 'function' && typeof window.__close === 'function');
    // Start from the MNIST MLP template (a new document starts empty).
    await page.getByTestId('tool-templates').click();
    await page.locator('[data-template="mnist-mlp"]').click();
    await page.getByTestId('template-create').click();
    await page.getByTestId('layer-node').first().waitFor();
  });

  after(async () => {
    await browser?.close();
  });

  test('uses the Electron platform and reports the initial title state', async () => {
    assert.equal(await page.getByTestId('status-platform').innerText(), 'Desktop');
    const titles = await calls('setTitleState');
    assert.deepEqual(titles.at(-1), ['setTitleState', { fileName: null, dirty: false }]);
  });

  test('menu Save on a new document goes through Save As, then Save uses the granted file id', async () => {
    await page.evaluate(() => window.__menu({ type: 'save' }));
    await page.waitForFunction(() => window.__calls.some((c) => c[0] === 'saveProjectAs'));
    const [[, bytes, suggestedName]] = await calls('saveProjectAs');
    assert.equal(suggestedName, 'untitled.netsketch');
    const shown = await page.getByTestId('layer-node').evaluateAll((els) => els.map((e) => e.dataset.nodeId));
    assert.deepEqual(graphOf(bytes).nodes.map((n) => n.id), shown);
    await page.waitForFunction(() => window.__calls.some((c) => c[0] === 'setTitleState' && c[1].fileName === 'net.netsketch'));
    assert.deepEqual((await calls('setTitleState')).at(-1)[1], { fileName: 'net.netsketch', dirty: false });

    await page.evaluate(() => window.__menu({ type: 'select-all' }));
    await page.evaluate(() => window.__menu({ type: 'duplicate' }));
    const before = shown.length;
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="layer-node"]').length === 2 * n, before);
    assert.deepEqual((await calls('setTitleState')).at(-1)[1], { fileName: 'net.netsketch', dirty: true });
    assert.equal(await page.getByTestId('status-document').innerText(), '• net.netsketch');
  });

  test('a close request saves to the same file and answers true', async () => {
    const proceed = await page.evaluate(() => window.__close());
    assert.equal(proceed, true);
    const saves = await calls('saveProject');
    assert.equal(saves.length, 1);
    assert.equal(saves[0][1], 'file-1');
    assert.equal(graphOf(saves[0][2]).nodes.length, await page.getByTestId('layer-node').count());
    assert.deepEqual((await calls('setTitleState')).at(-1)[1], { fileName: 'net.netsketch', dirty: false });
  });

  test('view commands: theme and minimap', async () => {
    await page.evaluate(() => window.__menu({ type: 'set-theme', theme: 'dark' }));
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.evaluate(() => window.__menu({ type: 'toggle-minimap' }));
    await page.waitForFunction(() => document.querySelector('.react-flow__minimap') === null);
  });

  test('edit commands act natively on a focused text field', async () => {
    await page.evaluate(() => {
      const input = document.createElement('input');
      document.body.append(input);
      input.focus();
      window.__menu({ type: 'paste' });
      window.__menu({ type: 'select-all' });
      input.remove();
    });
    assert.deepEqual(await calls('nativeEdit'), [['nativeEdit', 'paste'], ['nativeEdit', 'selectAll']]);
  });

  test('a recovery copy from a crashed run is offered and restored into its original file', async () => {
    const banner = page.getByTestId('recovery-banner');
    assert.match(await banner.innerText(), /Unsaved changes to lost\.netsketch/);
    await page.evaluate(() => window.__menu({ type: 'save' })); // the document must be clean before restoring
    await page.waitForFunction(() => window.__calls.filter((c) => c[0] === 'saveProject').length === 2);
    await banner.getByRole('button', { name: 'Restore' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 3);
    assert.deepEqual(await calls('openRecovery'), [['openRecovery', 'crashed-doc']]);
    assert.deepEqual((await calls('setTitleState')).at(-1)[1], { fileName: 'lost.netsketch', dirty: true });
    // Save now writes to the recovered document's original file.
    await page.evaluate(() => window.__menu({ type: 'save' }));
    await page.waitForFunction(() => window.__calls.filter((c) => c[0] === 'saveProject').length === 3);
    assert.equal((await calls('saveProject')).at(-1)[1], 'file-9');
    assert.ok((await calls('discardRecovery')).some((c) => c[1] === 'crashed-doc'), 'the recovery copy is dropped after the save');
  });

  test('Help → About answers in the status bar', async () => {
    await page.evaluate(() => window.__menu({ type: 'about' }));
    await page.waitForFunction(() => /Netsketch 0\.1\.0/.test(document.querySelector('[data-testid="status-message"]').textContent));
  });

  test('logged no console errors, page errors or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
