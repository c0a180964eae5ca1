// Optimizer and scheduler state moves between Netsketch and real PyTorch: our state saved with torch.save format is
// loaded by torch.optim and resumes identically, and a PyTorch-written checkpoint resumes here identically.
// All PyTorch work runs in one Python process (py/interop.py) started in beforeAll.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as optim from '../../core/optim/index.ts';
import { tensor } from '../../core/ops/creation.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { save_optimizer, save_checkpoint, load_checkpoint } from '../../core/serialize/index.ts';
import { PYTHON, INSTALL_HINT, expectClose } from '../loss/helpers.ts';

const fx = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures.json', import.meta.url)), 'utf8'));
const SCRIPT = fileURLToPath(new URL('./py/interop.py', import.meta.url));
const SHAPES = [[3, 4], [5]];
const DIR = mkdtempSync(join(tmpdir(), 'netsketch-optim-'));
const FIRST = fx.grads.slice(0, 8), REST = fx.grads.slice(8, 14);

function params(): Tensor[] {
  return [tensor(fx.p0).reshape([3, 4]).requires_grad_(), tensor(fx.p1).requires_grad_()];
}

function stepWith(opt: optim.Optimizer, ps: Tensor[], grads: number[][][]): void {
  for (const gs of grads) {
    ps.forEach((p, i) => { p.grad = tensor(gs[i]).reshape(SHAPES[i]); });
    opt.step();
  }
}

const CONFIGS: Array<[string, Record<string, any>]> = [
  ['Adam', { lr: 0.01, amsgrad: true }], ['AdamW', { lr: 0.01 }], ['SGD', { lr: 0.1, momentum: 0.9, nesterov: true }],
  ['RMSprop', { centered: true, momentum: 0.5 }], ['Adagrad', { lr: 0.1 }], ['NAdam', {}], ['Adadelta', {}], ['Adamax', {}], ['RAdam', {}], ['Rprop', { lr: 0.05 }], ['ASGD', { t0: 3 }],
];
const SCHEDS: Array<[string, any[], Record<string, any>]> = [
  ['StepLR', [3], { gamma: 0.5 }], ['MultiStepLR', [[2, 5, 5, 9]], { gamma: 0.3 }], ['ExponentialLR', [0.9], {}],
  ['CosineAnnealingLR', [7], { eta_min: 0.01 }], ['LinearLR', [], { start_factor: 0.25, total_iters: 6 }],
  ['OneCycleLR', [1.0], { total_steps: 30 }], ['ReduceLROnPlateau', [], { patience: 1, factor: 0.5 }],
  ['CosineAnnealingWarmRestarts', [4], { T_mult: 2 }], ['PolynomialLR', [], { total_iters: 12, power: 1.5 }],
];
const METRICS = [1, 0.9, 0.95, 0.96, 0.97, 0.8, 0.85, 0.86, 0.87, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 0.2, 0.3, 0.3, 0.3];

function makeSched(name: string, args: any[], kwargs: Record<string, any>, opt: optim.Optimizer): any {
  const C = (optim.lr_scheduler as any)[name];
  return ['ReduceLROnPlateau', 'LinearLR', 'PolynomialLR'].includes(name) ? new C(opt, kwargs) : new C(opt, ...args, kwargs);
}

function stepSched(sch: any, opt: optim.Optimizer, from: number, n: number): number[][] {
  const out: number[][] = [];
  for (let i = from; i < from + n; i++) {
    opt.step();
    if (sch instanceof optim.lr_scheduler.ReduceLROnPlateau) sch.step(METRICS[i]); else sch.step();
    out.push(opt.param_groups.map((g) => g.lr));
  }
  return out;
}

interface Planned { ours: Array<number[]>; mid: number[][]; resume: number; write: number; writePath: string }
const optimPlans = new Map<string, Planned>();
const schedPlans = new Map<string, { mine: number[][]; resume: number; write: number; writePath: string }>();
let results: any[] = [];

beforeAll(() => {
  const requests: any[] = [];
  for (const [name, kwargs] of CONFIGS) {
    const ps = params();
    const opt: optim.Optimizer = new (optim as any)[name](ps, kwargs);
    stepWith(opt, ps, FIRST);
    const path = join(DIR, `${name}.pt`);
    writeFileSync(path, save_optimizer(opt));
    const mid = ps.map((p) => p._values());
    stepWith(opt, ps, REST);
    const writePath = join(DIR, `${name}-torch.pt`);
    requests.push({ kind: 'optim', mode: 'resume', optimizer: name, kwargs, params: mid, shapes: SHAPES, grads: REST, path });
    requests.push({ kind: 'optim', mode: 'write', optimizer: name, kwargs, params: params().map((p) => p._values()), shapes: SHAPES, grads: FIRST, path: writePath });
    optimPlans.set(name, { ours: ps.map((p) => p._values()), mid, resume: requests.length - 2, write: requests.length - 1, writePath });
  }
  for (const [name, args, kwargs] of SCHEDS) {
    const opt = new optim.SGD([tensor([0, 0, 0], { dtype: 'float32' }).requires_grad_()], { lr: 0.1, momentum: 0.9 });
    const sch = makeSched(name, args, kwargs, opt);
    stepSched(sch, opt, 0, 8);
    const path = join(DIR, `${name}-sched.pt`);
    writeFileSync(path, save_checkpoint({ optimizer: opt, scheduler: sch }));
    const mine = stepSched(sch, opt, 8, 10);
    const writePath = join(DIR, `${name}-sched-torch.pt`);
    requests.push({ kind: 'sched', mode: 'resume', sched: name, args, kwargs, steps: 10, metrics: METRICS.slice(8), path });
    requests.push({ kind: 'sched', mode: 'write', sched: name, args, kwargs, steps: 8, metrics: METRICS, path: writePath });
    schedPlans.set(name, { mine, resume: requests.length - 2, write: requests.length - 1, writePath });
  }
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'pipe' });
  } catch {
    throw new Error(INSTALL_HINT);
  }
  results = JSON.parse(execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(requests), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 26 }));
});

describe('optimizer state_dict interop with PyTorch', () => {
  for (const [name, kwargs] of CONFIGS) {
    it(`${name}: Netsketch → torch.save → torch.optim.${name}.load_state_dict resumes like Netsketch`, () => {
      const plan = optimPlans.get(name)!;
      plan.ours.forEach((v, i) => expectClose(v, results[plan.resume].params[i], `${name} param ${i}`, 2e-5, 2e-6));
    });

    it(`${name}: torch checkpoint → load_checkpoint → resumes like PyTorch and like an uninterrupted run`, () => {
      const plan = optimPlans.get(name)!;
      const fresh = plan.mid.map((v, i) => tensor(v).reshape(SHAPES[i]).requires_grad_());
      const resumed: optim.Optimizer = new (optim as any)[name](fresh, { ...kwargs, lr: (kwargs.lr ?? 0.5) * 3 });
      const ckpt = load_checkpoint(new Uint8Array(readFileSync(plan.writePath)), { optimizer: resumed });
      expect(ckpt.epoch).toBe(3);
      expect(resumed.param_groups[0].lr).toBe(kwargs.lr ?? new (optim as any)[name](params(), kwargs).param_groups[0].lr);
      stepWith(resumed, fresh, REST);
      fresh.forEach((p, i) => expectClose(p, results[plan.resume].params[i], `${name} resumed param ${i}`, 2e-5, 2e-6));
      fresh.forEach((p, i) => expectClose(p, plan.ours[i], `${name} resumed vs uninterrupted param ${i}`, 2e-5, 2e-6));
    });
  }
});

describe('LR scheduler state interop with PyTorch', () => {
  for (const [name, args, kwargs] of SCHEDS) {
    it(`${name}: Netsketch checkpoint → PyTorch resumes the same lr sequence, and back`, () => {
      const plan = schedPlans.get(name)!;
      const theirs = results[plan.resume].lrs;
      expectClose(plan.mine.flat(), theirs.flat(), `${name} lrs after resume in PyTorch`, 1e-12, 1e-15);
      const opt2 = new optim.SGD([tensor([0, 0, 0], { dtype: 'float32' }).requires_grad_()], { lr: 0.1, momentum: 0.9 });
      const sch2 = makeSched(name, args, kwargs, opt2);
      load_checkpoint(new Uint8Array(readFileSync(plan.writePath)), { optimizer: opt2, scheduler: sch2 });
      const resumed = stepSched(sch2, opt2, 8, 10);
      expectClose(resumed.flat(), theirs.flat(), `${name} lrs after resuming a PyTorch checkpoint`, 1e-12, 1e-15);
    });
  }
});
