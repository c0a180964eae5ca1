import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { processAlive, RecoveryStore } from '../../electron/main/recovery-store.ts';

let root: string;
const DEAD = 999_001;
const ALIVE = 999_002;
const isAlive = (pid: number) => pid === ALIVE;
const bytes = (s: string) => new TextEncoder().encode(s);

beforeEach(() => {
  root = path.join(mkdtempSync(path.join(tmpdir(), 'netsketch-recovery-')), 'recovery');
});
afterEach(() => rmSync(path.dirname(root), { recursive: true, force: true }));

function leftover(documentId: string, pid: number | null, meta: object) {
  const dir = path.join(root, documentId);
  mkdirSync(dir, { recursive: true });
  if (pid !== null) writeFileSync(path.join(dir, 'lock'), JSON.stringify({ pid }));
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
  writeFileSync(path.join(dir, 'project.netsketch'), `bytes of ${documentId}`);
}

describe('RecoveryStore', () => {
  test('writes bytes, meta and a lock with our pid; keeps the copy in memory', async () => {
    const store = new RecoveryStore(root, '0.1.0', 4242, isAlive, () => 1000);
    await store.write('doc-1', 'mnist.netsketch', '/home/u/mnist.netsketch', bytes('v1'));
    await store.write('doc-1', 'mnist.netsketch', '/home/u/mnist.netsketch', bytes('v2'));
    const dir = path.join(root, 'doc-1');
    expect(readFileSync(path.join(dir, 'project.netsketch'), 'utf8')).toBe('v2');
    expect(JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'))).toEqual({
      documentId: 'doc-1', name: 'mnist.netsketch', originalPath: '/home/u/mnist.netsketch', savedAt: 1000, appVersion: '0.1.0',
    });
    expect(JSON.parse(readFileSync(path.join(dir, 'lock'), 'utf8'))).toEqual({ pid: 4242 });
    expect(store.inMemory().map((m) => m.documentId)).toEqual(['doc-1']);
    // Our own copies are not orphans, but they are recoverable (the page may have crashed and reloaded).
    expect(await store.orphans()).toEqual([]);
    expect((await store.recoverable()).map((m) => m.documentId)).toEqual(['doc-1']);
  });

  test('offers copies of dead instances (newest first), not of running ones, and skips damaged folders', async () => {
    leftover('old', DEAD, { documentId: 'old', name: 'a.netsketch', savedAt: 10, originalPath: null });
    leftover('newer', null, { documentId: 'newer', name: 'b.netsketch', savedAt: 20, originalPath: 'relative/b.netsketch' });
    leftover('running', ALIVE, { documentId: 'running', name: 'c.netsketch', savedAt: 30 });
    leftover('damaged', DEAD, { documentId: 'someone-else', name: 'd' });
    mkdirSync(path.join(root, 'not an id'), { recursive: true });
    const store = new RecoveryStore(root, '0.1.0', 4242, isAlive);
    const orphans = await store.orphans();
    expect(orphans.map((m) => m.documentId)).toEqual(['newer', 'old']);
    expect(orphans[0]!.originalPath).toBeNull(); // relative paths are not trusted
  });

  test('reading an orphan takes it over; discarding deletes it', async () => {
    leftover('old', DEAD, { documentId: 'old', name: 'a.netsketch', savedAt: 10, originalPath: '/x/a.netsketch' });
    const store = new RecoveryStore(root, '0.1.0', 4242, isAlive);
    const entry = await store.read('old');
    expect(new TextDecoder().decode(entry.bytes)).toBe('bytes of old');
    expect(entry.meta.originalPath).toBe('/x/a.netsketch');
    expect(JSON.parse(readFileSync(path.join(root, 'old', 'lock'), 'utf8'))).toEqual({ pid: 4242 });
    await store.discard('old');
    expect(existsSync(path.join(root, 'old'))).toBe(false);
    expect(await store.recoverable()).toEqual([]);
  });

  test('refuses copies owned by a running instance and ids that are not path-safe', async () => {
    leftover('running', ALIVE, { documentId: 'running', name: 'c.netsketch', savedAt: 30 });
    const store = new RecoveryStore(root, '0.1.0', 4242, isAlive);
    await expect(store.read('running')).rejects.toThrow(/openRecovery: no recovery copy running is available/);
    await expect(store.write('../escape', 'x', null, bytes('x'))).rejects.toThrow(/documentId "..\/escape" must be 1-64 letters/);
    await expect(store.discard('..')).rejects.toThrow(/must be 1-64 letters/);
  });

  test('processAlive sees this process and not a free pid', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12345)).toBe(false);
  });
});
