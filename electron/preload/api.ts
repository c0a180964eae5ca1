/**
 * The `window.netsketch` implementation over an `ipcRenderer`-like object. Kept free of the electron import so
 * it is tested with a fake; index.ts passes the real `ipcRenderer` and exposes the result.
 * Event listeners receive only the payload, never the IPC event (whose `sender` would leak IPC access).
 */
import {
  Channels, Events,
  type CloseRequest, type CloseResponse, type InvokeChannel, type InvokeMap, type MenuCommand, type NetsketchApi,
} from '../ipc/contract.ts';

/** The parts of Electron's `ipcRenderer` the API uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
}

export function createNetsketchApi(ipc: IpcRendererLike): NetsketchApi {
  function invoke<C extends InvokeChannel>(channel: C, req?: InvokeMap[C]['req']): Promise<InvokeMap[C]['res']> {
    return ipc.invoke(channel, req) as Promise<InvokeMap[C]['res']>;
  }
  return {
    platform: 'electron',
    openProject: () => invoke(Channels.openProject),
    openRecent: (fileId) => invoke(Channels.openRecent, { fileId }),
    saveProject: (fileId, bytes) => invoke(Channels.saveProject, { fileId, bytes }),
    saveProjectAs: (bytes, suggestedName) => invoke(Channels.saveProjectAs, { bytes, suggestedName }),
    exportFile: (kind, bytes, suggestedName) => invoke(Channels.exportFile, { kind, bytes, suggestedName }),
    importFile: (kind) => invoke(Channels.importFile, { kind }),
    setTitleState: (state) => invoke(Channels.setTitleState, { fileName: state.fileName, dirty: state.dirty }),
    getRecentFiles: () => invoke(Channels.getRecentFiles),
    nativeEdit: (action) => invoke(Channels.nativeEdit, { action }),
    openExternal: (url) => invoke(Channels.openExternal, { url }),
    writeRecovery: (copy) => invoke(Channels.writeRecovery, { documentId: copy.documentId, name: copy.name, fileId: copy.fileId, bytes: copy.bytes }),
    discardRecovery: (documentId) => invoke(Channels.discardRecovery, { documentId }),
    listRecoverable: () => invoke(Channels.listRecoverable),
    openRecovery: (documentId) => invoke(Channels.openRecovery, { documentId }),
    onMenuCommand(listener) {
      const wrapped = (_event: unknown, command: MenuCommand) => listener(command);
      ipc.on(Events.menuCommand, wrapped);
      return () => {
        ipc.removeListener(Events.menuCommand, wrapped);
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
      ipc.on(Events.closeRequested, wrapped);
      return () => {
        ipc.removeListener(Events.closeRequested, wrapped);
      };
    },
  };
}
