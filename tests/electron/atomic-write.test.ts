import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
// cli/fs.ts's writeFileAtomic: the one atomic writer of the CLI, the recovery store and Electron's main process.
import { nodeAtomicFs, writeFileAtomic, type AtomicFs } from '../../cli/fs.ts';

const atomicWriteFile = writeFileAtomic;
const nodeFs = nodeAtomicFs;
type AtomicWriteFs = AtomicFs;

let dir: string;
let target: string;
const OLD = 'old project contents\n';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'netsketch-atomic-'));
  target = path.join(dir, 'model.netsketch');
  writeFileSync(target, OLD);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe('atomicWriteFile', () => {
  test('replaces the file and leaves no temporary file', async () => {
    await atomicWriteFile(target, new Uint8Array([110, 101, 119]));
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['model.netsketch']);
  });

  test('creates new files and keeps the permission bits of existing ones', async () => {
    chmodSync(target, 0o600);
    await atomicWriteFile(target, 'x');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const fresh = path.join(dir, 'fresh.pt');
    await atomicWriteFile(fresh, 'y');
    expect(readFileSync(fresh, 'utf8')).toBe('y');
  });

  test('a failure in the middle of writing leaves the old file intact and removes the temp file', async () => {
    const failing: AtomicWriteFs = {
      ...nodeFs,
      open: async (file, flags, mode) => {
        const handle = await nodeFs.open(file, flags, mode);
        return {
          // Write half of the data for real, then fail like a full disk would.
          writeFile: async (data) => {
            const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
            await handle.writeFile(bytes.subarray(0, bytes.length >> 1));
            throw errno('ENOSPC');
          },
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
    };
    await expect(atomicWriteFile(target, 'new contents that never fully arrive', { fs: failing }))
      .rejects.toThrow(/^Could not save .*model\.netsketch: the disk is full; free some space and save again \(ENOSPC\)\. The previous file, if any, was left unchanged\.$/);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['model.netsketch']);
  });

  test('a failing fsync also leaves the old file intact', async () => {
    const failing: AtomicWriteFs = {
      ...nodeFs,
      open: async (file, flags, mode) => {
        const handle = await nodeFs.open(file, flags, mode);
        return { writeFile: (d) => handle.writeFile(d), sync: async () => { throw errno('EIO'); }, close: () => handle.close() };
      },
    };
    await expect(atomicWriteFile(target, 'new', { fs: failing })).rejects.toThrow(/EIO/);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['model.netsketch']);
  });

  test('retries a rename refused with EPERM/EBUSY (Windows file locks)', async () => {
    const codes = ['EPERM', 'EBUSY'];
    let calls = 0;
    const flaky: AtomicWriteFs = {
      ...nodeFs,
      rename: async (from, to) => {
        calls++;
        const code = codes.shift();
        if (code) throw errno(code);
        return nodeFs.rename(from, to);
      },
    };
    await atomicWriteFile(target, 'after retries', { fs: flaky, retryDelayMs: 1 });
    expect(calls).toBe(3);
    expect(readFileSync(target, 'utf8')).toBe('after retries');
    expect(readdirSync(dir)).toEqual(['model.netsketch']);
  });

  test('gives up after the retry budget and keeps the old file', async () => {
    let calls = 0;
    const locked: AtomicWriteFs = { ...nodeFs, rename: async () => { calls++; throw errno('EBUSY'); } };
    await expect(atomicWriteFile(target, 'new', { fs: locked, renameAttempts: 3, retryDelayMs: 1 })).rejects.toThrow(/EBUSY/);
    expect(calls).toBe(3);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['model.netsketch']);
  });

  test.each(['stat', 'open', 'writeFile', 'sync', 'close', 'rename'])('a crash-like failure at %s leaves the old file complete', async (step) => {
    const fail = async (): Promise<never> => { throw errno('EIO'); };
    const injected: AtomicWriteFs = {
      ...nodeFs,
      stat: step === 'stat' ? fail : nodeFs.stat,
      rename: step === 'rename' ? fail : nodeFs.rename,
      open: async (file, flags, mode) => {
        if (step === 'open') return fail();
        const handle = await nodeFs.open(file, flags, mode);
        return {
          writeFile: step === 'writeFile' ? fail : (d) => handle.writeFile(d),
          sync: step === 'sync' ? fail : () => handle.sync(),
          close: step === 'close' ? async () => { await handle.close(); return fail(); } : () => handle.close(),
        };
      },
    };
    const result = atomicWriteFile(target, 'new contents', { fs: injected, retryDelayMs: 1 });
    if (step === 'stat') {
      // stat only reads the old mode; the write goes on with the default mode.
      await result;
      expect(readFileSync(target, 'utf8')).toBe('new contents');
    } else {
      await expect(result).rejects.toThrow(/EIO.*previous file, if any, was left unchanged/);
      expect(readFileSync(target, 'utf8')).toBe(OLD);
    }
    expect(readdirSync(dir)).toEqual(['model.netsketch']);
  });

  test('flushes the folder after the rename; a failing flush does not fail the save', async () => {
    const order: string[] = [];
    const tracing: AtomicWriteFs = {
      ...nodeFs,
      rename: async (a, b) => { order.push('rename'); await nodeFs.rename(a, b); },
      syncDir: async (d) => { order.push(`syncDir ${d === dir}`); throw errno('EINVAL'); },
    };
    await atomicWriteFile(target, 'durable', { fs: tracing });
    expect(order).toEqual(['rename', 'syncDir true']);
    expect(readFileSync(target, 'utf8')).toBe('durable');
  });

  test('does not retry errors that will not go away', async () => {
    let calls = 0;
    const missing: AtomicWriteFs = { ...nodeFs, rename: async () => { calls++; throw errno('ENOENT'); } };
    await expect(atomicWriteFile(target, 'new', { fs: missing, retryDelayMs: 1 })).rejects.toThrow(/ENOENT/);
    expect(calls).toBe(1);
  });

  test.each([
    ['ENOSPC', 'the disk is full'],
    ['EACCES', 'permission denied; choose a folder you can write to'],
    ['ENOENT', 'the folder no longer exists'],
    ['EROFS', 'the disk is read-only'],
  ])('explains %s in words and says the old file is intact', async (code, words) => {
    const failing: AtomicWriteFs = { ...nodeFs, open: async () => { throw errno(code); } };
    const err = await atomicWriteFile(target, 'new', { fs: failing }).then(() => null, (e: Error) => e);
    expect(err!.message).toContain(`: ${words}`);
    expect(err!.message).toContain(`(${code}). The previous file, if any, was left unchanged.`);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
  });

  test('a real missing folder is reported as gone', async () => {
    await expect(atomicWriteFile(path.join(dir, 'unplugged-drive', 'x.netsketch'), 'new')).rejects.toThrow(/the folder no longer exists .*\(ENOENT\)/);
  });

  test('saving through a symlink replaces the file it points to and keeps the link', async () => {
    const real = path.join(dir, 'projects', 'real.netsketch');
    mkdirSync(path.dirname(real));
    writeFileSync(real, OLD);
    const link = path.join(dir, 'link.netsketch');
    symlinkSync(real, link);
    await atomicWriteFile(link, 'through the link');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('through the link');
    expect(readdirSync(path.dirname(real))).toEqual(['real.netsketch']);
  });
});

describe('writeFileAtomic folder flush', () => {
  test('a folder flush that fails after the rename does not claim the old file was kept', async () => {
    const failingDirSync: AtomicFs = {
      ...nodeAtomicFs,
      open: async (file, flags, mode) => {
        if (flags === 'r') return { writeFile: async () => undefined, sync: async () => { throw errno('EIO'); }, close: async () => undefined };
        return nodeAtomicFs.open(file, flags, mode);
      },
    };
    const err = await writeFileAtomic(target, new TextEncoder().encode('new'), { fs: failingDirSync }).then(() => null, (e: Error) => e);
    expect(err!.message).toMatch(/^Wrote .*model\.netsketch, but its folder could not be flushed to disk: EIO: simulated\. The new file is in place/);
    expect(err!.message).not.toMatch(/left unchanged/);
    expect(readFileSync(target, 'utf8')).toBe('new');
  });
});
