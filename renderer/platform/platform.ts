/**
 * The one interface the UI uses for everything outside the page: files, menus, title, closing. Two
 * implementations: electron-platform.ts (wraps the preload's `window.netsketch`) and browser-platform.ts (file
 * pickers, downloads, localStorage). The UI never checks which one it has, except to show it.
 */
import type {
  ExportKind, FileRef, ImportedFile, ImportKind, MenuCommand, OpenedProject, RecentFile, RecoverableDocument,
  RecoveredDocument, RecoveryCopy, SaveResult, TitleState,
} from './contract.ts';

export type {
  ExportKind, FileRef, ImportedFile, ImportKind, MenuCommand, OpenedProject, RecentFile, RecoverableDocument,
  RecoveredDocument, RecoveryCopy, SaveResult, TitleState,
};

/** Text edits that act on the focused input instead of on the canvas. */
export type TextEditCommand = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'select-all';

export interface Platform {
  readonly kind: 'electron' | 'browser';
  /** Lets the user pick a project file; `null` when cancelled. */
  openProject(): Promise<OpenedProject | null>;
  /** Opens an entry of `getRecentFiles()` (or of an `open-recent` menu command). */
  openRecent(fileId: string): Promise<OpenedProject>;
  /** Saves to the file a previous open/save returned. */
  saveProject(fileId: string, bytes: Uint8Array): Promise<FileRef>;
  /** Asks where to save; `null` when cancelled. */
  saveProjectAs(bytes: Uint8Array, suggestedName: string): Promise<SaveResult>;
  /** Saves exported bytes (weights, code, images); `null` when cancelled. */
  exportFile(kind: ExportKind, bytes: Uint8Array, suggestedName: string): Promise<SaveResult>;
  /** Lets the user pick a file to import; `null` when cancelled. */
  importFile(kind: ImportKind): Promise<ImportedFile | null>;
  /** Window title: file name and unsaved mark (also arms the "unsaved changes" question on close). */
  setTitleState(state: TitleState): void;
  getRecentFiles(): Promise<RecentFile[]>;
  /** Menu commands (native menu in Electron, keyboard shortcuts in the browser); returns unsubscribe. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Called when the user closes with unsaved changes and chose Save; resolve `true` once saved. */
  onCloseRequested(listener: () => Promise<boolean> | boolean): () => void;
  /** Performs a text edit in the focused input field. */
  editFocusedText(command: TextEditCommand): void;
  /** Stores a recovery copy of an edited document (autosave; never touches the user's file). */
  writeRecovery(copy: RecoveryCopy): Promise<void>;
  /** Drops a document's recovery copy (after a save or an explicit discard). */
  discardRecovery(documentId: string): Promise<void>;
  /** Copies left by a crashed or closed session, newest first. */
  listRecoverable(): Promise<RecoverableDocument[]>;
  /** Reads a recovery copy and takes it over. */
  openRecovery(documentId: string): Promise<RecoveredDocument>;
}

/** Title text shared by both shells: `• name — Netsketch` while there are unsaved changes. */
export function titleText(state: TitleState): string {
  return `${state.dirty ? '• ' : ''}${state.fileName ?? 'Untitled'} — Netsketch`;
}
