import { describe, expect, test, vi } from 'vitest';
import { Channels } from '../../electron/ipc/contract.ts';
import { registerIpcHandlers, type IpcHandlers, type InvokeEventLike } from '../../electron/main/ipc-router.ts';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

function setup() {
  const listeners = new Map<string, Listener>();
  const ipcMain = { handle: (channel: string, l: Listener) => void listeners.set(channel, l) };
  const handlers = Object.fromEntries(Object.values(Channels).map((c) => [c, vi.fn(() => `handled ${c}`)])) as unknown as IpcHandlers;
  const log = vi.fn();
  registerIpcHandlers(ipcMain, handlers, null, log);
  const call = (channel: string, url: string | null, ...args: unknown[]) =>
    listeners.get(channel)!({ senderFrame: url === null ? null : { url, parent: null }, sender: {} }, ...args);
  return { listeners, handlers, call, log };
}

const APP = 'app://bundle/index.html';

describe('registerIpcHandlers', () => {
  test('registers every channel of the contract', () => {
    const { listeners } = setup();
    expect([...listeners.keys()].sort()).toEqual(Object.values(Channels).sort());
  });

  test('passes validated requests from the app to the handler', async () => {
    const { call, handlers } = setup();
    const req = { fileName: 'a.netsketch', dirty: true };
    expect(await call(Channels.setTitleState, APP, req)).toBe(`handled ${Channels.setTitleState}`);
    expect(handlers[Channels.setTitleState]).toHaveBeenCalledWith(req, expect.anything());
  });

  test('refuses foreign origins before validating or handling', () => {
    const { call, handlers, log } = setup();
    expect(() => call(Channels.openProject, 'https://evil.example/')).toThrow(/IPC netsketch:open-project refused: the sender "https:\/\/evil.example\/" is not the Netsketch UI/);
    expect(() => call(Channels.openProject, null)).toThrow(/sending frame is gone/);
    expect(handlers[Channels.openProject]).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(2);
  });

  test('refuses bad payloads and extra arguments', () => {
    const { call, handlers } = setup();
    expect(() => call(Channels.importFile, APP, { kind: 'passwords' })).toThrow(/IPC netsketch:import-file refused: importFile: kind must be one of "weights", "dataset"/);
    expect(() => call(Channels.importFile, APP, { kind: 'weights' }, 'extra')).toThrow(/expected at most one argument, got 2/);
    expect(handlers[Channels.importFile]).not.toHaveBeenCalled();
  });

  test('refuses sub-frames even on the app origin', () => {
    const { listeners, handlers } = setup();
    const l = listeners.get(Channels.getRecentFiles)!;
    expect(() => l({ senderFrame: { url: APP, parent: { url: APP } }, sender: {} })).toThrow(/sub-frame/);
    expect(handlers[Channels.getRecentFiles]).not.toHaveBeenCalled();
  });
});
