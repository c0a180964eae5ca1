/**
 * Recovery copies for the browser build, in IndexedDB (bytes need no base64 there). Each page load is a
 * session; copies written by other sessions (a tab that crashed or was closed without saving) are offered for
 * restore. Caveat: a second tab that is still open counts as another session too.
 */
import type { RecoverableDocument, RecoveredDocument, RecoveryCopy } from './contract.ts';

const DB = 'netsketch';
const STORE = 'recovery';

interface StoredCopy {
  documentId: string;
  name: string;
  savedAt: number;
  bytes: Uint8Array;
  session: string;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export class BrowserRecovery {
  private db: Promise<IDBDatabase> | null = null;
  private readonly session = crypto.randomUUID();

  constructor(private readonly idb: IDBFactory | undefined = globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    if (!this.idb) return Promise.reject(new Error('Recovery copies need IndexedDB, which this browser does not offer.'));
    this.db ??= new Promise((resolve, reject) => {
      const req = this.idb!.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'documentId' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('could not open IndexedDB'));
    });
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  async write(copy: RecoveryCopy): Promise<void> {
    const value: StoredCopy = { documentId: copy.documentId, name: copy.name, savedAt: Date.now(), bytes: copy.bytes, session: this.session };
    await request((await this.store('readwrite')).put(value));
  }

  async discard(documentId: string): Promise<void> {
    await request((await this.store('readwrite')).delete(documentId));
  }

  async list(): Promise<RecoverableDocument[]> {
    if (!this.idb) return [];
    const all = (await request((await this.store('readonly')).getAll())) as StoredCopy[];
    return all
      .filter((c) => c.session !== this.session)
      .sort((a, b) => b.savedAt - a.savedAt)
      .map(({ documentId, name, savedAt }) => ({ documentId, name, savedAt }));
  }

  async read(documentId: string): Promise<RecoveredDocument> {
    const copy = (await request((await this.store('readonly')).get(documentId))) as StoredCopy | undefined;
    if (!copy) throw new Error(`openRecovery: no recovery copy ${documentId} (it was restored or discarded in another tab).`);
    await request((await this.store('readwrite')).put({ ...copy, session: this.session }));
    return { documentId, name: copy.name, bytes: copy.bytes, file: null };
  }
}
