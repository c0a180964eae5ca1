/**
 * The Node file-system RecoveryStore (core/project/recovery.ts), on the shared atomic writer (cli/fs.ts).
 *
 * Layout: <root>/<document folder>/<snapshotId>.nsnap, one file per snapshot:
 *   "NSRECOV1" | u32 LE meta length M | M bytes meta JSON (SnapshotMeta) | u32 LE CRC-32 of data | data
 * Every file is written with writeFileAtomic (temp file in the same folder, fsync, rename, fsync of the folder),
 * so a crash leaves either the complete old snapshot set or the complete new snapshot. A torn or damaged file is
 * reported by list() / get() and skipped; it never stops recovery of the others.
 */
import { createHash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from '../core/serialize/crc32.ts';
import type { RecoveryStore, SnapshotMeta, StoreProblem } from '../core/project/recovery.ts';
import { writeFileAtomic, type AtomicWriteOptions } from './fs.ts';

const MAGIC = Buffer.from('NSRECOV1', 'latin1');
const SNAP_EXT = '.nsnap';
const MAX_META = 64 * 1024;
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export class SnapshotFormatError extends Error {
  override readonly name = 'SnapshotFormatError';
}

function encodeSnapshot(meta: SnapshotMeta, data: Uint8Array): Buffer {
  const m = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = Buffer.alloc(8 + 4);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(m.length, 8);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(data), 0);
  return Buffer.concat([head, m, crc, data]);
}

function isMeta(x: unknown): x is SnapshotMeta {
  const m = x as SnapshotMeta;
  return typeof m === 'object' && m !== null && typeof m.documentId === 'string' && typeof m.snapshotId === 'string' && SAFE_ID.test(m.snapshotId) &&
    typeof m.takenAt === 'number' && Number.isFinite(m.takenAt) && typeof m.title === 'string' && (m.originalPath === null || typeof m.originalPath === 'string') &&
    typeof m.appVersion === 'string' && Number.isSafeInteger(m.bytes) && m.bytes >= 0;
}

/** Reads the header (meta) of a snapshot file; checks the file length but not the data CRC. */
async function readMeta(file: string): Promise<{ meta: SnapshotMeta; dataStart: number }> {
  const h = await fsp.open(file, 'r');
  try {
    const size = (await h.stat()).size;
    const head = Buffer.alloc(12);
    const { bytesRead } = await h.read(head, 0, 12, 0);
    if (bytesRead < 12 || !head.subarray(0, 8).equals(MAGIC)) throw new SnapshotFormatError(`${path.basename(file)} is not a recovery snapshot (bad header); it was probably cut short by a crash.`);
    const m = head.readUInt32LE(8);
    if (m > MAX_META || 12 + m + 4 > size) throw new SnapshotFormatError(`${path.basename(file)} has a damaged header (meta length ${m}, file ${size} bytes).`);
    const mb = Buffer.alloc(m);
    await h.read(mb, 0, m, 12);
    let meta: unknown;
    try {
      meta = JSON.parse(mb.toString('utf8'));
    } catch {
      throw new SnapshotFormatError(`${path.basename(file)} has a damaged header (its description is not valid JSON).`);
    }
    if (!isMeta(meta)) throw new SnapshotFormatError(`${path.basename(file)} has a damaged header (its description lacks required fields).`);
    if (12 + m + 4 + meta.bytes !== size) throw new SnapshotFormatError(`${path.basename(file)} is ${size} bytes but should be ${12 + m + 4 + meta.bytes}; it is truncated or damaged.`);
    return { meta, dataStart: 12 + m };
  } finally {
    await h.close();
  }
}

export type FsRecoveryStoreOptions = AtomicWriteOptions;

/** RecoveryStore on disk (see the module comment). `root` is e.g. app.getPath('userData')/recovery. */
export class FsRecoveryStore implements RecoveryStore {
  constructor(readonly root: string, private readonly options: FsRecoveryStoreOptions = {}) {}

  /** The folder of a document: its id when that is a plain name, else a hash of it (ids never become paths). */
  docDir(documentId: string): string {
    if (typeof documentId !== 'string' || documentId.length === 0) throw new TypeError(`FsRecoveryStore: documentId must be a non-empty string, got ${JSON.stringify(documentId)}.`);
    const name = SAFE_ID.test(documentId) ? documentId : `h-${createHash('sha256').update(documentId, 'utf8').digest('hex').slice(0, 40)}`;
    return path.join(this.root, name);
  }

  private file(documentId: string, snapshotId: string): string {
    if (!SAFE_ID.test(snapshotId)) throw new TypeError(`FsRecoveryStore: snapshotId must be 1–100 letters, digits, '_' or '-', got ${JSON.stringify(snapshotId)}.`);
    return path.join(this.docDir(documentId), snapshotId + SNAP_EXT);
  }

  async put(meta: SnapshotMeta, data: Uint8Array): Promise<void> {
    if (meta.bytes !== data.length) throw new TypeError(`FsRecoveryStore.put: meta.bytes is ${meta.bytes} but the data has ${data.length} bytes.`);
    const file = this.file(meta.documentId, meta.snapshotId);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, encodeSnapshot(meta, data), { mode: 0o600, ...this.options });
  }

  async get(documentId: string, snapshotId: string): Promise<Uint8Array> {
    const file = this.file(documentId, snapshotId);
    const { meta, dataStart } = await readMeta(file);
    if (meta.documentId !== documentId || meta.snapshotId !== snapshotId) throw new SnapshotFormatError(`${path.basename(file)} describes another snapshot (${meta.documentId}/${meta.snapshotId}); it was moved or damaged.`);
    const all = await fsp.readFile(file);
    const stored = all.readUInt32LE(dataStart);
    const data = new Uint8Array(all.buffer, all.byteOffset + dataStart + 4, meta.bytes);
    if (crc32(data) !== stored) throw new SnapshotFormatError(`${path.basename(file)} is damaged (its data does not match its checksum).`);
    return data;
  }

  async list(documentId?: string): Promise<{ snapshots: SnapshotMeta[]; problems: StoreProblem[] }> {
    const snapshots: SnapshotMeta[] = [];
    const problems: StoreProblem[] = [];
    let dirs: string[];
    if (documentId !== undefined) dirs = [this.docDir(documentId)];
    else {
      try {
        dirs = (await fsp.readdir(this.root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(this.root, d.name));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { snapshots, problems };
        throw e;
      }
    }
    for (const dir of dirs) {
      let names: string[];
      try {
        names = await fsp.readdir(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      for (const name of names) {
        if (!name.endsWith(SNAP_EXT) || name.startsWith('.')) continue; // temp files of interrupted writes
        const snapshotId = name.slice(0, -SNAP_EXT.length);
        try {
          const { meta } = await readMeta(path.join(dir, name));
          if (meta.snapshotId !== snapshotId || path.join(this.root, path.basename(dir)) !== this.docDir(meta.documentId)) {
            throw new SnapshotFormatError(`${name} describes another snapshot (${meta.documentId}/${meta.snapshotId}); it was moved or damaged.`);
          }
          if (documentId === undefined || meta.documentId === documentId) snapshots.push(meta);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed meanwhile
          problems.push({ documentId: documentId ?? path.basename(dir), snapshotId, message: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    return { snapshots, problems };
  }

  async remove(documentId: string, snapshotId?: string): Promise<void> {
    if (snapshotId !== undefined) {
      await fsp.rm(this.file(documentId, snapshotId), { force: true });
      return;
    }
    await fsp.rm(this.docDir(documentId), { recursive: true, force: true });
  }

  /** Deletes temp files left by writes a crash interrupted. Call at start-up, while holding the single-instance lock. */
  async sweepTempFiles(): Promise<number> {
    let removed = 0;
    let dirs: string[];
    try {
      dirs = (await fsp.readdir(this.root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(this.root, d.name));
    } catch {
      return 0;
    }
    for (const dir of dirs) {
      for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
        if (name.startsWith('.') && name.endsWith('.tmp')) {
          await fsp.rm(path.join(dir, name), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}
