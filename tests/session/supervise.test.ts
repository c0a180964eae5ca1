import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../../cli/worker-host.ts';
import { supervise, EngineCrashed } from '../../core/session/supervise.ts';

const ECHO = fileURLToPath(new URL('./fixtures/echo-worker.ts', import.meta.url));

interface Echo { add(a: number, b: number): number; never(): Promise<void>; crash(): Promise<void>; fail(): never }

describe('supervised worker', () => {
  it('answers calls and passes errors through with their message', async () => {
    const w = startWorker<Echo>(ECHO);
    try {
      expect(await w.api.add(2, 3)).toBe(5);
      await expect(w.api.fail()).rejects.toThrow('bad argument: expected a graph');
    } finally {
      await w.terminate();
    }
  });

  it('rejects pending calls when the worker is terminated, and later calls too', async () => {
    const w = startWorker<Echo>(ECHO);
    expect(await w.api.add(1, 1)).toBe(2);
    const pending = w.api.never();
    await new Promise((r) => setTimeout(r, 50));
    expect(w.pending).toBe(1);
    await w.worker.terminate();
    await expect(pending).rejects.toBeInstanceOf(EngineCrashed);
    await expect(w.api.add(1, 2)).rejects.toThrow(/training engine stopped/);
  });

  it('rejects pending calls when the worker process code exits on its own (crash)', async () => {
    const w = startWorker<Echo>(ECHO);
    const p = w.api.crash();
    const err = await p.then(() => null, (e) => e);
    expect(err).toBeInstanceOf(EngineCrashed);
    expect((err as EngineCrashed).code).toBe(7);
    expect(w.dead).not.toBeNull();
  });

  it('supervise works on any object of async functions', async () => {
    let resolveLater!: (v: number) => void;
    const sup = supervise({ later: () => new Promise<number>((r) => { resolveLater = r; }), now: async () => 1 });
    expect(await sup.api.now()).toBe(1);
    const p = sup.api.later();
    sup.markDead('killed by test', 9);
    await expect(p).rejects.toMatchObject({ name: 'EngineCrashed', code: 9 });
    resolveLater(3);
  });
});
