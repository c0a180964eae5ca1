import { zeros_like } from '../ops/creation.ts';
import { div } from '../ops/div.ts';
import { radamFused } from './_fused.ts';
import { Optimizer, lrFirst, stepTensor, upgradeStepToTensor, type ParamGroup, type ParamState, type Params } from './optimizer.ts';
import { checkAdamHyper } from './adam.ts';

export interface RAdamOptions { lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; foreach?: boolean | null }

/**
 * torch.optim.RAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0): Adam with the variance
 * rectification term; while the SMA length rho_t ≤ 5 the step is plain bias-corrected momentum.
 */
export class RAdam extends Optimizer {
  constructor(params: Params, options: RAdamOptions | number = {}) {
    const opts = lrFirst(options);
    const d = { lr: opts.lr ?? 1e-3, betas: opts.betas ?? [0.9, 0.999], eps: opts.eps ?? 1e-8, weight_decay: opts.weight_decay ?? 0, foreach: opts.foreach ?? null };
    checkAdamHyper('RAdam', d.lr, d.betas, d.eps, d.weight_decay);
    super(params, d, 'RAdam');
  }

  protected _update(g: ParamGroup): void {
    const [beta1, beta2] = g.betas as number[];
    for (const p of g.params) {
      if (!p.grad) continue;
      let grad = p.grad;
      const st = this._state(p);
      if (st.step === undefined) { st.step = stepTensor(0); st.exp_avg = zeros_like(p); st.exp_avg_sq = zeros_like(p); }
      st.step.add_(1);
      const step = st.step.item();
      const bc1 = 1 - beta1 ** step;
      const bc2 = 1 - beta2 ** step;
      const rhoInf = 2 / (1 - beta2) - 1;
      const rhoT = rhoInf - (2 * step * beta2 ** step) / bc2;
      const rect = rhoT > 5 ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : null;
      if (radamFused(p, p.grad, st.exp_avg, st.exp_avg_sq, { lr: g.lr, beta1, beta2, eps: g.eps, wd: g.weight_decay, bc1, bc2, rect })) continue;
      if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
      st.exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
      st.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const corrected = st.exp_avg.div(bc1);
      if (rect !== null) {
        const adaptive = div(Math.sqrt(bc2), st.exp_avg_sq.sqrt().add_(g.eps));
        p.add_(corrected.mul(g.lr).mul(adaptive).mul(rect), { alpha: -1 });
      } else p.add_(corrected.mul(g.lr), { alpha: -1 });
    }
  }

  protected override _upgradeState(s: ParamState): void {
    upgradeStepToTensor(s);
  }
}
