/**
 * Autosave of recovery snapshots and crash recovery (the "hot exit" model): while a document has unsaved changes,
 * a snapshot of it is written to a recovery store every few seconds — never over the user's own file. A
 * successful save or an explicit discard clears the snapshots; after a crash, the snapshots still present at
 * start-up are offered for restore, newest first, with the time each was taken.
 *
 * Everything here is pure: the host supplies the clock/timers (TimerApi) and the storage (RecoveryStore; the
 * Node implementation is cli/recovery-store.ts, MemoryRecoveryStore below serves tests and the browser).
 */

/** The clock and timers the autosaver uses (globalThis in the app, a fake clock in tests). */
export interface TimerApi {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Describes one stored snapshot. */
export interface SnapshotMeta {
  documentId: string;
  /** Unique within the document; sorts in time order. */
  snapshotId: string;
  /** When the snapshot was taken, ms since 1970. */
  takenAt: number;
  title: string;
  /** The user's file this document was opened from / saved to, or null if never saved. */
  originalPath: string | null;
  appVersion: string;
  /** Size of the snapshot data. */
  bytes: number;
}

/** A snapshot the store could not read (corrupt, torn); reported and skipped, never fatal. */
export interface StoreProblem {
  documentId: string;
  snapshotId?: string;
  message: string;
}

/**
 * Where snapshots live. `put` must be atomic (a reader sees the complete old state or the complete new one);
 * `get` throws when the snapshot is damaged; `list` reports damaged snapshots in `problems` instead of throwing.
 */
export interface RecoveryStore {
  put(meta: SnapshotMeta, data: Uint8Array): Promise<void>;
  get(documentId: string, snapshotId: string): Promise<Uint8Array>;
  /** Snapshots of one document, or of all documents when `documentId` is omitted. Any order. */
  list(documentId?: string): Promise<{ snapshots: SnapshotMeta[]; problems: StoreProblem[] }>;
  /** Removes one snapshot, or every snapshot of the document when `snapshotId` is omitted. */
  remove(documentId: string, snapshotId?: string): Promise<void>;
}

/** Newest first; ties broken by id so the order is total. */
export function newestFirst(a: SnapshotMeta, b: SnapshotMeta): number {
  return b.takenAt - a.takenAt || (a.snapshotId < b.snapshotId ? 1 : a.snapshotId > b.snapshotId ? -1 : 0);
}

export interface AutosaverOptions {
  documentId: string;
  store: RecoveryStore;
  timer: TimerApi;
  /** The current document as bytes (saveProject output). Called only when a snapshot is due. */
  snapshot(): Uint8Array | Promise<Uint8Array>;
  /** Title and original path recorded with each snapshot. */
  describe?(): { title: string; originalPath: string | null };
  /** Seconds between snapshots while there are unsaved changes, in ms (default 5000). */
  intervalMs?: number;
  /** Snapshots kept per document (default 3). */
  keep?: number;
  appVersion?: string;
  /** A snapshot failed (disk full, permission…); the document stays dirty and the next interval retries. */
  onError?(error: unknown): void;
  onSnapshot?(meta: SnapshotMeta): void;
}

/**
 * Writes a recovery snapshot every `intervalMs` while the document has unsaved changes. Call `markDirty()` on
 * every edit, `markSaved(version)` after the user's file was written, `discard()` when the user throws the
 * changes away, and `flush()` before quitting or when the window loses focus.
 */
export class Autosaver {
  private editVersion = 0;
  private savedVersion = 0;
  private snapshotVersion = 0;
  private handle: unknown = null;
  private chain: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private disposed = false;
  private readonly intervalMs: number;
  private readonly keep: number;

  constructor(private readonly o: AutosaverOptions) {
    this.intervalMs = o.intervalMs ?? 5000;
    this.keep = o.keep ?? 3;
    if (!(this.intervalMs > 0)) throw new RangeError(`Autosaver: intervalMs must be > 0, got ${o.intervalMs}.`);
    if (!Number.isInteger(this.keep) || this.keep < 1) throw new RangeError(`Autosaver: keep must be a whole number ≥ 1, got ${o.keep}.`);
  }

  /** Increases with every edit; pass the value read before saving to markSaved. */
  get version(): number {
    return this.editVersion;
  }

  /** True while there are changes not in the user's file. */
  get dirty(): boolean {
    return this.editVersion !== this.savedVersion;
  }

  /** True while there are changes in no snapshot and no saved file. */
  get snapshotDue(): boolean {
    return this.dirty && this.editVersion !== this.snapshotVersion;
  }

  /** Record an edit; schedules a snapshot within intervalMs if none is pending. */
  markDirty(): void {
    if (this.disposed) return;
    this.editVersion++;
    this.schedule();
  }

  private schedule(): void {
    if (this.handle !== null || this.disposed || !this.snapshotDue) return;
    this.handle = this.o.timer.setTimeout(() => {
      this.handle = null;
      void this.flush();
    }, this.intervalMs);
  }

  private cancel(): void {
    if (this.handle !== null) this.o.timer.clearTimeout(this.handle);
    this.handle = null;
  }

  /** Runs store operations one at a time, in call order. */
  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const next = this.chain.then(op, op);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Writes a snapshot now if one is due; resolves with its description (null if none was needed or it failed). */
  flush(): Promise<SnapshotMeta | null> {
    return this.enqueue(async () => {
      if (this.disposed || !this.snapshotDue) return null;
      this.cancel();
      const version = this.editVersion;
      try {
        const data = await this.o.snapshot();
        const d = this.o.describe?.() ?? { title: 'Untitled', originalPath: null };
        const takenAt = this.o.timer.now();
        const meta: SnapshotMeta = {
          documentId: this.o.documentId,
          snapshotId: `${String(Math.max(0, Math.floor(takenAt))).padStart(15, '0')}-${String(this.seq++).padStart(6, '0')}`,
          takenAt,
          title: d.title,
          originalPath: d.originalPath,
          appVersion: this.o.appVersion ?? 'unknown',
          bytes: data.length,
        };
        if (this.savedVersion >= version) return null; // saved meanwhile: nothing to recover
        await this.o.store.put(meta, data);
        this.snapshotVersion = Math.max(this.snapshotVersion, version);
        await this.prune();
        this.o.onSnapshot?.(meta);
        return meta;
      } catch (e) {
        this.o.onError?.(e);
        return null;
      } finally {
        this.schedule();
      }
    });
  }

  private async prune(): Promise<void> {
    const { snapshots } = await this.o.store.list(this.o.documentId);
    const old = snapshots.sort(newestFirst).slice(this.keep);
    for (const s of old) await this.o.store.remove(s.documentId, s.snapshotId);
  }

  /**
   * The user's file now holds the document as of `version` (default: the current version). Clears the recovery
   * snapshots; if edits arrived during the save, the document stays dirty and autosave carries on.
   */
  markSaved(version = this.editVersion): Promise<void> {
    this.savedVersion = Math.max(this.savedVersion, Math.min(version, this.editVersion));
    if (!this.dirty) this.cancel();
    return this.enqueue(async () => {
      await this.o.store.remove(this.o.documentId);
      this.snapshotVersion = Math.min(this.snapshotVersion, this.savedVersion);
      this.schedule();
    });
  }

  /** The user chose not to keep the changes (close without saving): clear snapshots, not dirty any more. */
  discard(): Promise<void> {
    this.savedVersion = this.editVersion;
    this.cancel();
    return this.enqueue(() => this.o.store.remove(this.o.documentId));
  }

  /** Stops the timer; pending store operations still finish (await `idle()`). Snapshots stay for recovery. */
  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  /** Resolves when every queued store operation has finished. */
  idle(): Promise<void> {
    return this.chain.then(() => undefined);
  }
}

/** One document that can be restored, with its snapshots newest first. */
export interface RecoverableDocument {
  documentId: string;
  title: string;
  originalPath: string | null;
  /** The newest snapshot: offer "Restore 'title' (taken at …)". */
  latest: SnapshotMeta;
  snapshots: SnapshotMeta[];
}

/** At start-up: every document with snapshots, the most recently snapshotted first. Damaged ones are in `problems`. */
export async function listRecoverable(store: RecoveryStore): Promise<{ documents: RecoverableDocument[]; problems: StoreProblem[] }> {
  const { snapshots, problems } = await store.list();
  const byDoc = new Map<string, SnapshotMeta[]>();
  for (const s of snapshots) {
    const list = byDoc.get(s.documentId) ?? [];
    list.push(s);
    byDoc.set(s.documentId, list);
  }
  const documents = [...byDoc.values()].map((list) => {
    list.sort(newestFirst);
    const latest = list[0];
    return { documentId: latest.documentId, title: latest.title, originalPath: latest.originalPath, latest, snapshots: list };
  });
  documents.sort((a, b) => newestFirst(a.latest, b.latest));
  return { documents, problems };
}

/**
 * Restores the newest snapshot of `documentId` that reads and parses (`parse` is e.g. loadProject; it throws on a
 * damaged snapshot, which is then reported in `skipped` and the next older one is tried). Null when none works.
 */
export async function restoreLatest<T>(store: RecoveryStore, documentId: string, parse: (bytes: Uint8Array) => T): Promise<{ value: T; meta: SnapshotMeta; skipped: StoreProblem[] } | null> {
  const { snapshots, problems } = await store.list(documentId);
  const skipped = [...problems];
  for (const meta of snapshots.sort(newestFirst)) {
    try {
      const bytes = await store.get(documentId, meta.snapshotId);
      return { value: parse(bytes), meta, skipped };
    } catch (e) {
      skipped.push({ documentId, snapshotId: meta.snapshotId, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return null;
}

/** A RecoveryStore in memory (tests; the browser build until it has IndexedDB storage). */
export class MemoryRecoveryStore implements RecoveryStore {
  private readonly docs = new Map<string, Map<string, { meta: SnapshotMeta; data: Uint8Array }>>();

  async put(meta: SnapshotMeta, data: Uint8Array): Promise<void> {
    const doc = this.docs.get(meta.documentId) ?? new Map();
    doc.set(meta.snapshotId, { meta: { ...meta }, data: data.slice() });
    this.docs.set(meta.documentId, doc);
  }

  async get(documentId: string, snapshotId: string): Promise<Uint8Array> {
    const s = this.docs.get(documentId)?.get(snapshotId);
    if (!s) throw new Error(`MemoryRecoveryStore.get: no snapshot '${snapshotId}' of document '${documentId}'.`);
    return s.data.slice();
  }

  async list(documentId?: string): Promise<{ snapshots: SnapshotMeta[]; problems: StoreProblem[] }> {
    const docs = documentId === undefined ? [...this.docs.values()] : [this.docs.get(documentId) ?? new Map()];
    return { snapshots: docs.flatMap((d) => [...d.values()].map((s) => ({ ...s.meta }))), problems: [] };
  }

  async remove(documentId: string, snapshotId?: string): Promise<void> {
    if (snapshotId === undefined) this.docs.delete(documentId);
    else this.docs.get(documentId)?.delete(snapshotId);
  }
}
