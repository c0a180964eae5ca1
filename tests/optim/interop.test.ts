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
import { save_optimizer, load_checkpoint } from '../../core/serialize/index.ts';
import { PYTHON, INSTALL_HINT, expectClose } from '../loss/helpers.ts';

const fx = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures.json', import.meta.url)), 'utf8'));
const SCRIPT = fileURLToPath(new URL('./py/interop.py', import.meta.url));
const SHAPES = [[3, 4], [5]];

function torchRun(req: object): { params: number[][]; lr: number[] } {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'pipe' });
  } catch {
    throw new Error(INSTALL_HINT);
  }
  return JSON.parse(execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(req), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }));
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
