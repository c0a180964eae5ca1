/** Platform implementation inside Electron: a thin wrapper over the preload's `window.netsketch`. */
import type { NetsketchApi } from './contract.ts';
import type { Platform, TextEditCommand } from './platform.ts';

const NATIVE_ACTION = {
  undo: 'undo', redo: 'redo', cut: 'cut', copy: 'copy', paste: 'paste', 'select-all': 'selectAll',
} as const satisfies Record<TextEditCommand, string>;

export function createElectronPlatform(api: NetsketchApi): Platform {
  return {
    kind: 'electron',
    openProject: () => api.openProject(),
    openRecent: (fileId) => api.openRecent(fileId),
    saveProject: (fileId, bytes) => api.saveProject(fileId, bytes),
    saveProjectAs: (bytes, suggestedName) => api.saveProjectAs(bytes, suggestedName),
    exportFile: (kind, bytes, suggestedName) => api.exportFile(kind, bytes, suggestedName),
    importFile: (kind) => api.importFile(kind),
    setTitleState: (state) => {
      void api.setTitleState(state).catch((err: unknown) => console.error('setTitleState failed:', err));
    },
    getRecentFiles: () => api.getRecentFiles(),
    onMenuCommand: (listener) => api.onMenuCommand(listener),
    onCloseRequested: (listener) => api.onCloseRequested(listener),
    writeRecovery: (copy) => api.writeRecovery(copy),
    discardRecovery: (documentId) => api.discardRecovery(documentId),
    listRecoverable: () => api.listRecoverable(),
    openRecovery: (documentId) => api.openRecovery(documentId),
    editFocusedText: (command) => {
      void api.nativeEdit(NATIVE_ACTION[command]).catch((err: unknown) => console.error('nativeEdit failed:', err));
    },
  };
}
