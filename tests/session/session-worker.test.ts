import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startWorker, proxy, type WorkerHandle } from '../../cli/worker-host.ts';
import { EngineCrashed } from '../../core/session/supervise.ts';
import type { SessionWorkerApi } from '../../cli/session-worker.ts';
import type { ProgressSnapshot } from '../../core/session/protocol.ts';

const WORKER = fileURLToPath(new URL('../../cli/session-worker.ts', import.meta.url));
const example = (name: string) => JSON.parse(readFileSync(new URL(`../../assets/examples/${name}.json`, import.meta.url), 'utf8'));

let handle: WorkerHandle<SessionWorkerApi> | null = null;
afterEach(async () => { await handle?.terminate(); handle = null; });

function spirals(epochs = 40) {
  const g = example('spirals-mlp');
  g.training.epochs = epochs;
  return g;
}

describe('TrainingSession in a worker thread, over comlink', () => {
  it('loads a graph, streams throttled progress, pauses, steps, changes lr, resumes and finishes', async () => {
    handle = startWorker<SessionWorkerApi>(WORKER);
    const api = handle.api;
    const snaps: ProgressSnapshot[] = [];
    const times: number[] = [];
    await api.onProgress(proxy((s: ProgressSnapshot) => { snaps.push(s); times.push(Date.now()); }));
    const info = await api.load(spirals());
    expect(info.ok).toBe(true);
    expect(info.trainSamples).toBe(480); // 600 generated, 80% for training (as the generated PyTorch code splits)
    expect(info.testSamples).toBe(120);
    expect(info.numClasses).toBe(3);
    await api.start();
    await new Promise((r) => setTimeout(r, 400));
    await api.pause();
    expect(await api.state()).toBe('paused');
    const paused = await api.snapshot();
    expect(paused.step).toBeGreaterThan(0);
    // Throttled: snapshots at most every ~100 ms (allow scheduling slack), and every step's loss still reaches the chart.
    for (let i = 1; i < times.length - 1; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(50);
    const seenSteps = snaps.flatMap((s) => s.recent.map((p) => p.step));
    expect(new Set(seenSteps).size).toBe(seenSteps.length);

    const one = await api.step();
    expect(one.step).toBe(paused.step + 1);
    expect(one.layers.length).toBeGreaterThan(0);
    const fc1 = one.layers.find((l) => l.path === 'fc1')!;
    expect(fc1.params.map((p) => p.name)).toEqual(['fc1.weight', 'fc1.bias']);
    expect(fc1.params[0].grad!.histogram).toHaveLength(32);
    expect(fc1.outputGradNorm).toBeGreaterThan(0);

    await api.setLr(0.0123);
    expect((await api.snapshot()).lr).toBeCloseTo(0.0123);
    const target = one.history.length + 2;
    await api.setEpochs(target);
    await api.resume();
    const done = await api.waitUntilIdle();
    expect(done.state).toBe('finished');
    expect(done.history.length).toBe(target);
    const first = done.history[0].trainLoss, last = done.history[target - 1].trainLoss;
    expect(last).toBeLessThan(first);
    const ev = await api.evaluate('test');
    expect(ev.confusion!.length).toBe(3);
    expect(ev.accuracy).toBeGreaterThan(0.4);
  });

  it('exports weights as bytes that torch.load reads back with our loader, and checkpoints resume the run', async () => {
    handle = startWorker<SessionWorkerApi>(WORKER);
    const api = handle.api;
    await api.load(spirals(2));
    await api.step();
    const pt = await api.exportWeights('pt');
    expect(pt).toBeInstanceOf(Uint8Array);
    expect(String.fromCharCode(pt[0], pt[1])).toBe('PK');
    const st = await api.exportWeights('safetensors');
    expect(st.byteLength).toBeGreaterThan(8);
    const ck = await api.saveCheckpoint();
    const before = await api.snapshot();
    await api.step();
    await api.step();
    const restored = await api.restoreCheckpoint(ck);
    expect(restored.step).toBe(before.step);
    expect(restored.state).toBe('paused');
  });

  it('a killed worker rejects the pending call and every later one; a new worker can be started', async () => {
    handle = startWorker<SessionWorkerApi>(WORKER);
    await handle.api.load(spirals(500));
    await handle.api.start();
    const pending = handle.api.waitUntilIdle();
    await new Promise((r) => setTimeout(r, 150));
    await handle.worker.terminate();
    await expect(pending).rejects.toBeInstanceOf(EngineCrashed);
    await expect(handle.api.snapshot()).rejects.toBeInstanceOf(EngineCrashed);
    handle = startWorker<SessionWorkerApi>(WORKER);
    expect((await handle.api.load(spirals(1))).ok).toBe(true);
  });

  it('a crashing worker (process exit) rejects pending calls with the exit code', async () => {
    handle = startWorker<SessionWorkerApi>(WORKER);
    await handle.api.load(spirals(500));
    await handle.api.start();
    const pending = handle.api.waitUntilIdle();
    await handle.api.crash();
    const err = await pending.then(() => null, (e) => e);
    expect(err).toBeInstanceOf(EngineCrashed);
    expect(err.code).toBe(70);
  });

  it('an invalid graph comes back as diagnostics, not an exception', async () => {
    handle = startWorker<SessionWorkerApi>(WORKER);
    const g = spirals();
    g.edges = g.edges.slice(1);
    const r = await handle.api.load(g);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.some((d: { severity: string }) => d.severity === 'error')).toBe(true);
  });
});
