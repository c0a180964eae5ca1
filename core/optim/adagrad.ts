import { full_like } from '../ops/creation.ts';
import { adagradFused } from './_fused.ts';
import { Optimizer, lrFirst, checkHyper, stepTensor, upgradeStepToTensor, type ParamGroup, type ParamState, type Params } from './optimizer.ts';

export interface AdagradOptions { lr?: number; lr_decay?: number; weight_decay?: number; initial_accumulator_value?: number; eps?: number; foreach?: boolean | null; maximize?: boolean }

/**
 * torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, maximize=False).
 * sum ← sum + g²; p ← p − clr·g / (sqrt(sum) + eps), clr = lr / (1 + (step − 1)·lr_decay). State is created at
 * construction, as in PyTorch.
 */
export class Adagrad extends Optimizer {
  constructor(params: Params, options: AdagradOptions | number = {}) {
    const opts = lrFirst(options);
    const d = { lr: opts.lr ?? 1e-2, lr_decay: opts.lr_decay ?? 0, eps: opts.eps ?? 1e-10, weight_decay: opts.weight_decay ?? 0, initial_accumulator_value: opts.initial_accumulator_value ?? 0, foreach: opts.foreach ?? null, maximize: opts.maximize ?? false };
    checkHyper('Adagrad', 'learning rate', d.lr, d.lr >= 0, 'must be ≥ 0');
    checkHyper('Adagrad', 'lr_decay', d.lr_decay, d.lr_decay >= 0, 'must be ≥ 0');
    checkHyper('Adagrad', 'weight_decay', d.weight_decay, d.weight_decay >= 0, 'must be ≥ 0');
    checkHyper('Adagrad', 'initial_accumulator_value', d.initial_accumulator_value, d.initial_accumulator_value >= 0, 'must be ≥ 0');
    checkHyper('Adagrad', 'epsilon', d.eps, d.eps >= 0, 'must be ≥ 0');
    super(params, d, 'Adagrad');
    for (const g of this.param_groups) {
      for (const p of g.params) {
        const st = this._state(p);
        st.step = stepTensor(0);
        st.sum = full_like(p, g.initial_accumulator_value);
      }
    }
  }

  protected _update(g: ParamGroup): void {
    for (const p of g.params) {
      if (!p.grad) continue;
      const st = this._state(p);
      if (st.step === undefined) { st.step = stepTensor(0); st.sum = full_like(p, g.initial_accumulator_value); }
      st.step.add_(1);
      const step = st.step.item();
      const clr = g.lr / (1 + (step - 1) * g.lr_decay);
      if (adagradFused(p, p.grad, st.sum, { clr, eps: g.eps, wd: g.weight_decay, maximize: g.maximize })) continue;
      let grad = this._grad(p, g.maximize)!;
      if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
      st.sum.addcmul_(grad, grad, { value: 1 });
      const std = st.sum.sqrt().add_(g.eps);
      p.addcdiv_(grad, std, { value: -clr });
    }
  }

  protected override _upgradeState(s: ParamState): void {
    upgradeStepToTensor(s);
  }
}
