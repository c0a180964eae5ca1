import { zeros_like, tensor } from '../ops/creation.ts';
import { nadamFused } from './_fused.ts';
import { Optimizer, lrFirst, checkHyper, stepTensor, upgradeStepToTensor, type ParamGroup, type ParamState, type Params } from './optimizer.ts';
import { checkAdamHyper } from './adam.ts';

export interface NAdamOptions { lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; momentum_decay?: number; foreach?: boolean | null }

/**
 * torch.optim.NAdam(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3): Adam with
 * Nesterov momentum and the momentum schedule mu_t = beta1·(1 − 0.5·0.96^(t·momentum_decay)). State: step and
 * mu_product as 0-dim float32 tensors (PyTorch 1.13's update, including its mu_product_next).
 */
export class NAdam extends Optimizer {
  constructor(params: Params, options: NAdamOptions | number = {}) {
    const opts = lrFirst(options);
    const d = { lr: opts.lr ?? 2e-3, betas: opts.betas ?? [0.9, 0.999], eps: opts.eps ?? 1e-8, weight_decay: opts.weight_decay ?? 0, momentum_decay: opts.momentum_decay ?? 4e-3, foreach: opts.foreach ?? null };
    checkAdamHyper('NAdam', d.lr, d.betas, d.eps, d.weight_decay);
    checkHyper('NAdam', 'momentum_decay', d.momentum_decay, d.momentum_decay >= 0, 'must be ≥ 0');
    super(params, d, 'NAdam');
  }

  protected _update(g: ParamGroup): void {
    const [beta1, beta2] = g.betas as number[];
    for (const p of g.params) {
      if (!p.grad) continue;
      let grad = p.grad;
      const st = this._state(p);
      if (st.step === undefined) {
        st.step = stepTensor(0);
        st.mu_product = tensor(1, { dtype: 'float32' });
        st.exp_avg = zeros_like(p);
        st.exp_avg_sq = zeros_like(p);
      }
      st.step.add_(1);
      const step = st.step.item();
      const bc2 = 1 - beta2 ** step;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (step * g.momentum_decay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * g.momentum_decay));
      st.mu_product.mul_(mu);
      const muProduct = st.mu_product.item();
      const f32 = Math.fround;
      const muProductNext = f32(f32(muProduct * f32(mu)) * f32(muNext));
      const c1 = (-g.lr * (1 - mu)) / (1 - muProduct), c2 = (-g.lr * muNext) / (1 - muProductNext);
      if (nadamFused(p, p.grad, st.exp_avg, st.exp_avg_sq, { beta1, beta2, eps: g.eps, wd: g.weight_decay, bc2, c1, c2 })) continue;
      if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
      st.exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
      st.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const denom = st.exp_avg_sq.div(bc2).sqrt().add_(g.eps);
      p.addcdiv_(grad, denom, { value: c1 });
      p.addcdiv_(st.exp_avg, denom, { value: c2 });
    }
  }

  protected override _upgradeState(s: ParamState): void {
    upgradeStepToTensor(s);
    if (s.mu_product !== undefined && typeof s.mu_product === 'number') s.mu_product = tensor(s.mu_product, { dtype: 'float32' });
  }
}
