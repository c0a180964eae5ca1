/**
 * The UI side of the engine: starts the session worker, wraps it with core/session/supervise (a dead worker rejects
 * every pending call), feeds progress into the live store, keeps the runs for the charts, takes a checkpoint at the
 * end of each epoch, and restarts the worker on request (resuming from that checkpoint when the graph is unchanged).
 */
import * as Comlink from 'comlink';
import mnistUrl from '../../assets/datasets/mnist-10k.bin?url';
import type { GraphDocument } from '../../core/graph/types.ts';
import type { DataBytes, Evaluation, LoadResult, ProgressSnapshot } from '../../core/session/protocol.ts';
import { supervise, type Supervised } from '../../core/session/supervise.ts';
import { clearLive, ingestSnapshot, liveStore } from './live.ts';
import type { SessionWorkerApi } from './session.worker.ts';
import { engineStore, RUN_COLORS, type RunRecord } from './store.ts';

type Api = Comlink.Remote<SessionWorkerApi>;

/** How long the worker may leave a ping unanswered before it counts as dead (a long kernel still answers within it). */
const HEARTBEAT_TIMEOUT_MS = 30_000;
const HEARTBEAT_EVERY_MS = 1_000;
const MAX_RUNS = 8;

/** What identifies a loaded graph: everything that changes the compiled model or the data, not positions. */
export function graphKey(doc: GraphDocument, dataVersion = 0): string {
  return JSON.stringify({
    nodes: doc.nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.name, params: n.params, group: n.group ?? null })),
    edges: doc.edges.map((e) => [e.source, e.sourcePort, e.target, e.targetPort]),
    groups: doc.groups,
    seed: doc.training.seed,
    validation: doc.training.validation_split,
    lr: doc.training.lr,
    dataVersion,
  });
}

const FRESH = new Set(['empty', 'ready', 'finished', 'stopped', 'failed']);

export class EngineClient {
  private worker: Worker | null = null;
  private remote: Api | null = null;
  private sup: Supervised<Api> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private starting: Promise<Api> | null = null;
  private runSeq = 0;
  private checkpointEpochs = 0;
  private checkpointing = false;
  private lastDoc: GraphDocument | null = null;
  private dataBytes: DataBytes = {};
  private dataVersion = 0;
  /** Class names the renderer read from the user's files (folder names, CSV label values), in index order. */
  private dataClassNames: string[] | null = null;
  /** Silence longer than this counts as a dead worker (tests shorten it). */
  heartbeatTimeoutMs = HEARTBEAT_TIMEOUT_MS;

  /** Start the worker if needed; rejects with the crash while the engine is dead (call restart()). */
  async api(): Promise<Api> {
    const s = engineStore.get();
    if (s.status === 'dead' && this.sup?.dead) throw this.sup.dead;
    if (this.sup && !this.sup.dead) return this.sup.api;
    this.starting ??= this.spawn().finally(() => { this.starting = null; });
    return this.starting;
  }

  private async spawn(): Promise<Api> {
    engineStore.update({ status: 'starting', crash: null, error: null });
    const worker = new Worker(new URL('./session.worker.ts', import.meta.url), { type: 'module', name: 'netsketch-session' });
    const remote = Comlink.wrap<SessionWorkerApi>(worker);
    const sup = supervise(remote);
    this.worker = worker;
    this.remote = remote;
    this.sup = sup;
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.die(worker, e.message ? e.message.replace(/^Uncaught (Error: )?/, '') : 'the worker failed to load or crashed');
    });
    worker.addEventListener('messageerror', () => this.die(worker, 'a message from the worker could not be read'));
    this.startHeartbeat(worker, remote);
    await sup.api.onProgress(Comlink.proxy((snap: ProgressSnapshot) => this.onProgress(snap)));
    const kernels = await sup.api.kernels();
    engineStore.update({ status: 'ready', kernels, loadedKey: null });
    return sup.api;
  }

  private startHeartbeat(worker: Worker, remote: Api): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    let since: number | null = null;
    this.heartbeat = setInterval(() => {
      if (this.worker !== worker) return;
      if (since !== null) {
        const silent = performance.now() - since;
        if (silent > this.heartbeatTimeoutMs) this.die(worker, `it stopped answering for ${Math.round(silent / 1000)} s (out of memory, or stuck)`);
        return;
      }
      since = performance.now();
      remote.ping().then(() => { since = null; }, () => { /* the death handler reports it */ });
    }, HEARTBEAT_EVERY_MS);
  }

  /** The worker is gone: reject pending calls, keep the graph, the charts and the last snapshot, offer a restart. */
  private die(worker: Worker, reason: string): void {
    if (this.worker !== worker || !this.sup || this.sup.dead) return;
    this.sup.markDead(reason);
    worker.terminate();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.remote?.[Comlink.releaseProxy]();
    const snap = liveStore.get().snapshot;
    if (snap) liveStore.set({ ...liveStore.get(), snapshot: { ...snap, state: 'failed' } });
    engineStore.update({ status: 'dead', crash: this.sup.dead!.message, busy: null, loadedKey: null });
  }

  /** Start a fresh worker; with `resume`, reload the last graph and continue from the last checkpoint. */
  async restart(resume: boolean): Promise<void> {
    if (this.worker) this.worker.terminate();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.worker = null;
    this.sup = null;
    const checkpoint = engineStore.get().checkpoint;
    engineStore.update({ status: 'idle', crash: null, loadedKey: null });
    const api = await this.api();
    if (!resume || !checkpoint || !this.lastDoc) {
      engineStore.update({ checkpoint: null });
      return;
    }
    await this.ensureLoaded(this.lastDoc);
    const snap = await api.restoreCheckpoint(checkpoint.bytes.slice());
    this.checkpointEpochs = snap.history.length;
    // Loading cleared it, but it still describes this run: a second crash can resume from it too.
    engineStore.update({ checkpoint });
    // The current run continues: drop the chart points after the checkpoint.
    engineStore.update((s) => ({
      runs: s.runs.map((r, i) => {
        if (i !== s.runs.length - 1) return r;
        const keep = r.steps.findIndex((x) => x > snap.step);
        const keepAcc = r.accSteps.findIndex((x) => x > snap.step);
        return {
          ...r,
          steps: keep < 0 ? r.steps : r.steps.slice(0, keep), losses: keep < 0 ? r.losses : r.losses.slice(0, keep), lrs: keep < 0 ? r.lrs : r.lrs.slice(0, keep),
          accSteps: keepAcc < 0 ? r.accSteps : r.accSteps.slice(0, keepAcc), accs: keepAcc < 0 ? r.accs : r.accs.slice(0, keepAcc),
        };
      }),
    }));
    ingestSnapshot(snap);
  }

  /** Test hook and "kill" button: make the worker die (uncaught error), hang, or terminate it from here. */
  async crash(how: 'throw' | 'hang' | 'terminate' = 'throw'): Promise<void> {
    const worker = this.worker;
    if (!worker || !this.remote) return;
    if (how === 'terminate') {
      worker.terminate();
      this.die(worker, 'the worker was terminated');
      return;
    }
    void this.remote.crash(how).catch(() => undefined);
  }

  /** Bytes for user datasets (CSV text, decoded images); the next load sends them. */
  setDataBytes(bytes: DataBytes, classNames: string[] | null = null): void {
    this.dataBytes = bytes;
    this.dataClassNames = classNames;
    this.dataVersion++;
  }

  /** The session numbers classes; show the names the user's files gave them when the session has none. */
  private withClassNames(result: LoadResult): LoadResult {
    const numbered = result.classNames.every((n, i) => n === String(i));
    const names = this.dataClassNames;
    return numbered && names && names.length === result.numClasses ? { ...result, classNames: names } : result;
  }

  /** Load `doc` unless the worker already has this graph; then apply epochs / batch size / lr. */
  async ensureLoaded(doc: GraphDocument): Promise<Api> {
    const api = await this.api();
    this.lastDoc = doc;
    const key = graphKey(doc, this.dataVersion);
    if (engineStore.get().loadedKey !== key) {
      const state = await api.state();
      if (state === 'running') await api.pause();
      engineStore.update({ busy: 'load' });
      try {
        let result: LoadResult;
        try {
          result = this.withClassNames(await api.load(doc, this.dataBytes, new URL(mnistUrl, document.baseURI).href));
        } catch (e) {
          // The worker has no usable graph now (its data could not be read): forget what it had.
          engineStore.update({ load: null, loadedKey: null, evaluation: null, checkpoint: null });
          throw e;
        }
        engineStore.update({ load: result, loadedKey: result.ok ? key : null, evaluation: null, checkpoint: null, lastStep: null });
        if (!result.ok) {
          const first = result.diagnostics.find((d) => d.severity === 'error');
          throw new Error(first ? `${first.message}${first.fix ? ` ${first.fix}` : ''}` : 'The graph is not valid yet.');
        }
        this.checkpointEpochs = 0;
        clearLive();
      } finally {
        engineStore.update({ busy: null });
      }
    }
    const t = doc.training;
    await api.setEpochs(t.epochs);
    await api.setBatchSize(t.batch_size);
    if (t.lr !== null) await api.setLr(t.lr);
    return api;
  }

  private newRun(doc: GraphDocument): void {
    const id = ++this.runSeq;
    const t = doc.training;
    const run: RunRecord = {
      id, label: `#${id} · bs ${t.batch_size}${t.lr !== null ? ` · lr ${t.lr}` : ''}`,
      color: RUN_COLORS[(id - 1) % RUN_COLORS.length], visible: true, steps: [], losses: [], lrs: [], accSteps: [], accs: [], epochs: [], batchesPerEpoch: 0,
    };
    this.checkpointEpochs = 0;
    clearLive();
    engineStore.update((s) => ({ runs: [...s.runs, run].slice(-MAX_RUNS), checkpoint: null, evaluation: null }));
  }

  private onProgress(s: ProgressSnapshot): void {
    ingestSnapshot(s);
    const runs = engineStore.get().runs;
    const cur = runs[runs.length - 1];
    if (cur && (s.recent.length > 0 || s.history.length !== cur.epochs.length)) {
      const steps = cur.steps.slice();
      const losses = cur.losses.slice();
      const lrs = cur.lrs.slice();
      for (const p of s.recent) {
        if (steps.length && p.step <= steps[steps.length - 1]) continue;
        steps.push(p.step);
        losses.push(p.loss);
        lrs.push(p.lr);
      }
      let { accSteps, accs } = cur;
      if (s.epochAccuracy !== null && s.batch > 0 && (accSteps.length === 0 || s.step > accSteps[accSteps.length - 1])) {
        accSteps = [...accSteps, s.step];
        accs = [...accs, s.epochAccuracy];
      }
      const next: RunRecord = { ...cur, steps, losses, lrs, accSteps, accs, epochs: s.history, batchesPerEpoch: s.batchesPerEpoch };
      engineStore.update({ runs: [...runs.slice(0, -1), next] });
    }
    if (s.history.length > this.checkpointEpochs && !this.checkpointing && this.sup && !this.sup.dead) {
      this.checkpointing = true;
      const epochs = s.history.length;
      this.sup.api.saveCheckpoint().then(
        (bytes) => { this.checkpointEpochs = epochs; engineStore.update({ checkpoint: { epoch: epochs, step: s.step, bytes } }); },
        () => undefined,
      ).finally(() => { this.checkpointing = false; });
    }
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      engineStore.update({ error: null });
      return await fn();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (engineStore.get().status !== 'dead') engineStore.update({ error: message });
      throw e instanceof Error ? e : new Error(`${what}: ${message}`);
    }
  }

  /**
   * Load `doc` for a new run: a run after a finished or stopped one starts from freshly initialised weights (the
   * graph is compiled again), so runs are comparable.
   */
  private async prepareRun(doc: GraphDocument): Promise<{ api: Api; fresh: boolean }> {
    let api = await this.ensureLoaded(doc);
    let state = await api.state();
    if (state === 'finished' || state === 'stopped' || state === 'failed') {
      engineStore.update({ loadedKey: null });
      api = await this.ensureLoaded(doc);
      state = await api.state();
    }
    const fresh = FRESH.has(state) || engineStore.get().runs.length === 0;
    if (fresh) this.newRun(doc);
    return { api, fresh };
  }

  /** Start a new run, or resume a paused one. */
  start(doc: GraphDocument): Promise<void> {
    return this.guard('start', async () => {
      const current = this.sup && !this.sup.dead && engineStore.get().loadedKey ? await this.sup.api.state() : null;
      if (current === 'running') return;
      const { api } = await this.prepareRun(doc);
      await api.start();
    });
  }

  pause(): Promise<void> {
    return this.guard('pause', async () => {
      if (!this.sup || this.sup.dead) return;
      await this.sup.api.pause();
    });
  }

  /** Run exactly one batch (pausing first if running). */
  step(doc: GraphDocument): Promise<ProgressSnapshot> {
    return this.guard('step', async () => {
      if (this.sup && !this.sup.dead && engineStore.get().loadedKey && (await this.sup.api.state()) === 'running') await this.sup.api.pause();
      const { api } = await this.prepareRun(doc);
      const snap = await api.step();
      this.onProgress(snap);
      engineStore.update({ lastStep: snap });
      return snap;
    });
  }

  stop(): Promise<void> {
    return this.guard('stop', async () => {
      if (!this.sup || this.sup.dead) return;
      await this.sup.api.stop();
    });
  }

  setLr(lr: number): Promise<void> {
    return this.guard('setLr', async () => { if (this.sup && !this.sup.dead && engineStore.get().loadedKey) await this.sup.api.setLr(lr); });
  }

  evaluate(doc: GraphDocument): Promise<Evaluation> {
    return this.guard('evaluate', async () => {
      const api = await this.ensureLoaded(doc);
      engineStore.update({ busy: 'evaluate' });
      try {
        const ev = await api.evaluate('test');
        engineStore.update({ evaluation: ev });
        return ev;
      } finally {
        engineStore.update({ busy: null });
      }
    });
  }

  exportWeights(doc: GraphDocument, format: 'pt' | 'safetensors'): Promise<Uint8Array> {
    return this.guard('exportWeights', async () => {
      const api = await this.ensureLoaded(doc);
      return api.exportWeights(format);
    });
  }

  toggleRun(id: number): void {
    engineStore.update((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, visible: !r.visible } : r)) }));
  }

  clearRuns(): void {
    engineStore.update((s) => ({ runs: s.runs.slice(-1) }));
  }
}

/** The one engine client of the page. */
export const engineClient = new EngineClient();

declare global {
  interface Window {
    /** End-to-end test hooks (harmless in production: they only reach this page's own worker). */
    __netsketchEngine?: {
      crash(how?: 'throw' | 'hang' | 'terminate'): Promise<void>;
      /** Shorten the silence after which the worker counts as dead. */
      setHeartbeatTimeout(ms: number): void;
      state(): unknown;
      /** Predictions and the (normalised) inputs of some test samples, for comparing with PyTorch. */
      predict(indices: number[]): Promise<{ shape: number[]; inputs: number[][]; outputs: number[][]; labels: number[] }>;
    };
  }
}
if (typeof window !== 'undefined') {
  window.__netsketchEngine = {
    crash: (how) => engineClient.crash(how),
    setHeartbeatTimeout: (ms) => { engineClient.heartbeatTimeoutMs = ms; },
    state: () => engineStore.get(),
    predict: async (indices) => {
      const api = await engineClient.api();
      const [preds, s] = await Promise.all([api.predict('test', indices), api.samples('test', indices)]);
      const per = s.shape.reduce((a, b) => a * b, 1);
      return {
        shape: s.shape, labels: s.labels, outputs: preds.map((p) => p.output),
        inputs: indices.map((_, k) => Array.from(s.values.subarray(k * per, (k + 1) * per))),
      };
    },
  };
}
