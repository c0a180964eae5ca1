// Child process of the training benchmark (bench/training/run.ts), so its memory is measured alone:
//   --mode rss   : LeNet-5 (assets/examples/lenet5-mnist.json) trained for --epochs epochs on the built-in digits
//                  through the TrainingSession; prints per-epoch seconds and RSS, and the peak RSS (maxRSS).
//   --mode stats : the cost of the session's per-layer statistics: epochs of LeNet with statistics never taken
//                  (after the first step), every 100 ms (the app's setting) and on every step, interleaved.
// --kernels js|wasm (default wasm: the package's fast kernels on all cores). Prints one JSON line.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../core/index.ts';
import { TrainingSession } from '../../core/session/session.ts';
import { getBackend } from '../../core/kernels/backend.ts';
import { buffer_pool_stats } from '../../core/tensor/pool.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const arg = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const mode = arg('--mode', 'rss');
const epochs = Number(arg('--epochs', '5'));
const reps = Number(arg('--reps', '2'));
if (arg('--kernels', 'wasm') !== 'js') {
  const { useFastKernels } = await import('../../cli/fast-kernels.ts');
  await useFastKernels();
}
const graph = JSON.parse(readFileSync(join(root, 'assets/examples/lenet5-mnist.json'), 'utf8'));
const mnist = new Uint8Array(readFileSync(join(root, 'assets/datasets/mnist-10k.bin')));
const mb = (b: number) => Math.round(b / 1048576 * 10) / 10;

let trainSamples = 0;

async function session(interval: number, nEpochs: number): Promise<TrainingSession> {
  const s = new TrainingSession({ progressIntervalMs: interval });
  const g = structuredClone(graph);
  g.training.epochs = nEpochs;
  const r = await s.load(g, { mnist });
  if (!r.ok) throw new Error(`lenet5-mnist.json did not load: ${JSON.stringify(r.diagnostics)}`);
  trainSamples = r.trainSamples;
  return s;
}

if (mode === 'rss') {
  const s = await session(100, epochs);
  const rows: Array<{ epoch: number; seconds: number; rssMB: number; epochPeakRssMB: number; heapMB: number; buffersMB: number }> = [];
  // RSS sampled every 20 ms (the loop yields to the event loop every 25 ms): the peak overall and within each epoch.
  let peakSampled = process.memoryUsage().rss;
  let epochPeak = 0;
  const sample = () => { const r = process.memoryUsage().rss; peakSampled = Math.max(peakSampled, r); epochPeak = Math.max(epochPeak, r); };
  const timer = setInterval(sample, 20);
  let seen = 0;
  s.onProgress((snap) => {
    while (snap.history.length > seen) {
      sample();
      const h = snap.history[seen++];
      const m = process.memoryUsage();
      rows.push({ epoch: h.epoch, seconds: h.seconds, rssMB: mb(m.rss), epochPeakRssMB: mb(epochPeak), heapMB: mb(m.heapUsed), buffersMB: mb(m.arrayBuffers) });
      epochPeak = 0;
    }
  });
  const rssBefore = process.memoryUsage().rss;
  await s.start();
  const snap = await s.waitUntilIdle();
  clearInterval(timer);
  console.log(JSON.stringify({
    mode, backend: getBackend().name, epochs: rows, trainSamples, rssBeforeMB: mb(rssBefore),
    peakRssMB: mb(process.resourceUsage().maxRSS * 1024), peakSampledMB: mb(peakSampled), pool: buffer_pool_stats(),
    finalAccuracy: snap.history.at(-1)?.trainAccuracy ?? null,
  }));
} else {
  // Per setting, the seconds of one epoch; settings alternate so machine noise hits them alike.
  const settings: Array<[string, number]> = [['never', 1e12], ['every 100 ms', 100], ['every step', 0]];
  const out: Record<string, number[]> = {};
  const warm = await session(1e12, 1);
  await warm.start();
  await warm.waitUntilIdle();
  for (let r = 0; r < reps; r++) {
    for (const [name, interval] of settings) {
      const s = await session(interval, 1);
      s.onProgress(() => {});
      await s.start();
      const snap = await s.waitUntilIdle();
      const steps = snap.step;
      (out[name] ??= []).push(steps / snap.history[0].seconds);
    }
  }
  console.log(JSON.stringify({ mode, backend: getBackend().name, stepsPerSecond: out }));
}
