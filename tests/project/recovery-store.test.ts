import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listRecoverable, loadProject, newProject, restoreLatest, saveProject, type SnapshotMeta } from '../../core/project/index.ts';
import { FsRecoveryStore } from '../../cli/recovery-store.ts';
import { explainFsError, nodeAtomicFs, writeFileAtomic, type AtomicFs } from '../../cli/fs.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');
const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(tmpdir(), 'ns-recovery-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const bytesOf = (title: string) => saveProject(newProject('doc', {}, null, title));
const meta = (snapshotId: string, takenAt: number, data: Uint8Array, documentId = 'doc'): SnapshotMeta => ({
  documentId, snapshotId, takenAt, title: snapshotId, originalPath: '/x.netsketch', appVersion: '0.1.0', bytes: data.length,
});
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe('FsRecoveryStore', () => {
  it('put / get / list / remove', async () => {
    const store = new FsRecoveryStore(tempDir());
    const a = bytesOf('a');
    const b = bytesOf('b');
    await store.put(meta('s1', 10, a), a);
    await store.put(meta('s2', 20, b), b);
    await store.put(meta('s1', 30, b, 'other'), b);
    expect(await store.get('doc', 's1')).toEqual(a);
    const { snapshots, problems } = await store.list('doc');
    expect(problems).toEqual([]);
    expect(snapshots.map((s) => s.snapshotId).sort()).toEqual(['s1', 's2']);
    expect((await store.list()).snapshots).toHaveLength(3);
    await store.remove('doc', 's1');
    expect((await store.list('doc')).snapshots.map((s) => s.snapshotId)).toEqual(['s2']);
    await store.remove('doc');
    expect((await store.list('doc')).snapshots).toEqual([]);
    expect((await store.list()).snapshots.map((s) => s.documentId)).toEqual(['other']);
  });

  it('an empty or absent root lists nothing', async () => {
    expect(await new FsRecoveryStore(path.join(tempDir(), 'nope')).list()).toEqual({ snapshots: [], problems: [] });
  });

  it('document ids never become paths outside the root', async () => {
    const root = tempDir();
    const store = new FsRecoveryStore(root);
    const a = bytesOf('a');
    await store.put(meta('s1', 1, a, '../../evil/..'), a);
    expect(store.docDir('../../evil/..').startsWith(root + path.sep)).toBe(true);
    expect(fs.readdirSync(root)).toHaveLength(1);
    expect((await store.list()).snapshots[0].documentId).toBe('../../evil/..');
    expect(await store.get('../../evil/..', 's1')).toEqual(a);
    await expect(store.put(meta('../x', 1, a), a)).rejects.toThrow(/snapshotId must be/);
  });

  it('a damaged snapshot is reported and skipped; recovery falls back to the previous complete one', async () => {
    const root = tempDir();
    const store = new FsRecoveryStore(root);
    const a = bytesOf('older');
    const b = bytesOf('newer');
    await store.put(meta('s1', 10, a), a);
    await store.put(meta('s2', 20, b), b);
    const f2 = path.join(store.docDir('doc'), 's2.nsnap');
    const raw = fs.readFileSync(f2);
    raw[raw.length - 5] ^= 0xff; // data damaged, header intact
    fs.writeFileSync(f2, raw);
    await expect(store.get('doc', 's2')).rejects.toThrow(/does not match its checksum/);
    const r = await restoreLatest(store, 'doc', loadProject);
    expect(r!.value.title).toBe('older');
    expect(r!.skipped[0]).toMatchObject({ snapshotId: 's2' });
    // a truncated file and a foreign file are problems in list(), not failures
    fs.writeFileSync(f2, raw.subarray(0, raw.length - 100));
    fs.writeFileSync(path.join(store.docDir('doc'), 'junk.nsnap'), 'hello');
    const { snapshots, problems } = await store.list('doc');
    expect(snapshots.map((s) => s.snapshotId)).toEqual(['s1']);
    expect(problems.map((p) => p.snapshotId).sort()).toEqual(['junk', 's2']);
    expect(problems.find((p) => p.snapshotId === 's2')!.message).toMatch(/truncated/);
    const rec = await listRecoverable(store);
    expect(rec.documents.map((d) => d.latest.snapshotId)).toEqual(['s1']);
    expect(rec.problems).toHaveLength(2);
  });
});

describe('writeFileAtomic under faults', () => {
  const OLD = new Uint8Array([1, 2, 3]);
  const NEW = new Uint8Array(100_000).fill(7);

  function faulty(step: string, code: string): AtomicFs {
    return {
      open: async (file, flags, mode) => {
        if (step === 'open' && flags === 'wx') throw errno(code);
        if (step === 'dirsync' && flags === 'r') return { writeFile: async () => undefined, sync: async () => { throw errno(code); }, close: async () => undefined };
        const h = await nodeAtomicFs.open(file, flags, mode);
        return {
          writeFile: async (d: Uint8Array) => {
            if (step === 'write') {
              await h.writeFile(d.subarray(0, d.length >> 1)); // a partial write, then the failure
              throw errno(code);
            }
            return h.writeFile(d);
          },
          sync: async () => {
            if (step === 'sync') throw errno(code);
            return h.sync();
          },
          close: async () => {
            await h.close();
            if (step === 'close') throw errno(code);
          },
        };
      },
      rename: async (a, b) => {
        if (step === 'rename') throw errno(code);
        return nodeAtomicFs.rename(a, b);
      },
      unlink: nodeAtomicFs.unlink,
    };
  }

  it.each([
    ['open', 'ENOSPC', /the disk is full/],
    ['write', 'ENOSPC', /the disk is full/],
    ['sync', 'EIO', /EIO/],
    ['close', 'EIO', /EIO/],
    ['rename', 'ENOENT', /the folder no longer exists/],
    ['rename', 'EPERM', /not permitted/],
  ])('a failure at %s (%s) leaves the old file complete and no temp file', async (step, code, reason) => {
    const dir = tempDir();
    const target = path.join(dir, 'p.netsketch');
    fs.writeFileSync(target, OLD);
    const err = await writeFileAtomic(target, NEW, { fs: faulty(step, code), retryDelayMs: 1 }).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(reason);
    expect(err!.message).toMatch(/previous file, if any, was left unchanged/);
    expect(new Uint8Array(fs.readFileSync(target))).toEqual(OLD);
    expect(fs.readdirSync(dir)).toEqual(['p.netsketch']);
  });

  it('a refused directory fsync (some file systems) does not fail a completed save', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'p.netsketch');
    await writeFileAtomic(target, NEW, { fs: faulty('dirsync', 'EINVAL') });
    expect(new Uint8Array(fs.readFileSync(target))).toEqual(NEW);
  });

  it('retries a rename blocked by EBUSY / EACCES (Windows scanners) and then succeeds', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'p.netsketch');
    fs.writeFileSync(target, OLD);
    const codes = ['EBUSY', 'EACCES', 'EPERM'];
    let calls = 0;
    const flaky: AtomicFs = {
      ...nodeAtomicFs,
      rename: async (a, b) => {
        calls++;
        if (codes.length) throw errno(codes.shift()!);
        return nodeAtomicFs.rename(a, b);
      },
    };
    await writeFileAtomic(target, NEW, { fs: flaky, retryDelayMs: 1 });
    expect(calls).toBe(4);
    expect(new Uint8Array(fs.readFileSync(target))).toEqual(NEW);
    expect(fs.readdirSync(dir)).toEqual(['p.netsketch']);
  });

  it('explains errors in words', () => {
    expect(explainFsError(errno('EACCES'))).toMatch(/^permission denied/);
    expect(explainFsError(errno('EROFS'))).toMatch(/read-only/);
    expect(explainFsError(new Error('odd'))).toBe('odd');
  });
});

function runChild(mode: string, arg: string, killAfterSnapshots?: number): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, arg], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterSnapshots !== undefined && out.split('\n').filter((l) => l.startsWith('snap ')).length >= killAfterSnapshots) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out, err }));
  });
}

describe('crashes (child processes killed with SIGKILL)', () => {
  it('killing the app in the middle of its autosave loop leaves only complete snapshots; recovery restores the newest', async () => {
    const root = tempDir();
    const r = await runChild('autosave-loop', root, 8);
    expect(r.signal).toBe('SIGKILL');
    expect(r.err).toBe('');
    const store = new FsRecoveryStore(root);
    const { snapshots, problems } = await store.list();
    expect(problems).toEqual([]);
    expect(snapshots.length).toBeGreaterThanOrEqual(1);
    expect(snapshots.length).toBeLessThanOrEqual(4); // keep 3, plus one written just before its prune
    for (const s of snapshots) expect(loadProject(await store.get(s.documentId, s.snapshotId)).title).toMatch(/^edit \d+$/);
    const written = r.out.split('\n').filter((l) => l.startsWith('snap ')).map((l) => l.slice(5));
    const restored = await restoreLatest(store, 'crash-doc', loadProject);
    expect(restored!.skipped).toEqual([]);
    // the newest complete snapshot is at least as new as the last one the app reported
    expect(restored!.meta.snapshotId >= written[written.length - 1]).toBe(true);
    const { documents } = await listRecoverable(store);
    expect(documents[0].latest.snapshotId).toBe(restored!.meta.snapshotId);
  });

  it('dying between the temp write and the rename keeps the previous snapshot intact', async () => {
    const root = tempDir();
    const r = await runChild('kill-before-rename', root);
    expect(r.signal).toBe('SIGKILL');
    const store = new FsRecoveryStore(root);
    const { snapshots, problems } = await store.list();
    expect(problems).toEqual([]);
    expect(snapshots.map((s) => s.snapshotId)).toEqual(['first']);
    const restored = await restoreLatest(store, 'crash-doc', loadProject);
    expect(restored!.value.title).toBe('first');
    // the orphaned temp file of "second" is left behind, ignored, and swept at the next start
    expect(fs.readdirSync(store.docDir('crash-doc')).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    expect(await store.sweepTempFiles()).toBe(1);
    expect(fs.readdirSync(store.docDir('crash-doc'))).toEqual(['first.nsnap']);
  });

  it('a save interrupted mid-write leaves the old project file intact and loadable', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'mine.netsketch');
    const old = bytesOf('the old one');
    await fsp.writeFile(target, old);
    const r = await runChild('kill-mid-write', target);
    expect(r.signal).toBe('SIGKILL');
    const now = new Uint8Array(fs.readFileSync(target));
    expect(now).toEqual(old);
    expect(loadProject(now).title).toBe('the old one');
    const tmp = fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    expect(tmp).toHaveLength(1); // the half-written new bytes never replaced the file
    expect(fs.statSync(path.join(dir, tmp[0])).size).toBeGreaterThan(0);
  });
});
