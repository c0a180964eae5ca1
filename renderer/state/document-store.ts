/**
 * The open document's identity and save state (which file, unsaved changes, edit count). Framework-free; React
 * reads it with `useSyncExternalStore`. Every change is reported through `onChange`, so the title bar, the close
 * prompt and autosave follow.
 */
export interface DocumentState {
  /** Stable id of this document (recovery copies are stored under it); a new one for each New/Open. */
  documentId: string;
  /** Platform file id from open/save, or `null` for a document never saved. */
  fileId: string | null;
  fileName: string | null;
  dirty: boolean;
  /** Counts edits; autosave watches it. */
  revision: number;
}

export class DocumentStore {
  private state: DocumentState;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly onChange: (state: DocumentState, previous: DocumentState) => void = () => undefined,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {
    this.state = { documentId: newId(), fileId: null, fileName: null, dirty: false, revision: 0 };
  }

  get = (): DocumentState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: DocumentState): void {
    const previous = this.state;
    this.state = next;
    this.onChange(next, previous);
    for (const l of this.listeners) l();
  }

  /** An edit happened. */
  markDirty(): void {
    this.set({ ...this.state, dirty: true, revision: this.state.revision + 1 });
  }

  /** After a save: the document now matches `file` on disk. */
  markSaved(file: { fileId: string; name: string }): void {
    this.set({ ...this.state, fileId: file.fileId, fileName: file.name, dirty: false });
  }

  /** After New or Open: a different document (new id), clean. */
  replace(file: { fileId: string; name: string } | null): void {
    this.set({ documentId: this.newId(), fileId: file?.fileId ?? null, fileName: file?.name ?? null, dirty: false, revision: 0 });
  }

  /** After restoring a recovery copy: that document, with unsaved changes. */
  restore(documentId: string, file: { fileId: string; name: string } | null, name: string): void {
    this.set({ documentId, fileId: file?.fileId ?? null, fileName: file?.name ?? name, dirty: true, revision: this.state.revision + 1 });
  }
}
