// The desktop build's renderer (out/renderer) in Chromium with a mock of the preload's window.netsketch: the
// app must pick the Electron platform and drive it as main expects (title state, menu commands, Save/Save As
// through file ids, the save-before-close answer, native edits inside text fields).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectProblems, desktopRendererUrl, getBrowser } from './helpers.mjs';

/** Runs in the page before the app: a recording stand-in for the preload API (plain data + Promises). */
function installMockPreload() {
  const calls = [];
  const files = new Map();
  window.__calls = calls;
  window.netsketch = {
    platform: 'electron',
    openProject: async () => { calls.push(['openProject']); return null; },
    openRecent: async (fileId) => { calls.push(['openRecent', fileId]); throw new Error('not used'); },
    // Project bytes are recorded as text so the test can read the JSON placeholder format.
    saveProject: async (fileId, bytes) => { calls.push(['saveProject', fileId, new TextDecoder().decode(bytes)]); return { fileId, name: files.get(fileId) }; },
    saveProjectAs: async (bytes, suggestedName) => {
      calls.push(['saveProjectAs', new TextDecoder().decode(bytes), suggestedName]);
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
      const project = { format: 'netsketch', version: 1, edges: [], nodes: ['a', 'b', 'c'].map((id, i) => ({ id, type: 'layer', position: { x: i * 200, y: 0 }, data: { title: `L${id}`, summary: '', hasInput: true, hasOutput: true } })) };
      return { documentId, name: 'lost.netsketch', bytes: new TextEncoder().encode(JSON.stringify(project)), file: { fileId: 'file-9', name: 'lost.netsketch' } };
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
    await page.getByTestId('layer-node').first().waitFor();
    await page.waitForFunction(() => typeof window.__menu === 'function' && typeof window.__close === 'function');
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
    const [[, text, suggestedName]] = await calls('saveProjectAs');
    assert.equal(suggestedName, 'untitled.netsketch');
    assert.deepEqual(JSON.parse(text).nodes.map((n) => n.id), ['input', 'fc1']);
    await page.waitForFunction(() => window.__calls.some((c) => c[0] === 'setTitleState' && c[1].fileName === 'net.netsketch'));
    assert.deepEqual((await calls('setTitleState')).at(-1)[1], { fileName: 'net.netsketch', dirty: false });

    await page.evaluate(() => window.__menu({ type: 'select-all' }));
    await page.evaluate(() => window.__menu({ type: 'duplicate' }));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 4);
    assert.deepEqual((await calls('setTitleState')).at(-1)[1], { fileName: 'net.netsketch', dirty: true });
    assert.equal(await page.getByTestId('status-document').innerText(), '• net.netsketch');
  });

  test('a close request saves to the same file and answers true', async () => {
    const proceed = await page.evaluate(() => window.__close());
    assert.equal(proceed, true);
    const saves = await calls('saveProject');
    assert.equal(saves.length, 1);
    assert.equal(saves[0][1], 'file-1');
    assert.equal(JSON.parse(saves[0][2]).nodes.length, 4);
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

  test('commands without a feature yet say so', async () => {
    await page.evaluate(() => window.__menu({ type: 'train-start' }));
    await page.waitForFunction(() => /Training is not available yet/.test(document.querySelector('[data-testid="status-message"]').textContent));
  });

  test('logged no console errors, page errors or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
