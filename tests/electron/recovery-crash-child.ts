/**
 * Plays a Netsketch main process that crashes while autosaving (run by recovery-store.test.ts):
 *   <root> <count>  writes recovery copies "edit 1".."edit <count>" of document crash-doc through main's
 *                   RecoveryStore, prints "wrote <n>" after each, then starts writing "edit <count+1>" and is
 *                   killed (SIGKILL) between the temp-file write and the rename: no clean-up code runs.
 */
import { emptyGraph } from '../../core/graph/actions.ts';
import { newProject, saveProject, type JsonObject } from '../../core/project/index.ts';
import { nodeAtomicFs, type AtomicFs } from '../../cli/fs.ts';
import { RecoveryStore } from '../../electron/main/recovery-store.ts';

const [root, countText] = process.argv.slice(2);
const count = Number(countText);
const bytesOf = (title: string) => saveProject(newProject('crash-doc', emptyGraph(title) as unknown as JsonObject, null, title));
let crashing = false;
const fs: AtomicFs = {
  ...nodeAtomicFs,
  rename: async (a, b) => {
    if (crashing) process.kill(process.pid, 'SIGKILL');
    return nodeAtomicFs.rename(a, b);
  },
};
const store = new RecoveryStore(root!, '0.1.0', { storeOptions: { fs } });
for (let n = 1; n <= count; n++) {
  await store.write('crash-doc', `edit ${n}`, '/home/u/crash.netsketch', bytesOf(`edit ${n}`));
  process.stdout.write(`wrote ${n}\n`);
}
crashing = true;
await store.write('crash-doc', `edit ${count + 1}`, '/home/u/crash.netsketch', bytesOf(`edit ${count + 1}`));
process.stdout.write('not killed\n');
