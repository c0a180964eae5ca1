/** Shared builders for the project tests and the fuzz suite. */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tensor } from '../../core/tensor/tensor.ts';
import { Storage } from '../../core/tensor/storage.ts';
import { safetensors, save_checkpoint } from '../../core/serialize/index.ts';
import { newProject, type Project } from '../../core/project/index.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

export function f32(shape: number[], values: number[]): Tensor {
  return new Tensor(new Storage(Float32Array.from(values)), shape, null, 0, 'float32');
}

export const WEIGHTS = () => safetensors.save(new Map([['fc.weight', f32([2, 2], [0.5, -1, 2, 0.25])], ['fc.bias', f32([2], [0, 1.5])]]));

export const CHECKPOINT = () => save_checkpoint({
  model: new Map([['fc.bias', f32([2], [0, 1.5])]]),
  optimizer: new Map<string, unknown>([['state', new Map()], ['param_groups', [new Map<string, unknown>([['lr', 0.1], ['params', [0]]])]]]),
  epoch: 3,
});

/** A project using every feature: unicode, NaN/Inf metrics, two runs, weights and a checkpoint. */
export function richProject(): Project {
  const p = newProject('doc-rich', { schemaVersion: 2, name: 'Rich ✓', nodes: [{ id: 'a', kind: 'Linear', params: { in_features: 2 } }], edges: [] }, 1764000000000, 'Rich ✓');
  p.training = { epochs: 2, optimizer: { kind: 'SGD', lr: 0.1, momentum: 0.9 }, note: 'é "quoted" \\ \n' };
  p.runs = [
    { id: 'run-1', name: 'Run 1', startedAt: 1764000001000, endedAt: 1764000002000, status: 'completed', settings: { epochs: 2 },
      metrics: { loss: [0.5, 0.25], accuracy: [0.5, 1] }, epochEndedAt: [1764000001500, 1764000002000] },
    { id: 'run-2', name: 'Diverged', startedAt: 1764000003000, endedAt: null, status: 'failed', settings: { epochs: 2, lr: 100 },
      metrics: { loss: [1e30, Infinity, NaN], grad_norm: [-Infinity, -0] }, epochEndedAt: [] },
  ];
  p.weights = { bytes: WEIGHTS(), runId: 'run-1' };
  p.checkpoint = { bytes: CHECKPOINT(), runId: 'run-1' };
  p.extensions = { futureThing: { a: [1, 2] } };
  return p;
}

/** Deep-freezes plain JSON-ish data (to prove a function does not mutate its input). */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}
