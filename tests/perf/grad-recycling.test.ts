/**
 * The autograd engine hands fresh gradients to leaves without a copy and recycles dead gradient buffers through the
 * buffer pool (core/tensor/pool.ts). These tests check that nothing anyone can still see is ever reused: gradients
 * from backward() must equal those of autograd.grad() (which never steals or recycles) over many steps of real
 * models, and tensors kept by hooks, retain_grad and earlier .grad values must keep their numbers.
 */
import { describe, expect, it } from 'vitest';
import { torch, Tensor } from '../../core/torch.ts';
import * as nn from '../../core/nn/index.ts';
import { SGD } from '../../core/optim/sgd.ts';
import { buffer_pool_stats, set_buffer_pool_cap, empty_buffer_pool } from '../../core/tensor/pool.ts';
import { memory_stats } from '../../core/tensor/memory.ts';

const values = (t: Tensor) => Array.from(t.contiguous()._toTypedArray());

function lenet(): nn.Module {
  return new nn.Sequential(
    new nn.Conv2d(1, 4, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(4, 8, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(200, 32), new nn.ReLU(), new nn.Linear(32, 10),
  );
}

function mlp(): nn.Module {
  return new nn.Sequential(new nn.Linear(40, 64), new nn.ReLU(), new nn.Linear(64, 32), new nn.ReLU(), new nn.Linear(32, 5));
}

/** Steps of SGD where each step's .grad (from backward) is compared with autograd.grad of the same loss. */
function checkAgainstGrad(model: nn.Module, x: Tensor, y: Tensor, steps: number): void {
  const params = [...model.parameters()];
  const opt = new SGD(params, { lr: 0.05 });
  const lossFn = new nn.CrossEntropyLoss();
  for (let s = 0; s < steps; s++) {
    const ref = torch.autograd.grad(lossFn.call(model.call(x), y), params).map((g) => values(g!));
    opt.zero_grad();
    lossFn.call(model.call(x), y).backward();
    params.forEach((p, i) => expect(values(p.grad!)).toEqual(ref[i]));
    // No two parameters' gradients share memory, and none shares a parameter's memory.
    const storages = new Set([...params.map((p) => p.grad!._storage), ...params.map((p) => p._storage)]);
    expect(storages.size).toBe(2 * params.length);
    opt.step();
  }
}

describe('gradient stealing and recycling', () => {
  it('MLP: backward() gradients equal autograd.grad() over steps that reuse pooled buffers', () => {
    torch.manual_seed(0);
    empty_buffer_pool();
    checkAgainstGrad(mlp(), torch.randn([16, 40]), torch.randint(0, 5, [16]), 6);
    const s = buffer_pool_stats();
    expect(s.released).toBeGreaterThan(0);
    expect(s.hits).toBeGreaterThan(0);
  });

  it('LeNet-style CNN: the same, through conv, pooling and flatten', () => {
    torch.manual_seed(1);
    checkAgainstGrad(lenet(), torch.randn([4, 1, 28, 28]), torch.randint(0, 10, [4]), 4);
  });

  it('with the pool switched off, results are the same', () => {
    const run = () => {
      torch.manual_seed(2);
      const m = mlp();
      const opt = new SGD(m.parameters(), { lr: 0.1 });
      const x = torch.randn([8, 40]), y = torch.randint(0, 5, [8]);
      for (let i = 0; i < 5; i++) { opt.zero_grad(); new nn.CrossEntropyLoss().call(m.call(x), y).backward(); opt.step(); }
      return [...m.parameters()].map(values);
    };
    const pooled = run();
    const cap = buffer_pool_stats().capBytes;
    set_buffer_pool_cap(0);
    try {
      expect(run()).toEqual(pooled);
    } finally {
      set_buffer_pool_cap(cap);
    }
  });

  it('gradients seen by hooks keep their values after later backward passes', () => {
    torch.manual_seed(3);
    // Large enough (64×64 floats) for the pool to take the buffers if the engine wrongly thought them dead.
    const l1 = new nn.Linear(40, 64), l2 = new nn.Linear(64, 64), l3 = new nn.Linear(64, 5);
    const x = torch.randn([64, 40]), y = torch.randint(0, 5, [64]);
    const kept: Array<{ g: Tensor; copy: number[] }> = [];
    for (let step = 0; step < 4; step++) {
      const h1 = l1.call(x);
      const h2 = l2.call(h1.relu());
      const loss = new nn.CrossEntropyLoss().call(l3.call(h2.relu()), y);
      h1.register_hook((g: Tensor) => { kept.push({ g, copy: values(g) }); });
      h2.register_hook((g: Tensor) => { kept.push({ g, copy: values(g) }); });
      loss.backward();
      for (const p of [...l1.parameters(), ...l2.parameters(), ...l3.parameters()]) p.grad = null;
    }
    expect(kept.length).toBe(8);
    for (const k of kept) expect(values(k.g)).toEqual(k.copy);
  });

  it('leaf hooks and retain_grad keep their tensors too', () => {
    torch.manual_seed(4);
    const w = torch.randn([40, 30], { requires_grad: true });
    const x = torch.randn([64, 40]);
    const seen: Array<{ g: Tensor; copy: number[] }> = [];
    w.register_hook((g) => { seen.push({ g, copy: values(g) }); });
    const retained: Array<{ t: Tensor; copy: number[] }> = [];
    for (let i = 0; i < 3; i++) {
      const h = x.mm(w).relu();
      h.retain_grad();
      h.mul(h).sum().backward();
      retained.push({ t: h.grad!, copy: values(h.grad!) });
      w.grad = null;
      x.mm(w).relu().sum().backward();
    }
    for (const s of seen) expect(values(s.g)).toEqual(s.copy);
    for (const r of retained) expect(values(r.t)).toEqual(r.copy);
  });

  it('an old .grad kept by the caller is not overwritten by the next steps', () => {
    torch.manual_seed(5);
    const m = mlp();
    const x = torch.randn([16, 40]), y = torch.randint(0, 5, [16]);
    const opt = new SGD(m.parameters(), { lr: 0.1 });
    const old: Array<{ g: Tensor; copy: number[] }> = [];
    for (let i = 0; i < 4; i++) {
      opt.zero_grad();
      new nn.CrossEntropyLoss().call(m.call(x), y).backward();
      for (const p of m.parameters()) old.push({ g: p.grad!, copy: values(p.grad!) });
      opt.step();
    }
    for (const o of old) expect(values(o.g)).toEqual(o.copy);
  });

  it('gradients accumulate across backward calls (no zero_grad) and for a leaf used twice', () => {
    torch.manual_seed(6);
    const w = torch.randn([20, 20], { requires_grad: true });
    const x = torch.randn([5, 20]);
    const f = () => x.mm(w).relu().mm(w).tanh().sum();
    const [g1] = torch.autograd.grad(f(), [w]);
    f().backward();
    f().backward();
    const twice = values(g1!).map((v) => Math.fround(v + v));
    expect(values(w.grad!)).toEqual(twice);
  });

  it('live tensor memory is flat across training steps', () => {
    torch.manual_seed(7);
    const m = lenet();
    const opt = new SGD(m.parameters(), { lr: 0.01 });
    const x = torch.randn([8, 1, 28, 28]), y = torch.randint(0, 10, [8]);
    const step = () => { opt.zero_grad(); new nn.CrossEntropyLoss().call(m.call(x), y).backward(); opt.step(); };
    for (let i = 0; i < 3; i++) step();
    const before = buffer_pool_stats();
    for (let i = 0; i < 5; i++) step();
    const after = buffer_pool_stats();
    // Every step returns its dead gradients and takes them again: the pool does not grow step over step.
    expect(after.pooledBytes).toBeLessThanOrEqual(Math.max(before.pooledBytes, 1));
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(5);
    expect(memory_stats().live).toBeGreaterThan(0);
  });
});

describe('module backward hooks see live gradients', () => {
  it('grad_output and grad_input of a full backward hook equal autograd.grad, at hook time and after', () => {
    torch.manual_seed(8);
    const l1 = new nn.Linear(64, 128), l2 = new nn.Linear(128, 128), l3 = new nn.Linear(128, 10);
    const x = torch.randn([64, 64]), y = torch.randint(0, 10, [64]);
    const lossOf = (o2: Tensor) => new nn.CrossEntropyLoss().call(l3.call(o2.relu()), y);
    // Reference: dL/d(l2 output) and dL/d(l2 input) by autograd.grad, which never recycles.
    const h1 = l1.call(x).relu();
    const o2 = l2.call(h1);
    const [refOut, refIn] = torch.autograd.grad(lossOf(o2), [o2, h1]).map((g) => values(g!));
    const seen: Array<{ t: Tensor; copy: number[]; want: number[] }> = [];
    l2.register_full_backward_hook((_m: unknown, gin: Array<Tensor | null>, gout: Array<Tensor | null>) => {
      seen.push({ t: gout[0]!, copy: values(gout[0]!), want: refOut });
      seen.push({ t: gin[0]!, copy: values(gin[0]!), want: refIn });
    });
    for (let i = 0; i < 2; i++) {
      lossOf(l2.call(l1.call(x).relu())).backward();
      for (const p of [...l1.parameters(), ...l2.parameters(), ...l3.parameters()]) p.grad = null;
    }
    expect(seen.length).toBe(4);
    for (const s of seen) {
      expect(s.copy).toEqual(s.want);
      expect(values(s.t)).toEqual(s.want);
    }
  });
});
