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
