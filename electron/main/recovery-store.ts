/**
 * Recovery copies ("hot exit"): the renderer pushes serialized copies of an edited document; main stores them as
 * recovery snapshots under `<userData>/recovery/<documentId>/` and keeps the newest in memory, so neither a
 * crashed page nor a crashed app loses more than the last few seconds. The user's own file is never touched here.
 *
 * Storage is cli/recovery-store.ts's FsRecoveryStore: each copy is ONE self-describing snapshot file (header with
 * title, original path, time and app version, a CRC-32 of the bytes, then the bytes), written with
 * writeFileAtomic (temp file, fsync, rename, fsync of the folder). Bytes and metadata therefore can never be
 * paired from different writes, and the newest `keep` snapshots are kept, so a damaged newest copy falls back to
 * the one before it (restoreLatest with loadProject as the judge).
 *
 * Beside the snapshots, `lock` names the pid of the app instance writing them. On launch, documents whose lock
 * names a dead process (or that have no lock) are offered for restore. A document's folder is deleted after a
 * save, an explicit discard, or when its window closes normally.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { FsRecoveryStore, type FsRecoveryStoreOptions } from '../../cli/recovery-store.ts';
import { parseGraph } from '../../core/graph/schema.ts';
import { GRAPH_DOCUMENT_HOOKS } from '../../core/project/graph-hooks.ts';
import { loadProject } from '../../core/project/project-file.ts';
import { listRecoverable, newestFirst, restoreLatest, type SnapshotMeta, type StoreProblem } from '../../core/project/recovery.ts';
import { writeFileAtomic } from '../../cli/fs.ts';

/** What main knows about one recoverable document (the newest readable-looking snapshot). */
export interface RecoveryMeta {
  documentId: string;
  name: string;
  /** The user's file this document was opened from or saved to, if any (absolute paths only). */
  originalPath: string | null;
  /** Milliseconds since 1970 (UTC) when the copy was written. */
  savedAt: number;
  appVersion: string;
}

export interface RecoveryEntry {
  meta: RecoveryMeta;
  bytes: Uint8Array;
  /** Newer snapshots that could not be used (damaged, torn, not a project), with the reason for each. */
  skipped: StoreProblem[];
}

export interface RecoveryStoreOptions {
  /** This process's pid, written to each document's lock (default process.pid). */
  pid?: number;
  isAlive?(pid: number): boolean;
  now?(): number;
  /** Snapshots kept per document (default 3, at least 2 so a torn newest copy leaves a good one). */
  keep?: number;
  /**
   * Accepts a snapshot's bytes or throws why not (default: loadProject with core/graph's hooks, so only a
   * `.netsketch` that opens is restored).
   */
  validate?(bytes: Uint8Array): void;
  /** Passed to FsRecoveryStore (fault injection in tests). */
  storeOptions?: FsRecoveryStoreOptions;
  /** Where problems found while listing are reported (default console.warn). */
  warn?(message: string): void;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;
const LOCK = 'lock';
/** The bytes file of the first layout (see importLegacy). */
const LEGACY_PROJECT = 'project.netsketch';

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The default snapshot judge: the bytes must open the way the editor opens them (renderer/state/project-file.ts):
 * a `.netsketch` project through loadProject, or a bare graph document (JSON text) through parseGraph.
 */
export function validateProjectBytes(bytes: Uint8Array): void {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) {
    parseGraph(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return;
  }
  loadProject(bytes, { graph: GRAPH_DOCUMENT_HOOKS });
}

function toRecoveryMeta(s: SnapshotMeta): RecoveryMeta {
  return {
    documentId: s.documentId,
    name: s.title,
    originalPath: typeof s.originalPath === 'string' && path.isAbsolute(s.originalPath) ? s.originalPath : null,
    savedAt: s.takenAt,
    appVersion: s.appVersion,
  };
}

/** Main's recovery store: this instance's copies in memory, every copy on disk as FsRecoveryStore snapshots. */
export class RecoveryStore {
  /** The snapshot files (exposed for start-up sweeping and tests). */
  readonly snapshots: FsRecoveryStore;
  private readonly memory = new Map<string, RecoveryEntry>();
  /** Documents whose lock this instance has written. */
  private readonly owned = new Set<string>();
  /** One store operation at a time per document, in call order. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private seq = 0;
  private readonly startedAt = Date.now();
  private readonly pid: number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly now: () => number;
  private readonly keep: number;
  private readonly validate: (bytes: Uint8Array) => void;
  private readonly warn: (message: string) => void;

  constructor(readonly root: string, private readonly appVersion: string, options: RecoveryStoreOptions = {}) {
    this.snapshots = new FsRecoveryStore(root, options.storeOptions);
    this.pid = options.pid ?? process.pid;
    this.isAlive = options.isAlive ?? processAlive;
    this.now = options.now ?? Date.now;
    this.keep = options.keep ?? 3;
    if (!Number.isInteger(this.keep) || this.keep < 2) throw new RangeError(`RecoveryStore: keep must be a whole number ≥ 2 (a torn newest copy must leave one good one), got ${options.keep}.`);
    this.validate = options.validate ?? validateProjectBytes;
    this.warn = options.warn ?? ((m) => console.warn(m));
  }

  private dir(documentId: string): string {
    if (typeof documentId !== 'string' || !ID.test(documentId)) {
      throw new Error(`recovery: documentId ${JSON.stringify(documentId)} must be 1-64 letters, digits or dashes.`);
    }
    return this.snapshots.docDir(documentId);
  }

  private serial<T>(documentId: string, op: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(documentId) ?? Promise.resolve()).then(op, op);
    const settled = next.catch(() => undefined);
    this.chains.set(documentId, settled);
    void settled.then(() => {
      if (this.chains.get(documentId) === settled) this.chains.delete(documentId);
    });
    return next;
  }

  private async takeLock(documentId: string): Promise<void> {
    if (this.owned.has(documentId)) return;
    const dir = this.dir(documentId);
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(path.join(dir, LOCK), JSON.stringify({ pid: this.pid, startedAt: this.startedAt }));
    this.owned.add(documentId);
  }

  /**
   * Stores a recovery copy as a new snapshot (one atomic file) and remembers it in memory; older snapshots beyond
   * `keep` are removed. The memory copy is updated first, so even a failed disk write (disk full) leaves the
   * newest copy recoverable while this app runs; the error is still thrown so the renderer can say so.
   */
  async write(documentId: string, name: string, originalPath: string | null, bytes: Uint8Array): Promise<void> {
    const dir = this.dir(documentId);
    const savedAt = this.now();
    const meta: RecoveryMeta = { documentId, name, originalPath, savedAt, appVersion: this.appVersion };
    this.memory.set(documentId, { meta, bytes, skipped: [] });
    const snapshotId = `${String(Math.max(0, Math.floor(savedAt))).padStart(15, '0')}-${String(this.seq++).padStart(6, '0')}`;
    return this.serial(documentId, async () => {
      await mkdir(dir, { recursive: true });
      await this.takeLock(documentId);
      await this.snapshots.put({ documentId, snapshotId, takenAt: savedAt, title: name, originalPath, appVersion: this.appVersion, bytes: bytes.length }, bytes);
      const { snapshots } = await this.snapshots.list(documentId);
      for (const old of snapshots.sort(newestFirst).slice(this.keep)) await this.snapshots.remove(documentId, old.snapshotId);
    });
  }

  /** Deletes a document's recovery copies (after a save or an explicit discard). */
  async discard(documentId: string): Promise<void> {
    this.dir(documentId);
    this.memory.delete(documentId);
    return this.serial(documentId, async () => {
      await this.snapshots.remove(documentId);
      this.owned.delete(documentId);
    });
  }

  /** Deletes temp files of writes a crash interrupted. Call once at start-up, holding the single-instance lock. */
  sweep(): Promise<number> {
    return this.snapshots.sweepTempFiles();
  }

  /**
   * Converts copies left in the first layout (`project.netsketch` + `meta.json` per folder, written by builds
   * before the snapshot store) into snapshots, so an upgrade never hides a crashed session's work. Call at
   * start-up with the single-instance lock held. Returns the document ids converted; unreadable ones are left
   * in place and reported through `warn`.
   */
  async importLegacy(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch {
      return [];
    }
    const imported: string[] = [];
    for (const documentId of names) {
      if (!ID.test(documentId)) continue;
      const dir = path.join(this.root, documentId);
      const metaFile = path.join(dir, 'meta.json');
      const projectFile = path.join(dir, LEGACY_PROJECT);
      if (!existsSync(metaFile) || !existsSync(projectFile)) continue;
      try {
        const meta = JSON.parse(await readFile(metaFile, 'utf8')) as Partial<RecoveryMeta>;
        if (meta.documentId !== documentId || typeof meta.name !== 'string' || typeof meta.savedAt !== 'number' || !Number.isFinite(meta.savedAt)) {
          throw new Error('its meta.json lacks documentId, name or savedAt');
        }
        const bytes = new Uint8Array(await readFile(projectFile));
        const takenAt = Math.max(0, Math.floor(meta.savedAt));
        await this.snapshots.put({
          documentId, snapshotId: `${String(takenAt).padStart(15, '0')}-legacy`, takenAt, title: meta.name, bytes: bytes.length,
          originalPath: typeof meta.originalPath === 'string' ? meta.originalPath : null, appVersion: String(meta.appVersion ?? 'unknown'),
        }, bytes);
        await rm(projectFile, { force: true });
        await rm(metaFile, { force: true });
        imported.push(documentId);
      } catch (e) {
        this.warn(`Recovery copy ${documentId} in the old layout could not be converted and was left as it is: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return imported;
  }

  /** Documents written by this app instance (e.g. before its page crashed and reloaded), newest first. */
  inMemory(): RecoveryMeta[] {
    return [...this.memory.values()].map((e) => e.meta).sort((a, b) => b.savedAt - a.savedAt);
  }

  /** True when another, running app instance holds the document's lock. */
  private async lockedByOther(documentId: string): Promise<boolean> {
    try {
      const { pid } = JSON.parse(await readFile(path.join(this.dir(documentId), LOCK), 'utf8')) as { pid?: unknown };
      return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 && pid !== this.pid && this.isAlive(pid);
    } catch {
      return false; // no lock, or a torn one: nobody is writing this folder
    }
  }

  /** Copies left by app instances that are no longer running (crashed or killed), newest first. */
  async orphans(): Promise<RecoveryMeta[]> {
    const { documents, problems } = await listRecoverable(this.snapshots);
    for (const p of problems) this.warn(`Recovery copy ${p.documentId}/${p.snapshotId ?? '?'} is damaged and skipped: ${p.message}`);
    const found: RecoveryMeta[] = [];
    for (const doc of documents) {
      if (!ID.test(doc.documentId) || this.memory.has(doc.documentId)) continue;
      if (await this.lockedByOther(doc.documentId)) continue;
      found.push(toRecoveryMeta(doc.latest));
    }
    return found;
  }

  /** Everything the user may restore: this instance's copies and orphans of dead instances, newest first. */
  async recoverable(): Promise<RecoveryMeta[]> {
    return [...this.inMemory(), ...(await this.orphans())];
  }

  /**
   * Reads the newest usable copy (memory first, then the newest snapshot on disk that opens as a project) and
   * takes it over: this instance now owns and updates it. Throws when no copy is usable, naming why each failed.
   */
  async read(documentId: string): Promise<RecoveryEntry> {
    this.dir(documentId);
    const cached = this.memory.get(documentId);
    const skipped: StoreProblem[] = [];
    if (cached) {
      try {
        this.validate(cached.bytes);
        return cached;
      } catch (e) {
        skipped.push({ documentId, snapshotId: 'in-memory', message: e instanceof Error ? e.message : String(e) });
      }
    }
    if (await this.lockedByOther(documentId)) {
      throw new Error(`openRecovery: the recovery copy ${documentId} belongs to another running Netsketch window; switch to that window to restore it.`);
    }
    // Every reason a snapshot was passed over, so a refusal can say why (restoreLatest itself returns only null).
    const failures: string[] = [];
    const record = (e: unknown): never => {
      failures.push(e instanceof Error ? e.message : String(e));
      throw e;
    };
    const store = this.snapshots;
    const recording = {
      put: store.put.bind(store),
      list: store.list.bind(store),
      remove: store.remove.bind(store),
      get: (d: string, s: string) => store.get(d, s).catch(record),
    };
    const restored = await this.serial(documentId, () => restoreLatest(recording, documentId, (bytes) => {
      try {
        this.validate(bytes);
      } catch (e) {
        record(e);
      }
      return bytes;
    }));
    if (!restored) {
      const { problems } = await store.list(documentId).catch(() => ({ problems: [] as StoreProblem[] }));
      const why = [...skipped.map((p) => p.message), ...problems.map((p) => p.message), ...failures];
      throw new Error(`openRecovery: no usable recovery copy of ${documentId} (it was restored, discarded, or every copy is damaged${why.length ? `: ${why.join(' ')}` : ''}).`);
    }
    const entry: RecoveryEntry = { meta: toRecoveryMeta(restored.meta), bytes: restored.value, skipped: [...skipped, ...restored.skipped] };
    for (const p of entry.skipped) this.warn(`Recovery of ${documentId} skipped a newer copy: ${p.message}`);
    this.memory.set(documentId, entry);
    this.owned.delete(documentId);
    await this.serial(documentId, () => this.takeLock(documentId));
    return entry;
  }
}
