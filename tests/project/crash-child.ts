/**
 * Runs in a child process that the recovery-store tests kill (or that kills itself) at a chosen moment:
 *   autosave-loop <root>        edit + autosave every 10 ms until killed; prints "snap <id>" after each snapshot
 *   kill-before-rename <root>   one complete snapshot "first", then dies between the temp write and the rename of "second"
 *   kill-mid-write <file>       replaces <file> atomically but dies halfway through writing the new bytes
 */
import * as fsp from 'node:fs/promises';
import { Autosaver, newProject, saveProject } from '../../core/project/index.ts';
import { FsRecoveryStore } from '../../cli/recovery-store.ts';
import { nodeAtomicFs, writeFileAtomic, type AtomicFs } from '../../cli/fs.ts';

const [mode, target] = process.argv.slice(2);
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};
const project = (title: string, size: number) => {
  const p = newProject('crash-doc', { nodes: [] }, null, title);
  p.training = { padding: Array.from({ length: Math.ceil(size / 500_000) }, () => 'x'.repeat(500_000)) };
  return saveProject(p);
};

if (mode === 'autosave-loop') {
  const store = new FsRecoveryStore(target);
  let n = 0;
  const saver = new Autosaver({
    documentId: 'crash-doc', store, intervalMs: 10, keep: 3,
    timer: { now: () => Date.now(), setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    snapshot: () => project(`edit ${n}`, 300_000 + (n % 7) * 10_000),
    onSnapshot: (m) => process.stdout.write(`snap ${m.snapshotId}\n`),
    onError: (e) => process.stderr.write(`error ${String(e)}\n`),
  });
  setInterval(() => {
    n++;
    saver.markDirty();
  }, 2);
} else if (mode === 'kill-before-rename') {
  const meta = (id: string, bytes: number) => ({ documentId: 'crash-doc', snapshotId: id, takenAt: id === 'first' ? 1 : 2, title: id, originalPath: null, appVersion: 't', bytes });
  const first = project('first', 1000);
  await new FsRecoveryStore(target).put(meta('first', first.length), first);
  const crashing: AtomicFs = { ...nodeAtomicFs, rename: async () => die() };
  const second = project('second', 1000);
  await new FsRecoveryStore(target, { fs: crashing }).put(meta('second', second.length), second);
} else if (mode === 'kill-mid-write') {
  const data = project('new', 4_000_000);
  const crashing: AtomicFs = {
    ...nodeAtomicFs,
    open: async (file, flags, m) => {
      const h = await fsp.open(file, flags, m);
      if (file === target) return h; // the directory fsync is not reached
      return {
        writeFile: async (d: Uint8Array) => {
          await h.write(d, 0, d.length >> 1);
          await h.sync();
          die();
        },
        sync: () => h.sync(),
        close: () => h.close(),
      };
    },
  };
  await writeFileAtomic(target, data, { fs: crashing });
} else {
  throw new Error(`crash-child: unknown mode ${mode}`);
}
