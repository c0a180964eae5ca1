// The preload's window.netsketch over a fake ipcRenderer: fixed channels, payload shapes main's guards accept,
// listeners that never see the IPC event, working unsubscribe, and the save-before-close answer.
// (Here rather than in tests/ because electron/preload belongs to the web tsconfig project.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';

const { createNetsketchApi } = await tsImport('../electron/preload/api.ts', import.meta.url);
const { Channels, Events } = await tsImport('../electron/ipc/contract.ts', import.meta.url);
const { PAYLOAD_GUARDS } = await tsImport('../electron/main/payload-guards.ts', import.meta.url);

function fakeIpc() {
  const calls = [];
  const listeners = new Map();
  return {
    calls,
    listeners,
    invoke: async (channel, ...args) => {
      calls.push([channel, ...args]);
      return `result of ${channel}`;
    },
    on: (channel, fn) => listeners.set(channel, [...(listeners.get(channel) ?? []), fn]),
    removeListener: (channel, fn) => listeners.set(channel, (listeners.get(channel) ?? []).filter((f) => f !== fn)),
    emit: (channel, payload) => (listeners.get(channel) ?? []).forEach((fn) => fn({ sender: 'SECRET-IPC-EVENT' }, payload)),
  };
}

describe('preload API', () => {
  test('each verb invokes its fixed channel with a payload main accepts', async () => {
    const ipc = fakeIpc();
    const api = createNetsketchApi(ipc);
    const bytes = new Uint8Array([1, 2]);
    assert.equal(await api.saveProject('id-1', bytes), `result of ${Channels.saveProject}`);
    await api.openProject();
    await api.openRecent('id-2');
    await api.saveProjectAs(bytes, 'net.netsketch');
    await api.exportFile('weights-safetensors', bytes, 'model.safetensors');
    await api.importFile('weights');
    await api.setTitleState({ fileName: 'net.netsketch', dirty: true, extra: 'dropped' });
    await api.getRecentFiles();
    await api.nativeEdit('copy');
    await api.openExternal('https://pytorch.org/');
    await api.writeRecovery({ documentId: 'doc-1', name: 'Untitled', fileId: null, bytes, stray: 1 });
    await api.discardRecovery('doc-1');
    await api.listRecoverable();
    await api.openRecovery('doc-1');
    assert.deepEqual(ipc.calls.map((c) => c[0]), [
      Channels.saveProject, Channels.openProject, Channels.openRecent, Channels.saveProjectAs, Channels.exportFile,
      Channels.importFile, Channels.setTitleState, Channels.getRecentFiles, Channels.nativeEdit, Channels.openExternal,
      Channels.writeRecovery, Channels.discardRecovery, Channels.listRecoverable, Channels.openRecovery,
    ]);
    assert.deepEqual(new Set(ipc.calls.map((c) => c[0])), new Set(Object.values(Channels).filter((c) => c !== Channels.closeResponse)),
      'every request channel except the close answer has a verb');
    for (const [channel, ...args] of ipc.calls) {
      assert.ok(args.length <= 1, `${channel} sends at most one argument`);
      assert.doesNotThrow(() => PAYLOAD_GUARDS[channel](args[0]), `${channel} payload passes main's guard`);
    }
    assert.deepEqual(ipc.calls[4][1], { kind: 'weights-safetensors', bytes, suggestedName: 'model.safetensors' });
  });

  test('exposes named verbs only: no ipcRenderer, no generic invoke or send', () => {
    const api = createNetsketchApi(fakeIpc());
    assert.deepEqual(Object.keys(api).sort(), ['discardRecovery', 'exportFile', 'getRecentFiles', 'importFile', 'listRecoverable', 'nativeEdit',
      'onCloseRequested', 'onMenuCommand', 'openExternal', 'openProject', 'openRecent', 'openRecovery', 'platform', 'saveProject',
      'saveProjectAs', 'setTitleState', 'writeRecovery']);
  });

  test('menu listeners get the command only, and unsubscribe works', () => {
    const ipc = fakeIpc();
    const api = createNetsketchApi(ipc);
    const got = [];
    const off = api.onMenuCommand((...args) => got.push(args));
    ipc.emit(Events.menuCommand, { type: 'save' });
    off();
    ipc.emit(Events.menuCommand, { type: 'open' });
    assert.deepEqual(got, [[{ type: 'save' }]]);
  });

  test('close requests are answered with the listener result; a throwing listener keeps the window open', async () => {
    for (const [listener, proceed] of [[async () => true, true], [() => false, false], [async () => { throw new Error('disk full'); }, false]]) {
      const ipc = fakeIpc();
      const api = createNetsketchApi(ipc);
      const originalError = console.error;
      console.error = () => undefined;
      api.onCloseRequested(listener);
      ipc.emit(Events.closeRequested, { requestId: 7 });
      await new Promise((r) => setTimeout(r, 0));
      console.error = originalError;
      assert.deepEqual(ipc.calls, [[Channels.closeResponse, { requestId: 7, proceed }]]);
    }
  });
});
