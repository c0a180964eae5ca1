// Optimizer state moves between Netsketch and real PyTorch: our state_dict saved with torch.save is loaded by
// torch.optim and resumes identically; a PyTorch-written checkpoint resumes here identically.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as optim from '../../core/optim/index.ts';
import { tensor } from '../../core/ops/creation.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { save_optimizer, save_checkpoint, load_checkpoint } from '../../core/serialize/index.ts';
import { PYTHON, INSTALL_HINT, expectClose } from '../loss/helpers.ts';

const fx = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures.json', import.meta.url)), 'utf8'));
const SCRIPT = fileURLToPath(new URL('./py/interop.py', import.meta.url));
const SCHED_SCRIPT = fileURLToPath(new URL('./py/sched_interop.py', import.meta.url));
const SHAPES = [[3, 4], [5]];

function torchRun(req: object, script = SCRIPT): { params: number[][]; lr: number[] } {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'pipe' });
  } catch {
    throw new Error(INSTALL_HINT);
  }
  return JSON.parse(execFileSync(PYTHON, [script], { input: JSON.stringify(req), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }));
}

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
  ['RMSprop', { centered: true, momentum: 0.5 }], ['Adagrad', { lr: 0.1 }], ['NAdam', {}], ['Adadelta', {}], ['Adamax', {}], ['RAdam', {}],
];

describe('optimizer state_dict interop with PyTorch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsketch-optim-'));
  const first = fx.grads.slice(0, 8), rest = fx.grads.slice(8, 14);

  for (const [name, kwargs] of CONFIGS) {
    it(`${name}: Netsketch → torch.save → torch.optim.${name}.load_state_dict resumes like Netsketch`, () => {
      const ps = params();
      const opt: optim.Optimizer = new (optim as any)[name](ps, kwargs);
      stepWith(opt, ps, first);
      const path = join(dir, `${name}.pt`);
      writeFileSync(path, save_optimizer(opt));
      const mid = ps.map((p) => p._values());
      stepWith(opt, ps, rest);
      const torchOut = torchRun({ mode: 'resume', optimizer: name, kwargs, params: mid, shapes: SHAPES, grads: rest, path });
      ps.forEach((p, i) => expectClose(p, torchOut.params[i], `${name} param ${i}`, 2e-5, 2e-6));
    });

    it(`${name}: torch checkpoint → load_checkpoint → resumes like PyTorch`, () => {
      const path = join(dir, `${name}-torch.pt`);
      const start = params().map((p) => p._values());
      torchRun({ mode: 'write', optimizer: name, kwargs, params: start, shapes: SHAPES, grads: first, path });
      // reference: PyTorch continuing from the same point
      const mine = params();
      const opt: optim.Optimizer = new (optim as any)[name](mine, kwargs);
      stepWith(opt, mine, first);
      const mid = mine.map((p) => p._values());
      const fresh = mid.map((v, i) => tensor(v).reshape(SHAPES[i]).requires_grad_());
      const resumed: optim.Optimizer = new (optim as any)[name](fresh, { ...kwargs, lr: (kwargs.lr ?? 0.5) * 3 });
      const ckpt = load_checkpoint(new Uint8Array(readFileSync(path)), { optimizer: resumed });
      expect(ckpt.epoch).toBe(3);
      expect(resumed.param_groups[0].lr).toBe(opt.param_groups[0].lr);
      stepWith(resumed, fresh, rest);
      const torchOut = torchRun({ mode: 'resume', optimizer: name, kwargs, params: mid, shapes: SHAPES, grads: rest, path: join(dir, `${name}.pt`) });
      fresh.forEach((p, i) => expectClose(p, torchOut.params[i], `${name} resumed param ${i}`, 2e-5, 2e-6));
      stepWith(opt, mine, rest);
      fresh.forEach((p, i) => expectClose(p, mine[i]._values(), `${name} resumed vs uninterrupted param ${i}`, 2e-5, 2e-6));
    });
  }
});

const SCHEDS: Array<[string, any[], Record<string, any>]> = [
  ['StepLR', [3], { gamma: 0.5 }], ['MultiStepLR', [[2, 5, 5, 9]], { gamma: 0.3 }], ['ExponentialLR', [0.9], {}],
  ['CosineAnnealingLR', [7], { eta_min: 0.01 }], ['LinearLR', [], { start_factor: 0.25, total_iters: 6 }],
  ['OneCycleLR', [1.0], { total_steps: 30 }], ['ReduceLROnPlateau', [], { patience: 1, factor: 0.5 }],
];
const METRICS = [1, 0.9, 0.95, 0.96, 0.97, 0.8, 0.85, 0.86, 0.87, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 0.2, 0.3, 0.3, 0.3];

function makeSched(name: string, args: any[], kwargs: Record<string, any>, opt: optim.Optimizer): any {
  const C = (optim.lr_scheduler as any)[name];
  return name === 'ReduceLROnPlateau' || name === 'LinearLR' ? new C(opt, kwargs) : new C(opt, ...args, kwargs);
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

describe('LR scheduler state interop with PyTorch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsketch-sched-'));
  for (const [name, args, kwargs] of SCHEDS) {
    it(`${name}: Netsketch checkpoint → PyTorch resumes the same lr sequence, and back`, () => {
      const p = tensor([0, 0, 0], { dtype: 'float32' }).requires_grad_();
      const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
      const sch = makeSched(name, args, kwargs, opt);
      stepSched(sch, opt, 0, 8);
      const path = join(dir, `${name}.pt`);
      writeFileSync(path, save_checkpoint({ optimizer: opt, scheduler: sch }));
      const mine = stepSched(sch, opt, 8, 10);
      const theirs = torchRun({ mode: 'resume', sched: name, args, kwargs, steps: 10, metrics: METRICS.slice(8), path }, SCHED_SCRIPT) as any;
      expectClose(mine.flat(), theirs.lrs.flat(), `${name} lrs after resume in PyTorch`, 1e-12, 1e-15);

      // PyTorch-written state → Netsketch
      const tpath = join(dir, `${name}-torch.pt`);
      torchRun({ mode: 'write', sched: name, args, kwargs, steps: 8, metrics: METRICS, path: tpath }, SCHED_SCRIPT);
      const q = tensor([0, 0, 0], { dtype: 'float32' }).requires_grad_();
      const opt2 = new optim.SGD([q], { lr: 0.1, momentum: 0.9 });
      const sch2 = makeSched(name, args, kwargs, opt2);
      load_checkpoint(new Uint8Array(readFileSync(tpath)), { optimizer: opt2, scheduler: sch2 });
      const resumed = stepSched(sch2, opt2, 8, 10);
      expectClose(resumed.flat(), theirs.lrs.flat(), `${name} lrs after resuming a PyTorch checkpoint`, 1e-12, 1e-15);
    });
  }
});
