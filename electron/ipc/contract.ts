/**
 * The IPC contract between the Electron main process and the renderer: channel names, the shapes that cross
 * each channel, and the API the preload exposes as `window.netsketch`.
 *
 * This file holds types and constants only. It is imported by main (to register handlers), by the preload (to
 * invoke them) and by the renderer (for the `NetsketchApi` type), so it must never import runtime code.
 *
 * Files are never named by path on the renderer side. Main hands out opaque `fileId` tokens for paths the user
 * picked in a native dialog (or in Open Recent); the renderer refers to files only through those tokens.
 */

/** The origin the packaged UI is served from (`app://bundle/index.html`). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Upper bound for bytes crossing the bridge in one call (exported weights, imported files). */
export const MAX_TRANSFER_BYTES = 1024 * 1024 * 1024;

/** Request/response channels (renderer → main, `ipcRenderer.invoke` / `ipcMain.handle`). */
export const Channels = {
  openProject: 'netsketch:open-project',
  openRecent: 'netsketch:open-recent',
  saveProject: 'netsketch:save-project',
  saveProjectAs: 'netsketch:save-project-as',
  exportFile: 'netsketch:export-file',
  importFile: 'netsketch:import-file',
  setTitleState: 'netsketch:set-title-state',
  getRecentFiles: 'netsketch:get-recent-files',
  closeResponse: 'netsketch:close-response',
  nativeEdit: 'netsketch:native-edit',
  openExternal: 'netsketch:open-external',
  writeRecovery: 'netsketch:write-recovery',
  discardRecovery: 'netsketch:discard-recovery',
  listRecoverable: 'netsketch:list-recoverable',
  openRecovery: 'netsketch:open-recovery',
} as const;
export type InvokeChannel = (typeof Channels)[keyof typeof Channels];

/** Event channels (main → renderer, `webContents.send` / `ipcRenderer.on`). */
export const Events = {
  menuCommand: 'netsketch:menu-command',
  closeRequested: 'netsketch:close-requested',
} as const;

/** What a file export produces; each kind has its own dialog filter and extension. */
export const EXPORT_KINDS = ['weights-pt', 'weights-safetensors', 'pytorch-code', 'image-png', 'image-svg'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** What a file import reads. */
export const IMPORT_KINDS = ['weights', 'dataset'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Edits performed natively inside a focused text field (the menu accelerators would otherwise swallow them). */
export const NATIVE_EDIT_ACTIONS = ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll'] as const;
export type NativeEditAction = (typeof NATIVE_EDIT_ACTIONS)[number];

/** A file main has granted to the renderer: an opaque id plus a display name (the base name, no folders). */
export interface FileRef {
  fileId: string;
  name: string;
}

/** A project file's bytes (a `.netsketch` file is a zip: project.json + weights, see core/project). */
export interface OpenedProject extends FileRef {
  bytes: Uint8Array;
}

export interface ImportedFile {
  name: string;
  bytes: Uint8Array;
}

export interface SaveProjectRequest {
  fileId: string;
  bytes: Uint8Array;
}

export interface SaveProjectAsRequest {
  bytes: Uint8Array;
  suggestedName: string;
}

export interface ExportFileRequest {
  kind: ExportKind;
  bytes: Uint8Array;
  suggestedName: string;
}

export interface ImportFileRequest {
  kind: ImportKind;
}

export interface OpenRecentRequest {
  fileId: string;
}

/** What the window title shows: the document's name and whether it has unsaved changes. */
export interface TitleState {
  fileName: string | null;
  dirty: boolean;
}

export interface CloseResponse {
  requestId: number;
  /** true: the renderer saved (or the user agreed to discard) and the window may close. */
  proceed: boolean;
}

export interface NativeEditRequest {
  action: NativeEditAction;
}

export interface OpenExternalRequest {
  url: string;
}

export interface CloseRequest {
  requestId: number;
}

/** A recent file as the renderer sees it: a granted id, the base name, and the folder name as a hint. */
export interface RecentFile extends FileRef {
  folder: string;
  /**
   * True when the file was not found when the list was built (moved, deleted, or on a drive that is not
   * connected). Such entries stay listed, marked; opening one fails with a message saying so.
   */
  missing?: boolean;
}

/**
 * A recovery copy of an edited document (autosave). `documentId` is the document's stable id (1-64 letters,
 * digits, dashes); `fileId` the file it belongs to, if it was opened or saved.
 */
export interface RecoveryCopy {
  documentId: string;
  name: string;
  fileId: string | null;
  bytes: Uint8Array;
}

export interface DocumentIdRequest {
  documentId: string;
}

/** A document that can be restored: left by a crashed run, or by this run's page before it crashed. */
export interface RecoverableDocument {
  documentId: string;
  name: string;
  /** When the copy was written, ms since 1970 UTC. */
  savedAt: number;
}

/** A restored document: its bytes, and the user's file it belongs to (granted again) when known. */
export interface RecoveredDocument {
  documentId: string;
  name: string;
  bytes: Uint8Array;
  file: FileRef | null;
  /** When the restored copy was written, ms since 1970 UTC (desktop: always set). */
  savedAt?: number;
  /**
   * Newer copies that could not be used (a crash tore them, or they did not open), one sentence each; the
   * restored copy is the newest one that opens. Show them as a note when non-empty.
   */
  skipped?: string[];
}

/** Result of a save: where it went, or `null` when the user cancelled the dialog. */
export type SaveResult = FileRef | null;

/** Request and response type for each invoke channel; main's handler table is typed against this map. */
export interface InvokeMap {
  [Channels.openProject]: { req: void; res: OpenedProject | null };
  [Channels.openRecent]: { req: OpenRecentRequest; res: OpenedProject };
  [Channels.saveProject]: { req: SaveProjectRequest; res: FileRef };
  [Channels.saveProjectAs]: { req: SaveProjectAsRequest; res: SaveResult };
  [Channels.exportFile]: { req: ExportFileRequest; res: SaveResult };
  [Channels.importFile]: { req: ImportFileRequest; res: ImportedFile | null };
  [Channels.setTitleState]: { req: TitleState; res: void };
  [Channels.getRecentFiles]: { req: void; res: RecentFile[] };
  [Channels.closeResponse]: { req: CloseResponse; res: void };
  [Channels.nativeEdit]: { req: NativeEditRequest; res: void };
  [Channels.openExternal]: { req: OpenExternalRequest; res: void };
  [Channels.writeRecovery]: { req: RecoveryCopy; res: void };
  [Channels.discardRecovery]: { req: DocumentIdRequest; res: void };
  [Channels.listRecoverable]: { req: void; res: RecoverableDocument[] };
  [Channels.openRecovery]: { req: DocumentIdRequest; res: RecoveredDocument };
}

export type { MenuCommand } from './menu.ts';
import type { MenuCommand } from './menu.ts';

/**
 * The API the preload exposes on `window.netsketch`. Plain data and Promises only: contextBridge copies values
 * and class prototypes do not survive the bridge.
 */
export interface NetsketchApi {
  readonly platform: 'electron';
  /** Shows the native Open dialog; `null` when cancelled. */
  openProject(): Promise<OpenedProject | null>;
  /** Re-opens a file from Open Recent (ids come from `getRecentFiles` or an `open-recent` menu command). */
  openRecent(fileId: string): Promise<OpenedProject>;
  /** Writes to a file the user already picked (atomic replace). */
  saveProject(fileId: string, bytes: Uint8Array): Promise<FileRef>;
  /** Shows the native Save dialog, then writes; `null` when cancelled. */
  saveProjectAs(bytes: Uint8Array, suggestedName: string): Promise<SaveResult>;
  /** Shows a Save dialog filtered for `kind`, then writes the bytes; `null` when cancelled. */
  exportFile(kind: ExportKind, bytes: Uint8Array, suggestedName: string): Promise<SaveResult>;
  /** Shows an Open dialog filtered for `kind` and returns the file's bytes; `null` when cancelled. */
  importFile(kind: ImportKind): Promise<ImportedFile | null>;
  /** Tells main what the title bar should show and whether closing must ask first. */
  setTitleState(state: TitleState): Promise<void>;
  getRecentFiles(): Promise<RecentFile[]>;
  /** Subscribes to native menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Subscribes to close requests: main asks when the user closes a window with unsaved changes and chose "Save".
   * The listener saves and resolves `true` to let the window close, `false` to keep it open.
   */
  onCloseRequested(listener: () => Promise<boolean> | boolean): () => void;
  /** Performs a native edit in the focused text field (used when a menu accelerator captured the key). */
  nativeEdit(action: NativeEditAction): Promise<void>;
  /** Opens an allow-listed https link in the system browser. */
  openExternal(url: string): Promise<void>;
  /** Stores a recovery copy of an edited document (call debounced while there are unsaved changes). */
  writeRecovery(copy: RecoveryCopy): Promise<void>;
  /** Drops a document's recovery copy (after saving, or when the user discards it). */
  discardRecovery(documentId: string): Promise<void>;
  /** Documents that can be restored (the caller filters out its own open document). */
  listRecoverable(): Promise<RecoverableDocument[]>;
  /** Reads a recovery copy; the document then belongs to this window. */
  openRecovery(documentId: string): Promise<RecoveredDocument>;
}
