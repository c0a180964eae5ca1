/**
 * A stand-in for the `electron` module, enough to run electron/main/index.ts under vitest on machines without
 * the Electron binary: it records what main registers and lets tests fire app, window and IPC events.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

type Fn = (...args: any[]) => any;

export class FakeEmitter {
  readonly listeners = new Map<string, Fn[]>();
  on(event: string, fn: Fn) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Fn) {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
}

/** An Electron-style event whose default can be prevented. */
export function fakeEvent<T extends object>(extra: T = {} as T) {
  return { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
}

let nextContentsId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextContentsId++;
  readonly sent: [string, unknown][] = [];
  windowOpenHandler: Fn | null = null;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(fn: Fn) {
    this.windowOpenHandler = fn;
  }
  undo = vi.fn(); redo = vi.fn(); cut = vi.fn(); copy = vi.fn(); paste = vi.fn(); delete = vi.fn(); selectAll = vi.fn();
}

export class FakeBrowserWindow extends FakeEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  static getFocusedWindow() {
    return FakeBrowserWindow.getAllWindows()[0] ?? null;
  }
  readonly webContents = new FakeWebContents();
  title = '';
  destroyed = false;
  loadURL = vi.fn(async (_url: string) => undefined);
  constructor(readonly options: Record<string, any>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  setTitle(t: string) {
    this.title = t;
  }
  setDocumentEdited() {}
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    const e = fakeEvent();
    this.emit('close', e);
    if (!e.defaultPrevented) {
      this.destroyed = true;
      this.emit('closed');
    }
  }
}

export const ipcHandlers = new Map<string, Fn>();
let readyResolve: () => void = () => undefined;
const ready = new Promise<void>((r) => {
  readyResolve = r;
});

export const fakeApp = Object.assign(new FakeEmitter(), {
  isPackaged: false,
  name: 'Netsketch',
  getVersion: () => '0.1.0',
  enableSandbox: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  quit: vi.fn(),
  exit: vi.fn(),
  userData: mkdtempSync(path.join(tmpdir(), 'netsketch-userdata-')),
  getPath(_name: string) {
    return this.userData;
  },
  whenReady: () => ready,
  /** Test helper: resolve `whenReady()`. */
  fireReady: () => readyResolve(),
});

export const electronFake = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
  ipcMain: { handle: vi.fn((channel: string, fn: Fn) => void ipcHandlers.set(channel, fn)) },
  Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
  dialog: { showMessageBox: vi.fn(), showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  shell: { openExternal: vi.fn(async () => undefined) },
};
