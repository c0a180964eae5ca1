/**
 * TrainingSession's methods as a worker serves them, shared by both hosts (cli/session-worker.ts on worker_threads,
 * renderer/engine/session.worker.ts in a Web Worker): typed arrays in the results are transferred, not copied.
 * Each host spreads this object and adds its own calls (the app's weight import, test hooks).
 */
import type { TrainingSession } from './session.ts';

/** Marks `buffers` of `value` for transfer across the thread boundary (Comlink.transfer in both hosts). */
export type Transfer = <T>(value: T, buffers: ArrayBuffer[]) => T;

type Split = 'train' | 'val' | 'test';

export function sessionWorkerApi(session: TrainingSession, transfer: Transfer) {
  const bytes = (b: Uint8Array) => transfer(b, [b.buffer as ArrayBuffer]);
  return {
    onProgress: (cb: Parameters<TrainingSession['onProgress']>[0]) => session.onProgress(cb),
    load: (graph: unknown, data?: Parameters<TrainingSession['load']>[1]) => session.load(graph, data),
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
    evaluate: (split?: Split) => session.evaluate(split),
    predict: (split: Split, indices: number[]) => session.predict(split, indices),
    inspect: async (split: Split, index: number) => {
      const traces = await session.inspect(split, index);
      return transfer(traces, traces.flatMap((t) => [t.activation.buffer as ArrayBuffer, ...(t.gradient ? [t.gradient.buffer as ArrayBuffer] : [])]));
    },
    samples: async (split: Split, indices: number[]) => {
      const s = await session.samples(split, indices);
      return transfer(s, [s.values.buffer as ArrayBuffer]);
    },
    parameterValues: async (name: string) => {
      const p = await session.parameterValues(name);
      return transfer(p, [p.values.buffer as ArrayBuffer, ...(p.grad ? [p.grad.buffer as ArrayBuffer] : [])]);
    },
    stateDictInfo: () => session.stateDictInfo(),
    exportWeights: async (format?: 'pt' | 'safetensors') => bytes(await session.exportWeights(format)),
    saveCheckpoint: async () => bytes(await session.saveCheckpoint()),
    restoreCheckpoint: (b: Uint8Array) => session.restoreCheckpoint(b),
  };
}
