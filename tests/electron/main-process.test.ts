// Runs the real electron/main/index.ts against a fake `electron` module: checks the security wiring (privileged
// scheme, sandbox, webPreferences, permission denial, navigation and popup blocking), the IPC registration with
// the origin check, the title, menu commands and the save-before-close handshake. The real Electron run is in
// e2e/electron.spec.mjs where a binary exists.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { emptyGraph } from '../../core/graph/actions.ts';
import { loadProject, newProject, saveProject, type JsonObject } from '../../core/project/index.ts';
import { Channels, Events } from '../../electron/ipc/contract.ts';
import { RecoveryStore } from '../../electron/main/recovery-store.ts';
import { electronFake, fakeApp, fakeEvent, FakeBrowserWindow, FakeWebContents, ipcHandlers } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronFake);

const flush = () => new Promise((r) => setTimeout(r, 0));
let win: FakeBrowserWindow;

function invoke(channel: string, payload: unknown, url = 'app://bundle/index.html', sender: FakeWebContents = win.webContents) {
  return ipcHandlers.get(channel)!({ senderFrame: { url, parent: null }, sender }, payload);
}

const project = (title: string) => saveProject(newProject('doc', emptyGraph(title) as unknown as JsonObject, null, title));
const DEAD_PID = 2 ** 22 + 12345;
const crashTemp = path.join(fakeApp.userData, 'recovery', 'crashed-doc', '.000000000000001-000000.nsnap.1.abc.tmp');

beforeAll(async () => {
  delete process.env.ELECTRON_RENDERER_URL;
  // A previous run crashed: it left a recovery copy (its pid is dead) and a temp file of an interrupted write.
  await new RecoveryStore(path.join(fakeApp.userData, 'recovery'), '0.0.9', { pid: DEAD_PID, now: () => 1_000 })
    .write('crashed-doc', 'Lost work', null, project('Lost work'));
  mkdirSync(path.dirname(crashTemp), { recursive: true });
  writeFileSync(crashTemp, 'half a snapshot');
  await import('../../electron/main/index.ts');
  // Before ready: the scheme is privileged and the sandbox is forced.
  expect(electronFake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
  expect(electronFake.protocol.handle).not.toHaveBeenCalled();
  fakeApp.fireReady();
  await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1));
  win = FakeBrowserWindow.all[0]!;
});
afterAll(() => {
  rmSync(fakeApp.userData, { recursive: true, force: true });
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
const tempDirs: string[] = [];

describe('main process wiring', () => {
  test('registers app:// as a secure standard scheme and enables the sandbox for all renderers', () => {
    const [schemes] = electronFake.protocol.registerSchemesAsPrivileged.mock.calls[0]! as [any[]];
    expect(schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) })]);
    expect(schemes[0].privileges.bypassCSP).toBeUndefined();
    expect(fakeApp.enableSandbox).toHaveBeenCalled();
    expect(electronFake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  test('opens one window with locked-down webPreferences on app://bundle', () => {
    expect(FakeBrowserWindow.all).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(win.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.loadURL).toHaveBeenCalledWith('app://bundle/index.html');
  });

  test('denies every permission request and check', () => {
    const request = electronFake.session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (...a: unknown[]) => void;
    const callback = vi.fn();
    request({}, 'media', callback);
    request({}, 'notifications', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
    const check = electronFake.session.defaultSession.setPermissionCheckHandler.mock.calls[0]![0] as (...a: unknown[]) => boolean;
    expect(check({}, 'clipboard-read')).toBe(false);
  });

  test('blocks navigation away from the app and all popups; allow-listed links go to the system browser', () => {
    const contents = new FakeWebContents();
    fakeApp.emit('web-contents-created', fakeEvent(), contents);
    const nav = fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-navigate', nav);
    expect(nav.defaultPrevented).toBe(true);
    const inside = fakeEvent({ url: 'app://bundle/index.html#x' });
    contents.emit('will-navigate', inside);
    expect(inside.defaultPrevented).toBe(false);
    const frameNav = fakeEvent({ url: 'file:///etc/passwd' });
    contents.emit('will-frame-navigate', frameNav);
    expect(frameNav.defaultPrevented).toBe(true);
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://docs.pytorch.org/docs/stable/nn.html' })).toEqual({ action: 'deny' });
    expect(electronFake.shell.openExternal.mock.calls).toEqual([['https://docs.pytorch.org/docs/stable/nn.html']]);
  });

  test('registers every IPC channel behind the origin check', async () => {
    expect([...ipcHandlers.keys()].sort()).toEqual(Object.values(Channels).sort());
    expect(() => invoke(Channels.setTitleState, { fileName: 'a.netsketch', dirty: true }, 'https://evil.example/')).toThrow(/not the Netsketch UI/);
    expect(win.title).not.toContain('a.netsketch');
    await invoke(Channels.setTitleState, { fileName: 'a.netsketch', dirty: true });
    expect(win.title).toBe('• a.netsketch — Netsketch');
  });

  test('Save As writes atomically to the path the user picked and grants it for later saves', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netsketch-save-'));
    tempDirs.push(dir);
    const chosen = path.join(dir, 'mine.netsketch');
    electronFake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: chosen });
    const enc = (s: string) => new TextEncoder().encode(s);
    const ref = await invoke(Channels.saveProjectAs, { bytes: enc('{"v":1}'), suggestedName: 'untitled.netsketch' });
    expect(ref).toEqual({ fileId: expect.any(String), name: 'mine.netsketch' });
    expect(readFileSync(chosen, 'utf8')).toBe('{"v":1}');
    await invoke(Channels.saveProject, { fileId: ref.fileId, bytes: enc('{"v":2}') });
    expect(readFileSync(chosen, 'utf8')).toBe('{"v":2}');
    const recent = await invoke(Channels.getRecentFiles, undefined);
    expect(recent).toEqual([{ fileId: ref.fileId, name: 'mine.netsketch', folder: path.basename(dir) }]);
    // The Open Recent menu now lists the file.
    const lastMenu = electronFake.Menu.buildFromTemplate.mock.calls.at(-1)![0] as any[];
    const recentMenu = lastMenu[0].submenu.find((i: any) => i.label === 'Open Recent');
    expect(recentMenu.submenu.map((i: any) => i.label)).toEqual([`mine.netsketch — ${path.basename(dir)}`]);
  });

  test('a recent file that went missing stays listed, marked, and opening it says why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netsketch-recent-'));
    tempDirs.push(dir);
    const chosen = path.join(dir, 'soon-gone.netsketch');
    electronFake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: chosen });
    const ref = await invoke(Channels.saveProjectAs, { bytes: new Uint8Array([1]), suggestedName: 'soon-gone.netsketch' });
    rmSync(chosen);
    await expect(invoke(Channels.openRecent, { fileId: ref.fileId })).rejects
      .toThrow(/^openRecent: cannot open soon-gone\.netsketch in .*: it is no longer there \(moved, renamed, deleted, or on a drive that is not connected\)\./);
    const recent = await invoke(Channels.getRecentFiles, undefined);
    expect(recent[0]).toEqual({ fileId: ref.fileId, name: 'soon-gone.netsketch', folder: path.basename(dir), missing: true });
    expect(recent.slice(1).every((r: { missing?: boolean }) => !r.missing)).toBe(true);
    const lastMenu = electronFake.Menu.buildFromTemplate.mock.calls.at(-1)![0] as any[];
    const recentMenu = lastMenu[0].submenu.find((i: any) => i.label === 'Open Recent');
    expect(recentMenu.submenu[0].label).toBe(`soon-gone.netsketch — ${path.basename(dir)} (not found)`);
    // The list survived in userData in core/project's format.
    const stored = JSON.parse(readFileSync(path.join(fakeApp.userData, 'recent-files.json'), 'utf8'));
    expect(stored.format).toBe('netsketch-recent');
    expect(stored.entries[0].path).toBe(chosen);
  });

  test('menu items send typed commands to the window', () => {
    const template = electronFake.Menu.buildFromTemplate.mock.calls.at(-1)![0] as any[];
    const view = template.find((m) => m.label === '&View');
    view.submenu.find((i: any) => i.label === 'Toggle Minimap').click();
    expect(win.webContents.sent.at(-1)).toEqual([Events.menuCommand, { type: 'toggle-minimap' }]);
  });

  test('native edits run on the sending web contents', async () => {
    await invoke(Channels.nativeEdit, { action: 'paste' });
    expect(win.webContents.paste).toHaveBeenCalledTimes(1);
  });

  test('at start-up, temp files of interrupted recovery writes are swept and a crashed run\'s copy is offered', async () => {
    expect(existsSync(crashTemp)).toBe(false);
    const offered = await invoke(Channels.listRecoverable, undefined);
    expect(offered).toEqual([{ documentId: 'crashed-doc', name: 'Lost work', savedAt: 1_000 }]);
    const restored = await invoke(Channels.openRecovery, { documentId: 'crashed-doc' });
    expect(loadProject(restored.bytes).title).toBe('Lost work');
    expect(restored).toMatchObject({ documentId: 'crashed-doc', name: 'Lost work', file: null, savedAt: 1_000, skipped: [] });
    await invoke(Channels.discardRecovery, { documentId: 'crashed-doc' });
    expect(existsSync(path.join(fakeApp.userData, 'recovery', 'crashed-doc'))).toBe(false);
  });

  test('recovery copies are written under userData, listed, and taken over with their file granted again', async () => {
    await invoke(Channels.writeRecovery, { documentId: 'doc-7', name: 'Untitled', fileId: null, bytes: project('unsaved') });
    const files = readdirSync(path.join(fakeApp.userData, 'recovery', 'doc-7'));
    expect(files.filter((f) => f.endsWith('.nsnap'))).toHaveLength(1);
    expect(await invoke(Channels.listRecoverable, undefined)).toEqual([{ documentId: 'doc-7', name: 'Untitled', savedAt: expect.any(Number) }]);
    const restored = await invoke(Channels.openRecovery, { documentId: 'doc-7' });
    expect(loadProject(restored.bytes).title).toBe('unsaved');
    expect(restored.file).toBeNull();
    expect(() => invoke(Channels.writeRecovery, { documentId: 'doc-7', name: 'x', fileId: null, bytes: new Uint8Array(0) }, 'https://evil.example/')).toThrow(/not the Netsketch UI/);
  });

  test('a crashed page is reported, its unsaved mark cleared, and the window reloaded on request', async () => {
    await invoke(Channels.setTitleState, { fileName: 'b.netsketch', dirty: true });
    electronFake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 }); // Reload
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    win.loadURL.mockClear();
    win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'oom', exitCode: 133 });
    await flush();
    errorLog.mockRestore();
    const [, options] = electronFake.dialog.showMessageBox.mock.calls.at(-1)! as [unknown, { message: string; detail: string }];
    expect(options.message).toBe('The Netsketch window stopped because it ran out of memory.');
    // The window had pushed recovery copies (doc-7): they survive the crash and are offered to the reloaded page.
    expect(options.detail).toMatch(/recovery copy of your unsaved changes .* was kept/);
    expect(win.loadURL).toHaveBeenCalledWith('app://bundle/index.html');
    expect(win.title).toBe('Untitled — Netsketch');
    expect((await invoke(Channels.listRecoverable, undefined)).map((d: { documentId: string }) => d.documentId)).toEqual(['doc-7']);
    const restored = await invoke(Channels.openRecovery, { documentId: 'doc-7' });
    expect(loadProject(restored.bytes).title).toBe('unsaved');
  });

  test('closing with unsaved changes asks; "Save" hands over to the renderer, which lets the window close', async () => {
    await invoke(Channels.setTitleState, { fileName: 'a.netsketch', dirty: true });
    electronFake.dialog.showMessageBox.mockResolvedValueOnce({ response: 2 }); // Cancel
    win.close();
    await flush();
    expect(win.destroyed).toBe(false);

    electronFake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 }); // Save
    win.close();
    await flush();
    expect(win.destroyed).toBe(false);
    const [channel, request] = win.webContents.sent.at(-1)! as [string, { requestId: number }];
    expect(channel).toBe(Events.closeRequested);
    await invoke(Channels.closeResponse, { requestId: request.requestId + 1, proceed: true }); // stale id: ignored
    expect(win.destroyed).toBe(false);
    await invoke(Channels.closeResponse, { requestId: request.requestId, proceed: true });
    expect(win.destroyed).toBe(true);
    // A window that closed normally leaves no recovery copies behind.
    await vi.waitFor(() => expect(existsSync(path.join(fakeApp.userData, 'recovery', 'doc-7'))).toBe(false));
  });

  test('a crashed page\'s recovery copies are kept even when the user closes the window instead of reloading', async () => {
    fakeApp.emit('activate'); // macOS: a new window after the last one closed
    const second = FakeBrowserWindow.all.at(-1)!;
    expect(second).not.toBe(win);
    await invoke(Channels.writeRecovery, { documentId: 'doc-9', name: 'Crashy', fileId: null, bytes: project('crashy') }, undefined, second.webContents);
    electronFake.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 }); // Close Window
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    second.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    await vi.waitFor(() => expect(second.destroyed).toBe(true));
    errorLog.mockRestore();
    await flush();
    expect(readdirSync(path.join(fakeApp.userData, 'recovery', 'doc-9')).filter((f) => f.endsWith('.nsnap'))).toHaveLength(1);
  });
});
