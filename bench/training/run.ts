// Training benchmark (issue 6): `node bin/run-ts.mjs bench/training/run.ts [--rounds N] [--cell-ms MS] [--quick]
// [--all] [--no-torch] [--no-tfjs] [--no-memory] [--only W1,W2]`, or runTrainingBench(opts) from bench/run.ts.
//
// Steps/s of one SGD training step (zero_grad, forward, CrossEntropyLoss, backward, step, loss read back) for
//   W1 MLP 784-256-128-10 (batch 64), W2 LeNet-5 1×28×28 (batch 64), W3 small CNN 3×32×32 (batch 32)
// on Netsketch (JS kernels; wasm SIMD on 1 thread and on all cores), TensorFlow.js (cpu and wasm backends, wasm
// files from node_modules) and real PyTorch (/usr/bin/python3, 1 and 2 threads, bench/training/torch_ref.py).
// Engines run interleaved, round-robin, so machine noise hits everyone alike; each cell is the median over rounds.
// Then, in child processes: peak RSS and seconds per epoch of a 5-epoch LeNet run on the built-in digits through the
// TrainingSession, and the cost of the session's per-layer statistics.
import v8 from 'node:v8';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../core/kernels/backend.ts';

export interface TrainingBenchOptions {
  /** Interleaved rounds (default 3). */
  rounds?: number;
  /** Minimum time per cell per round in ms (default 1000; a cell always runs at least one step). */
  cellMs?: number;
  /** Only these workloads (default all: W1, W2, W3). */
  only?: string[];
  /** Skip the JS-kernel and tfjs-cpu engines (the slow ones). */
  quick?: boolean;
  /** Also time tfjs-cpu on W3 (about two minutes per step). */
  all?: boolean;
  torch?: boolean;
  tfjs?: boolean;
  /** The LeNet epochs / RSS and statistics-cost runs (child processes). */
  memory?: boolean;
  epochs?: number;
  log?: (line: string) => void;
}

export interface TrainingBenchResult {
  /** steps/s per workload id and engine name (median over rounds); null where the engine could not run it. */
  stepsPerSecond: Record<string, Record<string, number | null>>;
  notes: Record<string, Record<string, string>>;
  lenet: unknown;
  statsCost: unknown;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PYTHON = '/usr/bin/python3';

interface Cell {
  engine: string;
  workload: string;
  step: (() => number) | null;
  samples: number[];
  note?: string;
  slow?: boolean;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

/** A backend that forwards to `be` under another name, so several wasm backends can be registered side by side. */
function alias(name: string, be: Backend): Backend {
  return {
    name,
    gemm: (a) => be.gemm(a),
    conv2dForward: be.conv2dForward ? (g, x, w, o) => be.conv2dForward!(g, x, w, o) : undefined,
    conv2dBackwardInput: be.conv2dBackwardInput ? (g, dy, w, dx) => be.conv2dBackwardInput!(g, dy, w, dx) : undefined,
    conv2dBackwardWeight: be.conv2dBackwardWeight ? (g, x, dy, dw) => be.conv2dBackwardWeight!(g, x, dy, dw) : undefined,
  };
}

/** A PyTorch process serving timed cells on request (torch_ref.py serve), so its cells interleave with ours. */
class TorchServer {
  private proc: ChildProcess;
  private lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;
  private stderr = '';

  constructor(readonly threads: number) {
    this.proc = spawn(PYTHON, [join(ROOT, 'bench/training/torch_ref.py'), 'serve', String(threads)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let buf = '';
    this.proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) { this.push(buf.slice(0, i)); buf = buf.slice(i + 1); }
    });
    this.proc.stderr!.setEncoding('utf8').on('data', (d: string) => { this.stderr = (this.stderr + d).slice(-2000); });
    const end = () => { this.ended = true; this.waiting?.(null); this.waiting = null; };
    this.proc.on('exit', end);
    this.proc.on('error', (e) => { this.stderr += e.message; end(); });
  }

  private push(line: string): void {
    if (this.waiting) { const w = this.waiting; this.waiting = null; w(line); } else this.lines.push(line);
  }

  private next(): Promise<string | null> {
    if (this.lines.length) return Promise.resolve(this.lines.shift()!);
    if (this.ended) return Promise.resolve(null);
    return new Promise((r) => { this.waiting = r; });
  }

  /** Resolves to the torch version, or throws with what went wrong (no torch, no python). */
  async ready(): Promise<string> {
    const line = await this.next();
    const v = line ? JSON.parse(line) : null;
    if (!v?.ready) throw new Error(v?.error ?? (this.stderr.trim().split('\n').pop() || `${PYTHON} did not start`));
    return v.torch;
  }

  async cell(id: string, ms: number): Promise<number> {
    this.proc.stdin!.write(`${id} ${ms / 1000}\n`);
    const line = await this.next();
    if (!line) throw new Error(`PyTorch process ended: ${this.stderr.trim().split('\n').pop()}`);
    return JSON.parse(line).sps;
  }

  close(): void {
    this.proc.stdin!.end();
  }
}

function child(args: string[]): { value?: Record<string, unknown>; error?: string } {
  const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'bench/training/lenet-epochs.ts'), ...args],
    { encoding: 'utf8', timeout: 900_000, cwd: ROOT });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return { value: JSON.parse(last) };
  } catch {
    return { error: (r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' / ') };
  }
}

export async function runTrainingBench(opts: TrainingBenchOptions = {}): Promise<TrainingBenchResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const rounds = opts.rounds ?? 3;
  const cellMs = opts.cellMs ?? 1000;
  const cores = availableParallelism();
  const loadBefore = loadavg()[0];
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  await import('../../core/index.ts'); // registers the JS backend and attaches the tensor methods
  const { registerBackend, setBackend, getBackend } = await import('../../core/kernels/backend.ts');
  const { WORKLOADS, netsketchStep } = await import('./netsketch.ts');
  const workloads = WORKLOADS.filter((w) => !opts.only || opts.only.includes(w.id));

  // Engines: each is a name and a way to build a step closure for a workload (throws when it cannot).
  const engines: Array<{ name: string; prepare: (w: (typeof WORKLOADS)[number]) => () => number }> = [];
  const previous = getBackend().name;
  const withBackend = (name: string, step: () => number) => () => { setBackend(name); return step(); };
  if (!opts.quick) {
    engines.push({ name: 'Netsketch JS', prepare: (w) => { setBackend('js'); return withBackend('js', netsketchStep(w)); } });
  }
  const disposers: Array<() => void> = [];
  const { createNodeWasmBackend } = await import('../../cli/kernel-threads.ts');
  for (const threads of cores > 1 ? [1, cores] : [1]) {
    const be = await createNodeWasmBackend({ threads }).catch((e: Error) => { log(`wasm backend (${threads} threads): ${e.message}`); return null; });
    if (!be) continue;
    disposers.push(() => be.dispose());
    const name = `wasm-${be.threads}t`;
    registerBackend(alias(name, be));
    engines.push({ name: `Netsketch wasm ${be.threads}T${be.relaxed ? '' : ' (no FMA)'}`, prepare: (w) => { setBackend(name); return withBackend(name, netsketchStep(w)); } });
  }
  const ours = engines.map((e) => e.name);
  if (opts.tfjs ?? true) {
    const tf = await import('@tensorflow/tfjs-core');
    const { tfjsStep, registerTfjsGradients } = await import('./tfjs.ts');
    await registerTfjsGradients(ROOT);
    if (!opts.quick) {
      await import('@tensorflow/tfjs-backend-cpu');
      engines.push({ name: 'tfjs-cpu', prepare: (w) => {
        if (w.id === 'W3' && !opts.all) throw new Error('skipped');
        return tfjsStep(tf, 'cpu', w);
      } });
    }
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
    if (await tf.setBackend('wasm')) {
      const mt = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
      engines.push({ name: `tfjs-wasm ${mt ? 'MT' : '1T'}`, prepare: (w) => tfjsStep(tf, 'wasm', w) });
    } else log('tfjs-wasm: the backend did not initialise');
  }

  // Prepare and warm up (two untimed steps); a step slower than 3 s is timed once, by its second warm-up step.
  const cells: Cell[] = [];
  for (const w of workloads) {
    for (const e of engines) {
      const cell: Cell = { engine: e.name, workload: w.id, step: null, samples: [] };
      cells.push(cell);
      try {
        const step = e.prepare(w);
        step();
        const t0 = performance.now();
        step();
        const ms = performance.now() - t0;
        if (ms > 3000) { cell.samples.push(1000 / ms); cell.slow = true; } else cell.step = step;
      } catch (err) {
        const msg = (err as Error).message.split('\n')[0];
        cell.note = msg === 'skipped' ? 'skipped' : 'error';
        if (msg !== 'skipped') log(`${e.name} / ${w.name}: ${msg.slice(0, 160)}`);
      }
    }
  }
  // PyTorch (1 and 2 threads) as long-lived processes; their cells run right after ours for the same workload.
  const torchServers: TorchServer[] = [];
  const torchSamples = new Map<number, Record<string, number[]>>();
  let torchVersion = '';
  let torchError = '';
  if (opts.torch ?? true) {
    for (const t of [1, 2]) {
      const srv = new TorchServer(t);
      try {
        torchVersion = await srv.ready();
        torchServers.push(srv);
        torchSamples.set(t, {});
      } catch (e) {
        torchError = (e as Error).message;
        srv.close();
        break;
      }
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (const w of workloads) {
      for (const c of cells) {
        if (!c.step || c.workload !== w.id) continue;
        let n = 0;
        const t0 = performance.now();
        do { c.step(); n++; } while (performance.now() - t0 < cellMs);
        c.samples.push((n * 1000) / (performance.now() - t0));
      }
      for (const srv of torchServers) {
        try {
          (torchSamples.get(srv.threads)![w.id] ??= []).push(await srv.cell(w.id, cellMs));
        } catch (e) {
          torchError = (e as Error).message;
        }
      }
    }
    process.stderr.write(`training bench: round ${r + 1}/${rounds} done\n`);
  }
  for (const srv of torchServers) srv.close();
  for (const d of disposers) d();
  setBackend(previous);

  const names = [...engines.map((e) => e.name), ...[...torchSamples.keys()].map((t) => `PyTorch ${t}T`)];
  const sps: Record<string, Record<string, number | null>> = {};
  const notes: Record<string, Record<string, string>> = {};
  for (const w of workloads) {
    sps[w.id] = {};
    notes[w.id] = {};
    for (const c of cells.filter((x) => x.workload === w.id)) {
      sps[w.id][c.engine] = c.samples.length ? median(c.samples) : null;
      if (c.note) notes[w.id][c.engine] = c.note;
      if (c.slow) notes[w.id][c.engine] = '*';
    }
    for (const [t, acc] of torchSamples) sps[w.id][`PyTorch ${t}T`] = acc[w.id]?.length ? median(acc[w.id]) : null;
  }
  const fmt = (v: number | null, note?: string) => {
    if (v === null) return note ?? '—';
    const s = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v.toPrecision(2);
    const ms = 1000 / v;
    return `${s} (${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms)${note === '*' ? '*' : ''}`;
  };
  log(`\nTraining steps/s (higher is better; ms per step in parentheses). Node ${process.version}, ${cores} cores, ${rounds} rounds of ≥ ${cellMs} ms per cell.`);
  log(`* = one step took over 3 s, timed once; skipped = about two minutes per step, run with --all; error = the engine cannot run it.`);
  log(torchError ? `PyTorch: ${torchError}${torchSamples.size ? '' : ' — no PyTorch columns'}.` : torchSamples.size ? `PyTorch ${torchVersion} from ${PYTHON}, torch.set_num_threads(1 and 2), same models, batches and SGD.` : 'PyTorch: not run (--no-torch).');
  log(table(['workload', ...names], workloads.map((w) => [w.name, ...names.map((n) => fmt(sps[w.id][n] ?? null, notes[w.id][n]))])));

  // Ratios: our best engine per workload against each peer, and the targets against PyTorch.
  log('\nRatios (best Netsketch engine ÷ peer, same workload; > 1 means Netsketch is faster):');
  for (const w of workloads) {
    const best = ours.map((n) => [n, sps[w.id][n]] as const).filter(([, v]) => v !== null).sort((a, b) => b[1]! - a[1]!)[0];
    if (!best) continue;
    const peers = names.filter((n) => !ours.includes(n)).map((n) => {
      const v = sps[w.id][n];
      return v ? `${(best[1]! / v).toFixed(2)}× ${n}` : null;
    }).filter(Boolean);
    const torchBest = Math.max(0, ...[...torchSamples.keys()].map((t) => sps[w.id][`PyTorch ${t}T`] ?? 0));
    const target = w.id === 'W2' ? 1 : 0.5;
    const verdict = torchBest > 0 ? ` — target ≥ ${target}× PyTorch's best: ${best[1]! / torchBest >= target ? 'met' : 'not met'} (${(best[1]! / torchBest).toFixed(2)}×)` : '';
    log(`  ${w.id} ${best[0]} ${fmt(best[1])}: ${peers.length ? peers.join(', ') : 'no peers were run'}${verdict}`);
  }

  let lenet: unknown = null;
  let statsCost: unknown = null;
  if (opts.memory ?? true) {
    const epochs = opts.epochs ?? 5;
    log(`\nLeNet-5 on the built-in digits (assets/examples/lenet5-mnist.json: batch 64, Adam), ${epochs} epochs through the TrainingSession, fast kernels, own process:`);
    const r = child(['--mode', 'rss', '--epochs', String(epochs)]);
    lenet = r.value ?? r.error;
    if (r.value) {
      const v = r.value as { backend: string; trainSamples: number; epochs: Array<{ epoch: number; seconds: number; rssMB: number; epochPeakRssMB: number; heapMB: number; buffersMB: number }>; peakRssMB: number; rssBeforeMB: number; finalAccuracy: number | null };
      log(table(['epoch', 'seconds', 'peak RSS in epoch (MB)', 'RSS at end (MB)', 'JS heap (MB)', 'ArrayBuffers (MB)'],
        v.epochs.map((e) => [String(e.epoch), e.seconds.toFixed(2), e.epochPeakRssMB.toFixed(1), e.rssMB.toFixed(1), e.heapMB.toFixed(1), e.buffersMB.toFixed(1)])));
      // Flatness: the highest per-epoch peak of epochs 3… against epoch 2's.
      const late = v.epochs.filter((e) => e.epoch >= 2).map((e) => e.epochPeakRssMB);
      const growth = late.length > 1 ? Math.max(...late.slice(1)) - late[0] : 0;
      const worst = Math.max(...v.epochs.map((e) => e.seconds));
      log(`  ${v.trainSamples} training samples per epoch, backend ${v.backend}; peak RSS ${v.peakRssMB} MB (target < 300: ${v.peakRssMB < 300 ? 'met' : 'not met'}), ` +
        `RSS before training ${v.rssBeforeMB} MB; per-epoch peak RSS, epochs 3–${epochs} vs epoch 2: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB; ` +
        `slowest epoch ${worst.toFixed(2)} s (target < 10 s: ${worst < 10 ? 'met' : 'not met'}); final train accuracy ${v.finalAccuracy === null ? '—' : (v.finalAccuracy * 100).toFixed(1) + ' %'}.`);
    } else log(`  failed: ${r.error}`);
    log('\nCost of the per-layer statistics (LeNet epochs through the TrainingSession, steps/s, interleaved):');
    const s = child(['--mode', 'stats', '--reps', String(Math.max(2, Math.min(rounds, 3)))]);
    statsCost = s.value ?? s.error;
    if (s.value) {
      const v = s.value.stepsPerSecond as Record<string, number[]>;
      const base = median(v.never);
      log(table(['statistics', 'steps/s', 'slowdown'], Object.entries(v).map(([k, xs]) => [k, median(xs).toFixed(1), `${((1 - median(xs) / base) * 100).toFixed(1)} %`])));
      const at100 = 1 - median(v['every 100 ms']) / base;
      log(`  target ≤ 5 % at every 100 ms: ${at100 <= 0.05 ? 'met' : 'not met'} (${(at100 * 100).toFixed(1)} %).`);
    } else log(`  failed: ${s.error}`);
  }
  log(`\nLoad average (1 min) before/after: ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)}; other processes share these cores.`);
  return { stepsPerSecond: sps, notes, lenet, statsCost };
}

if ((process.argv[1] ?? '').replace(/\\/g, '/').endsWith('bench/training/run.ts')) {
  const args = process.argv.slice(2);
  const val = (k: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
  await runTrainingBench({
    rounds: val('--rounds') ? Number(val('--rounds')) : undefined,
    cellMs: val('--cell-ms') ? Number(val('--cell-ms')) : undefined,
    only: val('--only')?.split(','),
    quick: args.includes('--quick'),
    all: args.includes('--all'),
    torch: !args.includes('--no-torch'),
    tfjs: !args.includes('--no-tfjs'),
    memory: !args.includes('--no-memory'),
    epochs: val('--epochs') ? Number(val('--epochs')) : undefined,
  });
  process.exit(0);
}
