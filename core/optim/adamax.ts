import { zeros_like } from '../ops/creation.ts';
import { maximum } from '../ops/minmax.ts';
import { adamaxFused } from './_fused.ts';
import { Optimizer, lrFirst, stepTensor, upgradeStepToTensor, type ParamGroup, type ParamState, type Params } from './optimizer.ts';
import { checkAdamHyper } from './adam.ts';

export interface AdamaxOptions { lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; foreach?: boolean | null; maximize?: boolean }

/**
 * torch.optim.Adamax(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, maximize=False): Adam with the
 * infinity norm, u ← max(beta2·u, |g| + eps); p ← p − lr/(1 − beta1^t)·m/u.
 */
export class Adamax extends Optimizer {
  constructor(params: Params, options: AdamaxOptions | number = {}) {
    const opts = lrFirst(options);
    const d = { lr: opts.lr ?? 2e-3, betas: opts.betas ?? [0.9, 0.999], eps: opts.eps ?? 1e-8, weight_decay: opts.weight_decay ?? 0, foreach: opts.foreach ?? null, maximize: opts.maximize ?? false };
    checkAdamHyper('Adamax', d.lr, d.betas, d.eps, d.weight_decay);
    super(params, d, 'Adamax');
  }

  protected _update(g: ParamGroup): void {
    const [beta1, beta2] = g.betas as number[];
    for (const p of g.params) {
      if (!p.grad) continue;
      const st = this._state(p);
      if (st.step === undefined) { st.step = stepTensor(0); st.exp_avg = zeros_like(p); st.exp_inf = zeros_like(p); }
      st.step.add_(1);
      const step = st.step.item();
      if (adamaxFused(p, p.grad, st.exp_avg, st.exp_inf, { beta1, beta2, eps: g.eps, wd: g.weight_decay, clr: g.lr / (1 - beta1 ** step), maximize: g.maximize })) continue;
      let grad = this._grad(p, g.maximize)!;
      if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
      st.exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
      st.exp_inf.copy_(maximum(st.exp_inf.mul(beta2), grad.abs().add(g.eps)));
      p.addcdiv_(st.exp_avg, st.exp_inf, { value: -g.lr / (1 - beta1 ** step) });
    }
  }

  protected override _upgradeState(s: ParamState): void {
    upgradeStepToTensor(s);
  }
}
