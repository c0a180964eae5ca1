/**
 * Electron main process: app lifecycle, the `app://bundle` protocol, window security (navigation, popups,
 * permissions), the native menu and the IPC handlers. Main moves bytes and shows dialogs; it never trains.
 */
import { app, BrowserWindow, ipcMain, Menu, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, Events } from '../ipc/contract.ts';
import { MENU_SPEC, type MenuCommand } from '../ipc/menu.ts';
import { handleBundleRequest } from './bundle-files.ts';
import { FileGrants, RecentFiles } from './file-grants.ts';
import { RecoveryStore } from './recovery-store.ts';
import { createHandlers } from './handlers.ts';
import { registerIpcHandlers } from './ipc-router.ts';
import { buildMenuTemplate } from './menu-template.ts';
import { isAllowedExternalUrl, isAppUrl } from './trust.ts';
import { AppWindow } from './window.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');
const iconPath = path.join(here, '../../assets/icons/icon.png');
/** The Vite dev server (electron-vite dev); never honoured in a packaged app. */
const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;

// Must happen before `ready`, and only once.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } },
]);
app.enableSandbox();

// A second launch focuses the running app (see 'second-instance') and exits.
const isPrimaryInstance = app.requestSingleInstanceLock();
if (!isPrimaryInstance) app.quit();

const windows = new Map<number, AppWindow>();
const grants = new FileGrants();
let recent: RecentFiles;
let recovery: RecoveryStore;

function focusedWindow(): AppWindow | undefined {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  return win ? windows.get(win.webContents.id) : undefined;
}

function sendMenuCommand(command: MenuCommand): void {
  focusedWindow()?.win.webContents.send(Events.menuCommand, command);
}

function openExternalSafely(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
  else console.warn(`Refused to open ${JSON.stringify(url)} externally: not an allow-listed https link.`);
}

function rebuildMenu(): void {
  const template = buildMenuTemplate(MENU_SPEC, {
    isMac: process.platform === 'darwin',
    isDev: !app.isPackaged,
    appName: app.name,
    recent: recent.granted(grants),
    send: sendMenuCommand,
    openExternal: openExternalSafely,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): AppWindow {
  const appWindow = new AppWindow({ preloadPath, icon: iconPath });
  const id = appWindow.win.webContents.id;
  windows.set(id, appWindow);
  appWindow.win.on('closed', () => {
    windows.delete(id);
    // Reaching 'closed' means the user saved or chose not to: the recovery copies are no longer wanted.
    for (const documentId of appWindow.recoveryDocuments) {
      void recovery.discard(documentId).catch((err: unknown) => console.error('Could not delete a recovery copy:', err));
    }
  });
  void appWindow.load(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return appWindow;
}

function windowFor(event: IpcMainInvokeEvent): AppWindow {
  const w = windows.get(event.sender.id);
  if (!w) throw new Error('IPC call from a web contents that is not a Netsketch window.');
  return w;
}

// Every web contents: no navigation away from the app, no popups (allow-listed links go to the system browser),
// no <webview>.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e) => {
    if (!isAppUrl(e.url, devServerUrl)) e.preventDefault();
  });
  contents.on('will-frame-navigate', (e) => {
    if (!isAppUrl(e.url, devServerUrl)) e.preventDefault();
  });
  contents.on('will-redirect', (e) => {
    if (!isAppUrl(e.url, devServerUrl)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
});

app.on('second-instance', () => {
  const w = focusedWindow();
  if (w) {
    if (w.win.isMinimized()) w.win.restore();
    w.win.focus();
  }
});

app.whenReady().then(async () => {
  if (!isPrimaryInstance) return;
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, (request) => handleBundleRequest(request, rendererRoot, APP_SCHEME, APP_HOST));

  recent = new RecentFiles(path.join(app.getPath('userData'), 'recent-files.json'));
  await recent.load();
  recovery = new RecoveryStore(path.join(app.getPath('userData'), 'recovery'), app.getVersion());
  // Only the primary instance gets here (single-instance lock), so no other Netsketch is writing these folders:
  // temp files in them are leftovers of writes a crash interrupted.
  await recovery.sweep().catch((err: unknown) => console.warn('Could not clean up interrupted recovery writes:', err));
  await recovery.importLegacy().catch((err: unknown) => console.warn('Could not convert old recovery copies:', err));
  registerIpcHandlers(ipcMain, createHandlers({ grants, recent, recovery, windowFor, recentChanged: rebuildMenu }), devServerUrl);
  rebuildMenu();
  createWindow();

  // Open Recent marks files that went missing; look again whenever the app comes back to the front.
  app.on('browser-window-focus', () => rebuildMenu());

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}).catch((err: unknown) => {
  console.error('Netsketch failed to start:', err);
  app.exit(1);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
