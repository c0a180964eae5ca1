// Finds a usable Electron binary WITHOUT requiring the `electron` package: from electron 42 on, requiring it
// when the binary is missing starts a download, which hangs or fails on machines without internet.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PLATFORM_BINARY = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/**
 * Returns `{ ok: true, path }` for an Electron executable that exists, or `{ ok: false, reason }` saying why
 * there is none. Looks at ELECTRON_OVERRIDE_DIST_PATH first, then node_modules/electron/{path.txt,dist}.
 */
export function findElectronBinary(repoRoot, env = process.env, platform = process.platform) {
  const pkgDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathTxt = path.join(pkgDir, 'path.txt');
  const relName = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : (PLATFORM_BINARY[platform] ?? 'electron');
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relName);
    return existsSync(candidate)
      ? { ok: true, path: candidate }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist` };
  }
  if (!existsSync(path.join(pkgDir, 'package.json'))) {
    return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  }
  if (!existsSync(pathTxt)) {
    return { ok: false, reason: 'the Electron binary was never downloaded (node_modules/electron has no path.txt or dist/) and ELECTRON_OVERRIDE_DIST_PATH is not set' };
  }
  const candidate = path.join(pkgDir, 'dist', relName);
  return existsSync(candidate)
    ? { ok: true, path: candidate }
    : { ok: false, reason: `node_modules/electron/path.txt names ${relName}, but ${candidate} is missing` };
}

/** On Linux a window needs an X11 or Wayland display; returns the reason when there is none. */
export function missingDisplay(env = process.env, platform = process.platform) {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'no graphical display (DISPLAY and WAYLAND_DISPLAY are not set)';
}
