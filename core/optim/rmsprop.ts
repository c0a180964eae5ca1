import { zeros_like } from '../ops/creation.ts';
import { Optimizer, lrFirst, checkHyper, type ParamGroup, type Params } from './optimizer.ts';
import { rmspropFused } from './_fused.ts';

export interface RMSpropOptions { lr?: number; alpha?: number; eps?: number; weight_decay?: number; momentum?: number; centered?: boolean; maximize?: boolean; foreach?: boolean | null; differentiable?: boolean }

/**
 * torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, maximize=False).
 * v ← alpha·v + (1 − alpha)·g²; the step divides g by sqrt(v) + eps (sqrt(v − mean(g)²) + eps when centered).
 */
export class RMSprop extends Optimizer {
  constructor(params: Params, options: RMSpropOptions | number = {}) {
    const opts = lrFirst(options);
    const d = { lr: opts.lr ?? 1e-2, momentum: opts.momentum ?? 0, alpha: opts.alpha ?? 0.99, eps: opts.eps ?? 1e-8, centered: opts.centered ?? false, weight_decay: opts.weight_decay ?? 0, foreach: opts.foreach ?? null, maximize: opts.maximize ?? false, differentiable: opts.differentiable ?? false };
    checkHyper('RMSprop', 'learning rate', d.lr, d.lr >= 0, 'must be ≥ 0');
    checkHyper('RMSprop', 'epsilon', d.eps, d.eps >= 0, 'must be ≥ 0');
    checkHyper('RMSprop', 'momentum', d.momentum, d.momentum >= 0, 'must be ≥ 0');
    checkHyper('RMSprop', 'weight_decay', d.weight_decay, d.weight_decay >= 0, 'must be ≥ 0');
    checkHyper('RMSprop', 'alpha', d.alpha, d.alpha >= 0, 'must be ≥ 0');
    super(params, d, 'RMSprop');
  }

  protected _update(g: ParamGroup): void {
    for (const p of g.params) {
      if (!p.grad) continue;
      const st = this._state(p);
      if (st.step === undefined) {
        st.step = 0;
        st.square_avg = zeros_like(p);
        if (g.momentum > 0) st.momentum_buffer = zeros_like(p);
        if (g.centered) st.grad_avg = zeros_like(p);
      }
      if (g.momentum > 0 && !st.momentum_buffer) st.momentum_buffer = zeros_like(p);
      if (g.centered && !st.grad_avg) st.grad_avg = zeros_like(p);
      st.step += 1;
      const o = { lr: g.lr, alpha: g.alpha, eps: g.eps, wd: g.weight_decay, momentum: g.momentum, centered: g.centered, maximize: g.maximize };
      if (rmspropFused(p, p.grad, st.square_avg, g.centered ? st.grad_avg : null, g.momentum > 0 ? st.momentum_buffer : null, o)) continue;
      let grad = this._grad(p, g.maximize)!;
      if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
      st.square_avg.mul_(g.alpha).addcmul_(grad, grad, { value: 1 - g.alpha });
      let avg;
      if (g.centered) {
        st.grad_avg.mul_(g.alpha).add_(grad, { alpha: 1 - g.alpha });
        avg = st.square_avg.sub(st.grad_avg.mul(st.grad_avg)).sqrt_().add_(g.eps);
      } else avg = st.square_avg.sqrt().add_(g.eps);
      if (g.momentum > 0) {
        st.momentum_buffer.mul_(g.momentum).addcdiv_(grad, avg);
        p.add_(st.momentum_buffer, { alpha: -g.lr });
      } else p.addcdiv_(grad, avg, { value: -g.lr });
    }
  }
}
