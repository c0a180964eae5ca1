import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TrainingSession } from '../../core/session/session.ts';
import '../../core/index.ts';
import { readFileSync } from 'node:fs';
import { memory_stats, set_memory_budget } from '../../core/tensor/memory.ts';
import { torch } from '../../core/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('memory', () => {
  it('long training keeps steady memory: no growth from epoch 5 to epoch 40', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', 'bin/run-ts.mjs', 'tests/session/fixtures/memory-run.ts', '40'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout.trim().split('\n').pop()!) as Array<{ epoch: number; heap: number; buffers: number; live: number }>;
    expect(rows.length).toBe(40);
    const window = (from: number, to: number, key: 'heap' | 'buffers' | 'live') => rows.filter((x) => x.epoch >= from && x.epoch <= to).map((x) => x[key]);
    const max = (v: number[]) => Math.max(...v), min = (v: number[]) => Math.min(...v);
    // 30 more epochs = 570 more steps; keeping one step's activations per step would add several MB.
    // Tensor bytes alive (the engine's own exact count): flat.
    expect(max(window(31, 40, 'live')) - max(window(5, 14, 'live'))).toBeLessThan(1 << 18);
    // JS heap: no steady growth beyond noise.
    expect(max(window(31, 40, 'heap')) - max(window(5, 14, 'heap'))).toBeLessThan(1 << 20);
    // ArrayBuffers outside the engine's count: single readings carry short-lived spikes, so a leak shows as a rising floor.
    expect(min(window(31, 40, 'buffers')) - min(window(5, 14, 'buffers'))).toBeLessThan(1 << 20);
  });

  it('counts tensor bytes and refuses an allocation past the budget with a clear message', () => {
    const before = memory_stats();
    try {
      set_memory_budget(before.live + 4096);
      expect(() => torch.zeros([10000])).toThrow(/Tensor memory budget exceeded.*Lower the batch size/);
      const small = torch.zeros([16]);
      expect(small.numel()).toBe(16);
    } finally {
      set_memory_budget(Infinity);
    }
  });

  it('a training run past the budget stops with the budget message instead of crashing', async () => {
    const g = JSON.parse(readFileSync(new URL('../../assets/examples/spirals-mlp.json', import.meta.url), 'utf8'));
    const s = new TrainingSession();
    await s.load(g);
    try {
      s.setMemoryBudget((memory_stats().live + 20_000) / 1048576);
      await s.start();
      const snap = await s.waitUntilIdle();
      expect(snap.state).toBe('failed');
      expect(snap.error).toMatch(/memory budget exceeded/);
    } finally {
      set_memory_budget(Infinity);
    }
  });
});
