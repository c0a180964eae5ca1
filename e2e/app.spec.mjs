// The browser build in Chromium: the app loads under its production CSP, shows the editor (a template on the canvas),
// is cross-origin isolated so SharedArrayBuffer reaches workers, and logs no errors. Also covers the browser
// platform (shortcuts, save as download, unsaved mark in the title).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { baseUrl, chooseFile, collectProblems, ensureScreenshotDir, getBrowser } from './helpers.mjs';

const { parseProject, serializeProject } = await tsImport('../renderer/state/project-file.ts', import.meta.url);
const template = JSON.parse(await readFile(new URL('../assets/examples/mnist-mlp.json', import.meta.url), 'utf8'));

describe('browser build', () => {
  let browser;
  let context;
  let page;
  let problems;
  let response;

  before(async () => {
    browser = await getBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    problems = collectProblems(page);
    response = await page.goto(baseUrl(), { waitUntil: 'load' });
    await page.getByTestId('canvas').waitFor();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
  });

  test('is served with the production security headers', () => {
    assert.equal(response.status(), 200);
    const headers = response.headers();
    assert.equal(headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(headers['cross-origin-embedder-policy'], 'require-corp');
    assert.match(headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(headers['content-security-policy'], /object-src 'none'/);
  });

  test('starts with an empty canvas; a template puts its layers, joined by edges, on it', async () => {
    assert.equal(await page.getByTestId('layer-node').count(), 0);
    assert.equal(await page.title(), 'Untitled — Netsketch');
    assert.equal(await page.getByTestId('status-platform').innerText(), 'Browser');
    await page.getByTestId('tool-templates').click();
    await page.locator('[data-template="mnist-mlp"]').click();
    await page.getByTestId('template-create').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="layer-node"]').length === n, template.nodes.length);
    const names = await page.getByTestId('layer-node').evaluateAll((els) => els.map((e) => e.dataset.name));
    assert.deepEqual(names, template.nodes.map((n) => n.name));
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length === n, template.edges.length);
    assert.equal(await page.title(), 'Untitled — Netsketch');
  });

  test('is cross-origin isolated and shares a SharedArrayBuffer with a worker', async () => {
    const result = await page.evaluate(async () => {
      const isolated = globalThis.crossOriginIsolated;
      const sab = new SharedArrayBuffer(4);
      const view = new Int32Array(sab);
      const source = 'onmessage = (e) => { Atomics.store(new Int32Array(e.data), 0, 42); postMessage("done"); };';
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      await new Promise((resolve, reject) => {
        worker.onmessage = resolve;
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage(sab);
      });
      worker.terminate();
      return { isolated, value: Atomics.load(view, 0) };
    });
    assert.deepEqual(result, { isolated: true, value: 42 });
    // The app's own probe uses a bundled module worker (the path the training workers take).
    const status = page.getByTestId('status-shared-memory');
    await page.waitForFunction(() => document.querySelector('[data-testid="status-shared-memory"]')?.getAttribute('data-state') !== 'pending');
    assert.equal(await status.getAttribute('data-state'), 'ok', `probe detail: ${await status.getAttribute('title')}`);
  });

  test('writes a screenshot of the editor', async () => {
    const file = path.join(ensureScreenshotDir(), 'editor.png');
    await page.screenshot({ path: file });
    const bytes = await readFile(file);
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  });

  test('Ctrl+S saves the project as a download and the title follows', async () => {
    // Without the File System Access API the browser platform falls back to a download.
    await page.evaluate(() => {
      delete window.showSaveFilePicker;
      delete window.showOpenFilePicker;
    });
    await page.getByTestId('canvas').click({ position: { x: 40, y: 40 } });
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')]);
    assert.equal(download.suggestedFilename(), 'untitled.netsketch');
    const local = path.join(ensureScreenshotDir(), '..', 'downloads', 'untitled.netsketch');
    await download.saveAs(local);
    const saved = parseProject(new Uint8Array(await readFile(local)), 'untitled.netsketch');
    assert.deepEqual(saved.doc.nodes.map((n) => [n.id, n.kind, n.params]), template.nodes.map((n) => [n.id, n.kind, n.params]));
    assert.deepEqual(saved.doc.edges, template.edges);
    await page.waitForFunction(() => document.title === 'untitled.netsketch — Netsketch');
  });

  test('deleting a node marks the document unsaved', async () => {
    const n = template.nodes.length;
    await page.getByTestId('layer-node').nth(1).locator('.layer-node__name').click();
    await page.keyboard.press('Delete');
    await page.waitForFunction((k) => document.querySelectorAll('[data-testid="layer-node"]').length === k, n - 1);
    assert.equal(await page.title(), '• untitled.netsketch — Netsketch');
    const wires = template.edges.filter((e) => e.source !== template.nodes[1].id && e.target !== template.nodes[1].id).length;
    await page.waitForFunction((k) => document.querySelectorAll('.react-flow__edge').length === k, wires);
  });

  test('unsaved work is autosaved and offered for restore in a new session', async () => {
    // The previous test deleted a node, leaving unsaved changes; the autosave lands a few seconds after the edit.
    const storedCopies = () => page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('netsketch');
      open.onsuccess = () => {
        const db = open.result;
        const done = (n) => { db.close(); resolve(n); };
        if (!db.objectStoreNames.contains('recovery')) return done(0);
        const count = db.transaction('recovery').objectStore('recovery').count();
        count.onsuccess = () => done(count.result);
        count.onerror = () => done(0);
      };
      open.onerror = () => resolve(0);
    }));
    for (let tries = 0; (await storedCopies()) === 0; tries++) {
      assert.ok(tries < 80, 'no recovery copy was written within 20 s of the edit');
      await new Promise((r) => setTimeout(r, 250));
    }
    const second = await context.newPage();
    const secondProblems = collectProblems(second);
    await second.goto(baseUrl());
    const banner = second.getByTestId('recovery-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Unsaved changes to untitled\.netsketch/);
    await banner.getByRole('button', { name: 'Restore' }).click();
    await second.waitForFunction((k) => document.querySelectorAll('[data-testid="layer-node"]').length === k, template.nodes.length - 1);
    assert.equal(await second.title(), '• untitled.netsketch — Netsketch');
    assert.equal(await second.getByTestId('recovery-banner').count(), 0);
    assert.deepEqual(secondProblems, []);
    await second.close();
  });

  test('menu shortcuts work in the browser: Ctrl+Shift+M toggles the minimap', async () => {
    await page.getByTestId('canvas').click({ position: { x: 40, y: 40 } });
    assert.equal(await page.locator('.react-flow__minimap').count(), 1);
    await page.keyboard.press('Control+Shift+M');
    await page.waitForFunction(() => document.querySelector('.react-flow__minimap') === null);
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.react-flow__minimap').waitFor();
  });

  test('Ctrl+O opens a project through the file picker, after confirming to discard changes', async () => {
    const doc = {
      schemaVersion: 2, name: 'three', groups: [], training: { epochs: 1, batch_size: 32, validation_split: 0, seed: 0, lr: null },
      nodes: [['d', 'Dataset'], ['f', 'Flatten'], ['l', 'Linear']].map(([id, kind], i) => ({ id, kind, name: `${id}1`, params: {}, position: { x: i * 260, y: 0 } })),
      edges: [{ id: 'e1', source: 'd', sourcePort: 'x', target: 'f', targetPort: 'input' }, { id: 'e2', source: 'f', sourcePort: 'output', target: 'l', targetPort: 'input' }],
    };
    const project = Buffer.from(serializeProject(doc, null));
    let confirmed = '';
    // Answered on every attempt: chooseFile repeats Ctrl+O when Chromium drops a picker, and each asks again.
    const onDialog = (d) => {
      confirmed = d.message();
      void d.accept();
    };
    page.on('dialog', onDialog);
    await page.getByTestId('canvas').click({ position: { x: 40, y: 40 } });
    const chooser = await chooseFile(page, () => page.keyboard.press('Control+O')).finally(() => page.off('dialog', onDialog));
    await chooser.setFiles({ name: 'three.netsketch', mimeType: 'application/octet-stream', buffer: project });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 3);
    assert.match(confirmed, /Discard the unsaved changes/);
    assert.equal(await page.title(), 'three.netsketch — Netsketch');
    assert.equal(await page.locator('.react-flow__edge').count(), 2);
  });

  test('a file that is not a project is refused with a message naming it', async () => {
    await page.getByTestId('canvas').click({ position: { x: 40, y: 40 } });
    const chooser = await chooseFile(page, () => page.keyboard.press('Control+O'));
    await chooser.setFiles({ name: 'weights.pt', mimeType: 'application/octet-stream', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]) });
    await page.waitForFunction(() => /weights\.pt is not a Netsketch project/.test(document.querySelector('[data-testid="status-message"]').textContent));
    assert.equal(await page.title(), 'three.netsketch — Netsketch');
    assert.equal(await page.getByTestId('layer-node').count(), 3);
  });

  test('logged no console errors, page errors or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
