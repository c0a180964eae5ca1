// Training in the browser build: open the LeNet-5 template, train one epoch on the built-in digits in the session
// worker while recording frame times (the UI must stay responsive), see the loss fall in the chart and gradient
// colours on the edges, open the insight view, see the confusion matrix, export .pt and load it into the generated
// PyTorch code with real PyTorch (strict=True, same outputs), import weights back (with a mismatch report), and kill
// the worker to see the UI recover with the graph intact. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { chooseFile, ensureScreenshotDir, getBrowser, openApp, repoRoot } from './helpers.mjs';

const PYTHON = '/usr/bin/python3';
const work = mkdtempSync(path.join(tmpdir(), 'netsketch-train-e2e-'));

/** The engine's UI state through the page's test hook (plain data only). */
function engineState(page) {
  return page.evaluate(() => {
    const s = window.__netsketchEngine.state();
    return {
      status: s.status, crash: s.crash, checkpoint: s.checkpoint ? s.checkpoint.epoch : null, error: s.error,
      runs: s.runs.map((r) => ({ steps: r.steps.length, losses: r.losses, epochs: r.epochs })),
      evaluation: s.evaluation,
    };
  });
}

function panelState(page) {
  return page.getByTestId('training-panel').getAttribute('data-state');
}

async function waitForPanelState(page, states, timeout) {
  await page.waitForFunction((want) => want.includes(document.querySelector('[data-testid="training-panel"]')?.getAttribute('data-state')), states, { timeout });
}

function python(args) {
  const r = spawnSync(PYTHON, [path.join(repoRoot, 'e2e', 'py', 'torch_check.py'), ...args], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `PyTorch check failed (${PYTHON} ${args.join(' ')}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

describe('training in the browser build', () => {
  let browser;
  let context;
  let page;
  let problems;
  let nodeCount;
  let frames;

  before(async () => {
    browser = await getBrowser();
    // A taller training dock for the screenshots (the dock remembers its height).
    ({ context, page, problems } = await openApp(browser, { acceptDownloads: true, dockHeight: 430 }));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
  });

  test('opens the LeNet-5 template; the panel shows the MNIST digits with labels', async () => {
    await page.getByTestId('tool-templates').click();
    await page.locator('[data-template="lenet5-mnist"]').click();
    await page.getByTestId('template-create').click();
    await page.getByTestId('training-panel').waitFor();
    nodeCount = await page.getByTestId('layer-node').count();
    assert.ok(nodeCount >= 12, `expected the LeNet-5 nodes on the canvas, found ${nodeCount}`);
    assert.equal(await page.getByTestId('dataset-id').innerText(), 'mnist');
    await page.getByTestId('dataset-preview').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('[data-testid="dataset-preview"] canvas').count(), 24);
    assert.match(await page.getByTestId('dataset-sizes').innerText(), /8000 train .* 2000 test/);
    const labels = await page.locator('[data-testid="dataset-preview"] figcaption').allInnerTexts();
    assert.ok(labels.every((l) => /^[0-9]$/.test(l)), `preview labels should be digits, got ${labels.join(',')}`);
  });

  test('trains one epoch in the worker: the loss falls, edges take gradient colours, the UI keeps its frame rate', async () => {
    const epochs = page.getByTestId('setting-epochs');
    await epochs.fill('1');
    await epochs.press('Enter');
    await page.getByTestId('train-start').click();
    await waitForPanelState(page, ['running'], 60_000);
    // Frame times: requestAnimationFrame deltas on the UI thread while the worker trains.
    await page.evaluate(() => {
      window.__frames = [];
      let last = performance.now();
      const tick = (t) => {
        // Frames around a test screenshot are not counted (capturing the page stalls its rendering).
        if (!window.__pauseFrames) window.__frames.push(t - last);
        last = t;
        if (window.__frames.length < 100000 && !window.__stopFrames) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // Gradient colours on the edges (inline stroke from the live store) while training.
    await page.waitForFunction(() => [...document.querySelectorAll('.react-flow__edge path.react-flow__edge-path')].some((p) => /rgb\(/.test(p.style.stroke)), null, { timeout: 60_000 });
    const styled = await page.evaluate(() => [...document.querySelectorAll('.react-flow__edge path.react-flow__edge-path')]
      .map((p) => ({ stroke: p.style.stroke, width: parseFloat(p.style.strokeWidth) })).filter((s) => s.stroke.startsWith('rgb')));
    assert.ok(styled.length >= 8, `expected most LeNet edges coloured by their gradient, got ${styled.length}`);
    assert.ok(styled.every((s) => s.width >= 1.5 && s.width <= 6), `edge widths follow the scale: ${JSON.stringify(styled)}`);
    await page.evaluate(() => { window.__pauseFrames = true; });
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'training-running.png') });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => { window.__pauseFrames = false; r(); }))));
    await waitForPanelState(page, ['finished'], 240_000);
    frames = await page.evaluate(() => { window.__stopFrames = true; return window.__frames; });

    const s = await engineState(page);
    const run = s.runs.at(-1);
    assert.equal(run.epochs.length, 1, 'one epoch recorded');
    assert.ok(run.steps >= 100, `8000 samples in batches of 64 make 125 steps, got ${run.steps}`);
    const head = run.losses.slice(0, 10).reduce((a, b) => a + b, 0) / 10;
    const tail = run.losses.slice(-10).reduce((a, b) => a + b, 0) / 10;
    assert.ok(tail < head * 0.5, `the loss should fall: first steps ${head.toFixed(3)}, last steps ${tail.toFixed(3)}`);
    assert.ok(Number(await page.getByTestId('loss-chart').getAttribute('data-points')) >= 100);
    // A checkpoint was taken at the end of the epoch.
    await page.waitForFunction(() => window.__netsketchEngine.state().checkpoint !== null, null, { timeout: 30_000 });
  });

  test('the UI stayed responsive while training (frame times)', () => {
    assert.ok(frames.length > 60, `expected animation frames during training, got ${frames.length}`);
    const sorted = [...frames].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const p95 = sorted[Math.floor(sorted.length * 0.95)];
    const worst = sorted.at(-1);
    console.log(`frames: ${frames.length}, median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, worst ${worst.toFixed(1)} ms`);
    // Bounds for a loaded 2-core machine (the worker trains on one core; the OS may still deschedule the page now
    // and then): this measures that the UI thread never trains, not training speed. Training on the UI thread in
    // 25 ms slices would put the median above 30 ms and most frames near 100 ms (a LeNet step takes ~80 ms).
    assert.ok(median < 25, `median frame time ${median.toFixed(1)} ms should stay under 25 ms`);
    assert.ok(p95 < 100, `95% of frames should take under 100 ms, the 95th percentile is ${p95.toFixed(1)} ms`);
    // Single long frames happen when other processes hold both cores (load average above 6 while these tests were
    // written); a stalled UI thread would produce many.
    const long = frames.filter((f) => f > 250);
    assert.ok(long.length <= Math.max(2, frames.length * 0.01), `${long.length} frames took over 250 ms: ${long.map((f) => f.toFixed(0)).join(', ')}`);
  });

  test('shows the training view, then the results: accuracy per class and the confusion matrix', async () => {
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'training.png') });
    await page.getByTestId('tab-results').click();
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    const s = await engineState(page);
    const ev = s.evaluation;
    assert.equal(ev.split, 'test');
    assert.equal(ev.confusion.length, 10);
    assert.equal(ev.confusion.flat().reduce((a, b) => a + b, 0), 2000);
    assert.ok(ev.accuracy > 0.8, `one epoch of LeNet-5 should pass 80% test accuracy, got ${ev.accuracy}`);
    const rows = await page.locator('[data-testid="confusion-matrix"] tbody tr').count();
    assert.equal(rows, 10);
    await page.getByTestId('evaluate').click();
    await page.getByTestId('prediction-grid').waitFor({ timeout: 60_000 });
    const shown = await page.locator('[data-testid="prediction-grid"] .prediction').count();
    assert.equal(shown, 48);
    // Mistakes are highlighted, and the filter shows only them.
    const wrong = await page.locator('[data-testid="prediction-grid"] .prediction--wrong').count();
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'confusion-matrix.png') });
    await page.getByTestId('prediction-grid').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'test-samples.png') });
    await page.getByLabel(/Mistakes only/).check();
    const onlyWrong = await page.locator('[data-testid="prediction-grid"] .prediction').count();
    assert.equal(await page.locator('[data-testid="prediction-grid"] .prediction--wrong').count(), onlyWrong);
    assert.ok(onlyWrong >= wrong, `the filter shows all ${wrong} visible mistakes (and more from the 200 predicted), got ${onlyWrong}`);
    await page.getByLabel(/Mistakes only/).uncheck();
  });

  test('opens the insight view of conv1: histograms, filters and one sample\'s activation maps', async () => {
    await page.locator('[data-testid="layer-node"]', { hasText: 'conv1' }).first().click();
    await page.getByTestId('open-insight').click();
    await page.getByTestId('insight-panel').waitFor();
    await page.getByTestId('hist-conv1.weight').waitFor();
    await page.getByTestId('filters-values').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="filters-values"] canvas').count(), 6, 'six 5×5 filters of conv1');
    await page.getByTestId('insight-inspect').click();
    await page.getByTestId('insight-activation').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="insight-activation"] canvas').count(), 6, 'six 28×28 activation maps');
    const stats = await page.locator('[data-testid="insight-panel"] [data-testid="stats-table"]').first().innerText();
    assert.match(stats, /min\s+max\s+mean\s+std/);
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'insight.png') });
    // A Linear layer shows its weight matrix and gradient as images.
    await page.locator('[data-testid="layer-node"]', { hasText: 'fc1' }).first().click();
    await page.getByTestId('tab-inspector').click();
    await page.getByTestId('open-insight').click();
    await page.getByTestId('matrix-values').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('insight-panel').innerText(), /weight matrix fc1\.weight \(120×400\)/i);
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'insight-linear.png') });
  });

  test('exports .pt (and .safetensors) that real PyTorch loads with strict=True into the generated code, with the same outputs', async () => {
    await page.getByTestId('menubar-file').click();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('menu-export-weights.pt').click()]);
    const ptPath = path.join(work, 'weights.pt');
    await download.saveAs(ptPath);
    const { generate_pytorch } = await tsImport('../core/graph/codegen.ts', import.meta.url);
    const { parseGraph } = await tsImport('../core/graph/schema.ts', import.meta.url);
    const doc = parseGraph(JSON.parse(readFileSync(path.join(repoRoot, 'assets', 'examples', 'lenet5-mnist.json'), 'utf8'))).doc;
    const codePath = path.join(work, 'model.py');
    writeFileSync(codePath, generate_pytorch(doc));
    const ours = await page.evaluate(() => window.__netsketchEngine.predict([0, 1, 2, 3]));
    const inputsPath = path.join(work, 'inputs.json');
    writeFileSync(inputsPath, JSON.stringify({ shape: ours.shape, inputs: ours.inputs }));
    const torchOut = python(['load', codePath, ptPath, inputsPath]);
    assert.ok(torchOut.keys.includes('conv1.weight') && torchOut.keys.includes('fc3.bias'));
    for (let i = 0; i < ours.outputs.length; i++) {
      for (let k = 0; k < 10; k++) {
        assert.ok(Math.abs(torchOut.outputs[i][k] - ours.outputs[i][k]) < 1e-4,
          `sample ${i} class ${k}: PyTorch ${torchOut.outputs[i][k]} vs Netsketch ${ours.outputs[i][k]}`);
      }
    }
    // The .safetensors export holds the same tensors.
    await page.getByTestId('menubar-file').click();
    const [dlSafe] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('menu-export-weights.safetensors').click()]);
    const safePath = path.join(work, 'weights.safetensors');
    await dlSafe.saveAs(safePath);
    const fromSafe = python(['load', codePath, safePath, inputsPath]);
    assert.deepEqual([...fromSafe.keys].sort(), [...torchOut.keys].sort());
    for (let i = 0; i < ours.outputs.length; i++) {
      for (let k = 0; k < 10; k++) assert.ok(Math.abs(fromSafe.outputs[i][k] - ours.outputs[i][k]) < 1e-4, `safetensors sample ${i} class ${k}`);
    }
    // A mismatching file: the report lists the problems per node, and loads what matches on confirmation.
    const badPath = path.join(work, 'mismatch.pt');
    const expected = python(['mismatch', codePath, ptPath, badPath, inputsPath]);
    await page.getByTestId('menubar-file').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('menu-import-weights').click()]);
    await chooser.setFiles(badPath);
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 30_000 });
    const text = await report.innerText();
    assert.match(text, /fc3/);
    assert.match(text, /Shape mismatch for fc3\.weight: the file has \[5, 84\], the graph needs \[10, 84\]/);
    assert.match(text, /Unexpected in the file: extra\.weight/);
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'import-report.png') });
    await page.getByTestId('import-confirm').click();
    await report.waitFor({ state: 'detached', timeout: 30_000 });
    // Only the matching tensors were loaded: fc3.bias became zero, fc3.weight kept its trained values.
    const after = await page.evaluate(() => window.__netsketchEngine.predict([0, 1, 2, 3]));
    for (let i = 0; i < after.outputs.length; i++) {
      for (let k = 0; k < 10; k++) {
        assert.ok(Math.abs(expected.outputs[i][k] - after.outputs[i][k]) < 1e-4,
          `after the partial import, sample ${i} class ${k}: PyTorch ${expected.outputs[i][k]} vs Netsketch ${after.outputs[i][k]}`);
      }
    }
    // A matching file loads at once, without a report: the original weights come back.
    await page.getByTestId('menubar-file').click();
    const chooser2 = await chooseFile(page, async () => {
      if (!(await page.getByTestId('menu-import-weights').isVisible())) await page.getByTestId('menubar-file').click();
      await page.getByTestId('menu-import-weights').click();
    });
    await chooser2.setFiles(ptPath);
    const logDistance = (a, b) => Math.max(...a.map((p, k) => Math.abs(Math.log(Math.max(p, 1e-30)) - Math.log(Math.max(b[k], 1e-30)))));
    assert.ok(logDistance(after.outputs[0], ours.outputs[0]) > 1e-3, 'the partial import changed the outputs');
    await page.waitForFunction((want) => window.__netsketchEngine.predict([0]).then((r) =>
      Math.max(...r.outputs[0].map((p, k) => Math.abs(Math.log(Math.max(p, 1e-30)) - Math.log(Math.max(want[k], 1e-30))))) < 1e-4), ours.outputs[0], { timeout: 30_000 });
    assert.equal(await page.getByTestId('import-report').count(), 0);
  });

  test('a crashed engine worker: the UI says so, keeps the graph and charts, and restarts from the checkpoint', async () => {
    await page.getByTestId('tab-train').click();
    const pointsBefore = await page.getByTestId('loss-chart').getAttribute('data-points');
    await page.evaluate(() => window.__netsketchEngine.crash('throw'));
    await page.getByTestId('engine-crashed').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('engine-crashed').innerText(), /training engine stopped.*simulated engine crash/s);
    assert.equal(await panelState(page), 'failed');
    assert.equal(await page.getByTestId('layer-node').count(), nodeCount, 'the graph is intact');
    assert.equal(await page.getByTestId('loss-chart').getAttribute('data-points'), pointsBefore, 'the charts are kept');
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'engine-crashed.png') });
    await page.getByTestId('engine-resume').click();
    await page.getByTestId('engine-crashed').waitFor({ state: 'detached', timeout: 60_000 });
    await waitForPanelState(page, ['paused'], 60_000);
    const s = await engineState(page);
    assert.equal(s.status, 'ready');
    assert.equal(s.runs.at(-1).epochs.length, 1, 'the restored run remembers its finished epoch');
    assert.equal(s.checkpoint, 1, 'the checkpoint is kept for another resume');
    // The new worker trains: one more batch goes through.
    await page.getByTestId('train-step').click();
    await page.waitForFunction(() => window.__netsketchEngine.state().lastStep !== null, null, { timeout: 60_000 });
    assert.deepEqual(problems.filter((p) => !/simulated engine crash/.test(p)), []);
  });
  test('step-by-step: one batch, then forward and backward through the graph with the node highlighted', async () => {
    await page.getByTestId('tab-step').click();
    await page.getByTestId('step-run-batch').click();
    const detail = page.getByTestId('step-detail');
    await detail.waitFor({ timeout: 60_000 });
    assert.equal(await detail.getAttribute('data-dir'), 'forward');
    assert.equal(await detail.getAttribute('data-node'), 'conv1');
    await page.waitForFunction(() => /conv1/.test(document.querySelector('.react-flow__node.selected')?.textContent ?? ''));
    await page.getByTestId('step-next').click();
    assert.equal(await detail.getAttribute('data-node'), 'relu1');
    await page.waitForFunction(() => /relu1/.test(document.querySelector('.react-flow__node.selected')?.textContent ?? ''));
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'step-forward.png') });
    // Walk on until the backward pass starts at the last layer.
    for (let i = 0; i < 40 && (await detail.getAttribute('data-dir')) === 'forward'; i++) await page.getByTestId('step-next').click();
    assert.equal(await detail.getAttribute('data-dir'), 'backward');
    assert.equal(await detail.getAttribute('data-node'), 'fc3');
    assert.ok(await page.locator('[data-testid="step-detail"] canvas').count() >= 1, 'the gradient is drawn');
    await page.getByTestId('step-next').click();
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'step-backward.png') });
  });

  test('dark theme screenshot of the training view', async () => {
    await page.getByTestId('tab-train').click();
    await page.getByTestId('tool-theme').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'training-dark.png') });
    await page.getByTestId('tool-theme').click();
  });

  test('the training panel speaks Simplified Chinese', async () => {
    await page.getByTestId('language').selectOption('zh-CN');
    assert.equal(await page.getByTestId('tab-train').innerText(), '训练');
    assert.match(await page.getByTestId('train-start').getAttribute('title'), /开始|继续/);
    assert.match(await page.getByTestId('gradient-legend').innerText(), /梯度/);
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'training-zh.png') });
    await page.getByTestId('language').selectOption('en');
    assert.equal(await page.getByTestId('tab-train').innerText(), 'Training');
  });
  test('a worker that goes silent (as an out-of-memory kill would) is detected by the heartbeat; Restart engine works', async () => {
    await page.evaluate(() => window.__netsketchEngine.setHeartbeatTimeout(3000));
    await page.evaluate(() => window.__netsketchEngine.crash('hang'));
    // A call made while the worker is silent stays pending until the death is noticed, then rejects.
    await page.getByTestId('tab-results').click();
    await page.getByTestId('evaluate').click();
    await page.getByTestId('engine-crashed').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('engine-crashed').innerText(), /stopped answering/);
    await page.waitForFunction(() => /training engine stopped/.test(document.querySelector('[data-testid="results-view"] .error-text')?.textContent ?? ''), null, { timeout: 10_000 });
    await page.getByTestId('tab-train').click();
    assert.equal(await page.getByTestId('layer-node').count(), nodeCount, 'the graph is intact');
    await page.getByTestId('engine-restart').click();
    await page.getByTestId('engine-crashed').waitFor({ state: 'detached', timeout: 60_000 });
    await page.waitForFunction(() => window.__netsketchEngine.state().status === 'ready', null, { timeout: 60_000 });
    await page.evaluate(() => window.__netsketchEngine.setHeartbeatTimeout(30000));
  });
});
