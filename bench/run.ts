// Kernel benchmark: `npm run bench` (node bin/run-ts.mjs bench/run.ts [--rounds N] [--quick]).
// SGEMM 512³ / 1024³ and Conv2d "W5" (64→64, 3×3, pad 1, 32×32, batch 32: forward, grad input, grad weight) on the
// JS reference, our wasm kernels (plain SIMD128 and relaxed-SIMD FMA, 1 thread and all cores), tfjs-backend-cpu and
// tfjs-backend-wasm (XNNPACK; loaded from node_modules, no download). Runs are interleaved round-robin over engines
// so machine noise hits everyone alike; each cell is the median over rounds of the mean time within a round.
// Relaxed SIMD is behind --experimental-wasm-relaxed-simd on Node 20; the bench turns that V8 flag on for itself
// (the product only detects it). --quick skips the slow JS reference and tfjs-cpu engines; --all adds tfjs-cpu's
// conv weight gradient (about 10 minutes per call); --cpu-time measures CPU time instead of wall time.
import v8 from 'node:v8';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flops, jsReferenceEngine, tfjsEngine, wasmEngine, type Engine, type Workload } from './engines.ts';
import type { Conv2dGeometry } from '../core/kernels/backend.ts';

v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
const { createNodeWasmBackend } = await import('../cli/kernel-threads.ts');

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) > 0 && args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
const quick = args.includes('--quick');
// tfjs-cpu's Conv2DBackpropFilter on W5 took 572 s for one call here; it runs only with --all.
const all = args.includes('--all');
// --cpu-time: time = CPU time of this process per call. Robust when other processes load the machine, but only
// meaningful for single-threaded engines, so the multi-threaded ones are left out.
const cpuTime = args.includes('--cpu-time');
const cores = availableParallelism();
const loadBefore = loadavg()[0];

const w5: Conv2dGeometry = { N: 32, C: 64, H: 32, W: 32, O: 64, kH: 3, kW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1,
  dilationH: 1, dilationW: 1, groups: 1, outH: 32, outW: 32 };
const workloads: Workload[] = [
  { kind: 'gemm', name: 'SGEMM 512³', n: 512 },
  { kind: 'gemm', name: 'SGEMM 1024³', n: 1024 },
  { kind: 'conv', name: 'Conv2d W5 forward', g: w5, pass: 'forward' },
  { kind: 'conv', name: 'Conv2d W5 grad input', g: w5, pass: 'input' },
  { kind: 'conv', name: 'Conv2d W5 grad weight', g: w5, pass: 'weight' },
];

const engines: Engine[] = [];
if (!quick) engines.push(jsReferenceEngine());
const disposers: Array<() => void> = [];
for (const simd of ['simd', 'relaxed'] as const) {
  for (const threads of cpuTime ? [1] : [1, cores]) {
    const be = await createNodeWasmBackend({ threads, simd }).catch((e) => { console.log(`wasm ${simd}: ${e.message}`); return null; });
    if (!be) continue;
    disposers.push(() => be.dispose());
    engines.push(wasmEngine(`wasm ${simd === 'simd' ? 'SIMD128' : 'relaxed'} ${be.threads}T`, be));
  }
}
const tf = await import('@tensorflow/tfjs-core');
if (!quick) {
  await import('@tensorflow/tfjs-backend-cpu');
  engines.push(tfjsEngine('tfjs-cpu', tf, 'cpu'));
}
const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
setWasmPaths(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
if (await tf.setBackend('wasm')) {
  engines.push(tfjsEngine(`tfjs-wasm ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'MT' : '1T'}`, tf, 'wasm'));
}

// prepare and warm up (one untimed run each); an engine that throws is marked unsupported
const runs = new Map<string, () => void>();
const notes = new Map<string, string>();
const samples = new Map<string, number[]>();
const slow = new Set<string>();
for (const w of workloads) {
  for (const e of engines) {
    const key = `${e.name}|${w.name}`;
    if (!all && e.name === 'tfjs-cpu' && w.kind === 'conv' && w.pass === 'weight') { notes.set(key, 'skipped'); continue; }
    const fn = e.prepare(w);
    if (!fn) { notes.set(key, '—'); continue; }
    try {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      fn();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      // Very slow cells (the JS reference, tfjs-cpu's conv gradients) are timed once, by this warm-up run.
      if (ms > 3000) { samples.set(key, [cpuTime ? (cpu.user + cpu.system) / 1000 : ms]); slow.add(key); } else runs.set(key, fn);
    } catch (err) {
      notes.set(key, 'error');
      console.log(`${e.name} / ${w.name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
}

for (let r = 0; r < rounds; r++) {
  for (const w of workloads) {
    for (const e of engines) {
      const key = `${e.name}|${w.name}`;
      const fn = runs.get(key);
      if (!fn) continue;
      let reps = 0;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      do { fn(); reps++; } while (performance.now() - t0 < 150);
      const cpu = process.cpuUsage(c0);
      const ms = (cpuTime ? (cpu.user + cpu.system) / 1000 : performance.now() - t0) / reps;
      (samples.get(key) ?? samples.set(key, []).get(key)!).push(ms);
    }
  }
  process.stderr.write(`round ${r + 1}/${rounds} done\n`);
}
for (const d of disposers) d();

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const gflops = (e: Engine, w: Workload): number | null => {
  const s = samples.get(`${e.name}|${w.name}`);
  return s ? flops(w) / (median(s) * 1e6) : null;
};

console.log(`\nNode ${process.version}, ${cores} cores, ${rounds} rounds. GFLOP/s (higher is better); ms per call in parentheses;` +
  ' * = single run (over 3 s); — = engine has no such kernel; error = kernel missing at run time; skipped = see --all.');
if (cpuTime) console.log('Times are process CPU time per call (--cpu-time), single-threaded engines only.');
console.log(`Load average (1 min) before/after: ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)}; other processes share these cores.\n`);
const header = ['workload', ...engines.map((e) => e.name)];
const rows = workloads.map((w) => [w.name, ...engines.map((e) => {
  const g = gflops(e, w);
  const key = `${e.name}|${w.name}`;
  return g === null ? (notes.get(key) ?? '—') : `${g.toFixed(1)} (${median(samples.get(key)!).toFixed(1)})${slow.has(key) ? '*' : ''}`;
})]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
console.log(line(header));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const r of rows) console.log(line(r));

// ratios of our best wasm engine against the peers
const ours = engines.filter((e) => e.name.startsWith('wasm'));
const peers = engines.filter((e) => !e.name.startsWith('wasm'));
console.log('\nRatios (our engine ÷ peer, same workload):');
for (const w of workloads) {
  const parts: string[] = [];
  for (const o of ours) {
    const go = gflops(o, w);
    if (go === null) continue;
    const rs = peers.map((p) => { const gp = gflops(p, w); return gp === null ? null : `${(go / gp).toFixed(1)}× ${p.name}`; }).filter(Boolean);
    if (rs.length) parts.push(`  ${o.name}: ${rs.join(', ')}`);
  }
  if (parts.length) console.log(`${w.name}\n${parts.join('\n')}`);
}

// Part 2: graph validation, which the editor re-runs on every edit (budget: well under 50 ms for 200 nodes).
console.log('\n## Graph validation (editor)\n');
const { runValidateBench } = await import('./graph-validate.ts');
runValidateBench(rounds);

// Part 3: whole training steps (W1–W3 against TensorFlow.js and real PyTorch), LeNet epochs, peak RSS and the cost
// of live statistics. `--kernels-only` stops after the kernel and validation tables.
if (!args.includes('--kernels-only')) {
  console.log('\n## Training steps\n');
  const { runTrainingBench } = await import('./training/run.ts');
  await runTrainingBench({ rounds, quick, all });
}
process.exit(0);
