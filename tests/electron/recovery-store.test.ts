// Main's recovery store (electron/main/recovery-store.ts) on top of FsRecoveryStore: one atomic, checksummed
// file per copy (bytes and metadata cannot come from different writes), a ring of copies so a damaged newest one
// falls back, pid locks to tell crashed instances from running ones, and a real crash of a child process.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { nodeAtomicFs, type AtomicFs } from '../../cli/fs.ts';
import { emptyGraph } from '../../core/graph/actions.ts';
import { loadProject, newProject, saveProject, type JsonObject } from '../../core/project/index.ts';
import { processAlive, RecoveryStore, type RecoveryStoreOptions } from '../../electron/main/recovery-store.ts';

let root: string;
const DEAD = 999_001;
const ALIVE = 999_002;
const isAlive = (pid: number) => pid === ALIVE;
/** A real .netsketch project whose title tells the versions apart. */
const project = (title: string) => saveProject(newProject('doc', emptyGraph(title) as unknown as JsonObject, null, title));
const titleOf = (bytes: Uint8Array) => loadProject(bytes).title;
const warnings: string[] = [];
const store = (pid: number, extra: RecoveryStoreOptions = {}) =>
  new RecoveryStore(root, '0.1.0', { pid, isAlive, warn: (m) => warnings.push(m), ...extra });
const snapshotFiles = (documentId: string) => readdirSync(path.join(root, documentId)).filter((n) => n.endsWith('.nsnap')).sort();
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

beforeEach(() => {
  root = path.join(mkdtempSync(path.join(tmpdir(), 'netsketch-recovery-')), 'recovery');
  warnings.length = 0;
});
afterEach(() => rmSync(path.dirname(root), { recursive: true, force: true }));

function lock(documentId: string, pid: number) {
  writeFileSync(path.join(root, documentId, 'lock'), JSON.stringify({ pid }));
}

describe('RecoveryStore (main) on FsRecoveryStore', () => {
  test('each copy is one snapshot file; the newest three are kept; the lock names our pid; copies stay in memory', async () => {
    let t = 1000;
    const s = store(4242, { now: () => t++ });
    for (let v = 1; v <= 5; v++) await s.write('doc-1', `v${v}`, '/home/u/mnist.netsketch', project(`v${v}`));
    const files = snapshotFiles('doc-1');
    expect(files).toHaveLength(3);
    expect(readdirSync(path.join(root, 'doc-1')).sort()).toEqual([...files, 'lock'].sort());
    expect(JSON.parse(readFileSync(path.join(root, 'doc-1', 'lock'), 'utf8'))).toMatchObject({ pid: 4242 });
    expect(s.inMemory()).toEqual([{ documentId: 'doc-1', name: 'v5', originalPath: '/home/u/mnist.netsketch', savedAt: 1004, appVersion: '0.1.0' }]);
    // Our own copies are not orphans, but they are recoverable (the page may have crashed and reloaded).
    expect(await s.orphans()).toEqual([]);
    expect((await s.recoverable()).map((m) => m.name)).toEqual(['v5']);
    // What is on disk: a new instance (this one "crashed") restores the newest.
    const next = store(7, { now: () => t++ });
    expect(await next.orphans()).toEqual([{ documentId: 'doc-1', name: 'v5', originalPath: '/home/u/mnist.netsketch', savedAt: 1004, appVersion: '0.1.0' }]);
    expect(titleOf((await next.read('doc-1')).bytes)).toBe('v5');
  });

  test('a write that fails before its rename leaves the previous copy complete, bytes and metadata together', async () => {
    const first = store(4242, { now: () => 10 });
    await first.write('doc-1', 'before', null, project('before'));
    let fail = true;
    const failing: AtomicFs = { ...nodeAtomicFs, rename: async (a, b) => (fail ? Promise.reject(errno('ENOSPC')) : nodeAtomicFs.rename(a, b)) };
    const s = store(4242, { now: () => 20, storeOptions: { fs: failing, renameAttempts: 1 } });
    await expect(s.write('doc-1', 'after', '/x/after.netsketch', project('after'))).rejects.toThrow(/the disk is full/);
    fail = false;
    // The failed copy is still in this instance's memory (the newest the renderer sent)...
    expect(titleOf((await s.read('doc-1')).bytes)).toBe('after');
    // ...and a crashed instance's successor finds the complete older copy, with its own title and time.
    const next = store(7);
    const [meta] = await next.orphans();
    expect(meta).toEqual({ documentId: 'doc-1', name: 'before', originalPath: null, savedAt: 10, appVersion: '0.1.0' });
    expect(titleOf((await next.read('doc-1')).bytes)).toBe('before');
    expect(readdirSync(path.join(root, 'doc-1')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('a torn newest copy falls back to the one before it and says which was skipped', async () => {
    let t = 100;
    const s = store(DEAD, { now: () => t++ });
    await s.write('doc-1', 'good', null, project('good'));
    await s.write('doc-1', 'torn', null, project('torn'));
    const newest = snapshotFiles('doc-1').at(-1)!;
    truncateSync(path.join(root, 'doc-1', newest), 40);
    const next = store(7);
    expect((await next.orphans()).map((m) => m.name)).toEqual(['good']);
    const entry = await next.read('doc-1');
    expect(titleOf(entry.bytes)).toBe('good');
    expect(entry.skipped.map((p) => p.message).join(' ')).toMatch(/damaged/);
    expect(warnings.join('\n')).toMatch(/damaged and skipped/);
  });

  test('a newest copy that is intact on disk but does not open as a project is skipped too', async () => {
    let t = 100;
    const s = store(DEAD, { now: () => t++ });
    await s.write('doc-1', 'good', null, project('good'));
    await s.write('doc-1', 'garbage', null, new TextEncoder().encode('{"not":"a project"}'));
    const entry = await store(7).read('doc-1');
    expect(titleOf(entry.bytes)).toBe('good');
    expect(entry.skipped).toHaveLength(1);
    expect(entry.skipped[0]!.message).toMatch(/no valid "schemaVersion"/);
  });

  test('a bare graph document (JSON, which the editor also opens) is a usable copy', async () => {
    const graph = new TextEncoder().encode(JSON.stringify(emptyGraph('as json')));
    await store(DEAD).write('doc-1', 'as json', null, graph);
    expect((await store(7).read('doc-1')).bytes).toEqual(graph);
  });

  test('when no copy opens, the refusal names every reason', async () => {
    const s = store(DEAD, { now: () => 5 });
    await s.write('doc-1', 'garbage', null, new Uint8Array([1, 2, 3]));
    await expect(store(7).read('doc-1')).rejects.toThrow(/openRecovery: no usable recovery copy of doc-1 .*every copy is damaged: .*not a \.netsketch project/);
  });

  test('offers copies of dead instances and of lock-less folders (newest first), never of running ones', async () => {
    let t = 10;
    for (const [id, pid] of [['old', DEAD], ['newer', null], ['running', ALIVE]] as const) {
      await store(ALIVE + 1, { now: () => t++ }).write(id, `${id}.netsketch`, 'relative/path.netsketch', project(id));
      if (pid === null) rmSync(path.join(root, id, 'lock'));
      else lock(id, pid);
    }
    mkdirSync(path.join(root, 'empty'), { recursive: true });
    const orphans = await store(4242).orphans();
    expect(orphans.map((m) => m.documentId)).toEqual(['newer', 'old']);
    expect(orphans[0]!.originalPath).toBeNull(); // relative paths are not trusted
    await expect(store(4242).read('running')).rejects.toThrow(/belongs to another running Netsketch window/);
  });

  test('reading an orphan takes it over; discarding deletes it', async () => {
    await store(DEAD).write('old', 'a.netsketch', '/x/a.netsketch', project('a'));
    const s = store(4242);
    const entry = await s.read('old');
    expect(titleOf(entry.bytes)).toBe('a');
    expect(entry.meta.originalPath).toBe('/x/a.netsketch');
    expect(JSON.parse(readFileSync(path.join(root, 'old', 'lock'), 'utf8'))).toMatchObject({ pid: 4242 });
    // Taken over: another instance now sees a running owner.
    expect(await new RecoveryStore(root, '0.1.0', { pid: 5, isAlive: (p) => p === 4242 }).orphans()).toEqual([]);
    await s.discard('old');
    expect(existsSync(path.join(root, 'old'))).toBe(false);
    expect(await s.recoverable()).toEqual([]);
  });

  test('refuses ids that are not path-safe and a ring too small to survive a torn copy', async () => {
    const s = store(4242);
    await expect(s.write('../escape', 'x', null, project('x'))).rejects.toThrow(/documentId "..\/escape" must be 1-64 letters/);
    await expect(s.discard('..')).rejects.toThrow(/must be 1-64 letters/);
    expect(() => store(1, { keep: 1 })).toThrow(/keep must be a whole number ≥ 2/);
  });

  test('sweep removes temp files of interrupted writes and nothing else', async () => {
    await store(DEAD).write('doc-1', 'a', null, project('a'));
    writeFileSync(path.join(root, 'doc-1', '.0001-000000.nsnap.77.abcdef.tmp'), 'half a snapshot');
    const before = snapshotFiles('doc-1');
    expect(await store(4242).sweep()).toBe(1);
    expect(readdirSync(path.join(root, 'doc-1')).sort()).toEqual([...before, 'lock'].sort());
  });

  test('copies in the first layout (project.netsketch + meta.json) are converted to snapshots once', async () => {
    const dir = path.join(root, 'old-doc');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'project.netsketch'), project('from 0.0.x'));
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ documentId: 'old-doc', name: 'old.netsketch', originalPath: '/home/u/old.netsketch', savedAt: 77, appVersion: '0.0.9' }));
    writeFileSync(path.join(dir, 'lock'), JSON.stringify({ pid: DEAD }));
    const bad = path.join(root, 'bad-doc');
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, 'project.netsketch'), 'x');
    writeFileSync(path.join(bad, 'meta.json'), '{ torn');
    const s = store(4242);
    expect(await s.importLegacy()).toEqual(['old-doc']);
    expect(await s.importLegacy()).toEqual([]);
    expect(warnings.join('\n')).toMatch(/bad-doc in the old layout could not be converted/);
    expect(readdirSync(dir).sort()).toEqual(['000000000000077-legacy.nsnap', 'lock']);
    expect(await s.orphans()).toEqual([{ documentId: 'old-doc', name: 'old.netsketch', originalPath: '/home/u/old.netsketch', savedAt: 77, appVersion: '0.0.9' }]);
    expect(titleOf((await s.read('old-doc')).bytes)).toBe('from 0.0.x');
  });

  test('processAlive sees this process and not a free pid', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12345)).toBe(false);
  });
});

describe('a crashed main process', () => {
  test('killed mid-autosave: the next launch sweeps its temp file and restores the last complete copy', async () => {
    const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'recovery-crash-child.ts');
    const result = await new Promise<{ signal: NodeJS.Signals | null; out: string; err: string }>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, root, '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      p.on('error', reject);
      p.on('exit', (_code, signal) => resolve({ signal, out, err }));
    });
    expect(result.err).toBe('');
    expect(result.signal).toBe('SIGKILL');
    expect(result.out.trim().split('\n')).toEqual(['wrote 1', 'wrote 2', 'wrote 3', 'wrote 4']);
    const dir = path.join(root, 'crash-doc');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toHaveLength(1); // the write the kill interrupted

    const next = new RecoveryStore(root, '0.1.0', { warn: (m) => warnings.push(m) }); // real pid check: the child is dead
    expect(await next.sweep()).toBe(1);
    const offered = await next.recoverable();
    expect(offered.map((m) => [m.documentId, m.name, m.originalPath])).toEqual([['crash-doc', 'edit 4', '/home/u/crash.netsketch']]);
    const entry = await next.read('crash-doc');
    expect(titleOf(entry.bytes)).toBe('edit 4');
    expect(entry.skipped).toEqual([]);
    expect(entry.meta.savedAt).toBe(offered[0]!.savedAt);
  });
});
