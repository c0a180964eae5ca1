/**
 * File bytes for Node hosts (CLI, tests, Electron main): atomic writes and size-checked reads.
 *
 * Atomic write (shared/notes/reliability.md §1): resolve symlinks, write a temp file in the same directory
 * (`.<name>.<pid>.<random>.tmp`, opened exclusively with the old file's mode), fsync it, rename it over the target
 * (retrying transient Windows EPERM/EACCES/EBUSY), then fsync the directory on POSIX. On any error the temp file is
 * removed and the target keeps its complete old bytes.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** What to write: bytes, several chunks, or a producer that pushes chunks into a sink (e.g. torch save_to_sink). */
export type WriteSource = Uint8Array | readonly Uint8Array[] | ((sink: (chunk: Uint8Array) => void) => void);

const RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

function resolveTarget(path: string): string {
  try {
    return fs.realpathSync(path);
  } catch {
    return path;
  }
}

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function existingMode(target: string): number {
  try {
    return fs.statSync(target).mode & 0o7777;
  } catch {
    return 0o666;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function renameWithRetry(from: string, to: string): void {
  const deadline = Date.now() + 3000;
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (e: any) {
      if (process.platform !== 'win32' || !RETRY_CODES.has(e?.code) || Date.now() > deadline) throw e;
      sleepSync(delay);
    }
  }
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Write `source` to `path` atomically (synchronously, so a streaming producer such as torch `save_to_sink` can write
 * files larger than one Uint8Array). Throws the underlying error after cleaning up; the old file is untouched.
 */
export function writeFileAtomicSync(path: string, source: WriteSource): void {
  const target = resolveTarget(path);
  const tmp = tempPathFor(target);
  const fd = fs.openSync(tmp, 'wx', existingMode(target));
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
    renameWithRetry(tmp, target);
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
  fsyncDir(dirname(target));
}

/** Async variant for callers that must not block (the Electron main process). */
export async function writeFileAtomic(path: string, source: Uint8Array | readonly Uint8Array[]): Promise<void> {
  const target = resolveTarget(path);
  const tmp = tempPathFor(target);
  const fh = await fsp.open(tmp, 'wx', existingMode(target));
  let closed = false;
  try {
    for (const c of source instanceof Uint8Array ? [source] : source) {
      let off = 0;
      while (off < c.length) off += (await fh.write(c, off, c.length - off)).bytesWritten;
    }
    await fh.sync();
    await fh.close();
    closed = true;
    const deadline = Date.now() + 3000;
    for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
      try {
        await fsp.rename(tmp, target);
        break;
      } catch (e: any) {
        if (process.platform !== 'win32' || !RETRY_CODES.has(e?.code) || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  } catch (e) {
    if (!closed) await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  if (process.platform !== 'win32') {
    const dh = await fsp.open(dirname(target), 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
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
