import { zeros_like } from '../ops/creation.ts';
import { adadeltaFused } from './_fused.ts';
import { Optimizer, lrFirst, checkHyper, type ParamGroup, type Params } from './optimizer.ts';

export interface AdadeltaOptions { lr?: number; rho?: number; eps?: number; weight_decay?: number; foreach?: boolean | null; maximize?: boolean }

/**
 * torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, maximize=False).
 * v ← rho·v + (1 − rho)·g²; Δ = sqrt(u + eps)/sqrt(v + eps)·g; u ← rho·u + (1 − rho)·Δ²; p ← p − lr·Δ.
 */
export class Adadelta extends Optimizer {
  constructor(params: Params, options: AdadeltaOptions | number = {}) {
    const opts = lrFirst(options);
    const d = { lr: opts.lr ?? 1.0, rho: opts.rho ?? 0.9, eps: opts.eps ?? 1e-6, weight_decay: opts.weight_decay ?? 0, maximize: opts.maximize ?? false, foreach: opts.foreach ?? null };
    checkHyper('Adadelta', 'learning rate', d.lr, d.lr >= 0, 'must be ≥ 0');
    checkHyper('Adadelta', 'rho', d.rho, d.rho >= 0 && d.rho <= 1, 'must be in [0, 1]');
    checkHyper('Adadelta', 'epsilon', d.eps, d.eps >= 0, 'must be ≥ 0');
    checkHyper('Adadelta', 'weight_decay', d.weight_decay, d.weight_decay >= 0, 'must be ≥ 0');
    super(params, d, 'Adadelta');
  }

  protected _update(g: ParamGroup): void {
    for (const p of g.params) {
      if (!p.grad) continue;
      const st = this._state(p);
      if (st.step === undefined) { st.step = 0; st.square_avg = zeros_like(p); st.acc_delta = zeros_like(p); }
      st.step += 1;
      if (adadeltaFused(p, p.grad, st.square_avg, st.acc_delta, { lr: g.lr, rho: g.rho, eps: g.eps, wd: g.weight_decay, maximize: g.maximize })) continue;
      let grad = this._grad(p, g.maximize)!;
      if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
      st.square_avg.mul_(g.rho).addcmul_(grad, grad, { value: 1 - g.rho });
      const std = st.square_avg.add(g.eps).sqrt_();
      const delta = st.acc_delta.add(g.eps).sqrt_().div_(std).mul_(grad);
      st.acc_delta.mul_(g.rho).addcmul_(delta, delta, { value: 1 - g.rho });
      p.add_(delta, { alpha: -g.lr });
    }
  }
}
