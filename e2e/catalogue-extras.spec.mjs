// The newer catalogue kinds in the browser build, end to end: graphs with int64 token inputs (tokens → Embedding),
// a layer with two outputs (MaxPool2d(return_indices) → MaxUnpool2d), losses with several tensor inputs
// (MarginRankingLoss loaded from a file, TripletMarginLoss built by dragging from the palette) and the digit-strings
// CTC example. Each graph is trained a few steps in the app's worker: losses appear, no error banner, views that
// assume class scores (accuracy chart, results, insight) say so instead of breaking, and the exported .pt loads with
// strict=True into the app's own generated PyTorch code. Also: every opened graph passes the drawing checks (both
// layout directions for the triplet and unpool nets, dark + Chinese), ports hidden by a param (wire removed in one
// undo step, or flagged when a file has one), and Conv3d's int3 fields in the inspector.
// Screenshots go to test-results/screenshots/catalogue-*.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkDrawing, measure, settled } from './drawing-checks.mjs';
import {
  chooseFile, connectPorts, dragFromPalette, ensureScreenshotDir, getBrowser, openApp, repoRoot, selectNode, setParam,
} from './helpers.mjs';

const PYTHON = '/usr/bin/python3';
const work = mkdtempSync(path.join(tmpdir(), 'netsketch-catalogue-e2e-'));

// ---- graph documents (schema 2), every node at the origin so the app lays them out on opening ----

const at = { x: 0, y: 0 };
const node = (id, kind, params = {}) => ({ id, kind, name: id, params, position: at });
const edge = (id, source, sourcePort, target, targetPort) => ({ id, source, sourcePort, target, targetPort });
const graph = (name, nodes, edges, training = {}) => ({
  schemaVersion: 2, name, nodes, edges, groups: [],
  training: { epochs: 1, batch_size: 32, validation_split: 0, seed: 0, lr: null, ...training },
});
const sgd = (lr = 0.05) => node('optimizer', 'SGD', { lr, momentum: 0.9 });

/** Two scores per sample from two branches, ranked by MarginRankingLoss against the moons labels (±1). */
const rankingGraph = graph('Two-branch margin ranking', [
  node('data', 'Dataset', { dataset: 'moons', samples: 400, noise: 0.1 }),
  node('a1', 'Linear', { in_features: 'auto', out_features: 16 }),
  node('a_act', 'ReLU'),
  node('a2', 'Linear', { in_features: 'auto', out_features: 1 }),
  node('b1', 'Linear', { in_features: 'auto', out_features: 1 }),
  node('loss', 'MarginRankingLoss', { margin: 0.1 }),
  sgd(),
], [
  edge('e1', 'data', 'x', 'a1', 'input'), edge('e2', 'a1', 'output', 'a_act', 'input'), edge('e3', 'a_act', 'output', 'a2', 'input'),
  edge('e4', 'data', 'x', 'b1', 'input'),
  edge('e5', 'a2', 'output', 'loss', 'input1'), edge('e6', 'b1', 'output', 'loss', 'input2'), edge('e7', 'data', 'y', 'loss', 'target'),
  edge('e8', 'loss', 'loss', 'optimizer', 'loss'),
]);

/** Digits through a conv, a MaxPool2d that also returns its indices, and the MaxUnpool2d that uses them. */
const unpoolGraph = graph('Max pool with indices, then unpool', [
  node('data', 'Dataset', { dataset: 'mnist' }),
  node('conv', 'Conv2d', { in_channels: 'auto', out_channels: 4, kernel_size: 3, padding: 1 }),
  node('pool', 'MaxPool2d', { kernel_size: 2, return_indices: true }),
  node('unpool', 'MaxUnpool2d', { kernel_size: 2 }),
  node('act', 'ReLU'),
  node('flat', 'Flatten'),
  node('fc', 'Linear', { in_features: 'auto', out_features: 10 }),
  node('loss', 'CrossEntropyLoss'),
  node('optimizer', 'Adam', { lr: 0.003 }),
], [
  edge('e1', 'data', 'x', 'conv', 'input'), edge('e2', 'conv', 'output', 'pool', 'input'),
  edge('e3', 'pool', 'output', 'unpool', 'input'), edge('e4', 'pool', 'indices', 'unpool', 'indices'),
  edge('e5', 'unpool', 'output', 'act', 'input'), edge('e6', 'act', 'output', 'flat', 'input'), edge('e7', 'flat', 'output', 'fc', 'input'),
  edge('e8', 'fc', 'output', 'loss', 'input'), edge('e9', 'data', 'y', 'loss', 'target'), edge('e10', 'loss', 'loss', 'optimizer', 'loss'),
], { batch_size: 64 });

// ---- page helpers ----

/** The engine's UI state through the page's test hook (plain data only). */
function engineState(page) {
  return page.evaluate(() => {
    const s = window.__netsketchEngine.state();
    return {
      status: s.status, error: s.error, evaluation: s.evaluation,
      runs: s.runs.map((r) => ({ steps: r.steps.length, losses: r.losses, accs: r.accs.length })),
    };
  });
}

/** Opens a graph JSON file through File ▸ Open (Ctrl+O and the browser's file picker), discarding unsaved edits. */
async function openGraph(page, doc, fileName) {
  const chooser = await chooseFile(page, async () => {
    await page.getByTestId('canvas').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+O');
  }, { attempts: 5 });
  await chooser.setFiles({ name: fileName, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="layer-node"]').length === n, doc.nodes.length, { timeout: 15_000 });
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length === n, doc.edges.length, { timeout: 15_000 });
  await settled(page);
  // The opened graph is laid out readably: no overlaps, no wire through a node, chips clear of port names.
  checkDrawing(await measure(page), fileName);
}

/** Fails with the app's own diagnostics when the graph is not valid. */
async function expectValid(page) {
  const health = await page.getByTestId('status-health').innerText();
  if (/error/i.test(health)) {
    const problems = await page.locator('[data-testid="inspector-problems"]').allInnerTexts().catch(() => []);
    assert.fail(`the graph should be valid, the status bar says "${health}": ${problems.join(' | ')}`);
  }
}

/** Steps `n` batches with the Step button (a new graph starts a new run); returns the engine state after the last one. */
async function trainSteps(page, n) {
  const start = await engineState(page);
  const base = { runs: start.runs.length, steps: start.runs.at(-1)?.steps ?? 0 };
  for (let i = 1; i <= n; i++) {
    await page.getByTestId('train-step').click();
    await page.waitForFunction(({ base, want }) => {
      const s = window.__netsketchEngine.state();
      const done = s.runs.length > base.runs ? s.runs.at(-1).steps.length : (s.runs.at(-1)?.steps.length ?? 0) - base.steps;
      return s.error !== null || done >= want;
    }, { base, want: i }, { timeout: 120_000 });
    const s = await engineState(page);
    assert.equal(s.error, null, `training step ${i} failed: ${s.error}`);
    await page.waitForFunction(() => !document.querySelector('[data-testid="train-step"]').disabled, null, { timeout: 60_000 });
  }
  return engineState(page);
}

/** Checks the visible training state: losses recorded and shown, no error or non-finite banner. */
async function expectTrained(page, steps) {
  const s = await engineState(page);
  const run = s.runs.at(-1);
  assert.ok(run && run.steps >= steps, `expected ${steps} recorded steps, got ${run?.steps}`);
  assert.ok(run.losses.every(Number.isFinite), `losses should be finite: ${run.losses}`);
  await page.getByTestId('progress-loss').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('progress-loss').innerText(), /\d\.\d{4}/);
  assert.equal(await page.getByTestId('engine-error').count(), 0, 'no engine error banner');
  assert.equal(await page.getByTestId('non-finite').count(), 0, 'no non-finite banner');
  return run;
}

/** File ▸ Export … through the in-page menu; returns the saved path. */
async function exportVia(page, testId, fileName) {
  await page.getByTestId('menubar-file').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  const file = path.join(work, fileName);
  await download.saveAs(file);
  return file;
}

/** Exports the weights and the PyTorch code from the app, and loads the one into the other with strict=True. */
async function expectStrictLoad(page, stem, keys) {
  const pt = await exportVia(page, 'menu-export-weights.pt', `${stem}.pt`);
  const code = await exportVia(page, 'menu-export-code', `${stem}.py`);
  const r = spawnSync(PYTHON, [path.join(repoRoot, 'e2e', 'py', 'strict_load.py'), code, pt], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `PyTorch refused the exported weights (${stem}):\n${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  for (const k of keys) assert.ok(out.keys.includes(k), `${stem}: state_dict has ${k} (got ${out.keys.join(', ')})`);
  assert.equal(out.finite, true, `${stem}: exported weights are finite`);
  return out;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ensureScreenshotDir(), `catalogue-${name}.png`) });
}

describe('new catalogue kinds in the app', () => {
  let browser;
  let context;
  let page;
  let problems;

  before(async () => {
    browser = await getBrowser();
    ({ context, page, problems } = await openApp(browser, {
      acceptDownloads: true, dockHeight: 380,
      // Files go through <input type=file> and downloads, which Playwright drives (not the File System Access API).
      init: () => { delete window.showSaveFilePicker; delete window.showOpenFilePicker; },
    }));
    // "Discard the unsaved changes?" when the next graph is opened: yes.
    page.on('dialog', (d) => void d.accept());
  });

  after(async () => {
    await context?.close();
    await browser?.close();
  });

  test('a two-branch MarginRankingLoss net opened from a file trains; its accuracy is the share of pairs ranked right, and results say there are no class scores', async () => {
    await openGraph(page, rankingGraph, 'ranking.json');
    await expectValid(page);
    // The loss shows its three inputs, each labelled.
    const loss = page.locator('[data-testid="layer-node"][data-name="loss"]');
    assert.deepEqual(await loss.locator('.react-flow__handle.target').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-handleid'))), ['input1', 'input2', 'target']);
    assert.deepEqual(await loss.locator('.react-flow__handle.target .port__label').allInnerTexts(), ['input1', 'input2', 'target']);
    await trainSteps(page, 4);
    await expectTrained(page, 4);
    // Ranking accuracy (pairs ordered right) is charted; no "no accuracy" note.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="accuracy-chart"]')?.getAttribute('data-points') ?? 0) > 0, null, { timeout: 30_000 });
    assert.equal(await page.getByTestId('no-accuracy').count(), 0);
    await shot(page, 'ranking-trained');
    await page.getByTestId('tab-results').click();
    await page.getByTestId('evaluate').click();
    await page.getByTestId('results-no-classes').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('results-no-classes').innerText(), /MarginRankingLoss/);
    assert.equal(await page.getByTestId('confusion-matrix').count(), 0);
    assert.equal(await page.getByTestId('engine-error').count(), 0);
    await shot(page, 'ranking-results');
    // Step by step through one batch of a model that returns two tensors.
    await page.getByTestId('tab-step').click();
    await page.getByTestId('step-run-batch').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="step-detail"]') || document.querySelector('[data-testid="step-through"] .error-text'), null, { timeout: 60_000 });
    assert.equal(await page.locator('[data-testid="step-through"] .error-text').count(), 0,
      `step by step: ${await page.locator('[data-testid="step-through"] .error-text').allInnerTexts()}`);
    await page.getByTestId('step-next').click();
    await shot(page, 'ranking-step');
    await page.getByTestId('tab-train').click();
    await expectStrictLoad(page, 'ranking', ['a1.weight', 'a2.bias', 'b1.weight']);
  });

  test('a TripletMarginLoss net built by dragging from the palette trains', async () => {
    await page.getByTestId('menubar-file').click();
    await page.getByTestId('menu-new').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 0);
    const box = await page.getByTestId('canvas').boundingBox();
    const col = (f) => Math.round(box.width * f);
    const data = await dragFromPalette(page, 'Dataset', col(0.1), 200);
    await page.getByTestId('param-dataset').selectOption('moons');
    const ids = {};
    for (const [name, y] of [['anchor', 80], ['positive', 200], ['negative', 320]]) {
      ids[name] = await dragFromPalette(page, 'Linear', col(0.35), y);
      await setParam(page, 'out_features', '3');
    }
    const loss = await dragFromPalette(page, 'TripletMarginLoss', col(0.62), 200);
    const opt = await dragFromPalette(page, 'SGD', col(0.86), 200);
    for (const name of ['anchor', 'positive', 'negative']) {
      await connectPorts(page, data, 'x', ids[name], 'input');
      await connectPorts(page, ids[name], 'output', loss, name);
    }
    await connectPorts(page, loss, 'loss', opt, 'loss');
    await expectValid(page);
    await page.locator(`[data-testid="layer-node"][data-node-id="${loss}"]`).hover();
    await page.getByTestId('hover-card').waitFor();
    const rows = await page.locator('[data-testid="hover-port"]').evaluateAll((rs) => rs.map((r) => `${r.getAttribute('data-port')}: ${r.querySelector('td').textContent}`));
    assert.deepEqual(rows.slice(0, 3), ['anchor: N×3', 'positive: N×3', 'negative: N×3']);
    await shot(page, 'triplet-built');
    await page.mouse.move(5, 5);
    // The native-menu shortcuts for auto-layout (Ctrl+Shift+K top to bottom, Ctrl+Shift+L left to right).
    await page.getByTestId('canvas').click({ position: { x: 20, y: box.height - 20 } });
    const positions = () => page.getByTestId('layer-node').evaluateAll((ns) => ns.map((n) => n.closest('.react-flow__node').style.transform).join(';'));
    const drawn = await positions();
    await page.keyboard.press('Control+Shift+K');
    await page.waitForFunction(() => /Arranged 6 nodes/.test(document.querySelector('[data-testid="status-message"]').textContent));
    assert.notEqual(await positions(), drawn, 'Ctrl+Shift+K arranged the graph');
    await settled(page);
    checkDrawing(await measure(page), 'triplet, top to bottom');
    await shot(page, 'triplet-tb');
    const tb = await positions();
    await page.keyboard.press('Control+Shift+L');
    await page.waitForFunction((before) => [...document.querySelectorAll('[data-testid="layer-node"]')]
      .map((n) => n.closest('.react-flow__node').style.transform).join(';') !== before, tb);
    await settled(page);
    checkDrawing(await measure(page), 'triplet, left to right');
    await shot(page, 'triplet-lr');
    await trainSteps(page, 3);
    await expectTrained(page, 3);
    await shot(page, 'triplet-trained');
    // Insight on the loss of a model with three outputs: statistics, and a clear word instead of maps it has none of.
    await page.locator(`[data-testid="layer-node"][data-node-id="${loss}"] .layer-node__name`).click();
    await page.getByTestId('open-insight').click();
    await page.getByTestId('insight-inspect').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="insight-panel"] .sample-maps')
      || document.querySelector('[data-testid="insight-panel"] .error-text'), null, { timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="insight-panel"] .error-text').count(), 0,
      `insight: ${await page.locator('[data-testid="insight-panel"] .error-text').allInnerTexts()}`);
    assert.ok((await page.locator('[data-testid="insight-panel"] .sample-maps').innerText()).trim().length > 0, 'the sample section says something');
    assert.match(await page.getByTestId('insight-no-data').innerText(), /A loss has no weights or activations of its own/);
    await shot(page, 'triplet-insight');
    await page.getByTestId('insight-close').click();
  });

  test('tokens → Embedding → Flatten → Linear → CrossEntropy (the bundled example) trains on int64 token ids', async () => {
    const doc = JSON.parse(readFileSync(path.join(repoRoot, 'assets', 'examples', 'embedding-tokens.json'), 'utf8'));
    await openGraph(page, doc, 'embedding-tokens.json');
    await expectValid(page);
    // The Dataset inspector offers the new datasets and shows the tokens' own parameters.
    await selectNode(page, 'data');
    const options = await page.getByTestId('param-dataset').locator('option').allInnerTexts();
    for (const id of ['tokens', 'digit_strings', 'mnist']) assert.ok(options.includes(id), `dataset options ${options}`);
    assert.equal(await page.getByTestId('param-seq_len').inputValue(), '12');
    assert.equal(await page.getByTestId('param-vocab').inputValue(), '50');
    assert.equal(await page.getByTestId('param-height').count(), 0, 'image parameters are hidden for tokens');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="layer-node"][data-name="emb"]').hover();
    await page.getByTestId('hover-card').waitFor();
    assert.match(await page.locator('[data-testid="hover-port"][data-port="input"] td').innerText(), /^N×12 · int64$/);
    await page.mouse.move(5, 5);
    await trainSteps(page, 3);
    await expectTrained(page, 3);
    // The dataset card lists token ids as whole numbers.
    await page.locator('[data-testid="dataset-card"] .mini-table').waitFor({ timeout: 60_000 });
    assert.match(await page.locator('[data-testid="dataset-card"] .mini-table tr').first().innerText(), /^(\d+\s+){6}…\s+→ topic \d/);
    await shot(page, 'tokens-trained');
    // The Embedding's insight view draws its 50×8 table.
    await selectNode(page, 'emb');
    await page.getByTestId('open-insight').click();
    await page.getByTestId('matrix-values').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('insight-panel').innerText(), /rows: token ids/);
    await page.getByTestId('insight-inspect').click();
    await page.getByTestId('insight-activation').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('engine-error').count(), 0);
    await shot(page, 'tokens-insight');
    await page.getByTestId('insight-close').click();
    // Classification: the results tab has its confusion matrix (no image grid for token sequences).
    await page.getByTestId('tab-results').click();
    await page.getByTestId('evaluate').click();
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('prediction-grid').count(), 0);
    await page.getByTestId('tab-train').click();
    await expectStrictLoad(page, 'tokens', ['emb.weight', 'fc1.weight', 'fc2.bias']);
  });

  test('MaxPool2d(return_indices) feeds MaxUnpool2d: two output ports, int64 indices, the wire goes (undoably) when the port is switched off', async () => {
    await openGraph(page, unpoolGraph, 'unpool.json');
    await expectValid(page);
    const pool = page.locator('[data-testid="layer-node"][data-name="pool"]');
    assert.deepEqual(await pool.locator('.react-flow__handle.source').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-handleid'))), ['output', 'indices']);
    await pool.hover();
    await page.getByTestId('hover-card').waitFor();
    assert.equal(await page.locator('[data-testid="hover-port"][data-port="indices"] td').innerText(), 'N×4×14×14 · int64');
    await page.mouse.move(5, 5);
    await selectNode(page, 'pool');
    assert.deepEqual(await page.locator('[data-testid="inspector-shape"]').allInnerTexts(), ['N×4×14×14', 'N×4×14×14 · int64']);
    await shot(page, 'unpool-graph');
    // Left to right as well: the two wires from the pool to the unpool stay readable.
    await page.keyboard.press('Escape');
    await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+Shift+L');
    await page.waitForFunction(() => /Arranged 9 nodes/.test(document.querySelector('[data-testid="status-message"]').textContent));
    await settled(page);
    checkDrawing(await measure(page), 'unpool, left to right');
    await shot(page, 'unpool-lr');
    await selectNode(page, 'pool');

    // Switching return_indices off removes the port and its wire in one undoable step, and says so.
    const edges = await page.locator('.react-flow__edge').count();
    await page.getByTestId('param-return_indices').uncheck();
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length === n - 1, edges);
    assert.match(await page.getByTestId('status-message').innerText(), /Removed 1 wire\(s\) from pool\.indices: the port no longer exists with return_indices = False/);
    assert.equal(await pool.locator('.react-flow__handle[data-handleid="indices"]').count(), 0);
    assert.match(await page.getByTestId('status-health').innerText(), /error/i, 'the unpool now misses its indices');
    await shot(page, 'unpool-port-off');
    await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+Z');
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length === n, edges);
    assert.equal(await pool.locator('.react-flow__handle[data-handleid="indices"]').count(), 1);
    await expectValid(page);

    await trainSteps(page, 3);
    await expectTrained(page, 3);
    await shot(page, 'unpool-trained');
    // The pool's insight view shows its output maps for one sample (its first output).
    await selectNode(page, 'pool');
    await page.getByTestId('open-insight').click();
    await page.getByTestId('insight-inspect').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="insight-panel"] .sample-maps') || document.querySelector('[data-testid="insight-panel"] .error-text'), null, { timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="insight-panel"] .error-text').count(), 0,
      `insight: ${await page.locator('[data-testid="insight-panel"] .error-text').allInnerTexts()}`);
    await shot(page, 'unpool-insight');
    await page.getByTestId('insight-activation').waitFor({ timeout: 5000 });
    await page.getByTestId('insight-close').click();
    await expectStrictLoad(page, 'unpool', ['conv.weight', 'fc.weight']);
    // Dark theme, Chinese interface: the same graph stays readable.
    await page.getByTestId('tool-theme').click();
    await page.getByTestId('language').selectOption('zh-CN');
    await settled(page);
    checkDrawing(await measure(page), 'unpool, dark, zh-CN');
    await shot(page, 'unpool-dark-zh');
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('tool-theme').click();
  });

  test('a file whose wire ends on a port its settings hide shows that port flagged, with the fix', async () => {
    const doc = structuredClone(unpoolGraph);
    doc.nodes.find((n) => n.id === 'pool').params.return_indices = false;
    await openGraph(page, doc, 'unpool-hidden.json');
    const ghost = page.locator('[data-testid="layer-node"][data-name="pool"] .react-flow__handle.port--hidden');
    assert.equal(await ghost.getAttribute('data-handleid'), 'indices');
    assert.match(await ghost.getAttribute('title'), /this port is off under the layer's current settings/);
    assert.match(await page.getByTestId('status-health').innerText(), /error/i);
    await selectNode(page, 'pool');
    assert.match(await page.locator('[data-param="return_indices"]').innerText(), /only when return_indices is on.*Turn on return_indices/s);
    await shot(page, 'unpool-hidden-port');
    // Turning it on again makes the port an ordinary one.
    await page.getByTestId('param-return_indices').check();
    await page.waitForFunction(() => !document.querySelector('.port--hidden'));
    await expectValid(page);
  });

  test('Conv3d kernel_size takes "3", "1, 3, 3" or "(1, 3, 3)" in the inspector and explains a wrong count', async () => {
    await page.getByTestId('menubar-file').click();
    await page.getByTestId('menu-new').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 0);
    const box = await page.getByTestId('canvas').boundingBox();
    await dragFromPalette(page, 'Conv3d', Math.round(box.width / 2), 200);
    // Each form is accepted (no field error) and stored as PyTorch would take it: a triple, or one int for all.
    const line = () => page.getByTestId('pytorch-line').innerText();
    for (const [typed, shown, py] of [['(1, 3, 3)', '1, 3, 3', 'kernel_size=(1, 3, 3)'], ['1,5,5', '1, 5, 5', 'kernel_size=(1, 5, 5)'], ['3', '3', 'kernel_size=3)']]) {
      await setParam(page, 'kernel_size', typed);
      await page.waitForFunction((want) => document.querySelector('[data-testid="param-kernel_size"]').value === want
        && !document.querySelector('[data-testid="field-error"]'), shown);
      await page.waitForFunction((want) => (document.querySelector('[data-testid="pytorch-line"]')?.textContent ?? '').includes(want), py, { timeout: 5000 })
        .catch(async () => assert.fail(`kernel_size ${typed}: the PyTorch line reads ${await line()}`));
    }
    // in_channels is "auto" with nothing connected: unknown in the line, not the string 'auto'.
    assert.equal(await line(), 'self.conv1 = nn.Conv3d(?, 6, kernel_size=3)');
    await page.getByTestId('param-kernel_size').fill('3, 3');
    await page.getByTestId('field-error').waitFor();
    assert.equal(await page.getByTestId('field-error').innerText(), 'kernel_size needs 1 or 3 whole numbers (a whole number or d, h, w), got 2');
    assert.equal(await page.getByTestId('param-kernel_size').getAttribute('placeholder'), 'd, h, w');
    await shot(page, 'conv3d-inspector');
    await page.getByTestId('param-kernel_size').press('Escape');
  });

  test('digit strings → conv → Permute → LogSoftmax → CTCLoss (the bundled example) trains and evaluates', async () => {
    const doc = JSON.parse(readFileSync(path.join(repoRoot, 'assets', 'examples', 'digit-strings-ctc.json'), 'utf8'));
    await openGraph(page, doc, 'digit-strings-ctc.json');
    await expectValid(page);
    // The dataset card shows each image with its whole digit string (the padded label rows, read back).
    await page.getByTestId('dataset-preview').waitFor({ timeout: 60_000 });
    const captions = await page.locator('[data-testid="dataset-preview"] figcaption').allInnerTexts();
    assert.ok(captions.length > 0 && captions.every((c) => /^\d{1,4}$/.test(c)), `digit-string labels: ${captions.join(', ')}`);
    assert.ok(captions.some((c) => c.length > 1), `some strings have several digits: ${captions.join(', ')}`);
    await trainSteps(page, 2);
    await expectTrained(page, 2);
    await page.getByTestId('tab-results').click();
    await page.getByTestId('evaluate').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="results-no-classes"]') || document.querySelector('[data-testid="confusion-matrix"]')
      || document.querySelector('[data-testid="results-view"] .error-text'), null, { timeout: 60_000 });
    assert.equal(await page.locator('[data-testid="results-view"] .error-text').count(), 0,
      `evaluate: ${await page.locator('[data-testid="results-view"] .error-text').allInnerTexts()}`);
    // The test samples with their greedy readings (the true string struck through where it differs).
    await page.getByTestId('prediction-grid').waitFor({ timeout: 60_000 });
    // CTC measures an accuracy but has no per-sample class: no confusion matrix, and a note that says why.
    assert.equal(await page.getByTestId('confusion-matrix').count(), 0);
    assert.notEqual((await engineState(page)).evaluation.accuracy, null);
    assert.match(await page.getByTestId('results-no-classes').innerText(), /reads a sequence for each sample .* accuracy above counts the samples read exactly right/);
    const readings = await page.locator('[data-testid="prediction-grid"] .prediction__labels b').allInnerTexts();
    assert.ok(readings.length > 0 && readings.every((r) => /^(\d{1,}|∅)$/.test(r)), `readings: ${readings.join(', ')}`);
    await shot(page, 'ctc-results');
    await page.getByTestId('tab-train').click();
    await expectStrictLoad(page, 'ctc', ['conv1.weight', 'conv4.bias']);
  });

  test('OneCycleLR: the optimizer shows its settings, and the lr readout and curve follow PyTorch\'s schedule step by step', async () => {
    const doc = graph('One-cycle spirals', [
      node('data', 'Dataset', { dataset: 'spirals', samples: 400, classes: 3 }),
      node('fc1', 'Linear', { in_features: 'auto', out_features: 16 }),
      node('act', 'ReLU'),
      node('fc2', 'Linear', { in_features: 'auto', out_features: 3 }),
      node('loss', 'CrossEntropyLoss'),
      node('optimizer', 'SGD', { lr: 0.05, momentum: 0.9, scheduler: 'OneCycleLR', max_lr: 0.2 }),
    ], [
      edge('e1', 'data', 'x', 'fc1', 'input'), edge('e2', 'fc1', 'output', 'act', 'input'), edge('e3', 'act', 'output', 'fc2', 'input'),
      edge('e4', 'fc2', 'output', 'loss', 'input'), edge('e5', 'data', 'y', 'loss', 'target'), edge('e6', 'loss', 'loss', 'optimizer', 'loss'),
    ], { epochs: 2, batch_size: 32 });
    await openGraph(page, doc, 'one-cycle.json');
    await expectValid(page);
    await selectNode(page, 'optimizer');
    for (const p of ['max_lr', 'pct_start', 'anneal_strategy', 'div_factor']) assert.equal(await page.getByTestId(`param-${p}`).count(), 1, `${p} is shown`);
    for (const p of ['step_size', 'T_max', 'patience']) assert.equal(await page.getByTestId(`param-${p}`).count(), 0, `${p} belongs to another schedule`);
    await page.keyboard.press('Escape');
    await page.getByTestId('train-start').click();
    await page.waitForFunction(() => ['finished', 'failed'].includes(document.querySelector('[data-testid="training-panel"]')?.getAttribute('data-state')), null, { timeout: 120_000 });
    assert.equal(await page.getByTestId('training-panel').getAttribute('data-state'), 'finished');
    assert.equal(await page.getByTestId('engine-error').count(), 0, `no error banner: ${await page.getByTestId('engine-error').allInnerTexts()}`);
    const lrs = await page.evaluate(() => window.__netsketchEngine.state().runs.at(-1).lrs);
    // 320 training samples in batches of 32: 10 steps per epoch, 2 epochs. The oracle is PyTorch's OneCycleLR.
    const r = spawnSync(PYTHON, ['-c', `
import json, torch
opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.05, momentum=0.9)
s = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.2, epochs=2, steps_per_epoch=10)
out = []
for _ in range(20):
    out.append(opt.param_groups[0]["lr"])
    opt.step()
    s.step()
print(json.dumps(out))`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const want = JSON.parse(r.stdout);
    assert.equal(lrs.length, want.length, `recorded lrs: ${lrs}`);
    lrs.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-9, `lr of step ${i + 1}: ${v} vs PyTorch ${want[i]}`));
    assert.match(await page.getByTestId('progress-lr').innerText(), /^lr \d/);
    // Re-applying the unchanged epochs and batch size (the app does before every call) is not a change of plan.
    await page.getByTestId('tab-results').click();
    await page.getByTestId('evaluate').click();
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    await page.getByTestId('tab-train').click();
    assert.equal(await page.getByTestId('engine-error').count(), 0, `no error banner: ${await page.getByTestId('engine-error').allInnerTexts()}`);
    await page.getByTestId('lr-sparkline').waitFor();
    await shot(page, 'one-cycle');
  });

  test('logged no console errors, page errors or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
