// The session methods the app's insight view and weight import use: parameterValues, stateDictInfo,
// loadStateDictEntries. The oracle is the session's own safetensors export (itself checked against PyTorch).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import '../../core/index.ts';
import { TrainingSession } from '../../core/session/session.ts';
import { safetensors } from '../../core/serialize/index.ts';
import { Tensor } from '../../core/tensor/tensor.ts';

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../assets/examples/${name}.json`, import.meta.url), 'utf8'));

async function loaded() {
  const s = new TrainingSession();
  const info = await s.load(example('spirals-mlp'));
  expect(info.ok).toBe(true);
  return s;
}

describe('TrainingSession weight access', () => {
  it('parameterValues returns the exported values, and the gradient after a step', async () => {
    const s = await loaded();
    const sd = safetensors.load(await s.exportWeights('safetensors'));
    const w = sd.get('fc1.weight')!;
    const before = await s.parameterValues('fc1.weight');
    expect(before.shape).toEqual(w.shape);
    expect(Array.from(before.values)).toEqual(w._values().map((v) => Math.fround(v)));
    expect(before.grad).toBeNull();
    await s.step();
    const after = await s.parameterValues('fc1.weight');
    expect(after.grad).not.toBeNull();
    expect(after.grad!.length).toBe(before.values.length);
    expect(after.grad!.some((g) => g !== 0)).toBe(true);
    await expect(s.parameterValues('nope.weight')).rejects.toThrow(/no state_dict entry "nope.weight"/);
  });

  it('stateDictInfo names every entry with its shape and node', async () => {
    const s = await loaded();
    const info = await s.stateDictInfo();
    const sd = safetensors.load(await s.exportWeights('safetensors'));
    expect(info.map((e) => e.key).sort()).toEqual([...sd.keys()].sort());
    for (const e of info) {
      expect(e.shape).toEqual(sd.get(e.key)!.shape);
      expect(e.nodeId).toBe(example('spirals-mlp').nodes.find((n: { name: string }) => n.name === e.key.split('.')[0])?.id);
    }
  });

  it('loadStateDictEntries copies matching tensors and refuses wrong shapes', async () => {
    const s = await loaded();
    const before = await s.parameterValues('fc1.bias');
    const ones = Tensor._fromArray(new Float32Array(before.values.length).fill(0.25), before.shape, 'float32');
    expect(await s.loadStateDictEntries(new Map([['fc1.bias', ones]]))).toEqual(['fc1.bias']);
    expect(Array.from((await s.parameterValues('fc1.bias')).values)).toEqual(new Array(before.values.length).fill(0.25));
    const wrong = Tensor._fromArray(new Float32Array(3), [3], 'float32');
    await expect(s.loadStateDictEntries(new Map([['fc1.bias', wrong]]))).rejects.toThrow(/fc1.bias has shape/);
  });
  it('samples returns the inputs and labels the model sees, in the order asked', async () => {
    const s = await loaded();
    const picked = await s.samples('test', [3, 0, 7]);
    expect(picked.shape).toEqual([2]);
    expect(picked.values.length).toBe(6);
    const preds = await s.predict('test', [3, 0, 7]);
    expect(picked.labels).toEqual(preds.map((p) => p.label));
    const one = await s.samples('test', [0]);
    expect(Array.from(one.values)).toEqual(Array.from(picked.values.subarray(2, 4)));
    expect(picked.classNames.length).toBe(3);
  });
});
