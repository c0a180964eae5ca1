// Shared e2e helpers: the browser (one Chromium started by run.mjs, or a private one when a spec runs alone),
// the app URL, and console/page error collection.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The static server's URL (run.mjs sets E2E_BASE_URL). */
export function baseUrl() {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the e2e tests through `node e2e/run.mjs`, which builds and serves the app.');
  return url;
}

/** The desktop build's renderer (out/renderer) served over http (run.mjs sets E2E_DESKTOP_RENDERER_URL). */
export function desktopRendererUrl() {
  const url = process.env.E2E_DESKTOP_RENDERER_URL;
  if (!url) throw new Error('E2E_DESKTOP_RENDERER_URL is not set: run the e2e tests through `node e2e/run.mjs`.');
  return url;
}

/** Connects to run.mjs's Chromium, or launches one. Close the returned browser after the tests. */
export async function getBrowser() {
  if (process.env.E2E_WS_ENDPOINT) return chromium.connect(process.env.E2E_WS_ENDPOINT);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Records console errors, uncaught page errors and failed requests of a page, so a test can assert that
 * loading the app produced none (CSP violations show up as console errors).
 */
export function collectProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  return problems;
}

export function ensureScreenshotDir() {
  mkdirSync(screenshotDir, { recursive: true });
  return screenshotDir;
}

// ---- Editor helpers (real mouse gestures on the canvas) ----

/** Drags a palette entry onto the canvas at (x, y) relative to the canvas element (HTML5 drag and drop). */
export async function dragFromPalette(page, kind, x, y) {
  const item = page.locator(`[data-testid="palette-item"][data-kind="${kind}"]`);
  await item.scrollIntoViewIfNeeded();
  const before = await page.getByTestId('layer-node').count();
  await item.dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="layer-node"]').length === n + 1, before);
  // The new node is selected: return its id.
  return page.locator('[data-testid="layer-node"]').last().getAttribute('data-node-id');
}

/** The canvas node id of the node named `name`. */
export async function nodeIdByName(page, name) {
  return page.locator(`[data-testid="layer-node"][data-name="${name}"]`).getAttribute('data-node-id');
}

/** A React Flow handle (port) of a node. */
export function handle(page, nodeId, port) {
  return page.locator(`.react-flow__handle[data-nodeid="${nodeId}"][data-handleid="${port}"]`);
}

/** Drags a wire from an output port to an input port with the mouse; resolves after the mouse is released. */
export async function dragWire(page, fromNode, fromPort, toNode, toPort) {
  const a = await handle(page, fromNode, fromPort).boundingBox();
  const b = await handle(page, toNode, toPort).boundingBox();
  if (!a || !b) throw new Error(`dragWire: port ${fromNode}.${fromPort} or ${toNode}.${toPort} is not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 6 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 6 });
  await page.mouse.up();
}

/** Connects two ports and waits for the new edge. */
export async function connectPorts(page, fromNode, fromPort, toNode, toPort) {
  const before = await page.locator('.react-flow__edge').count();
  await dragWire(page, fromNode, fromPort, toNode, toPort);
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length === n + 1, before);
}

/** Sets a parameter of the selected node in the inspector (types and presses Enter). */
export async function setParam(page, name, value) {
  const auto = page.getByTestId(`param-${name}-auto`);
  if (await auto.count() > 0 && await auto.isChecked()) await auto.uncheck();
  const field = page.getByTestId(`param-${name}`);
  await field.fill(String(value));
  await field.press('Enter');
}

/** Selects a node by clicking its header. */
export async function selectNode(page, name) {
  // Start from an empty selection (clicking a node that is part of a multi-selection keeps the others).
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.keyboard.press('Escape');
  await page.locator(`[data-testid="layer-node"][data-name="${name}"] .layer-node__name`).click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="inspector-name"]')?.value === n, name, { timeout: 5000 })
    .catch(async (err) => {
      const seen = await page.evaluate(() => document.querySelector('[data-testid="inspector"]')?.innerText.slice(0, 200));
      throw new Error(`selectNode(${name}): the inspector shows ${JSON.stringify(seen)}: ${err.message}`);
    });
}

/**
 * Runs `trigger` (a shortcut or a click that opens a file picker) and returns Playwright's file chooser. Headless
 * Chromium now and then drops a picker requested right after the previous one closed, although the page did call
 * input.click() with user activation (seen about once in 30 back-to-back opens); the trigger is then repeated, at
 * most `attempts` times, and a missing picker fails the test with that explanation.
 */
export async function chooseFile(page, trigger, { attempts = 3, timeout = 4000 } = {}) {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout }).catch(() => null), trigger()]);
    if (chooser) return chooser;
  }
  throw new Error(`no file picker opened after ${attempts} attempts`);
}

/**
 * A fresh context and page on the app, loaded with the canvas shown: `dockHeight` sets the training dock's remembered
 * height, `init` runs in the page before the app (e.g. to remove the File System Access API). Returns the context,
 * the page and its problem list (collectProblems).
 */
export async function openApp(browser, { viewport = { width: 1440, height: 960 }, acceptDownloads = false, dockHeight = null, init = null } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads });
  if (dockHeight !== null) await context.addInitScript((h) => localStorage.setItem('netsketch.dock', JSON.stringify({ height: h, collapsed: false })), dockHeight);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const problems = collectProblems(page);
  await page.goto(baseUrl(), { waitUntil: 'load' });
  await page.getByTestId('canvas').waitFor();
  return { context, page, problems };
}
