import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FileGrants, RecentFiles } from '../../electron/main/file-grants.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'netsketch-grants-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileGrants', () => {
  test('hands out opaque ids with base names and resolves them back', () => {
    const grants = new FileGrants();
    const a = grants.grant('/home/ada/nets/mnist.netsketch');
    expect(a.name).toBe('mnist.netsketch');
    expect(a.fileId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.fileId).not.toContain('ada');
    expect(grants.grant('/home/ada/nets/../nets/mnist.netsketch').fileId).toBe(a.fileId);
    expect(grants.resolve(a.fileId, 'saveProject')).toBe(path.resolve('/home/ada/nets/mnist.netsketch'));
  });

  test('unknown ids are refused with a hint', () => {
    expect(() => new FileGrants().resolve('abc', 'saveProject')).toThrow(/saveProject: unknown fileId "abc"\. Pick the file with Open… or Save As… first\./);
  });
});

describe('RecentFiles', () => {
  test('keeps the most recent first, without duplicates, up to the limit, across restarts', async () => {
    const store = path.join(dir, 'recent.json');
    const recent = new RecentFiles(store, 3);
    await recent.load();
    for (const p of ['/a/1.netsketch', '/a/2.netsketch', '/a/1.netsketch', '/b/3.netsketch', '/b/4.netsketch']) await recent.add(p);
    expect(recent.list()).toEqual(['/b/4.netsketch', '/b/3.netsketch', '/a/1.netsketch'].map((p) => path.resolve(p)));
    const again = new RecentFiles(store, 3);
    await again.load();
    expect(again.list()).toEqual(recent.list());
    const grants = new FileGrants();
    expect(again.granted(grants).map((r) => [r.name, r.folder])).toEqual([['4.netsketch', 'b'], ['3.netsketch', 'b'], ['1.netsketch', 'a']]);
    const stored = JSON.parse(readFileSync(store, 'utf8')) as { format: string; entries: { path: string }[] };
    expect(stored.format).toBe('netsketch-recent');
    expect(stored.entries.map((e) => e.path)).toEqual(recent.list());
  });

  test('files that went missing stay listed, marked, and come back unmarked when they reappear', async () => {
    const present = new Set(['/p/a.netsketch', '/p/b.netsketch'].map((p) => path.resolve(p)));
    const recent = new RecentFiles(path.join(dir, 'recent.json'), { exists: (p) => present.has(p) });
    await recent.add('/p/a.netsketch');
    await recent.add('/p/b.netsketch');
    present.delete(path.resolve('/p/a.netsketch')); // the drive was unplugged
    const grants = new FileGrants();
    expect(recent.granted(grants).map((r) => [r.name, r.missing ?? false])).toEqual([['b.netsketch', false], ['a.netsketch', true]]);
    present.add(path.resolve('/p/a.netsketch'));
    expect(recent.granted(grants).map((r) => r.missing ?? false)).toEqual([false, false]);
  });

  test('paths that differ only in case are one entry where the file system ignores case', async () => {
    const ci = new RecentFiles(path.join(dir, 'ci.json'), { caseInsensitive: true });
    await ci.add('/Users/u/Model.netsketch');
    await ci.add('/users/U/model.NETSKETCH');
    expect(ci.list()).toEqual([path.resolve('/users/U/model.NETSKETCH')]);
    const cs = new RecentFiles(path.join(dir, 'cs.json'), { caseInsensitive: false });
    await cs.add('/home/u/Model.netsketch');
    await cs.add('/home/u/model.netsketch');
    expect(cs.list()).toHaveLength(2);
  });

  test('a list from a newer Netsketch is not used (and not an error)', async () => {
    const store = path.join(dir, 'recent.json');
    writeFileSync(store, JSON.stringify({ format: 'netsketch-recent', version: 99, entries: [] }));
    const warnings: string[] = [];
    const r = new RecentFiles(store, { warn: (m) => warnings.push(m) });
    await r.load();
    expect(r.list()).toEqual([]);
    expect(warnings.join(' ')).toMatch(/written by a newer Netsketch \(version 99\)/);
  });

  test('a damaged store is ignored; the old bare-array list is read, dropping relative or non-string entries', async () => {
    const store = path.join(dir, 'recent.json');
    writeFileSync(store, '{ not json');
    const r1 = new RecentFiles(store);
    await r1.load();
    expect(r1.list()).toEqual([]);
    writeFileSync(store, JSON.stringify(['/ok/a.netsketch', 'relative.netsketch', 7]));
    const r2 = new RecentFiles(store);
    await r2.load();
    expect(r2.list()).toEqual(['/ok/a.netsketch']);
  });
});
