/**
 * Worker-thread entry that serves a TrainingSession over comlink (the CLI and tests start it with
 * startWorker(SESSION_WORKER)). The session's exported weights are transferred, not copied.
 */
import * as Comlink from 'comlink';
import '../core/index.ts';
import { TrainingSession } from '../core/session/session.ts';
import { useFastKernels } from './fast-kernels.ts';
import { exposeInWorker } from './worker-expose.ts';

await useFastKernels();
const session = new TrainingSession();

/** The same API as TrainingSession, with byte results transferred across the thread boundary. */
const api = {
  onProgress: (cb: Parameters<TrainingSession['onProgress']>[0]) => session.onProgress(cb),
  load: (graph: unknown, bytes?: Parameters<TrainingSession['load']>[1]) => session.load(graph, bytes),
  start: () => session.start(),
  resume: () => session.resume(),
  pause: () => session.pause(),
  stop: () => session.stop(),
  step: () => session.step(),
  state: () => session.state(),
  snapshot: () => session.snapshot(),
  waitUntilIdle: () => session.waitUntilIdle(),
  setLr: (lr: number) => session.setLr(lr),
  setBatchSize: (n: number) => session.setBatchSize(n),
  setEpochs: (n: number) => session.setEpochs(n),
  evaluate: (split?: 'train' | 'val' | 'test') => session.evaluate(split),
  predict: (split: 'train' | 'val' | 'test', indices: number[]) => session.predict(split, indices),
  inspect: (split: 'train' | 'val' | 'test', index: number) => session.inspect(split, index),
  exportWeights: async (format?: 'pt' | 'safetensors') => {
    const bytes = await session.exportWeights(format);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  saveCheckpoint: async () => {
    const bytes = await session.saveCheckpoint();
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  restoreCheckpoint: (bytes: Uint8Array) => session.restoreCheckpoint(bytes),
  /** Test hook: make the worker die as a crash would. */
  crash: () => { setTimeout(() => process.exit(70), 5); },
};

export type SessionWorkerApi = typeof api;
exposeInWorker(api);
