/**
 * TrainingSession: everything a training run needs (compiled model, loss, optimizer, data, run state) behind an
 * API of plain data in and plain data out, so it can run in a Web Worker (the app) or a worker_threads Worker (CLI,
 * tests) behind comlink. The loop is asynchronous and yields regularly, so pause/stop/setLr calls are served
 * between steps; progress is pushed to a callback at most every `progressIntervalMs`.
 */
import '../ops/methods.ts';
import { Tensor } from '../tensor/tensor.ts';
import { no_grad } from '../autograd/grad_mode.ts';
import type { Module } from '../nn/module.ts';
import { compile, type Compiled } from '../graph/compile.ts';
import { parseGraph } from '../graph/schema.ts';
import { validate } from '../graph/validate.ts';
import type { GraphDocument } from '../graph/types.ts';
import { batchLossTotal, countCorrect, epochPermutation, trainBatch } from '../graph/trainer.ts';
import { ctcGreedyDecode } from '../graph/targets.ts';
import { GraphModule } from '../graph/modules.ts';
import { save, safetensors, save_checkpoint, load_checkpoint } from '../serialize/index.ts';
import { tensorStats } from './stats.ts';
import { set_memory_budget, memory_stats } from '../tensor/memory.ts';
import { materializeDataset, labelIndices, type MaterializedDataset } from './dataset.ts';
import type { DataBytes, EpochRecord, Evaluation, LayerSnapshot, LoadResult, NodeTrace, Prediction, ProgressSnapshot, SessionState, StepPoint } from './protocol.ts';

export type ProgressCallback = (s: ProgressSnapshot) => void;

export interface SessionOptions {
  /** Minimum time between progress snapshots (default 100 ms). */
  progressIntervalMs?: number;
  /** Longest stretch of synchronous work before yielding to the event loop (default 25 ms). */
  sliceMs?: number;
  /** A clock in ms (tests inject one). */
  now?: () => number;
}

const VANISHING = 1e-7;
const EXPLODING = 1e3;

function nextTick(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

export class SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionError';
  }
}

export class TrainingSession {
  private c: Compiled | null = null;
  private data: MaterializedDataset | null = null;
  private graph: GraphDocument | null = null;
  private stateValue: SessionState = 'empty';
  private progress: ProgressCallback | null = null;
  private readonly interval: number;
  private readonly slice: number;
  private readonly now: () => number;
  // run state
  private epoch = 1;
  private epochs = 1;
  private batchSize = 32;
  private batchIndex = 0;
  private perm: Tensor | null = null;
  private stepCount = 0;
  private epochLossSum = 0;
  private epochCorrect: number | null = 0;
  private epochSeen = 0;
  private epochStart = 0;
  private history: EpochRecord[] = [];
  private recent: StepPoint[] = [];
  private lastLoss: number | null = null;
  private lastSnapshotAt = -Infinity;
  private layers: LayerSnapshot[] = [];
  private nonFinite: ProgressSnapshot['nonFinite'] = null;
  private error: string | null = null;
  private loop: Promise<void> | null = null;
  private wantPause = false;
  private wantStop = false;
  private rate = { samples: 0, since: 0, value: 0 };

  constructor(opts: SessionOptions = {}) {
    this.interval = opts.progressIntervalMs ?? 100;
    this.slice = opts.sliceMs ?? 25;
    this.now = opts.now ?? (() => Date.now());
  }

  /** Register the progress callback (a comlink proxy in worker hosts). */
  onProgress(cb: ProgressCallback | null): void {
    this.progress = cb;
  }

  /** Compile the graph and prepare its dataset. Invalid graphs return ok=false with the diagnostics. */
  async load(graphJson: unknown, bytes: DataBytes = {}): Promise<LoadResult> {
    if (this.stateValue === 'running') throw new SessionError('Stop training before loading another graph.');
    const { doc } = parseGraph(graphJson);
    const analysis = validate(doc);
    if (!analysis.ok) {
      return { ok: false, diagnostics: analysis.diagnostics, trainSamples: 0, valSamples: 0, testSamples: 0, sampleShape: [], numClasses: 0, classNames: [], parameterCount: 0, notes: [] };
    }
    const data = materializeDataset(analysis.nodes[analysis.roles.data!].params, doc.training, bytes);
    // Compiled once the data is known: OneCycleLR plans its curve over epochs × batches per epoch.
    const c: Compiled = compile(doc, { stepsPerEpoch: Math.max(1, Math.ceil(data.train.x.shape[0] / doc.training.batch_size)) });
    this.c = c;
    this.data = data;
    this.graph = doc;
    this.resetRun();
    this.stateValue = 'ready';
    let count = 0;
    for (const p of c.model.parameters()) count += p.numel();
    return {
      ok: true, diagnostics: c.analysis.diagnostics, trainSamples: data.train.x.shape[0], valSamples: data.val?.x.shape[0] ?? 0,
      testSamples: data.test.x.shape[0], sampleShape: data.sampleShape, numClasses: data.numClasses, classNames: data.classNames,
      parameterCount: count, notes: data.notes,
    };
  }

  private resetRun(): void {
    const t = this.graph!.training;
    this.epochs = t.epochs;
    this.batchSize = t.batch_size;
    this.epoch = 1;
    this.batchIndex = 0;
    this.perm = null;
    this.stepCount = 0;
    this.history = [];
    this.recent = [];
    this.lastLoss = null;
    this.nonFinite = null;
    this.error = null;
    // A new run: OneCycleLR plans a fresh curve over it.
    this.replan();
    this.startEpochCounters();
  }

  private startEpochCounters(): void {
    this.epochLossSum = 0;
    this.epochCorrect = 0;
    this.epochSeen = 0;
    this.epochStart = this.now();
  }

  private need(): { c: Compiled; data: MaterializedDataset } {
    if (!this.c || !this.data) throw new SessionError('No graph is loaded: call load(graph) first.');
    return { c: this.c, data: this.data };
  }

  state(): SessionState {
    return this.stateValue;
  }

  /** Start (or resume) training in the background; resolves once the loop is running. */
  async start(): Promise<void> {
    this.need();
    if (this.stateValue === 'running') return;
    if (this.stateValue === 'finished' || this.stateValue === 'stopped') this.resetRun();
    this.wantPause = false;
    this.wantStop = false;
    this.stateValue = 'running';
    this.rate = { samples: 0, since: this.now(), value: this.rate.value };
    this.loop = this.run().catch((e) => {
      this.stateValue = 'failed';
      this.error = e instanceof Error ? e.message : String(e);
      this.emit(true);
    });
  }

  async resume(): Promise<void> {
    return this.start();
  }

  /** Pause after the current step; resolves once paused. */
  async pause(): Promise<void> {
    if (this.stateValue !== 'running') return;
    this.wantPause = true;
    await this.loop;
  }

  /** Stop the run after the current step (the model keeps its weights); resolves once stopped. */
  async stop(): Promise<void> {
    if (this.stateValue === 'running') {
      this.wantStop = true;
      await this.loop;
    } else if (this.stateValue === 'paused' || this.stateValue === 'ready') {
      this.stateValue = 'stopped';
      this.emit(true);
    }
  }

  /** Resolves when the background loop has stopped (finished, paused, stopped or failed). */
  async waitUntilIdle(): Promise<ProgressSnapshot> {
    await this.loop;
    return this.snapshot();
  }

  /** Run exactly one batch (from idle or paused) and return the resulting snapshot, with layer statistics. */
  async step(): Promise<ProgressSnapshot> {
    this.need();
    if (this.stateValue === 'running') throw new SessionError('Pause training before stepping one batch at a time.');
    if (this.stateValue === 'finished' || this.stateValue === 'stopped') this.resetRun();
    this.trainStep(true);
    this.stateValue = this.nonFinite ? 'paused' : this.epoch > this.epochs ? 'finished' : 'paused';
    this.emit(true);
    return this.snapshot();
  }

  setLr(lr: number): void {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new SessionError(`Learning rate must be a positive number, got ${lr}.`);
    const { c } = this.need();
    for (const g of c.optimizer.param_groups) g.lr = lr;
  }

  setBatchSize(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new SessionError(`Batch size must be a whole number ≥ 1, got ${n}.`);
    if (n === this.batchSize) return;
    this.checkRunLength('batch size');
    this.batchSize = n;
    this.replan();
    // The current epoch continues from the same sample position with the new size.
    const done = this.epochSeen;
    this.batchIndex = Math.ceil(done / n);
  }

  /** Cap tensor memory for this engine (MB); a step that would pass it stops the run with a clear message. */
  setMemoryBudget(megabytes: number): void {
    if (!(megabytes > 0)) throw new SessionError(`Memory budget must be a positive number of megabytes, got ${megabytes}.`);
    set_memory_budget(megabytes * 1048576);
  }

  /** Tensor bytes in use and at peak (for the status bar and the memory test). */
  memory(): { live: number; peak: number; budget: number } {
    return memory_stats();
  }

  setEpochs(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new SessionError(`Epochs must be a whole number ≥ 1, got ${n}.`);
    if (n === this.epochs) return;
    this.checkRunLength('number of epochs');
    this.epochs = n;
    this.replan();
  }

  /** OneCycleLR fixes its curve over epochs × batches when training starts; changing either later would break it. */
  private checkRunLength(what: string): void {
    if (this.c?.schedule?.interval === 'batch' && this.stepCount > 0) {
      throw new SessionError(`The ${what} cannot change during training with OneCycleLR: it planned the learning rate over all epochs × batches when training started. Stop, then start again with the new ${what}.`);
    }
  }

  private replan(): void {
    if (this.c?.schedule?.interval === 'batch' && this.stepCount === 0 && this.data) {
      this.c.replanSchedule({ epochs: this.epochs, stepsPerEpoch: this.batchesPerEpoch() });
    }
  }

  private lr(): number {
    return this.c ? Number(this.c.optimizer.param_groups[0].lr) : 0;
  }

  private async run(): Promise<void> {
    let sliceStart = this.now();
    while (true) {
      if (this.wantStop) { this.stateValue = 'stopped'; break; }
      if (this.wantPause) { this.stateValue = 'paused'; break; }
      if (this.epoch > this.epochs) { this.stateValue = 'finished'; break; }
      const measure = this.now() - this.lastSnapshotAt >= this.interval;
      this.trainStep(measure);
      if (this.nonFinite) { this.stateValue = 'paused'; break; }
      if (measure) this.emit(false);
      if (this.now() - sliceStart >= this.slice) {
        await nextTick();
        sliceStart = this.now();
      }
    }
    this.emit(true);
  }

  private batchesPerEpoch(): number {
    return Math.ceil(this.data!.train.x.shape[0] / this.batchSize);
  }

  /** One optimizer step; at the end of an epoch also validation and scheduler.step(). */
  private trainStep(measure: boolean): void {
    const { c, data } = this.need();
    const n = data.train.x.shape[0];
    if (!this.perm) this.perm = epochPermutation(this.graph!.training.seed, this.epoch, n);
    const start = this.epochSeen;
    const len = Math.min(this.batchSize, n - start);
    const idx = this.perm.narrow(0, start, len);
    const xb = data.train.x.index_select(0, idx);
    const yb = data.train.y.index_select(0, idx);
    c.model.train();
    const watch = measure ? this.watchLayers(c) : null;
    const lr = this.lr(); // the rate this step uses (a per-batch schedule moves it during trainBatch)
    const r = trainBatch(c, xb, yb, () => watch?.detach());
    if (!r.ok) {
      this.reportNonFinite(r.report.what, r.report.layer, c);
      return;
    }
    const value = r.loss;
    this.stepCount++;
    this.lastLoss = value;
    this.recent.push({ step: this.stepCount, loss: value, lr });
    this.epochLossSum += batchLossTotal(c, value, len);
    this.epochCorrect = r.correct === null || this.epochCorrect === null ? null : this.epochCorrect + r.correct;
    this.epochSeen += len;
    this.batchIndex++;
    this.rate.samples += len;
    if (measure && watch) this.layers = watch.collect();
    if (this.epochSeen >= n) this.finishEpoch();
  }

  private finishEpoch(): void {
    const { c, data } = this.need();
    const n = data.train.x.shape[0];
    const val = data.val ? this.evaluateSplit('val') : null;
    this.history.push({
      epoch: this.epoch,
      trainLoss: this.epochLossSum / n,
      trainAccuracy: this.epochCorrect === null ? null : this.epochCorrect / n,
      valLoss: val ? val.loss : null,
      valAccuracy: val ? val.accuracy : null,
      seconds: (this.now() - this.epochStart) / 1000,
    });
    const last = this.history[this.history.length - 1];
    c.stepSchedule('epoch', { trainLoss: last.trainLoss, trainAccuracy: last.trainAccuracy, valLoss: last.valLoss, valAccuracy: last.valAccuracy });
    this.epoch++;
    this.batchIndex = 0;
    this.perm = null;
    this.startEpochCounters();
  }

  private reportNonFinite(what: string, layer: string | null, c: Compiled): void {
    let nodeId: string | null = null;
    if (layer) {
      for (const [id, a] of Object.entries(c.analysis.nodes)) if (a.label === layer) nodeId = id;
    }
    this.nonFinite = {
      step: this.stepCount + 1,
      epoch: this.epoch,
      nodeId,
      message: `Training paused at epoch ${this.epoch}, step ${this.stepCount + 1}: ${what}. ` +
        (layer ? `The first layer whose output was not finite is ${layer}. ` : '') +
        'Lower the learning rate, normalise the inputs, or add normalisation (BatchNorm/LayerNorm).',
    };
  }

  /** Forward hooks that record each layer's output and the gradient flowing back into it, for one step. */
  private watchLayers(c: Compiled): { detach(): void; collect(): LayerSnapshot[] } {
    const outputs = new Map<string, Tensor>();
    const grads = new Map<string, Tensor>();
    const handles: Array<{ remove(): void }> = [];
    const traced: GraphModule[] = [];
    const record = (path: string, out: unknown) => {
      if (!(out instanceof Tensor)) return;
      outputs.set(path, out.detach());
      if (out.requires_grad) out.register_hook((g) => { grads.set(path, g); });
    };
    const modules = new Map<string, Module>();
    for (const [path, m] of c.model.named_modules()) {
      modules.set(path, m);
      if (path === '' || !c.paths.has(path)) continue;
      handles.push(m.register_forward_hook((_m: Module, _a: unknown[], out: unknown) => record(path, out)));
    }
    for (const [path, m] of modules) {
      if (m instanceof GraphModule) {
        m._trace = (name, out) => {
          const full = path ? `${path}.${name}` : name;
          if (!outputs.has(full)) record(full, out);
        };
        traced.push(m);
      }
    }
    return {
      detach() {
        for (const h of handles) h.remove();
        for (const m of traced) m._trace = null;
      },
      collect: () => {
        const layers: LayerSnapshot[] = [];
        for (const [path, nodeId] of c.paths) {
          const m = modules.get(path);
          const params = m ? [...m.named_parameters()].filter(([n]) => !n.includes('.')).map(([n, p]) => ({
            name: `${path}.${n}`, shape: [...p.shape], weight: tensorStats(p), grad: p.grad ? tensorStats(p.grad) : null,
          })) : [];
          const out = outputs.get(path) ?? null;
          const g = grads.get(path) ?? null;
          const gs = g ? tensorStats(g) : null;
          const meanAbs = gs ? gs.meanAbs : null;
          layers.push({
            path, nodeId, params,
            outputGradNorm: gs ? gs.norm : null,
            outputGradMeanAbs: meanAbs,
            activation: out ? tensorStats(out) : null,
            flag: meanAbs === null ? null : meanAbs < VANISHING ? 'vanishing' : meanAbs > EXPLODING ? 'exploding' : null,
          });
        }
        return layers;
      },
    };
  }

  private emit(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastSnapshotAt < this.interval) return;
    this.lastSnapshotAt = t;
    if (!this.progress) { this.recent = []; return; }
    const snap = this.snapshot();
    this.recent = [];
    try {
      const r = this.progress(snap) as unknown;
      if (r instanceof Promise) r.catch(() => { this.progress = null; });
    } catch {
      this.progress = null;
    }
  }

  /** The current progress (also what the callback receives). */
  snapshot(): ProgressSnapshot {
    const t = this.now();
    const secs = (t - this.rate.since) / 1000;
    if (secs > 0.2) this.rate.value = this.rate.samples / secs;
    const n = this.data?.train.x.shape[0] ?? 0;
    const remaining = Math.max(0, (this.epochs - this.epoch + 1) * n - this.epochSeen);
    return {
      state: this.stateValue,
      step: this.stepCount,
      epoch: Math.min(this.epoch, this.epochs),
      epochs: this.epochs,
      batch: this.batchIndex,
      batchesPerEpoch: this.data ? this.batchesPerEpoch() : 0,
      loss: this.lastLoss,
      epochLoss: this.epochSeen ? this.epochLossSum / this.epochSeen : null,
      epochAccuracy: this.epochSeen && this.epochCorrect !== null ? this.epochCorrect / this.epochSeen : null,
      lr: this.lr(),
      batchSize: this.batchSize,
      samplesPerSecond: this.rate.value,
      secondsLeft: this.rate.value > 0 && this.stateValue === 'running' ? remaining / this.rate.value : null,
      recent: [...this.recent],
      history: this.history.map((h) => ({ ...h })),
      layers: this.layers,
      nonFinite: this.nonFinite,
      error: this.error,
    };
  }

  private splitData(split: 'train' | 'val' | 'test'): { x: Tensor; y: Tensor } {
    const { data } = this.need();
    const s = split === 'train' ? data.train : split === 'val' ? data.val : data.test;
    if (!s) throw new SessionError(`There is no ${split} split: set validation_split above 0 in the training settings.`);
    return s;
  }

  private evaluateSplit(split: 'train' | 'val' | 'test'): Evaluation {
    const { c, data } = this.need();
    const { x, y } = this.splitData(split);
    const wasTraining = c.model.training;
    c.model.eval();
    const n = x.shape[0];
    const k = data.numClasses;
    const confusion = k > 0 && c.target.accuracy === 'argmax' ? Array.from({ length: k }, () => new Array<number>(k).fill(0)) : null;
    let total = 0;
    let correct: number | null = 0;
    no_grad(() => {
      for (let i = 0; i < n; i += 500) {
        const len = Math.min(500, n - i);
        const xb = x.narrow(0, i, len);
        const yb = y.narrow(0, i, len);
        const outs = c.outputsOf(c.model.call(xb));
        total += batchLossTotal(c, (c.loss.call(...c.lossArgs(outs, yb)) as Tensor).item(), len);
        const right = countCorrect(c, outs, yb);
        correct = right === null || correct === null ? null : correct + right;
        if (confusion) {
          const pred = outs[0].argmax(1)._values();
          const truth = labelIndices(yb, k)!;
          for (let j = 0; j < len; j++) confusion[truth[j]][pred[j]]++;
        }
      }
    });
    c.model.train(wasTraining);
    const perClass = confusion ? confusion.map((row, i) => { const s = row.reduce((a, b) => a + b, 0); return s ? row[i] / s : null; }) : null;
    return { split, loss: total / n, accuracy: correct === null ? null : (correct as number) / n, confusion, perClassAccuracy: perClass };
  }

  /** Loss, accuracy, confusion matrix and per-class accuracy on a split (eval mode, no gradients). */
  async evaluate(split: 'train' | 'val' | 'test' = 'test'): Promise<Evaluation> {
    return this.evaluateSplit(split);
  }

  /** Predictions for some samples of a split (for the test-sample grid). */
  async predict(split: 'train' | 'val' | 'test', indices: number[]): Promise<Prediction[]> {
    const { c } = this.need();
    const { x, y } = this.splitData(split);
    const n = x.shape[0];
    for (const i of indices) if (!Number.isInteger(i) || i < 0 || i >= n) throw new SessionError(`Sample index ${i} is outside the ${split} split (0…${n - 1}).`);
    if (indices.length === 0) return [];
    if (c.lossInputs.length > 1 && c.target.accuracy === 'none') {
      throw new SessionError(`predict: there is no per-sample prediction to show: the model gives ${c.lossInputs.length} tensors to ` +
        `${c.analysis.nodes[c.analysis.roles.loss!].label} (${c.lossInputs.join(', ')}) and the task measures no accuracy. ` +
        'The loss curve and evaluate() still report how training goes.');
    }
    const idx = Tensor._fromArray(Float64Array.from(indices), [indices.length], 'int64');
    if (c.target.accuracy === 'ctc_greedy') return this.predictSequences(c, x, y, idx, indices);
    const wasTraining = c.model.training;
    c.model.eval();
    // With several outputs, the first one (the loss's first input) is the prediction accuracy is measured on.
    // A ranking predicts the order of its two scores: class 1 when input1 beats input2.
    const out: Tensor = no_grad(() => {
      const outs = c.outputsOf(c.model.call(x.index_select(0, idx)));
      return c.target.accuracy === 'rank' ? outs[0].sub(outs[1]) : outs[0];
    });
    c.model.train(wasTraining);
    const classify = c.target.accuracy === 'argmax';
    const probs = classify ? out.softmax(1) : out;
    const picked = y.index_select(0, idx);
    const labels = labelIndices(picked, this.data!.numClasses) ?? picked.reshape([-1])._values();
    const rows = probs.reshape([indices.length, -1]).tolist() as number[][];
    return indices.map((index, k) => ({
      index,
      label: labels[k],
      predicted: classify ? rows[k].indexOf(Math.max(...rows[k]))
        : c.target.accuracy === 'logit' || c.target.accuracy === 'sign' || c.target.accuracy === 'rank' ? (rows[k][0] > 0 ? 1 : 0)
          : c.target.accuracy === 'probability' ? (rows[k][0] > 0.5 ? 1 : 0) : null,
      output: rows[k],
    }));
  }

  /** CTC predictions: each sample's greedy reading against its true sequence, as text ("314"). */
  private predictSequences(c: Compiled, x: Tensor, y: Tensor, idx: Tensor, indices: number[]): Prediction[] {
    const wasTraining = c.model.training;
    c.model.eval();
    const logProbs: Tensor = no_grad(() => c.outputsOf(c.model.call(x.index_select(0, idx)))[0]);
    c.model.train(wasTraining);
    const names = this.data!.classNames;
    const text = (symbols: number[]) => symbols.map((v) => names[v - 1] ?? String(v - 1)).join(names.every((n) => n.length === 1) ? '' : ' ');
    const truth = (y.index_select(0, idx).tolist() as number[][]).map((row) => row.filter((v) => v > 0));
    return ctcGreedyDecode(logProbs).map((seq, k) => ({
      index: indices[k], label: truth[k][0] !== undefined ? truth[k][0] - 1 : -1, predicted: seq[0] !== undefined ? seq[0] - 1 : null, output: [],
      predictedText: text(seq), labelText: text(truth[k]),
      correct: seq.length === truth[k].length && seq.every((v, j) => v === truth[k][j]),
    }));
  }

  /**
   * Step-by-step insight for one sample: its activation at every node (forward) and the gradient of the loss with
   * respect to it (backward). Does not change the weights.
   */
  async inspect(split: 'train' | 'val' | 'test', index: number): Promise<NodeTrace[]> {
    const { c } = this.need();
    const { x, y } = this.splitData(split);
    if (!Number.isInteger(index) || index < 0 || index >= x.shape[0]) throw new SessionError(`Sample index ${index} is outside the ${split} split.`);
    const xb = x.narrow(0, index, 1);
    const yb = y.narrow(0, index, 1);
    const wasTraining = c.model.training;
    c.model.eval();
    const watch = this.watchLayers(c);
    const outputs: Array<[string, Tensor]> = [];
    const grads = new Map<string, Tensor>();
    const hooks: Array<{ remove(): void }> = [];
    for (const [path, m] of c.model.named_modules()) {
      if (!c.paths.has(path)) continue;
      hooks.push(m.register_forward_hook((_m: Module, _a: unknown[], result: unknown) => {
        // A module returning a tuple (MaxPool2d with return_indices) is traced by its first output.
        const out = Array.isArray(result) ? result[0] : result;
        if (out instanceof Tensor) {
          outputs.push([path, out]);
          if (out.requires_grad) out.register_hook((g) => { grads.set(path, g); });
        }
      }));
    }
    try {
      const loss: Tensor = c.loss.call(...c.lossArgs(c.outputsOf(c.model.call(xb)), yb));
      const params = [...c.model.parameters()];
      const saved = params.map((p) => p.grad);
      loss.backward();
      params.forEach((p, i) => { p.grad = saved[i]; });
    } finally {
      for (const h of hooks) h.remove();
      watch.detach();
      c.model.train(wasTraining);
    }
    return outputs.map(([path, t]) => {
      const g = grads.get(path) ?? null;
      const a = t.detach().reshape([-1]);
      return {
        nodeId: c.paths.get(path)!, path, shape: t.shape.slice(1),
        activation: Float32Array.from(a._values()), gradient: g ? Float32Array.from(g.reshape([-1])._values()) : null,
        activationStats: tensorStats(a), gradientStats: g ? tensorStats(g) : null,
      };
    });
  }

  /** The trained weights as a PyTorch state_dict file (.pt) or safetensors. */
  async exportWeights(format: 'pt' | 'safetensors' = 'pt'): Promise<Uint8Array> {
    const { c } = this.need();
    const sd = c.model.state_dict() as Map<string, Tensor>;
    return format === 'pt' ? save(sd) : safetensors.save(sd);
  }

  /**
   * The values (and current gradient) of one state_dict entry, e.g. "conv1.weight", for the insight view's filter
   * images. Copies: the caller may transfer the buffers.
   */
  async parameterValues(name: string): Promise<{ name: string; shape: number[]; values: Float32Array; grad: Float32Array | null }> {
    const { c } = this.need();
    const sd = c.model.state_dict() as Map<string, Tensor>;
    const t = sd.get(name);
    if (!t) throw new SessionError(`parameterValues: the model has no state_dict entry ${JSON.stringify(name)}. Known entries: ${[...sd.keys()].join(', ')}.`);
    const p = [...c.model.named_parameters()].find(([n]) => n === name)?.[1] ?? null;
    return {
      name, shape: [...t.shape], values: Float32Array.from(t.contiguous()._values()),
      grad: p?.grad ? Float32Array.from(p.grad.contiguous()._values()) : null,
    };
  }

  /** The (normalised) input values and labels of some samples of a split, for preview grids. */
  async samples(split: 'train' | 'val' | 'test', indices: number[]): Promise<{ shape: number[]; values: Float32Array; labels: number[]; classNames: string[]; labelTexts?: string[] }> {
    const { c, data } = this.need();
    const { x, y } = this.splitData(split);
    const n = x.shape[0];
    const idx = indices.filter((i) => Number.isInteger(i) && i >= 0 && i < n);
    const per = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const values = new Float32Array(idx.length * per);
    const xc = x.contiguous();
    const all = xc._storage.data;
    const off = xc._offset;
    idx.forEach((i, k) => { for (let j = 0; j < per; j++) values[k * per + j] = all[off + i * per + j]; });
    if (c.analysis.nodes[c.input.nodeId]?.outputs.y?.labels?.format === 'sequence') {
      // Sequence labels (CTC): class c is stored as c + 1 and 0 pads; show the whole sequence ("314").
      const all = y._values();
      const len = y.shape[1];
      const seqs = idx.map((i) => all.slice(i * len, (i + 1) * len).filter((v) => v > 0).map((v) => v - 1));
      return {
        shape: x.shape.slice(1), values, labels: seqs.map((q) => q[0] ?? 0), classNames: data.classNames,
        labelTexts: seqs.map((q) => q.map((v) => data.classNames[v] ?? String(v)).join(data.classNames.every((n) => n.length === 1) ? '' : ' ')),
      };
    }
    const ys = labelIndices(y, data.numClasses) ?? y.reshape([-1])._values();
    return { shape: x.shape.slice(1), values, labels: idx.map((i) => ys[i]), classNames: data.classNames };
  }

  /** Every state_dict entry of the compiled model with its shape and the graph node it belongs to (for weight import). */
  async stateDictInfo(): Promise<Array<{ key: string; shape: number[]; nodeId: string | null }>> {
    const { c } = this.need();
    const sd = c.model.state_dict() as Map<string, Tensor>;
    return [...sd].map(([key, t]) => {
      const path = key.slice(0, key.lastIndexOf('.'));
      return { key, shape: [...t.shape], nodeId: c.paths.get(path) ?? null };
    });
  }

  /**
   * Copy the given tensors into the model's state_dict entries of the same name (shapes must match; other entries
   * keep their values). Returns the keys loaded.
   */
  async loadStateDictEntries(entries: Map<string, Tensor>): Promise<string[]> {
    const { c } = this.need();
    if (this.stateValue === 'running') throw new SessionError('Pause training before loading weights.');
    const sd = c.model.state_dict() as Map<string, Tensor>;
    for (const [key, v] of entries) {
      const t = sd.get(key);
      if (!t) throw new SessionError(`loadStateDictEntries: the model has no entry ${JSON.stringify(key)}.`);
      if (t.shape.join('x') !== v.shape.join('x')) throw new SessionError(`loadStateDictEntries: ${key} has shape [${t.shape}] in the model but [${v.shape}] in the file.`);
    }
    no_grad(() => { for (const [key, v] of entries) sd.get(key)!.copy_(v); });
    return [...entries.keys()];
  }

  /** Everything needed to resume this run exactly: weights, optimizer and scheduler state, epoch, history. */
  async saveCheckpoint(): Promise<Uint8Array> {
    const { c } = this.need();
    return save_checkpoint({
      model: c.model, optimizer: c.optimizer, scheduler: c.scheduler ?? undefined, epoch: this.epoch,
      history: { epochs: this.history, step: this.stepCount, batchSize: this.batchSize, epochSeen: this.epochSeen, seed: this.graph!.training.seed },
    } as any);
  }

  async restoreCheckpoint(bytes: Uint8Array): Promise<ProgressSnapshot> {
    const { c } = this.need();
    if (this.stateValue === 'running') throw new SessionError('Pause training before restoring a checkpoint.');
    const loaded: any = load_checkpoint(bytes, { model: c.model, optimizer: c.optimizer, scheduler: c.scheduler ?? undefined } as any);
    const h = toPlain(loaded.history ?? {}) as Record<string, any>;
    this.epoch = Number(loaded.epoch ?? 1);
    this.history = Array.isArray(h.epochs) ? h.epochs : [];
    this.stepCount = Number(h.step ?? 0);
    this.batchSize = Number(h.batchSize ?? this.batchSize);
    this.perm = null;
    this.startEpochCounters();
    const seen = Number(h.epochSeen ?? 0);
    this.epochSeen = seen;
    this.batchIndex = Math.ceil(seen / this.batchSize);
    this.stateValue = 'paused';
    return this.snapshot();
  }
}

/** Loaded pickles give dicts as Maps; the run history is plain JSON-like data again. */
function toPlain(v: unknown): unknown {
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[String(k)] = toPlain(x);
    return o;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  return v;
}
