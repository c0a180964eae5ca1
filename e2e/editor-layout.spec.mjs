// How the editor arranges and draws a graph, checked on the bundled templates at two window sizes and both
// themes: templates open laid out top to bottom (long chains folded into columns, parallel branches side by side),
// no wire cuts through a node, no long diagonal wires, shape labels clear of nodes, port names and each other, the
// minimap and zoom buttons never cover the graph after fit view, View → Toggle Minimap hides it, labels disappear
// when zoomed far out, and nothing in the window is cut off. Writes screenshots to test-results/screenshots/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkDrawing, intersects, measure, rectOf, settled } from './drawing-checks.mjs';
import { baseUrl, collectProblems, ensureScreenshotDir, getBrowser } from './helpers.mjs';

describe('editor layout and drawing', () => {
  let browser;
  let context;
  let page;
  let problems;
  const shot = (name) => page.screenshot({ path: path.join(ensureScreenshotDir(), name) });

  const openTemplate = async (id) => {
    await page.getByTestId('tool-templates').click();
    await page.locator(`[data-template="${id}"]`).click();
    await page.getByTestId('template-create').click();
    await page.getByTestId('templates-dialog').waitFor({ state: 'detached' });
    await settled(page);
  };

  const setSize = async (width, height) => {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(200);
  };

  before(async () => {
    browser = await getBrowser();
    context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    page = await context.newPage();
    problems = collectProblems(page);
    await page.addInitScript(() => {
      localStorage.setItem('netsketch.theme', 'dark');
      localStorage.setItem('netsketch.language', 'en');
      localStorage.setItem('netsketch.dock', JSON.stringify({ height: 260, collapsed: true }));
    });
    await page.goto(baseUrl());
    await page.getByTestId('palette').waitFor();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
  });

  test('LeNet-5 opens as top-to-bottom columns: chains straight, no wire through a node, nothing under the minimap', async () => {
    await openTemplate('lenet5-mnist');
    const m = await measure(page);
    assert.equal(m.nodes.length, 15);
    assert.equal(m.edges.length, 15);
    assert.ok(m.edges.every((e) => e.points.length > 3), 'wire paths were not sampled');
    checkDrawing(m, 'LeNet 1600×1000');
    const at = (name) => m.nodes.find((n) => n.name === name);
    // Top to bottom: each layer sits below the one it feeds, or starts a new column to the right.
    const chain = ['data', 'conv1', 'relu1', 'pool1', 'conv2', 'relu2', 'pool2', 'flatten', 'fc1', 'relu3', 'fc2', 'relu4', 'fc3', 'loss', 'optimizer'];
    let columns = 1;
    for (let i = 1; i < chain.length; i++) {
      const a = at(chain[i - 1]);
      const b = at(chain[i]);
      if (b.y > a.y + a.height) assert.ok(Math.abs(b.x + b.width / 2 - (a.x + a.width / 2)) < 2, `${chain[i]} is not centred under ${chain[i - 1]}`);
      else {
        assert.ok(b.x > a.x + a.width, `${chain[i]} neither below ${chain[i - 1]} nor in the next column`);
        columns++;
      }
    }
    assert.ok(columns >= 2 && columns <= 4, `LeNet folded into ${columns} columns`);
    // The loss and the optimizer end the last column, under the network's output.
    assert.ok(at('loss').y > at('fc3').y && at('optimizer').y > at('loss').y);
    // Readable: fit view shows the nodes at a zoom where the shape labels are on.
    assert.ok(m.labels.length >= 12, `only ${m.labels.length} shape labels visible after fit view`);
    await shot('layout-lenet-dark.png');
  });

  test('branches sit side by side (two-branch concat, residual block)', async () => {
    await openTemplate('two-branch-concat');
    let m = await measure(page);
    checkDrawing(m, 'two-branch-concat');
    const b3 = m.nodes.find((n) => n.name === 'branch3');
    const b5 = m.nodes.find((n) => n.name === 'branch5');
    assert.ok(Math.abs(b3.y - b5.y) < 2 && Math.abs(b3.x - b5.x) > b3.width, 'the two convolution branches are not side by side');
    await shot('layout-two-branch.png');
    await openTemplate('residual-block');
    m = await measure(page);
    assert.equal(m.nodes.length, 16);
    checkDrawing(m, 'residual-block');
    await shot('layout-residual.png');
  });

  test('every template opens readable: no overlaps, no wire through a node, labels clear (1280×800, dock open)', async () => {
    await setSize(1280, 800);
    await page.getByTestId('dock-toggle').click();
    const ids = await page.evaluate(async () => {
      document.querySelector('[data-testid="tool-templates"]').click();
      await new Promise((r) => setTimeout(r, 100));
      const list = [...document.querySelectorAll('[data-template]')].map((e) => e.dataset.template);
      document.querySelector('[data-testid="templates-dialog"]').click();
      return list;
    });
    assert.ok(ids.length >= 9, `only ${ids.length} templates listed`);
    for (const id of ids) {
      await openTemplate(id);
      checkDrawing(await measure(page), `${id} at 1280×800 with the dock open`);
    }
    await openTemplate('mnist-mlp');
    await shot('layout-mnist-mlp-1280x800-dock.png');
    await page.getByTestId('dock-toggle').click();
    await setSize(1600, 1000);
  });

  test('zoomed far out, shape labels and port names are hidden; View → Toggle Minimap hides the minimap', async () => {
    await openTemplate('lenet5-mnist');
    for (let i = 0; i < 4; i++) await page.locator('.react-flow__controls-zoomout').click();
    await page.waitForTimeout(300);
    let m = await measure(page);
    assert.equal(m.labels.length, 0, 'shape labels still shown when zoomed far out');
    assert.equal(m.ports.length, 0, 'port names still shown when zoomed far out');
    await page.getByTestId('tool-fit').click();
    await page.waitForTimeout(300);
    await page.getByTestId('menubar-view').click();
    await page.getByTestId('menu-toggle-minimap').click();
    await page.locator('.react-flow__minimap').waitFor({ state: 'detached' });
    await page.getByTestId('menubar-view').click();
    await page.getByTestId('menu-toggle-minimap').click();
    await page.locator('.react-flow__minimap').waitFor();
    m = await measure(page);
    assert.ok(m.labels.length > 0, 'labels did not come back after fit view');
  });

  for (const [width, height, theme] of [[1280, 800, 'light'], [1920, 1080, 'dark']]) {
    test(`${width}×${height} (${theme}): panels fit, nothing cut off, training dock open`, async () => {
      await setSize(width, height);
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.getByTestId('tool-theme').click();
      await openTemplate('lenet5-mnist');
      checkDrawing(await measure(page), `LeNet ${width}×${height}`);
      await shot(`layout-lenet-${width}x${height}-${theme}.png`);
      // Nothing wider than the window, the toolbar's last control and the status bar inside it.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page scrolls sideways');
      for (const id of ['tool-theme', 'language', 'status-graph', 'status-health', 'palette', 'dock']) {
        const r = await page.getByTestId(id).evaluate(rectOf);
        assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.width <= width + 0.5 && r.y + r.height <= height + 0.5, `${id} is cut off at ${width}×${height}`);
      }
      // With the training dock open the canvas keeps a usable share of the height.
      await page.getByTestId('dock-toggle').click();
      await page.waitForTimeout(200);
      await page.getByTestId('tool-fit').click();
      await page.waitForTimeout(400);
      const m = await measure(page);
      assert.ok(m.canvas.height >= height * 0.3, `the canvas is only ${m.canvas.height}px tall with the dock open`);
      for (const n of m.nodes) if (m.minimap) assert.ok(!intersects(n, m.minimap), `the minimap covers ${n.name} with the dock open`);
      await shot(`layout-lenet-${width}x${height}-${theme}-dock.png`);
      await page.getByTestId('dock-toggle').click();
    });
  }

  test('logged no console errors or page errors', () => {
    assert.deepEqual(problems, []);
  });
});
