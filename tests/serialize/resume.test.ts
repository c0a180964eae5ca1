/**
 * Resume across implementations: core/optim's SGD and Adam (with a StepLR) train two steps, save_checkpoint writes
 * them; real PyTorch resumes from the file and takes the next step; our optimizer takes the same step in memory and
 * again after load_checkpoint into fresh objects. All three agree (float32 tolerance).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '../../core/index.ts'; // registers the kernel backend
import * as optim from '../../core/optim/index.ts';
import { tensor as mk } from '../../core/ops/creation.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { load_checkpoint, save_checkpoint } from '../../core/serialize/index.ts';
import { runPy, tempDir } from './helpers.ts';

const W0 = [[0.1, -0.2, 0.3], [0.4, -0.5, 0.6]];
const B0 = [0.01, -0.02];
const GRADS = [
  [[[0.5, -1, 0.25], [2, 0, -0.75]], [0.125, -0.5]],
  [[[-0.3, 0.2, 0.1], [0.05, 1.5, -2]], [0.4, 0.3]],
  [[[1, 1, -1], [0.5, -0.25, 0.75]], [-0.2, 0.6]],
];

type Kind = 'sgd' | 'adam';

function setup(kind: Kind): { params: Tensor[]; opt: optim.Optimizer; sched: optim.lr_scheduler.StepLR } {
  const params = [mk(W0).requires_grad_(), mk(B0).requires_grad_()];
  const opt = kind === 'sgd' ? new optim.SGD(params, { lr: 0.1, momentum: 0.9, dampening: 0.1, weight_decay: 0.01 }) : new optim.Adam(params, { lr: 0.01, betas: [0.8, 0.99], eps: 1e-6 });
  const sched = new optim.lr_scheduler.StepLR(opt, 1, { gamma: 0.9 });
  return { params, opt, sched };
}

function step(params: Tensor[], opt: optim.Optimizer, sched: optim.lr_scheduler.StepLR, grads: unknown[]): void {
  params.forEach((p, i) => { p.grad = mk(grads[i] as number[]); });
  opt.step();
  sched.step();
}

describe('resume training from a checkpoint in PyTorch and in Netsketch', () => {
  for (const kind of ['sgd', 'adam'] as const) {
    it(`${kind}: PyTorch's next step from our file equals ours`, () => {
      const { params, opt, sched } = setup(kind);
      step(params, opt, sched, GRADS[0]);
      step(params, opt, sched, GRADS[1]);
      const model = new Map([['weight', params[0].detach()], ['bias', params[1].detach()]]);
      const bytes = save_checkpoint({ model, optimizer: opt, scheduler: sched, epoch: 2 });
      const f = join(tempDir(), `${kind}.pt`);
      writeFileSync(f, bytes);

      // our next step, in memory
      step(params, opt, sched, GRADS[2]);
      const ours = params.map((p) => p._values());

      // PyTorch resumes from the file
      const r = runPy('optim_resume.py', [f, kind, JSON.stringify(GRADS[2])]);
      expect(r.last_epoch).toBe(3);
      expect(r.lr).toBeCloseTo(sched.get_last_lr()[0], 12);
      r.params.forEach((xs: number[], i: number) => xs.forEach((x, j) => expect(Math.abs(x - ours[i][j])).toBeLessThan(1e-6)));

      // Netsketch resumes from the file into fresh objects
      const fresh = setup(kind);
      const c = load_checkpoint(bytes, { optimizer: fresh.opt, scheduler: fresh.sched });
      (c.model as Map<string, Tensor>).forEach((t, k) => fresh.params[k === 'weight' ? 0 : 1]._storage.data.set(t._storage.data as any));
      step(fresh.params, fresh.opt, fresh.sched, GRADS[2]);
      fresh.params.forEach((p, i) => p._values().forEach((x, j) => expect(Math.abs(x - ours[i][j])).toBeLessThan(1e-7)));
    });
  }
});
