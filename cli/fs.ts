/**
 * File bytes for Node hosts (CLI, tests, Electron main): the one atomic writer (async, and a synchronous variant for
 * streaming producers) and size-checked reads.
 *
 * Atomic write (shared/notes/reliability.md §1): resolve symlinks (the link stays a link and the file it points to
 * is replaced), write a temp file in the same folder (`.<name>.<pid>.<random>.tmp`, opened exclusively with the old
 * file's permission bits), fsync it, rename it over the target (retrying the EPERM/EBUSY/EACCES that Windows
 * scanners and indexers cause), then fsync the folder on POSIX so the rename survives a power cut. On any failure
 * before the rename the temp file is removed and the target keeps its complete old bytes; errors say why in words.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** What to write: bytes, several chunks, or a producer that pushes chunks into a sink (e.g. torch save_to_sink). */
export type WriteSource = Uint8Array | readonly Uint8Array[] | ((sink: (chunk: Uint8Array) => void) => void);

const RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);
/** Folder fsync errors of file systems that cannot flush a folder; the data itself is already on disk then. */
const DIR_SYNC_UNSUPPORTED = new Set(['EINVAL', 'EISDIR', 'ENOTSUP', 'EPERM', 'EBADF']);

const FS_REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full; free some space and save again',
  EDQUOT: 'the disk quota is used up; free some space and save again',
  EACCES: 'permission denied; choose a folder you can write to',
  EPERM: 'the operation was not permitted (the file may be read-only or locked by another program)',
  EROFS: 'the disk is read-only; save somewhere else',
  ENOENT: 'the folder no longer exists (a removed drive or a deleted folder); choose another location',
  ENOTDIR: 'part of the path is not a folder; choose another location',
  EBUSY: 'the file is in use by another program; close it and save again',
  EISDIR: 'the path is a folder, not a file',
  EMFILE: 'too many files are open; close some programs and save again',
};

/** A sentence for the user explaining a file-system error code (e.g. ENOSPC → "the disk is full; …"). */
export function explainFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reason = e?.code ? FS_REASONS[e.code] : undefined;
  return reason ? `${reason} (${e.code})` : `${e?.message ?? String(err)}`;
}

/** The file operations writeFileAtomic uses; tests pass versions that fail or crash at a chosen step. */
export interface AtomicFs {
  open(file: string, flags: string, mode?: number): Promise<{
    writeFile(data: Uint8Array | string): Promise<void>;
    sync(): Promise<void>;
    close(): Promise<void>;
  }>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  /** The permission bits of an existing target (absent: new files get the default mode). */
  stat?(file: string): Promise<{ mode: number }>;
  /** Resolves symlinks of an existing path (rejects when it does not exist; absent: no resolution). */
  realpath?(file: string): Promise<string>;
  /** Flushes a folder entry to disk (absent: open(dir, 'r') + sync, skipped on Windows). */
  syncDir?(dir: string): Promise<void>;
}

export const nodeAtomicFs: AtomicFs = {
  open: (file, flags, mode) => fsp.open(file, flags, mode),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (f) => fsp.unlink(f),
  stat: (f) => fsp.stat(f),
  realpath: (f) => fsp.realpath(f),
};

export interface AtomicWriteOptions {
  fs?: AtomicFs;
  /** Rename attempts on EPERM/EBUSY/EACCES (Windows virus scanners, indexers, sync clients). Default 6. */
  renameAttempts?: number;
  /** Delay before retry n is retryDelayMs·2^n (default 25 ms: about 1.6 s in all). */
  retryDelayMs?: number;
  /** Permission bits of a new file (default 0o644); an existing file keeps its own. */
  mode?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

async function syncFolder(fs: AtomicFs, dir: string): Promise<void> {
  if (fs.syncDir) return fs.syncDir(dir);
  if (process.platform === 'win32') return; // folders cannot be opened for fsync on Windows
  const d = await fs.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/**
 * Replaces `target` with `data` so that at every instant the target holds either its complete old bytes or the
 * complete new ones (see the module comment). A failure before the rename removes the temp file, leaves the target
 * untouched and throws an Error saying why in words (disk full, permission denied, folder gone) and that the old
 * file is intact; a folder flush that fails after the rename says the new file is in place.
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string | readonly Uint8Array[], options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeAtomicFs;
  const attempts = options.renameAttempts ?? 6;
  const delay = options.retryDelayMs ?? 25;
  const resolved = fs.realpath ? await fs.realpath(target).catch(() => target) : target;
  const dir = dirname(resolved);
  const tmp = tempPathFor(resolved);
  let mode = options.mode ?? 0o644;
  if (fs.stat) {
    try {
      mode = (await fs.stat(resolved)).mode & 0o777;
    } catch {
      // a new file: the default mode
    }
  }
  let created = false;
  try {
    const handle = await fs.open(tmp, 'wx', mode);
    created = true;
    try {
      // Successive writeFile calls on one handle continue where the previous one stopped.
      for (const chunk of typeof data === 'string' || data instanceof Uint8Array ? [data] : data) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.rename(tmp, resolved);
        created = false;
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (!RETRY_CODES.has(code) || attempt + 1 >= attempts) throw err;
        await sleep(delay * 2 ** attempt);
      }
    }
  } catch (err) {
    if (created) await fs.unlink(tmp).catch(() => undefined);
    throw new Error(`Could not save ${target}: ${explainFsError(err)}. The previous file, if any, was left unchanged.`, { cause: err });
  }
  try {
    await syncFolder(fs, dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!DIR_SYNC_UNSUPPORTED.has(code)) {
      // The rename already happened: the new file is in place, so "left unchanged" would be false here.
      throw new Error(`Wrote ${target}, but its folder could not be flushed to disk: ${explainFsError(err)}. The new file is in place but may not survive a power cut; save again to be sure.`, { cause: err });
    }
  }
}

function resolveTargetSync(path: string): string {
  try {
    return fs.realpathSync(path);
  } catch {
    return path;
  }
}

function existingModeSync(target: string): number {
  try {
    return fs.statSync(target).mode & 0o7777;
  } catch {
    return 0o666;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function renameWithRetrySync(from: string, to: string): void {
  const deadline = Date.now() + 3000;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (e: any) {
      if (!RETRY_CODES.has(e?.code) || Date.now() > deadline) throw e;
      sleepSync(delay);
    }
  }
}

/**
 * writeFileAtomic, synchronously, so a streaming producer such as torch `save_to_sink` can write files larger than
 * one Uint8Array. Throws the underlying error after cleaning up; the old file is untouched.
 */
export function writeFileAtomicSync(path: string, source: WriteSource): void {
  const target = resolveTargetSync(path);
  const tmp = tempPathFor(target);
  const fd = fs.openSync(tmp, 'wx', existingModeSync(target));
  let closed = false;
  try {
    const write = (chunk: Uint8Array): void => {
      let off = 0;
      while (off < chunk.length) off += fs.writeSync(fd, chunk, off, chunk.length - off);
    };
    if (source instanceof Uint8Array) write(source);
    else if (typeof source === 'function') source(write);
    else for (const c of source) write(c);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    closed = true;
    renameWithRetrySync(tmp, target);
  } catch (e) {
    if (!closed) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing; keep the first error
      }
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  if (process.platform !== 'win32') {
    const fd2 = fs.openSync(dirname(target), 'r');
    try {
      fs.fsyncSync(fd2);
    } catch (e: any) {
      if (!DIR_SYNC_UNSUPPORTED.has(e?.code)) throw e;
    } finally {
      fs.closeSync(fd2);
    }
  }
}

/**
 * Read a whole file as a Uint8Array, refusing files larger than `maxBytes` (default 4 GiB) with a clear message.
 * Reads in 1 GiB pieces, so files beyond Node's 2 GiB readFile limit work too.
 */
export function readFileBytes(path: string, maxBytes = 2 ** 32): Uint8Array {
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) {
      throw new RangeError(`readFileBytes: '${path}' is ${size} bytes, larger than the ${maxBytes}-byte limit. Pass a larger maxBytes if this is expected.`);
    }
    const out = new Uint8Array(size);
    let off = 0;
    while (off < size) {
      const n = fs.readSync(fd, out, off, Math.min(2 ** 30, size - off), off);
      if (n === 0) throw new Error(`readFileBytes: '${path}' shrank while being read (got ${off} of ${size} bytes).`);
      off += n;
    }
    return out;
  } finally {
    fs.closeSync(fd);
  }
}
