// The editor in the browser build, driven like a user: LeNet-5 built by dragging layers from the palette and
// wiring ports with the mouse, a refused wire, a shape mismatch fixed in the inspector, the PyTorch code panel,
// undo/redo, copy/paste, blocks, auto-layout, save → reopen, language switch, and screenshots (dark and light).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import {
  baseUrl, chooseFile, collectProblems, connectPorts, dragFromPalette, dragWire, ensureScreenshotDir, getBrowser, selectNode, setParam,
} from './helpers.mjs';

const { parseProject } = await tsImport('../renderer/state/project-file.ts', import.meta.url);

const LENET = [
  ['Dataset'], ['Conv2d', { out_channels: 6, kernel_size: 5 }], ['ReLU'], ['MaxPool2d'],
  ['Conv2d', { out_channels: 16, kernel_size: 5 }], ['ReLU'], ['MaxPool2d'], ['Flatten'],
  ['Linear', { out_features: 120 }], ['ReLU'], ['Linear', { out_features: 84 }], ['ReLU'],
  ['Linear', { out_features: 10 }], ['CrossEntropyLoss'], ['SGD'],
];

describe('editor', () => {
  let browser;
  let context;
  let page;
  let problems;
  const ids = [];
  const count = (sel) => page.locator(sel).count();
  const nodes = () => count('[data-testid="layer-node"]');
  const edges = () => count('.react-flow__edge');
  const status = () => page.getByTestId('status-message').innerText();
  const shot = (name) => page.screenshot({ path: path.join(ensureScreenshotDir(), name) });

  before(async () => {
    browser = await getBrowser();
    context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl()).origin });
    page = await context.newPage();
    problems = collectProblems(page);
    await page.addInitScript(() => {
      localStorage.setItem('netsketch.theme', 'dark');
      localStorage.setItem('netsketch.language', 'en');
      localStorage.setItem('netsketch.dock', JSON.stringify({ height: 240, collapsed: true }));
    });
    await page.goto(baseUrl());
    await page.getByTestId('palette').waitFor();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
  });

  test('the palette lists every category with one-line help, and search filters it', async () => {
    const headings = await page.locator('.palette__group h3').allInnerTexts();
    assert.deepEqual(headings.map((h) => h.toLowerCase()),
      ['data', 'convolution', 'pooling', 'linear', 'activation', 'normalisation', 'merge', 'reshape', 'loss', 'optimizer']);
    const conv = page.locator('[data-testid="palette-item"][data-kind="Conv2d"]');
    assert.match(await conv.innerText(), /filters/);
    await page.getByTestId('palette-search').fill('pool');
    const kinds = await page.locator('[data-testid="palette-item"]').evaluateAll((els) => els.map((e) => e.dataset.kind));
    assert.ok(kinds.length >= 3 && kinds.every((k) => /pool/i.test(k)), `search "pool" listed ${kinds}`);
    await page.getByTestId('palette-search').fill('');
  });

  test('builds LeNet-5 by dragging from the palette and wiring ports with the mouse', async () => {
    for (const [i, [kind, params]] of LENET.entries()) {
      const col = i % 4;
      const row = Math.floor(i / 4);
      const x = (row % 2 === 0 ? col : 3 - col) * 250 + 120; // snake, so each wire is short
      ids.push(await dragFromPalette(page, kind, x, row * 190 + 70));
      for (const [name, value] of Object.entries(params ?? {})) await setParam(page, name, value);
    }
    assert.equal(await nodes(), 15);
    for (let i = 0; i < 13; i++) await connectPorts(page, ids[i], i === 0 ? 'x' : 'output', ids[i + 1], 'input');
    await connectPorts(page, ids[0], 'y', ids[13], 'target');
    await connectPorts(page, ids[13], 'loss', ids[14], 'loss');
    assert.equal(await edges(), 15);
    // Shapes flow through the graph: 28 → conv 5 → 24 → pool → 12 → conv 5 → 8 → pool → 4; 16·4·4 = 256.
    const shapeOf = (id) => page.locator(`[data-node-id="${id}"] [data-testid="node-shape"]`).innerText();
    assert.equal(await shapeOf(ids[1]), 'N×6×24×24');
    assert.equal(await shapeOf(ids[6]), 'N×16×4×4');
    assert.equal(await shapeOf(ids[7]), 'N×256');
    assert.equal(await shapeOf(ids[12]), 'N×10');
    assert.equal(await page.getByTestId('status-health').innerText(), 'No problems');
    // 156 + 2416 + 30840 + 10164 + 850 parameters (conv: out·in·k² + out, linear: out·in + out).
    assert.equal(await page.getByTestId('status-graph').innerText(), '15 nodes · 44,426 parameters');
    await page.getByTestId('tool-fit').click();
    await page.waitForTimeout(300);
    // Wires between close nodes leave their shape chip out rather than cover a node.
    const covered = await page.evaluate(() => {
      const nodesR = [...document.querySelectorAll('[data-testid="layer-node"]')].map((e) => e.getBoundingClientRect());
      return [...document.querySelectorAll('[data-testid="edge-label"]')].filter((l) => {
        const a = l.getBoundingClientRect();
        return nodesR.some((b) => a.x < b.right && b.x < a.right && a.y < b.bottom && b.y < a.bottom);
      }).map((l) => l.textContent);
    });
    assert.deepEqual(covered, [], 'shape labels cover nodes');
    await shot('editor-lenet-dark.png');
  });

  test('a wire into the loss target from anything but the dataset labels is refused, saying why', async () => {
    await dragWire(page, ids[12], 'output', ids[13], 'target');
    const msg = page.getByTestId('connect-message');
    await msg.waitFor();
    assert.equal(await msg.innerText(), "Loss target must come from the Dataset's y.");
    assert.equal(await edges(), 15);
  });

  test('the code panel shows the generated PyTorch code', async () => {
    await page.getByTestId('tab-code').click();
    const code = await page.getByTestId('code').innerText();
    assert.match(code, /nn\.Conv2d\(1, 6, kernel_size=5\)/);
    assert.match(code, /nn\.Linear\(256, 120\)/);
    await page.getByTestId('tab-inspector').click();
  });

  test('a shape mismatch shows on the node and is fixed in the inspector', async () => {
    await selectNode(page, 'fc1');
    await setParam(page, 'in_features', 400);
    const badge = page.locator(`[data-node-id="${ids[8]}"] [data-testid="node-diagnostic"]`);
    await badge.waitFor();
    assert.match(await badge.getAttribute('title'), /expects 400 input features but receives 256 \(16×4×4\)/);
    assert.match(await page.locator('[data-param="in_features"] .field__error').first().innerText(), /Set in_features to 256/);
    assert.match(await page.getByTestId('status-health').innerText(), /error/);
    await setParam(page, 'in_features', 256);
    await badge.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('status-health').innerText(), 'No problems');
    assert.equal(await page.getByTestId('pytorch-line').innerText(), 'self.fc1 = nn.Linear(256, 120)');
    // Out-of-range values are refused while typing.
    const field = page.getByTestId('param-out_features');
    await field.fill('0');
    assert.match(await page.getByTestId('field-error').innerText(), /out_features must be at least 1/);
    await field.press('Escape');
  });

  test('undo and redo step through whole edits', async () => {
    const pytorch = () => page.getByTestId('pytorch-line').innerText();
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Z'); // in_features 256 → 400
    const said = await status();
    await selectNode(page, 'fc1');
    assert.equal(await pytorch(), 'self.fc1 = nn.Linear(400, 120)', `status after undo: ${said}`);
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+Z');
    await selectNode(page, 'fc1');
    assert.equal(await pytorch(), 'self.fc1 = nn.Linear(256, 120)');
    // Deleting a node (with its two wires) is one step.
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 13);
    assert.equal(await nodes(), 14);
    await page.keyboard.press('Control+Z');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 15);
    assert.equal(await nodes(), 15);
  });

  test('a multi-node move is one undo step', async () => {
    const pos = (id) => page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => el.style.transform);
    const before = [await pos(ids[1]), await pos(ids[2])];
    await selectNode(page, 'conv1');
    await page.keyboard.down('Control');
    await page.locator(`[data-node-id="${ids[2]}"] .layer-node__name`).click();
    await page.keyboard.up('Control');
    const box = await page.locator(`[data-node-id="${ids[1]}"] .layer-node__name`).boundingBox();
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(box.x + 45, box.y + 65, { steps: 8 });
    await page.mouse.up();
    const moved = [await pos(ids[1]), await pos(ids[2])];
    assert.notDeepEqual(moved, before);
    await page.keyboard.press('Control+Z');
    await page.waitForFunction(([id, t]) => document.querySelector(`.react-flow__node[data-id="${id}"]`).style.transform === t, [ids[2], before[1]]);
    assert.deepEqual([await pos(ids[1]), await pos(ids[2])], before);
  });

  test('copy and paste, in this document and in another tab', async () => {
    await selectNode(page, 'conv1');
    await page.keyboard.press('Control+C');
    await page.keyboard.press('Control+V');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 16);
    assert.equal(await page.locator('[data-testid="layer-node"][data-name="conv3"]').count(), 1, 'the copy gets a fresh name');
    await page.keyboard.press('Control+Z');
    assert.equal(await nodes(), 15);

    // Select conv1 → relu1 → pool1 and paste them into a new tab through the system clipboard.
    await selectNode(page, 'conv1');
    for (const name of ['relu1', 'pool1']) {
      await page.keyboard.down('Control');
      await page.locator(`[data-testid="layer-node"][data-name="${name}"] .layer-node__name`).click();
      await page.keyboard.up('Control');
    }
    await page.keyboard.press('Control+C');
    const other = await context.newPage();
    await other.addInitScript(() => localStorage.setItem('netsketch.dock', JSON.stringify({ height: 240, collapsed: true })));
    await other.goto(baseUrl());
    await other.getByTestId('palette').waitFor();
    await other.bringToFront();
    await other.getByTestId('canvas').click({ position: { x: 300, y: 300 } });
    await other.keyboard.press('Control+V');
    await other.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 3);
    assert.equal(await other.locator('.react-flow__edge').count(), 2);
    assert.deepEqual(await other.locator('[data-testid="layer-node"]').evaluateAll((els) => els.map((e) => e.dataset.name)), ['conv1', 'relu1', 'pool1']);
    await other.close();
    await page.bringToFront();
  });

  test('grouping a selection makes a named block that collapses, expands and ungroups', async () => {
    await selectNode(page, 'conv2');
    for (const name of ['relu2', 'pool2']) {
      await page.keyboard.down('Control');
      await page.locator(`[data-testid="layer-node"][data-name="${name}"] .layer-node__name`).click();
      await page.keyboard.up('Control');
    }
    await page.getByTestId('tool-group').click();
    const frame = page.getByTestId('block-frame');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('data-name'), 'block1');
    await page.getByTestId('tab-code').click();
    await page.getByTestId('code').waitFor({ timeout: 5000 }).catch(async () => {
      assert.fail(`no code after grouping: ${await page.getByTestId('code-panel').innerText()}`);
    });
    const code = await page.getByTestId('code').innerText();
    assert.match(code, /class Block1\(nn\.Sequential\)/);
    assert.match(code, /\("block1", Block1\(\)\)/);
    await page.getByTestId('tab-inspector').click();
    await shot('editor-block.png');
    await page.getByTestId('block-toggle').click();
    await page.getByTestId('block-node').waitFor();
    assert.equal(await nodes(), 12);
    await shot('editor-block-collapsed.png');
    await page.getByTestId('block-toggle').click();
    await frame.waitFor();
    assert.equal(await nodes(), 15);
    await page.getByTestId('block-enter').click();
    await page.getByTestId('breadcrumb').waitFor();
    assert.equal(await nodes(), 3);
    await page.getByTestId('exit-block').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 15);
    await page.getByTestId('tool-ungroup').click();
    await frame.waitFor({ state: 'detached' });
  });

  test('auto-layout arranges every node without overlaps, as one undo step', async () => {
    const boxes = () => page.locator('[data-testid="layer-node"]').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height];
    }));
    const before = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.style.transform).join());
    await page.getByTestId('tool-layout-tb').click();
    await page.waitForFunction((b) => [...document.querySelectorAll('.react-flow__node')].map((e) => e.style.transform).join() !== b, before);
    await page.waitForTimeout(400); // fit-view animation
    const laid = await boxes();
    for (let i = 0; i < laid.length; i++) {
      for (let j = i + 1; j < laid.length; j++) {
        const [ax, ay, aw, ah] = laid[i];
        const [bx, by, bw, bh] = laid[j];
        assert.ok(ax + aw <= bx || bx + bw <= ax || ay + ah <= by || by + bh <= ay, `nodes ${i} and ${j} overlap after layout`);
      }
    }
    await shot('editor-layout-tb.png');
    await page.getByTestId('tool-layout-lr').click();
    await page.waitForTimeout(600);
  });

  test('save, open a new document, reopen the file and find the same graph', async () => {
    await page.evaluate(() => {
      delete window.showSaveFilePicker;
      delete window.showOpenFilePicker;
    });
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    const [first] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')]);
    const firstPath = path.join(ensureScreenshotDir(), '..', 'downloads', 'lenet-editor.netsketch');
    await first.saveAs(firstPath);
    const saved = parseProject(new Uint8Array(await readFile(firstPath)), 'lenet-editor.netsketch');
    assert.equal(saved.doc.nodes.length, 15);
    assert.equal(saved.doc.edges.length, 15);

    await page.keyboard.press('Control+N');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 0);
    const chooser = await chooseFile(page, () => page.keyboard.press('Control+O'));
    await chooser.setFiles(firstPath);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-node"]').length === 15);
    // React Flow draws the wires once the nodes' ports are measured (a frame or two later).
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length >= 15);
    assert.equal(await edges(), 15);
    assert.match(await status(), /Opened lenet-editor\.netsketch/);
    // Save again: the graph in the second file equals the first exactly.
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    const [second] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')]);
    const secondPath = path.join(ensureScreenshotDir(), '..', 'downloads', 'lenet-editor-2.netsketch');
    await second.saveAs(secondPath);
    const again = parseProject(new Uint8Array(await readFile(secondPath)), 'again.netsketch');
    assert.deepEqual(again.doc, saved.doc);
  });

  test('exports the graph as SVG and PNG images', async () => {
    await page.getByTestId('menubar-file').click();
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('menu-export-image.svg').click()]);
    const svgPath = path.join(ensureScreenshotDir(), 'graph-export.svg');
    await svg.saveAs(svgPath);
    const text = await readFile(svgPath, 'utf8');
    assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((text.match(/<path /g) ?? []).length, 15, 'one path per edge');
    assert.match(text, />conv1</);
    await page.getByTestId('menubar-file').click();
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('menu-export-image.png').click()]);
    const pngPath = path.join(ensureScreenshotDir(), 'graph-export.png');
    await png.saveAs(pngPath);
    const bytes = await readFile(pngPath);
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  });

  test('double-clicking the canvas opens quick-add; the keyboard picks a layer', async () => {
    const before = await nodes();
    const canvas = await page.getByTestId('canvas').boundingBox();
    await page.getByTestId('canvas').dblclick({ position: { x: canvas.width / 2, y: canvas.height - 14 } });
    await page.getByTestId('quick-add').waitFor();
    await page.keyboard.type('dropout');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="layer-node"]').length === n + 1, before);
    assert.equal(await page.locator('[data-testid="layer-node"]').last().getAttribute('data-kind'), 'Dropout2d');
    await page.keyboard.press('Control+Z');
  });

  test('hovering a layer explains it', async () => {
    await page.locator('[data-testid="layer-node"][data-name="conv1"] .layer-node__kind').hover();
    const card = page.getByTestId('hover-card');
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /Slides out_channels small filters/);
    assert.match(text, /N×1×28×28/);
    assert.match(text, /156/);
    await page.mouse.move(5, 500);
  });

  test('light theme and Chinese interface', async () => {
    await page.getByTestId('tool-theme').click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    await selectNode(page, 'conv1');
    await shot('editor-lenet-light.png');
    await page.getByTestId('language').selectOption('zh-CN');
    await page.waitForFunction(() => document.querySelector('.palette__group h3')?.textContent === '数据');
    assert.equal(await page.getByTestId('tab-inspector').innerText(), '属性');
    assert.equal(await page.getByTestId('status-health').innerText(), '没有问题');
    await shot('editor-zh-CN.png');
    await page.getByTestId('language').selectOption('en');
  });

  test('logged no console errors or page errors', () => {
    assert.deepEqual(problems, []);
  });
});
