/**
 * The open document's identity and save state (which file, unsaved changes). Framework-free; React reads it with
 * `useSyncExternalStore`. Every change is mirrored to the platform so the title bar and close prompt follow.
 */
export interface DocumentState {
  /** Platform file id from open/save, or `null` for a document never saved. */
  fileId: string | null;
  fileName: string | null;
  dirty: boolean;
}

export class DocumentStore {
  private state: DocumentState = { fileId: null, fileName: null, dirty: false };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly onChange: (state: DocumentState) => void = () => undefined) {}

  get = (): DocumentState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: DocumentState): void {
    if (next.fileId === this.state.fileId && next.fileName === this.state.fileName && next.dirty === this.state.dirty) return;
    this.state = next;
    this.onChange(next);
    for (const l of this.listeners) l();
  }

  markDirty(): void {
    this.set({ ...this.state, dirty: true });
  }

  /** After open or save: the document now matches `file` on disk. */
  markSaved(file: { fileId: string; name: string }): void {
    this.set({ fileId: file.fileId, fileName: file.name, dirty: false });
  }

  reset(): void {
    this.set({ fileId: null, fileName: null, dirty: false });
  }
}
