import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { findElectronBinary, missingDisplay } from '../../scripts/electron-binary.mjs';

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'netsketch-electron-'));
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

function installPackage() {
  mkdirSync(path.join(repo, 'node_modules', 'electron'), { recursive: true });
  writeFileSync(path.join(repo, 'node_modules', 'electron', 'package.json'), '{"name":"electron"}');
}

describe('findElectronBinary (never requires the electron package)', () => {
  test('package installed without a downloaded binary', () => {
    installPackage();
    expect(findElectronBinary(repo, {}, 'linux')).toEqual({ ok: false, reason: expect.stringMatching(/never downloaded .*no path\.txt or dist/) });
  });

  test('package missing', () => {
    expect(findElectronBinary(repo, {}, 'linux')).toEqual({ ok: false, reason: expect.stringMatching(/not installed/) });
  });

  test('path.txt + dist binary', () => {
    installPackage();
    writeFileSync(path.join(repo, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(findElectronBinary(repo, {}, 'linux')).toMatchObject({ ok: false, reason: expect.stringMatching(/is missing/) });
    mkdirSync(path.join(repo, 'node_modules', 'electron', 'dist'));
    writeFileSync(path.join(repo, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(findElectronBinary(repo, {}, 'linux')).toEqual({ ok: true, path: path.join(repo, 'node_modules', 'electron', 'dist', 'electron') });
  });

  test('ELECTRON_OVERRIDE_DIST_PATH wins and must contain the binary', () => {
    installPackage();
    const dist = path.join(repo, 'my-electron');
    expect(findElectronBinary(repo, { ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux')).toMatchObject({ ok: false, reason: expect.stringMatching(/does not exist/) });
    mkdirSync(dist);
    writeFileSync(path.join(dist, 'electron.exe'), '');
    expect(findElectronBinary(repo, { ELECTRON_OVERRIDE_DIST_PATH: dist }, 'win32')).toEqual({ ok: true, path: path.join(dist, 'electron.exe') });
  });

  test('a Linux window needs a display', () => {
    expect(missingDisplay({}, 'linux')).toMatch(/no graphical display/);
    expect(missingDisplay({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(missingDisplay({}, 'darwin')).toBeNull();
  });
});
