/**
 * What each IPC call does once ipc-router.ts has checked sender and payload: native dialogs, reading and
 * atomically writing the files the user picked, title state, the close handshake and native text edits.
 */
import { BrowserWindow, dialog, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Channels, MAX_TRANSFER_BYTES, type FileRef, type OpenedProject } from '../ipc/contract.ts';
import { explainFsError, writeFileAtomic } from '../../cli/fs.ts';
import type { FileGrants, RecentFiles } from './file-grants.ts';
import type { RecoveryStore } from './recovery-store.ts';
import { EXPORT_FILTERS, IMPORT_FILTERS, PROJECT_EXTENSION, PROJECT_FILTERS, withDefaultExtension, type FileFilter } from './file-kinds.ts';
import type { IpcHandlers } from './ipc-router.ts';
import { EXTERNAL_HOSTS, isAllowedExternalUrl } from './trust.ts';
import type { AppWindow } from './window.ts';

export interface HandlerContext {
  grants: FileGrants;
  recent: RecentFiles;
  recovery: RecoveryStore;
  windowFor(event: IpcMainInvokeEvent): AppWindow;
  /** Called after the recent list changed (main rebuilds the Open Recent menu). */
  recentChanged(): void;
}

async function readLimited(filePath: string, caller: string): Promise<Buffer> {
  let info;
  try {
    info = await stat(filePath);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'it is no longer there (moved, renamed, deleted, or on a drive that is not connected)'
      : explainFsError(err);
    throw new Error(`${caller}: cannot open ${path.basename(filePath)} in ${path.dirname(filePath)}: ${why}. Connect the drive, or use Open… to pick the file again.`, { cause: err });
  }
  if (info.size > MAX_TRANSFER_BYTES) {
    throw new Error(`${caller}: ${path.basename(filePath)} is ${info.size} bytes; files over ${MAX_TRANSFER_BYTES} bytes are not opened.`);
  }
  return readFile(filePath);
}

/**
 * A Uint8Array that owns its whole ArrayBuffer. Structured clone sends a view's entire buffer, so a Buffer that
 * shares a larger (pooled) buffer is copied first.
 */
function ownedBytes(buf: Buffer): Uint8Array {
  return buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? new Uint8Array(buf.buffer) : new Uint8Array(buf);
}

/** Shows a Save dialog; returns the chosen path (with a default extension if it had none) or null. */
async function askSavePath(win: BrowserWindow, title: string, suggestedName: string, filter: FileFilter): Promise<string | null> {
  const { canceled, filePath } = await dialog.showSaveDialog(win, {
    title,
    defaultPath: suggestedName,
    filters: [filter, { name: 'All files', extensions: ['*'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (canceled || !filePath) return null;
  const target = withDefaultExtension(filePath, filter);
  if (target !== filePath && existsSync(target)) {
    const { response } = await dialog.showMessageBox(win, {
      type: 'warning', buttons: ['Replace', 'Cancel'], defaultId: 1, cancelId: 1, noLink: true,
      message: `${path.basename(target)} already exists. Do you want to replace it?`,
    });
    if (response !== 0) return null;
  }
  return target;
}

export function createHandlers(ctx: HandlerContext): IpcHandlers<IpcMainInvokeEvent> {
  const openProjectAt = async (filePath: string, caller = 'openProject'): Promise<OpenedProject> => {
    let bytes: Uint8Array;
    try {
      bytes = ownedBytes(await readLimited(filePath, caller));
    } catch (err) {
      ctx.recentChanged(); // Open Recent now marks the file if it went missing
      throw err;
    }
    await ctx.recent.add(filePath);
    ctx.recentChanged();
    return { ...ctx.grants.grant(filePath), bytes };
  };
  const remember = async (filePath: string): Promise<FileRef> => {
    await ctx.recent.add(filePath);
    ctx.recentChanged();
    return ctx.grants.grant(filePath);
  };

  return {
    [Channels.openProject]: async (_req, event) => {
      const win = ctx.windowFor(event).win;
      const { canceled, filePaths } = await dialog.showOpenDialog(win, {
        title: 'Open Project', properties: ['openFile'], filters: [...PROJECT_FILTERS, { name: 'All files', extensions: ['*'] }],
      });
      if (canceled || filePaths.length === 0) return null;
      return openProjectAt(filePaths[0]!);
    },
    [Channels.openRecent]: async (req) => openProjectAt(ctx.grants.resolve(req.fileId, 'openRecent'), 'openRecent'),
    [Channels.saveProject]: async (req) => {
      const filePath = ctx.grants.resolve(req.fileId, 'saveProject');
      await writeFileAtomic(filePath, req.bytes);
      return remember(filePath);
    },
    [Channels.saveProjectAs]: async (req, event) => {
      const win = ctx.windowFor(event).win;
      const name = req.suggestedName.includes('.') ? req.suggestedName : `${req.suggestedName}.${PROJECT_EXTENSION}`;
      const filePath = await askSavePath(win, 'Save Project As', name, PROJECT_FILTERS[0]!);
      if (!filePath) return null;
      await writeFileAtomic(filePath, req.bytes);
      return remember(filePath);
    },
    [Channels.exportFile]: async (req, event) => {
      const win = ctx.windowFor(event).win;
      const filePath = await askSavePath(win, 'Export', req.suggestedName, EXPORT_FILTERS[req.kind]);
      if (!filePath) return null;
      await writeFileAtomic(filePath, req.bytes);
      return ctx.grants.grant(filePath);
    },
    [Channels.importFile]: async (req, event) => {
      const win = ctx.windowFor(event).win;
      const { canceled, filePaths } = await dialog.showOpenDialog(win, {
        title: req.kind === 'weights' ? 'Import Weights' : 'Import Dataset',
        properties: ['openFile'],
        filters: [...IMPORT_FILTERS[req.kind], { name: 'All files', extensions: ['*'] }],
      });
      if (canceled || filePaths.length === 0) return null;
      const filePath = filePaths[0]!;
      return { name: path.basename(filePath), bytes: ownedBytes(await readLimited(filePath, 'importFile')) };
    },
    [Channels.setTitleState]: (req, event) => ctx.windowFor(event).setTitleState(req),
    [Channels.getRecentFiles]: () => ctx.recent.granted(ctx.grants),
    [Channels.closeResponse]: (req, event) => ctx.windowFor(event).closeResponse(req.requestId, req.proceed),
    [Channels.nativeEdit]: (req, event) => {
      const wc = event.sender;
      switch (req.action) {
        case 'undo': wc.undo(); break;
        case 'redo': wc.redo(); break;
        case 'cut': wc.cut(); break;
        case 'copy': wc.copy(); break;
        case 'paste': wc.paste(); break;
        case 'delete': wc.delete(); break;
        case 'selectAll': wc.selectAll(); break;
      }
    },
    [Channels.writeRecovery]: async (req, event) => {
      const originalPath = req.fileId === null ? null : ctx.grants.resolve(req.fileId, 'writeRecovery');
      ctx.windowFor(event).recoveryDocuments.add(req.documentId);
      await ctx.recovery.write(req.documentId, req.name, originalPath, req.bytes);
    },
    [Channels.discardRecovery]: async (req, event) => {
      ctx.windowFor(event).recoveryDocuments.delete(req.documentId);
      await ctx.recovery.discard(req.documentId);
    },
    [Channels.listRecoverable]: async () => (await ctx.recovery.recoverable())
      .map(({ documentId, name, savedAt }) => ({ documentId, name, savedAt })),
    [Channels.openRecovery]: async (req, event) => {
      const { meta, bytes, skipped } = await ctx.recovery.read(req.documentId);
      ctx.windowFor(event).recoveryDocuments.add(req.documentId);
      return {
        documentId: meta.documentId, name: meta.name, bytes: ownedBytes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
        file: meta.originalPath ? ctx.grants.grant(meta.originalPath) : null,
        savedAt: meta.savedAt, skipped: skipped.map((p) => p.message),
      };
    },
    [Channels.openExternal]: async (req) => {
      if (!isAllowedExternalUrl(req.url)) {
        throw new Error(`openExternal: ${JSON.stringify(req.url)} is not an allowed link (https on ${EXTERNAL_HOSTS.join(', ')} only).`);
      }
      await shell.openExternal(req.url);
    },
  };
}
