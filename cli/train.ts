// `netsketch train`: compile the graph, load its dataset, train with a progress bar, checkpoint, write the weights.
import { existsSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { setTraining } from '../core/graph/actions.ts';
import { compile } from '../core/graph/compile.ts';
import { loadDataset, type DataHost } from '../core/graph/dataset-load.ts';
import { trainEpoch, evaluate, type EpochStats } from '../core/graph/trainer.ts';
import { validate, formatDiagnostic } from '../core/graph/validate.ts';
import { save_checkpoint, load_checkpoint, save_weights, safetensors } from '../core/serialize/index.ts';
import { registerBackend, setBackend } from '../core/kernels/backend.ts';
import type { ParsedArgs } from './args.ts';
import { intFlag, numberFlag, stringFlag } from './args.ts';
import { CliError } from './errors.ts';
import { readBytes, readGraph, writeOutput, mnistAssetPath } from './io.ts';
import { Progress, formatTime } from './progress.ts';
import { imageFolderHost } from './images.ts';

export interface TrainResult {
  history: Array<{ epoch: number; train: EpochStats; val: EpochStats | null }>;
  test: EpochStats;
  out: string;
}

const pct = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(2)}%`);
const fmt = (label: string, s: EpochStats) => `${label}loss ${s.loss.toFixed(4)}${s.accuracy === null ? '' : `, ${label}accuracy ${pct(s.accuracy)}`}`;

export function weightsFormat(flags: ParsedArgs['flags'], out: string | undefined): 'pt' | 'safetensors' {
  const f = stringFlag(flags, 'format') ?? (out && extname(out) === '.safetensors' ? 'safetensors' : 'pt');
  if (f !== 'pt' && f !== 'safetensors') throw new CliError(`--format must be pt or safetensors, got "${f}".`, 2);
  return f;
}

/** 'auto' (default): the threaded WASM SIMD kernels when this Node supports them, else the JS reference kernels. */
export async function selectBackend(name = 'auto'): Promise<void> {
  if (name === 'js') return;
  if (name !== 'wasm' && name !== 'auto') throw new CliError(`--backend must be auto, js or wasm, got "${name}".`, 2);
  const { createNodeWasmBackend } = await import('./kernel-threads.ts');
  const b = await createNodeWasmBackend().catch(() => null);
  if (!b) {
    if (name === 'auto') return;
    throw new CliError('The wasm backend needs WebAssembly SIMD, which this Node does not support; use --backend js.');
  }
  registerBackend(b);
  setBackend(b.name);
}

export async function trainCommand(args: ParsedArgs, out: (line: string) => void, err: NodeJS.WriteStream): Promise<TrainResult> {
  const { doc: original, path } = readGraph(args.file!);
  const f = args.flags;
  let doc = original;
  const patch = {
    ...(intFlag(f, 'epochs', 1) !== undefined ? { epochs: intFlag(f, 'epochs', 1)! } : {}),
    ...(intFlag(f, 'batch-size', 1) !== undefined ? { batch_size: intFlag(f, 'batch-size', 1)! } : {}),
    ...(numberFlag(f, 'lr') !== undefined ? { lr: numberFlag(f, 'lr')! } : {}),
    ...(intFlag(f, 'seed', 0) !== undefined ? { seed: intFlag(f, 'seed', 0)! } : {}),
  };
  doc = setTraining(doc, patch);
  const analysis = validate(doc);
  if (!analysis.ok) {
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    throw new CliError(`${args.file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before training (netsketch validate shows the shapes):\n` +
      errors.map((d) => `  - ${formatDiagnostic(d).replace(/^error: /, '')}`).join('\n'));
  }
  await selectBackend(stringFlag(f, 'backend'));
  const outPath = stringFlag(f, 'out') ?? `${basename(path, extname(path))}.${weightsFormat(f, undefined) === 'safetensors' ? 'safetensors' : 'pt'}`;
  const format = weightsFormat(f, outPath);
  const t = doc.training;
  const host: DataHost = {
    mnist: () => readBytes(mnistAssetPath(), 'built-in MNIST asset'),
    // Paths in the Dataset node are relative to the graph file (absolute ones are used as they are).
    readText: (p) => readBytes(resolve(dirname(path), p), 'CSV file'),
    imageFolder: (p, size, channels) => imageFolderHost(resolve(dirname(path), p), size, channels),
  };
  const data = loadDataset(analysis.nodes[analysis.roles.data!].params, host, t.seed);
  let { xTrain, yTrain } = data;
  let xVal = null;
  let yVal = null;
  const nVal = Math.floor(xTrain.shape[0] * t.validation_split);
  if (nVal > 0) {
    const n = xTrain.shape[0];
    xVal = xTrain.narrow(0, n - nVal, nVal);
    yVal = yTrain.narrow(0, n - nVal, nVal);
    xTrain = xTrain.narrow(0, 0, n - nVal);
    yTrain = yTrain.narrow(0, 0, n - nVal);
  }
  // Compiled once the data is known: OneCycleLR plans its curve over epochs × batches per epoch.
  const c = compile(doc, { stepsPerEpoch: Math.max(1, Math.ceil(xTrain.shape[0] / t.batch_size)) });
  const quiet = f.get('quiet') === true;
  const say = (l: string) => { if (!quiet) out(l); };
  say(`${doc.name}: ${analysis.totalParams.toLocaleString('en-US')} parameters; ${xTrain.shape[0]} training samples${nVal ? `, ${nVal} validation` : ''}, ${data.xTest.shape[0]} test`);

  const ckptPath = stringFlag(f, 'checkpoint');
  let startEpoch = 0;
  const history: TrainResult['history'] = [];
  if (ckptPath && existsSync(ckptPath)) {
    let loaded;
    try {
      loaded = load_checkpoint(readBytes(ckptPath, 'checkpoint'), { model: c.model, optimizer: c.optimizer, ...(c.scheduler ? { scheduler: c.scheduler } : {}) });
    } catch (e) {
      throw new CliError(`Cannot resume from ${ckptPath}: ${(e as Error).message} Was it written for a different graph? Delete it to start afresh.`);
    }
    startEpoch = Number(loaded.epoch ?? 0);
    // OneCycleLR planned its whole curve over the first run's epochs × batches; the checkpoint carries that plan.
    const planned = c.schedule?.interval === 'batch' ? Number(c.scheduler?.total_steps) : NaN;
    const wanted = t.epochs * Math.ceil(xTrain.shape[0] / t.batch_size);
    if (Number.isFinite(planned) && planned !== wanted) {
      throw new CliError(`Cannot resume from ${ckptPath}: its OneCycleLR schedule was planned over ${planned} batches, but ${t.epochs} epochs of batch size ${t.batch_size} need ${wanted}. ` +
        'Resume with the epochs and batch size of the run that wrote it, or delete the checkpoint to start afresh.');
    }
    say(`Resuming from ${ckptPath} after epoch ${startEpoch}.`);
  }

  const steps = Math.ceil(xTrain.shape[0] / t.batch_size);
  const progress = new Progress(err, Math.max(1, (t.epochs - startEpoch) * steps), quiet);
  const started = Date.now();
  for (let epoch = startEpoch + 1; epoch <= t.epochs; epoch++) {
    const base = (epoch - startEpoch - 1) * steps;
    const train = trainEpoch(c, xTrain, yTrain, {
      batchSize: t.batch_size, seed: t.seed, epoch,
      onBatch: (done, _total, loss) => progress.update(epoch, t.epochs, base + done, loss),
    });
    const val = xVal && yVal ? evaluate(c, xVal, yVal) : null;
    c.stepSchedule('epoch', { trainLoss: train.loss, trainAccuracy: train.accuracy, valLoss: val?.loss, valAccuracy: val?.accuracy });
    history.push({ epoch, train, val });
    const elapsed = (Date.now() - started) / 1000;
    const left = (elapsed / (epoch - startEpoch)) * (t.epochs - epoch);
    progress.line(`epoch ${epoch}/${t.epochs}: ${fmt('', train)}${val ? `; ${fmt('val ', val)}` : ''} (${formatTime(elapsed)}${epoch < t.epochs ? `, ${formatTime(left)} left` : ''})`);
    if (ckptPath) {
      const hist = {
        loss: history.map((h) => h.train.loss), accuracy: history.map((h) => h.train.accuracy),
        val_loss: history.map((h) => h.val?.loss ?? null), val_accuracy: history.map((h) => h.val?.accuracy ?? null),
      };
      writeOutput(ckptPath, save_checkpoint({ model: c.model, optimizer: c.optimizer, ...(c.scheduler ? { scheduler: c.scheduler } : {}), epoch, history: hist }), path);
    }
  }
  const test = evaluate(c, data.xTest, data.yTest);
  say(`test: ${fmt('', test)}`);
  const bytes = format === 'safetensors' ? safetensors.save(c.model.state_dict(), { format: 'pt' }) : save_weights(c.model);
  writeOutput(outPath, bytes, path);
  say(`wrote ${outPath} (${format === 'safetensors' ? 'safetensors' : 'PyTorch state_dict; torch.load(f, weights_only=True)'})`);
  return { history, test, out: outPath };
}
