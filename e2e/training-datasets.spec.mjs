// The user's own data in the browser build: a .zip of class folders (decoded in the page with createImageBitmap and
// an OffscreenCanvas, sent to the session worker as RGBA bytes) and a CSV file, each picked from the training panel,
// previewed with labels, and trained to the end.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { ensureScreenshotDir, getBrowser, openApp } from './helpers.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'netsketch-data-e2e-'));
const CLASSES = ['bar', 'column', 'dot'];

/** A 12×12 grey PNG per sample: a horizontal bar, a vertical bar or a centred square, slightly shifted. */
function image(kind, shift) {
  const png = new PNG({ width: 12, height: 12 });
  for (let y = 0; y < 12; y++) {
    for (let x = 0; x < 12; x++) {
      const on = kind === 'bar' ? Math.abs(y - 4 - shift) <= 1 : kind === 'column' ? Math.abs(x - 4 - shift) <= 1 : Math.abs(x - 5 - (shift % 2)) <= 1 && Math.abs(y - 5 - (shift % 2)) <= 1;
      const o = (y * 12 + x) * 4;
      png.data[o] = png.data[o + 1] = png.data[o + 2] = on ? 240 : 20;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

function imageZip() {
  const files = {};
  for (const c of CLASSES) for (let i = 0; i < 12; i++) files[`shapes/${c}/${String(i).padStart(2, '0')}.png`] = image(c, i % 4);
  const file = path.join(work, 'shapes.zip');
  writeFileSync(file, zipSync(files));
  return file;
}

/** Three well separated clusters in 4-D with text labels. */
function csvFile() {
  const rows = ['f1,f2,f3,f4,label'];
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
  ['setosa', 'versicolor', 'virginica'].forEach((label, k) => {
    for (let i = 0; i < 40; i++) rows.push([k * 3 + rnd(), -k * 2 + rnd(), k + rnd(), 5 + rnd()].map((v) => v.toFixed(3)).join(',') + `,${label}`);
  });
  const file = path.join(work, 'flowers.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

async function openTemplate(page, id) {
  await page.getByTestId('tool-templates').click();
  await page.locator(`[data-template="${id}"]`).click();
  await page.getByTestId('template-create').click();
  await page.getByTestId('training-panel').waitFor();
}

async function setParam(page, name, value) {
  const field = page.getByTestId(`param-${name}`);
  if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
  else {
    await field.fill(value);
    await field.press('Enter');
  }
}

/** Waits for the dataset preview; on failure the message carries what the dataset card says (e.g. a load error). */
async function waitForPreview(page, selector) {
  try {
    await page.locator(selector).waitFor({ timeout: 60_000 });
  } catch {
    assert.fail(`no dataset preview; the dataset card says: ${await page.getByTestId('dataset-card').innerText()}`);
  }
}

async function trainToEnd(page, epochs) {
  const field = page.getByTestId('setting-epochs');
  await field.fill(String(epochs));
  await field.press('Enter');
  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="training-panel"]')?.getAttribute('data-state') === 'finished', null, { timeout: 120_000 });
}

describe('training on the user\'s own data', () => {
  let browser;
  let context;
  let page;
  let problems;

  before(async () => {
    browser = await getBrowser();
    ({ context, page, problems } = await openApp(browser, { dockHeight: 430 }));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
  });

  test('an image folder (.zip of class folders) is decoded in the page, previewed with its class names and trained', async () => {
    await openTemplate(page, 'mnist-mlp');
    await page.locator('[data-testid="layer-node"]', { hasText: 'Dataset' }).first().click();
    await setParam(page, 'dataset', 'image_folder');
    await setParam(page, 'path', 'shapes.zip');
    await setParam(page, 'height', '12');
    await setParam(page, 'width', '12');
    await setParam(page, 'num_classes', '3');
    await page.locator('[data-testid="layer-node"]', { hasText: 'fc2' }).first().click();
    await setParam(page, 'out_features', '3');
    assert.equal(await page.getByTestId('dataset-id').innerText(), 'image_folder');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Choose image folder (.zip)…' }).click()]);
    await chooser.setFiles(imageZip());
    await waitForPreview(page, '[data-testid="dataset-preview"]');
    await page.waitForFunction((names) => {
      const l = [...document.querySelectorAll('[data-testid="dataset-preview"] figcaption')].map((e) => e.textContent);
      return l.length > 0 && l.every((x) => names.includes(x));
    }, CLASSES, { timeout: 30_000 }).catch(() => undefined);
    const labels = await page.locator('[data-testid="dataset-preview"] figcaption').allInnerTexts();
    assert.ok(labels.length > 0 && labels.every((l) => CLASSES.includes(l)), `preview labels are the folder names: ${labels.join(',')}`);
    assert.equal(new Set(labels).size, 3);
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'dataset-images.png') });
    await trainToEnd(page, 15);
    const s = await page.evaluate(() => window.__netsketchEngine.state());
    assert.equal(s.load.numClasses, 3);
    assert.deepEqual(s.load.classNames, CLASSES);
    const run = s.runs.at(-1);
    assert.ok(run.losses.at(-1) < run.losses[0], `the loss falls on the shapes: ${run.losses[0]} → ${run.losses.at(-1)}`);
  });

  test('a CSV file is read, shown as rows with labels, and trained to a good test accuracy', async () => {
    await openTemplate(page, 'spirals-mlp');
    await page.locator('[data-testid="layer-node"]', { hasText: 'Dataset' }).first().click();
    await setParam(page, 'dataset', 'csv');
    await setParam(page, 'path', 'flowers.csv');
    await setParam(page, 'label_column', 'label');
    await setParam(page, 'num_features', '4');
    await setParam(page, 'num_classes', '3');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Choose CSV file…' }).click()]);
    await chooser.setFiles(csvFile());
    const table = page.locator('[data-testid="dataset-card"] .mini-table');
    await waitForPreview(page, '[data-testid="dataset-card"] .mini-table');
    assert.match(await table.innerText(), /→ (setosa|versicolor|virginica)/);
    await trainToEnd(page, 40);
    await page.getByTestId('tab-results').click();
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    const ev = await page.evaluate(() => window.__netsketchEngine.state().evaluation);
    assert.equal(ev.confusion.length, 3);
    assert.ok(ev.accuracy >= 0.8, `separated clusters should be learnt, test accuracy ${ev.accuracy}`);
    await page.screenshot({ path: path.join(ensureScreenshotDir(), 'dataset-csv-results.png') });
    assert.deepEqual(problems, []);
  });
});
