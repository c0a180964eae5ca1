/**
 * Crash-safe file replacement: write a temporary file in the same folder, flush it to disk, rename it over the
 * target, then (POSIX) flush the folder so the rename itself survives a power cut. A failure at any point leaves
 * the previous file untouched and removes the temporary file. Renames are retried on EPERM/EBUSY/EACCES, which
 * Windows reports while an antivirus or indexer holds the file. A symlinked target is resolved first, so the
 * link stays a link and the file it points to is replaced. Errors say why in words (disk full, permission
 * denied, folder gone: cli/recovery-store.ts's explainFsError, shared with the CLI's writer).
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { explainFsError } from '../../cli/recovery-store.ts';

/** The file-system operations atomicWriteFile uses; tests pass a version that fails on purpose. */
export interface AtomicWriteFs {
  open(file: string, flags: string, mode: number): Promise<{
    writeFile(data: Uint8Array | string): Promise<void>;
    sync(): Promise<void>;
    close(): Promise<void>;
  }>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  stat(file: string): Promise<{ mode: number }>;
  /** Resolves symlinks of an existing path (rejects when the path does not exist). */
  realpath?(file: string): Promise<string>;
  /** Flushes a directory entry to disk (no-op where unsupported). */
  syncDir(dir: string): Promise<void>;
}

export const nodeFs: AtomicWriteFs = {
  open: (file, flags, mode) => fsp.open(file, flags, mode),
  rename: fsp.rename,
  unlink: fsp.unlink,
  stat: fsp.stat,
  realpath: fsp.realpath,
  async syncDir(dir) {
    if (process.platform === 'win32') return; // directories cannot be opened for fsync on Windows
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

export interface AtomicWriteOptions {
  fs?: AtomicWriteFs;
  /** Rename attempts before giving up (default 6). */
  renameAttempts?: number;
  /** Wait before retry n is `retryDelayMs * 2**n` (default 25 ms). */
  retryDelayMs?: number;
}

const RETRYABLE = new Set(['EPERM', 'EBUSY', 'EACCES']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Replaces `target` with `data` atomically (see the module comment). Keeps the target's permission bits. */
export async function atomicWriteFile(target: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const attempts = options.renameAttempts ?? 6;
  const delay = options.retryDelayMs ?? 25;
  // Keep symlinks intact: replace the file the link points to, in that file's folder.
  const resolved = fs.realpath ? await fs.realpath(target).catch(() => target) : target;
  const dir = path.dirname(resolved);
  const tmp = path.join(dir, `.${path.basename(resolved)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mode = 0o644;
  try {
    mode = (await fs.stat(resolved)).mode & 0o777;
  } catch {
    // new file: default mode
  }
  let created = false;
  try {
    const handle = await fs.open(tmp, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(data);
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
        if (!RETRYABLE.has(code) || attempt + 1 >= attempts) throw err;
        await sleep(delay * 2 ** attempt);
      }
    }
  } catch (err) {
    if (created) await fs.unlink(tmp).catch(() => undefined);
    throw new Error(`Could not save ${target}: ${explainFsError(err)}. The previous file was left unchanged.`, { cause: err });
  }
  // The new file is in place; a failing directory flush only weakens durability, so it is not an error.
  await fs.syncDir(dir).catch(() => undefined);
}
