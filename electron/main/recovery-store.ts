/**
 * Recovery copies ("hot exit"): the renderer pushes serialized copies of an edited document; main writes them
 * atomically to `<userData>/recovery/<documentId>/` and keeps the newest in memory, so neither a crashed page
 * nor a crashed app loses more than the last few seconds. The user's own file is never touched here.
 *
 * Each folder holds `project.netsketch` (the bytes), `meta.json` (name, original path, time, app version) and
 * `lock` (pid of the app instance writing it). On launch, folders whose lock names a dead process are offered
 * for restore. A folder is deleted after a save, an explicit discard, or when its window closes normally.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from './atomic-write.ts';

export interface RecoveryMeta {
  documentId: string;
  name: string;
  /** The user's file this document was opened from or saved to, if any. */
  originalPath: string | null;
  /** Milliseconds since 1970 (UTC) when the copy was written. */
  savedAt: number;
  appVersion: string;
}

export interface RecoveryEntry {
  meta: RecoveryMeta;
  bytes: Uint8Array;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;
const PROJECT = 'project.netsketch';

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RecoveryStore {
  private readonly memory = new Map<string, RecoveryEntry>();

  constructor(
    private readonly root: string,
    private readonly appVersion: string,
    private readonly pid = process.pid,
    private readonly isAlive: (pid: number) => boolean = processAlive,
    private readonly now: () => number = Date.now,
  ) {}

  private dir(documentId: string): string {
    if (!ID.test(documentId)) throw new Error(`recovery: documentId ${JSON.stringify(documentId)} must be 1-64 letters, digits or dashes.`);
    return path.join(this.root, documentId);
  }

  /** Writes a recovery copy (atomically) and remembers it in memory. */
  async write(documentId: string, name: string, originalPath: string | null, bytes: Uint8Array): Promise<void> {
    const dir = this.dir(documentId);
    const meta: RecoveryMeta = { documentId, name, originalPath, savedAt: this.now(), appVersion: this.appVersion };
    this.memory.set(documentId, { meta, bytes });
    await mkdir(dir, { recursive: true });
    await atomicWriteFile(path.join(dir, 'lock'), JSON.stringify({ pid: this.pid }));
    await atomicWriteFile(path.join(dir, PROJECT), bytes);
    await atomicWriteFile(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
  }

  /** Deletes a document's recovery copy (after a save or an explicit discard). */
  async discard(documentId: string): Promise<void> {
    this.memory.delete(documentId);
    await rm(this.dir(documentId), { recursive: true, force: true });
  }

  /** Documents written by this app instance (e.g. before its page crashed and reloaded). */
  inMemory(): RecoveryMeta[] {
    return [...this.memory.values()].map((e) => e.meta);
  }

  private async readMeta(documentId: string): Promise<RecoveryMeta | null> {
    try {
      const meta = JSON.parse(await readFile(path.join(this.dir(documentId), 'meta.json'), 'utf8')) as Partial<RecoveryMeta>;
      if (meta.documentId !== documentId || typeof meta.name !== 'string' || typeof meta.savedAt !== 'number') return null;
      return {
        documentId, name: meta.name, savedAt: meta.savedAt, appVersion: String(meta.appVersion ?? 'unknown'),
        originalPath: typeof meta.originalPath === 'string' && path.isAbsolute(meta.originalPath) ? meta.originalPath : null,
      };
    } catch {
      return null;
    }
  }

  private async lockOwnerAlive(documentId: string): Promise<boolean> {
    try {
      const { pid } = JSON.parse(await readFile(path.join(this.dir(documentId), 'lock'), 'utf8')) as { pid?: unknown };
      return typeof pid === 'number' && pid !== this.pid && this.isAlive(pid);
    } catch {
      return false;
    }
  }

  /** Copies left by app instances that are no longer running (crashed or killed), newest first. */
  async orphans(): Promise<RecoveryMeta[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch {
      return [];
    }
    const found: RecoveryMeta[] = [];
    for (const name of names) {
      if (!ID.test(name) || this.memory.has(name)) continue;
      if (await this.lockOwnerAlive(name)) continue;
      const meta = await this.readMeta(name);
      if (meta) found.push(meta);
    }
    return found.sort((a, b) => b.savedAt - a.savedAt);
  }

  /** Everything the user may restore: this instance's copies and orphans of dead instances. */
  async recoverable(): Promise<RecoveryMeta[]> {
    return [...this.inMemory(), ...(await this.orphans())];
  }

  /** Reads a copy (memory first) and takes it over: this instance now owns and updates it. */
  async read(documentId: string): Promise<RecoveryEntry> {
    const cached = this.memory.get(documentId);
    if (cached) return cached;
    const meta = await this.readMeta(documentId);
    if (!meta || (await this.lockOwnerAlive(documentId))) {
      throw new Error(`openRecovery: no recovery copy ${documentId} is available (it was restored, discarded or belongs to a running Netsketch).`);
    }
    const bytes = new Uint8Array(await readFile(path.join(this.dir(documentId), PROJECT)));
    const entry = { meta, bytes };
    this.memory.set(documentId, entry);
    await atomicWriteFile(path.join(this.dir(documentId), 'lock'), JSON.stringify({ pid: this.pid }));
    return entry;
  }
}
