// The Electron security checklist (electron docs/tutorial/security.md, as applied in shared/notes/electron.md §2),
// one test per item that a test can check, run against the real electron/main/index.ts and preload with a fake
// `electron` module (fake-electron.ts). Each test checks the item directly and names the file where it is
// tested in depth. Items with no test here, and why:
//   - "Keep Electron current" is a release-process duty (electron is pinned in package.json; bump it each major).
//   - "Do not use experimental features / enableBlinkFeatures" is checked inside item 4 (webPreferences).
//   - Packaged-app behaviour (fuses actually flipped, cross-origin isolation in the real binary) needs the Electron
//     binary: e2e/electron.spec.mjs runs where one exists; here item 16 checks the packaging configuration.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { Channels, type InvokeChannel } from '../../electron/ipc/contract.ts';
import { handleBundleRequest } from '../../electron/main/bundle-files.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security-headers.ts';
import { electronFake, fakeApp, fakeEvent, FakeBrowserWindow, FakeWebContents, ipcHandlers } from './fake-electron.ts';

/** What the preload hands to contextBridge, captured by the mock below. */
const exposed: { key: string; api: Record<string, unknown> }[] = [];
const rendererIpc = { invoke: vi.fn(async (..._args: unknown[]) => undefined), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() };

vi.mock('electron', async () => ({
  ...(await import('./fake-electron.ts')).electronFake,
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => void exposed.push({ key, api }) },
  ipcRenderer: rendererIpc,
}));

const APP = 'app://bundle/index.html';
const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '../..');
const temp: string[] = [];
let win: FakeBrowserWindow;

function invoke(channel: InvokeChannel, payload: unknown, frame: { url: string; parent: unknown } | null = { url: APP, parent: null }) {
  return Promise.resolve().then(() => ipcHandlers.get(channel)!({ senderFrame: frame, sender: win.webContents }, payload));
}

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined); // refusals are logged; the tests check them
  delete process.env.ELECTRON_RENDERER_URL;
  await import('../../electron/main/index.ts');
  // The preload belongs to the web tsconfig project; a computed specifier keeps it out of this (node) project.
  const preload = '../../electron/preload/index.ts';
  await import(/* @vite-ignore */ preload);
  fakeApp.fireReady();
  await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1));
  win = FakeBrowserWindow.all[0]!;
});
afterAll(() => {
  rmSync(fakeApp.userData, { recursive: true, force: true });
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

/** A web contents created after start-up, with main's per-contents guards attached. */
function newContents(): FakeWebContents {
  const contents = new FakeWebContents();
  fakeApp.emit('web-contents-created', fakeEvent(), contents);
  return contents;
}

describe('Electron security checklist', () => {
  // Depth: main-process.test.ts 'opens one window with locked-down webPreferences'.
  test('1. context isolation is on for every window', () => {
    for (const w of FakeBrowserWindow.all) expect(w.options.webPreferences.contextIsolation).toBe(true);
  });

  test('2. every renderer is sandboxed (per window and app-wide)', () => {
    for (const w of FakeBrowserWindow.all) expect(w.options.webPreferences.sandbox).toBe(true);
    expect(fakeApp.enableSandbox).toHaveBeenCalled();
  });

  test('3. Node integration is off in pages, workers and sub-frames', () => {
    for (const w of FakeBrowserWindow.all) {
      expect(w.options.webPreferences).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
    }
  });

  test('4. web security stays on: no insecure content, no experimental or Blink features, no <webview>', () => {
    for (const w of FakeBrowserWindow.all) {
      const p = w.options.webPreferences;
      expect(p).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false });
      expect(p.enableBlinkFeatures).toBeUndefined();
    }
    const webview = fakeEvent();
    newContents().emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  // Depth: main-process.test.ts 'registers app:// as a secure standard scheme'; bundle-files.test.ts (path escapes).
  test('5. the UI comes from a privileged custom scheme, not file://, and the scheme cannot bypass CSP', () => {
    expect(win.loadURL).toHaveBeenCalledWith(APP);
    const [schemes] = electronFake.protocol.registerSchemesAsPrivileged.mock.calls[0]! as [{ scheme: string; privileges: Record<string, boolean> }[]];
    expect(schemes.map((s) => s.scheme)).toEqual(['app']);
    expect(schemes[0]!.privileges).toMatchObject({ standard: true, secure: true });
    expect(schemes[0]!.privileges.bypassCSP).toBeUndefined();
  });

  // Depth: security-headers.test.ts (the policy's directives), bundle-files.test.ts.
  test('6. every app:// response carries exactly the production CSP (and the isolation headers)', async () => {
    const handler = electronFake.protocol.handle.mock.calls.find(([scheme]) => scheme === 'app')![1] as (r: Request) => Promise<Response>;
    // Through main's registered handler (the test has no built UI, so these are refusals and misses)...
    const viaMain = await Promise.all([
      handler(new Request('app://bundle/index.html')),
      handler(new Request('app://bundle/../../etc/passwd')),
      handler(new Request('app://other/index.html')),
      handler(new Request('app://bundle/index.html', { method: 'POST', body: 'x' })),
    ]);
    // ...and the same function over a real bundle folder for successful answers of every kind.
    const root = mkdtempSync(path.join(tmpdir(), 'netsketch-csp-'));
    temp.push(root);
    mkdirSync(path.join(root, 'assets'));
    for (const f of ['index.html', 'assets/app.js', 'assets/session.worker.js', 'assets/kernels.wasm', 'assets/app.css', 'assets/mnist.bin']) writeFileSync(path.join(root, f), 'x');
    const served = await Promise.all(['/', '/assets/app.js', '/assets/session.worker.js', '/assets/kernels.wasm', '/assets/app.css', '/assets/mnist.bin', '/missing.js']
      .map((p) => handleBundleRequest(new Request(`app://bundle${p}`), root)));
    expect(served.slice(0, 6).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const response of [...viaMain, ...served]) {
      expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
      expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'self'; /);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|'unsafe-eval'|\*|https?:/);
  });

  // Depth: main-process.test.ts 'blocks navigation away from the app'; trust.test.ts (isAppUrl).
  test('7. no remote content: navigation, frame navigation and redirects away from app://bundle are cancelled', () => {
    const contents = newContents();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///etc/passwd', 'app://other/', 'data:text/html,x', 'javascript:alert(1)']) {
        const e = fakeEvent({ url });
        contents.emit(event, e);
        expect([event, url, e.defaultPrevented]).toEqual([event, url, true]);
      }
      const inside = fakeEvent({ url: 'app://bundle/index.html#/train' });
      contents.emit(event, inside);
      expect(inside.defaultPrevented).toBe(false);
    }
  });

  test('8. window.open and target=_blank never create a window', () => {
    const contents = newContents();
    for (const url of ['https://evil.example/', 'app://bundle/index.html', 'about:blank', 'https://pytorch.org/docs/']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
  });

  // Depth: main-process.test.ts 'denies every permission request and check'.
  test('9. every permission request and permission check is denied', () => {
    const request = electronFake.session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    const check = electronFake.session.defaultSession.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, p: string) => boolean;
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      const answers: boolean[] = [];
      request({}, permission, (ok) => answers.push(ok));
      expect([permission, answers]).toEqual([permission, [false]]);
      expect([permission, check({}, permission)]).toEqual([permission, false]);
    }
  });

  // Depth: ipc-router.test.ts, ipc-fuzz.test.ts (10,000 random senders), trust.test.ts.
  test('10. IPC: every channel refuses senders that are not the app\'s main frame', async () => {
    const bad: ({ url: string; parent: unknown } | null)[] = [
      { url: 'https://evil.example/', parent: null }, { url: 'file:///x/index.html', parent: null }, { url: APP, parent: { url: APP } }, null,
    ];
    for (const channel of Object.values(Channels)) {
      for (const frame of bad) await expect(invoke(channel, undefined, frame)).rejects.toThrow(new RegExp(`^IPC ${channel} refused: `));
    }
  });

  // Depth: payload-guards.test.ts, ipc-fuzz.test.ts (10,000 mutated payloads).
  test('11. IPC: every channel validates its payload before its handler runs', async () => {
    for (const channel of Object.values(Channels)) {
      await expect(invoke(channel, { unexpected: '/etc/passwd' })).rejects.toThrow(new RegExp(`^IPC ${channel} refused: \\w+: `));
    }
  });

  test('12. the page gets named verbs only: no ipcRenderer, no generic invoke/send, no event objects', async () => {
    expect(exposed.map((e) => e.key)).toEqual(['netsketch']);
    const api = exposed[0]!.api;
    expect(Object.keys(api)).not.toEqual(expect.arrayContaining(['invoke']));
    for (const forbidden of ['invoke', 'send', 'sendSync', 'on', 'ipcRenderer', 'postMessage']) expect(api[forbidden]).toBeUndefined();
    expect(Object.values(api)).not.toContain(rendererIpc);
    // Each verb goes to its own fixed channel, whatever the page passes.
    await (api.importFile as (k: string) => Promise<unknown>)('netsketch:open-external');
    expect(rendererIpc.invoke).toHaveBeenLastCalledWith(Channels.importFile, { kind: 'netsketch:open-external' });
    // Event listeners receive the payload, never the IPC event (whose sender would reach ipcRenderer).
    const seen: unknown[][] = [];
    (api.onMenuCommand as (l: (...a: unknown[]) => void) => void)((...args) => seen.push(args));
    const [, wrapped] = rendererIpc.on.mock.calls.at(-1)! as [string, (event: unknown, payload: unknown) => void];
    wrapped({ sender: rendererIpc }, { type: 'save' });
    expect(seen).toEqual([[{ type: 'save' }]]);
  });

  // Depth: file-grants.test.ts, main-process.test.ts 'Save As writes atomically to the path the user picked'.
  test('13. files are touched only at paths the user picked in a dialog', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netsketch-grants-'));
    temp.push(dir);
    const bytes = new Uint8Array([1, 2, 3]);
    // A file id main never issued (the renderer cannot name paths).
    await expect(invoke(Channels.saveProject, { fileId: '00000000-0000-4000-8000-000000000000', bytes })).rejects.toThrow(/saveProject: unknown fileId/);
    await expect(invoke(Channels.openRecent, { fileId: 'made-up' })).rejects.toThrow(/openRecent: unknown fileId/);
    await expect(invoke(Channels.writeRecovery, { documentId: 'd-1', name: 'x', fileId: 'made-up', bytes })).rejects.toThrow(/writeRecovery: unknown fileId/);
    // Paths where an id or a name belongs.
    await expect(invoke(Channels.saveProject, { fileId: path.join(dir, 'x.netsketch'), bytes })).rejects.toThrow(/fileId must be an id/);
    await expect(invoke(Channels.saveProject, { fileId: 'a', bytes, path: path.join(dir, 'x.netsketch') })).rejects.toThrow(/unexpected field\(s\) path/);
    await expect(invoke(Channels.exportFile, { kind: 'weights-pt', bytes, suggestedName: path.join(dir, 'x.pt') })).rejects.toThrow(/plain file name/);
    // A dialog the user cancelled grants nothing and writes nothing.
    electronFake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: path.join(dir, 'cancelled.netsketch') });
    expect(await invoke(Channels.saveProjectAs, { bytes, suggestedName: 'x.netsketch' })).toBeNull();
    electronFake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [path.join(dir, 'y.netsketch')] });
    expect(await invoke(Channels.openProject, undefined)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
    // The answered dialog's path is the one written, and its id works afterwards.
    const chosen = path.join(dir, 'chosen.netsketch');
    electronFake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: chosen });
    const ref = await invoke(Channels.saveProjectAs, { bytes, suggestedName: 'x.netsketch' }) as { fileId: string };
    await invoke(Channels.saveProject, { fileId: ref.fileId, bytes: new Uint8Array([9]) });
    expect([...readFileSync(chosen)]).toEqual([9]);
    expect(readdirSync(dir)).toEqual(['chosen.netsketch']);
  });

  // Depth: trust.test.ts (isAllowedExternalUrl), menu.test.ts (Help links).
  test('14. shell.openExternal only for https links on the allowlist (IPC and window.open)', async () => {
    electronFake.shell.openExternal.mockClear();
    const refused = ['http://pytorch.org/', 'javascript:alert(1)', 'file:///etc/passwd', 'https://evil.example/', 'https://pytorch.org.evil.example/',
      'https://user@pytorch.org/', 'https://pytorch.org:8443/', 'smb://server/share', 'ms-msdt:/id', ''];
    for (const url of refused) await expect(invoke(Channels.openExternal, { url })).rejects.toThrow(/openExternal: .* is not an allowed link/);
    const contents = newContents();
    for (const url of refused) contents.windowOpenHandler!({ url });
    expect(electronFake.shell.openExternal).not.toHaveBeenCalled();
    await invoke(Channels.openExternal, { url: 'https://docs.pytorch.org/docs/stable/nn.html' });
    contents.windowOpenHandler!({ url: 'https://github.com/pytorch/pytorch' });
    expect(electronFake.shell.openExternal.mock.calls).toEqual([['https://docs.pytorch.org/docs/stable/nn.html'], ['https://github.com/pytorch/pytorch']]);
  });

  test('15. one instance owns the user-data folder (single-instance lock taken before ready)', () => {
    expect(fakeApp.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(fakeApp.quit).not.toHaveBeenCalled(); // the fake grants the lock: this instance stays
  });

  test('16. the packaged binary flips the security fuses (electron-builder.yml)', () => {
    const yml = readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?:[ ]{2}\S.*\n?)+)/m.exec(yml);
    expect(block).not.toBeNull();
    const fuses = Object.fromEntries(block![1]!.trim().split('\n').map((l) => l.trim().split(/:\s*/)).map(([k, v]) => [k, v]));
    expect(fuses).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      grantFileProtocolExtraPrivileges: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
    });
    expect(yml).toMatch(/^asar: true$/m);
  });
});
