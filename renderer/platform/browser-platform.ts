/**
 * Platform implementation for the plain web page: opening through the File System Access API when the browser
 * has it (else an `<input type=file>`), saving projects back to the picked file when possible (else as a
 * download), exports as downloads, recent files in localStorage, shortcuts from the shared menu table.
 */
import { MENU_SPEC, TEXT_EDIT_COMMANDS } from './contract.ts';
import { BrowserRecovery } from './browser-recovery.ts';
import { EXPORT_KIND_INFO, IMPORT_ACCEPT, PROJECT_ACCEPT, PROJECT_MIME } from './file-types.ts';
import type { FileRef, OpenedProject, Platform, RecentFile, TitleState } from './platform.ts';
import { titleText } from './platform.ts';
import { commandForKey, shortcutTable } from './shortcuts.ts';

/** Minimal typing of the File System Access API (not in TypeScript's DOM lib). */
interface FsaFileHandle {
  name: string;
  getFile(): Promise<File>;
  createWritable?(): Promise<{ write(data: Blob | string): Promise<void>; close(): Promise<void> }>;
}
interface FsaWindow {
  showOpenFilePicker?(options?: unknown): Promise<FsaFileHandle[]>;
  showSaveFilePicker?(options?: unknown): Promise<FsaFileHandle>;
}

const RECENT_KEY = 'netsketch.recent-files';
const RECENT_LIMIT = 8;
/** Projects larger than this are listed in Open Recent but their bytes are not kept in localStorage. */
const RECENT_BYTES_LIMIT = 512 * 1024;

interface StoredRecent {
  id: string;
  name: string;
  /** The project bytes, base64, when small enough to keep. */
  base64?: string;
}

const PROJECT_TYPES = [{ description: 'Netsketch project', accept: { [PROJECT_MIME]: PROJECT_ACCEPT } }];
/** Saving always writes a .netsketch project (a graph JSON opened from disk is saved as a project). */
const SAVE_TYPES = [{ description: 'Netsketch project', accept: { [PROJECT_MIME]: ['.netsketch'] } }];

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function blobOf(bytes: Uint8Array, type: string): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

function newId(): string {
  return crypto.randomUUID();
}

/** Downloads bytes or text through a temporary `<a download>` link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Lets the user pick one file with a hidden `<input type=file>`; resolves `null` on cancel. */
function pickWithInput(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    const done = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => done(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset'].includes(target.type);
  return false;
}

export function createBrowserPlatform(win: Window = window): Platform {
  const handles = new Map<string, { name: string; handle?: FsaFileHandle }>();
  const fsa = win as unknown as FsaWindow;
  const isMac = /Mac|iPhone|iPad/.test(win.navigator.platform);
  const shortcuts = shortcutTable(MENU_SPEC);
  const recovery = new BrowserRecovery((win as Window & typeof globalThis).indexedDB);
  let dirty = false;

  const readRecent = (): StoredRecent[] => {
    try {
      const parsed: unknown = JSON.parse(win.localStorage.getItem(RECENT_KEY) ?? '[]');
      return Array.isArray(parsed)
        ? parsed.filter((r): r is StoredRecent => typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.name === 'string')
        : [];
    } catch {
      return [];
    }
  };
  const remember = (ref: FileRef, bytes: Uint8Array) => {
    const entry: StoredRecent = { id: ref.fileId, name: ref.name, ...(bytes.length <= RECENT_BYTES_LIMIT ? { base64: toBase64(bytes) } : {}) };
    const list = [entry, ...readRecent().filter((r) => r.id !== ref.fileId && r.name !== ref.name)].slice(0, RECENT_LIMIT);
    try {
      win.localStorage.setItem(RECENT_KEY, JSON.stringify(list));
    } catch {
      win.localStorage.setItem(RECENT_KEY, JSON.stringify(list.map(({ id, name }) => ({ id, name }))));
    }
  };
  const register = (name: string, handle?: FsaFileHandle): FileRef => {
    const fileId = newId();
    handles.set(fileId, { name, ...(handle ? { handle } : {}) });
    return { fileId, name };
  };

  const saveAs = async (blob: Blob, suggestedName: string, types: { description: string; accept: Record<string, string[]> }[]): Promise<FileRef | null> => {
    if (fsa.showSaveFilePicker) {
      try {
        const handle = await fsa.showSaveFilePicker({ suggestedName, types });
        if (handle.createWritable) {
          const w = await handle.createWritable();
          await w.write(blob);
          await w.close();
          return register(handle.name, handle);
        }
      } catch (err) {
        if (isAbort(err)) return null;
        throw err;
      }
    }
    downloadBlob(blob, suggestedName);
    return register(suggestedName);
  };

  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (dirty) e.preventDefault();
  };
  win.addEventListener('beforeunload', onBeforeUnload);

  return {
    kind: 'browser',
    async openProject(): Promise<OpenedProject | null> {
      let file: File | null;
      let handle: FsaFileHandle | undefined;
      if (fsa.showOpenFilePicker) {
        try {
          [handle] = await fsa.showOpenFilePicker({ types: PROJECT_TYPES });
          file = handle ? await handle.getFile() : null;
        } catch (err) {
          if (isAbort(err)) return null;
          throw err;
        }
      } else {
        file = await pickWithInput(PROJECT_ACCEPT.join(','));
      }
      if (!file) return null;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const ref = register(file.name, handle);
      remember(ref, bytes);
      return { ...ref, bytes };
    },
    async openRecent(fileId) {
      const entry = readRecent().find((r) => r.id === fileId);
      if (!entry) throw new Error(`openRecent: ${fileId} is not in the recent files list any more.`);
      if (entry.base64 === undefined) {
        throw new Error(`openRecent: ${entry.name} was too large to keep in the browser's storage; open it with Open… instead.`);
      }
      const bytes = fromBase64(entry.base64);
      const ref = register(entry.name);
      remember(ref, bytes);
      return { ...ref, bytes };
    },
    async saveProject(fileId, bytes) {
      const known = handles.get(fileId);
      if (!known) throw new Error(`saveProject: unknown fileId ${fileId}; use Save As… first.`);
      if (known.handle?.createWritable) {
        const w = await known.handle.createWritable();
        await w.write(blobOf(bytes, PROJECT_MIME));
        await w.close();
      } else {
        downloadBlob(blobOf(bytes, PROJECT_MIME), known.name);
      }
      const ref = { fileId, name: known.name };
      remember(ref, bytes);
      return ref;
    },
    async saveProjectAs(bytes, suggestedName) {
      const ref = await saveAs(blobOf(bytes, PROJECT_MIME), suggestedName, SAVE_TYPES);
      if (ref) remember(ref, bytes);
      return ref;
    },
    async exportFile(kind, bytes, suggestedName) {
      // Exports are always downloads: predictable in every browser and observable in tests.
      const info = EXPORT_KIND_INFO[kind];
      downloadBlob(blobOf(bytes, info.mime), suggestedName);
      return register(suggestedName);
    },
    async importFile(kind) {
      const file = await pickWithInput(IMPORT_ACCEPT[kind].join(','));
      if (!file) return null;
      return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    },
    setTitleState(state: TitleState) {
      dirty = state.dirty;
      win.document.title = titleText(state);
    },
    async getRecentFiles(): Promise<RecentFile[]> {
      return readRecent().map((r) => ({ fileId: r.id, name: r.name, folder: '' }));
    },
    onMenuCommand(listener) {
      const onKey = (e: KeyboardEvent) => {
        const command = commandForKey(shortcuts, e, isMac);
        if (!command) return;
        // Text edits inside inputs stay native.
        if (isEditable(e.target) && (TEXT_EDIT_COMMANDS as readonly string[]).includes(command.type)) return;
        e.preventDefault();
        listener(command);
      };
      win.addEventListener('keydown', onKey);
      return () => win.removeEventListener('keydown', onKey);
    },
    onCloseRequested() {
      // A page cannot run an async save while closing; `beforeunload` (armed by setTitleState) asks instead.
      return () => undefined;
    },
    writeRecovery: (copy) => recovery.write(copy),
    discardRecovery: (documentId) => recovery.discard(documentId),
    listRecoverable: () => recovery.list(),
    openRecovery: (documentId) => recovery.read(documentId),
    editFocusedText(command) {
      const execName = command === 'select-all' ? 'selectAll' : command;
      win.document.execCommand(execName);
    },
  };
}
