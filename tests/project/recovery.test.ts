import { describe, expect, it } from 'vitest';
import {
  Autosaver, MemoryRecoveryStore, listRecoverable, restoreLatest, loadProject, saveProject, newProject,
  type RecoveryStore, type SnapshotMeta,
} from '../../core/project/index.ts';
import { FakeTimer, settle } from './fake-timer.ts';

function setup(opts: { keep?: number; store?: RecoveryStore } = {}) {
  const timer = new FakeTimer();
  const store = opts.store ?? new MemoryRecoveryStore();
  let title = 'v0';
  const errors: unknown[] = [];
  const saver = new Autosaver({
    documentId: 'doc-1', store, timer, intervalMs: 5000, keep: opts.keep ?? 3, appVersion: '0.1.0',
    snapshot: () => saveProject(newProject('doc-1', { title }, null, title)),
    describe: () => ({ title, originalPath: '/home/u/a.netsketch' }),
    onError: (e) => errors.push(e),
  });
  const edit = (t: string) => {
    title = t;
    saver.markDirty();
  };
  return { timer, store, saver, edit, errors };
}

async function titles(store: RecoveryStore): Promise<string[]> {
  const { snapshots } = await store.list('doc-1');
  const out: string[] = [];
  for (const s of snapshots.sort((a, b) => b.takenAt - a.takenAt)) out.push(loadProject(await store.get('doc-1', s.snapshotId)).title);
  return out;
}

describe('Autosaver', () => {
  it('writes nothing while the document is clean', async () => {
    const { timer, store } = setup();
    await timer.advance(60_000);
    expect((await store.list()).snapshots).toEqual([]);
  });

  it('writes one snapshot per interval while dirty, with the time it was taken', async () => {
    const { timer, store, edit } = setup();
    edit('a');
    edit('b');
    await timer.advance(4999);
    expect((await store.list()).snapshots).toHaveLength(0);
    await timer.advance(1);
    const { snapshots } = await store.list('doc-1');
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0].takenAt).toBe(1_000_000 + 5000);
    expect(snapshots[0]).toMatchObject({ documentId: 'doc-1', title: 'b', originalPath: '/home/u/a.netsketch', appVersion: '0.1.0' });
    expect(await titles(store)).toEqual(['b']);
    // no further edits: no further snapshots
    await timer.advance(30_000);
    expect((await store.list()).snapshots).toHaveLength(1);
    edit('c');
    await timer.advance(5000);
    expect(await titles(store)).toEqual(['c', 'b']);
  });

  it('keeps only the last K snapshots', async () => {
    const { timer, store, edit } = setup({ keep: 2 });
    for (const t of ['a', 'b', 'c', 'd']) {
      edit(t);
      await timer.advance(5000);
    }
    expect(await titles(store)).toEqual(['d', 'c']);
  });

  it('a successful save clears the snapshots and stops autosave; edits during the save keep it going', async () => {
    const { timer, store, edit, saver } = setup();
    edit('a');
    await timer.advance(5000);
    const v = saver.version;
    edit('b'); // arrives while the save of version v is in flight
    await saver.markSaved(v);
    expect((await store.list()).snapshots).toEqual([]);
    expect(saver.dirty).toBe(true);
    await timer.advance(5000);
    expect(await titles(store)).toEqual(['b']);
    await saver.markSaved();
    expect(saver.dirty).toBe(false);
    expect((await store.list()).snapshots).toEqual([]);
    await timer.advance(60_000);
    expect((await store.list()).snapshots).toEqual([]);
    expect(timer.pending.size).toBe(0);
  });

  it('flush() writes at once (before quit / on blur); discard() clears', async () => {
    const { store, edit, saver, timer } = setup();
    edit('a');
    const meta = await saver.flush();
    expect(meta?.title).toBe('a');
    expect(await saver.flush()).toBeNull(); // nothing new
    expect(await titles(store)).toEqual(['a']);
    await saver.discard();
    expect(saver.dirty).toBe(false);
    expect((await store.list()).snapshots).toEqual([]);
    await timer.advance(10_000);
    expect((await store.list()).snapshots).toEqual([]);
  });

  it('a failing store is reported, the document stays dirty, and the next interval retries', async () => {
    const inner = new MemoryRecoveryStore();
    let failures = 1;
    const flaky: RecoveryStore = {
      put: async (m, d) => {
        if (failures-- > 0) throw new Error('ENOSPC: disk full');
        return inner.put(m, d);
      },
      get: (a, b) => inner.get(a, b),
      list: (a) => inner.list(a),
      remove: (a, b) => inner.remove(a, b),
    };
    const { timer, edit, errors, saver } = setup({ store: flaky });
    edit('a');
    await timer.advance(5000);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/ENOSPC/);
    expect(saver.snapshotDue).toBe(true);
    await timer.advance(5000);
    expect(await titles(inner)).toEqual(['a']);
  });

  it('store operations never overlap (a slow put finishes before the save clears)', async () => {
    const inner = new MemoryRecoveryStore();
    let active = 0;
    let maxActive = 0;
    const slow: RecoveryStore = {
      put: async (m, d) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await settle();
        await inner.put(m, d);
        active--;
      },
      get: (a, b) => inner.get(a, b),
      list: (a) => inner.list(a),
      remove: async (a, b) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await inner.remove(a, b);
        active--;
      },
    };
    const { edit, saver } = setup({ store: slow });
    edit('a');
    const f = saver.flush();
    const s = saver.markSaved();
    await Promise.all([f, s]);
    expect(maxActive).toBe(1);
    expect((await inner.list()).snapshots).toEqual([]); // the clear came after the put
  });
});

describe('start-up recovery', () => {
  const meta = (documentId: string, takenAt: number, title: string): SnapshotMeta => ({
    documentId, snapshotId: `s${takenAt}`, takenAt, title, originalPath: null, appVersion: '0.1.0', bytes: 0,
  });

  it('lists documents newest first, each with its snapshots newest first', async () => {
    const store = new MemoryRecoveryStore();
    await store.put(meta('a', 100, 'A old'), new Uint8Array());
    await store.put(meta('a', 300, 'A new'), new Uint8Array());
    await store.put(meta('b', 200, 'B'), new Uint8Array());
    const { documents, problems } = await listRecoverable(store);
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.documentId, d.title, d.latest.takenAt])).toEqual([['a', 'A new', 300], ['b', 'B', 200]]);
    expect(documents[0].snapshots.map((s) => s.takenAt)).toEqual([300, 100]);
  });

  it('restoreLatest skips a damaged newest snapshot and restores the previous complete one', async () => {
    const store = new MemoryRecoveryStore();
    const good = saveProject(newProject('a', {}, null, 'good'));
    await store.put({ ...meta('a', 100, 'good'), bytes: good.length }, good);
    const torn = good.subarray(0, 40);
    await store.put({ ...meta('a', 200, 'torn'), bytes: torn.length }, torn);
    const r = await restoreLatest(store, 'a', (b) => loadProject(b));
    expect(r!.value.title).toBe('good');
    expect(r!.meta.takenAt).toBe(100);
    expect(r!.skipped).toHaveLength(1);
    expect(r!.skipped[0].message).toMatch(/loadProject/);
    expect(await restoreLatest(store, 'nothing', loadProject)).toBeNull();
  });
});
