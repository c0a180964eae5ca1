/**
 * Preload (sandboxed, bundled to one CommonJS file): exposes `window.netsketch`, a few named verbs over fixed
 * channels. `ipcRenderer` itself never reaches the page, and event listeners receive only the payload, never the
 * IPC event object.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  Channels, Events,
  type CloseRequest, type CloseResponse, type InvokeChannel, type InvokeMap, type MenuCommand, type NetsketchApi,
} from '../ipc/contract.ts';

function invoke<C extends InvokeChannel>(channel: C, req?: InvokeMap[C]['req']): Promise<InvokeMap[C]['res']> {
  return ipcRenderer.invoke(channel, req) as Promise<InvokeMap[C]['res']>;
}

const api: NetsketchApi = {
  platform: 'electron',
  openProject: () => invoke(Channels.openProject),
  openRecent: (fileId) => invoke(Channels.openRecent, { fileId }),
  saveProject: (fileId, text) => invoke(Channels.saveProject, { fileId, text }),
  saveProjectAs: (text, suggestedName) => invoke(Channels.saveProjectAs, { text, suggestedName }),
  exportFile: (kind, bytes, suggestedName) => invoke(Channels.exportFile, { kind, bytes, suggestedName }),
  importFile: (kind) => invoke(Channels.importFile, { kind }),
  setTitleState: (state) => invoke(Channels.setTitleState, { fileName: state.fileName, dirty: state.dirty }),
  getRecentFiles: () => invoke(Channels.getRecentFiles),
  nativeEdit: (action) => invoke(Channels.nativeEdit, { action }),
  openExternal: (url) => invoke(Channels.openExternal, { url }),
  onMenuCommand(listener) {
    const wrapped = (_event: unknown, command: MenuCommand) => listener(command);
    ipcRenderer.on(Events.menuCommand, wrapped);
    return () => {
      ipcRenderer.removeListener(Events.menuCommand, wrapped);
    };
  },
  onCloseRequested(listener) {
    const wrapped = (_event: unknown, request: CloseRequest) => {
      void Promise.resolve()
        .then(() => listener())
        .catch((err: unknown) => {
          console.error('Saving before close failed:', err);
          return false;
        })
        .then((proceed) => {
          const response: CloseResponse = { requestId: request.requestId, proceed: proceed === true };
          return invoke(Channels.closeResponse, response);
        });
    };
    ipcRenderer.on(Events.closeRequested, wrapped);
    return () => {
      ipcRenderer.removeListener(Events.closeRequested, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('netsketch', api);
