import { Optimizer, lrFirst, upgradeStepToTensor, type ParamGroup, type ParamState, type Params } from './optimizer.ts';
import { adamStep, checkAdamHyper, type AdamOptions } from './adam.ts';

/**
 * torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *, maximize=False):
 * Adam with decoupled weight decay (p ← p·(1 − lr·weight_decay) before the Adam step).
 */
export class AdamW extends Optimizer {
  constructor(params: Params, options: Omit<AdamOptions, 'fused' | 'differentiable'> | number = {}) {
    const opts = lrFirst(options);
    const d = { lr: opts.lr ?? 1e-3, betas: opts.betas ?? [0.9, 0.999], eps: opts.eps ?? 1e-8, weight_decay: opts.weight_decay ?? 1e-2, amsgrad: opts.amsgrad ?? false, foreach: opts.foreach ?? null, maximize: opts.maximize ?? false, capturable: opts.capturable ?? false };
    checkAdamHyper('AdamW', d.lr, d.betas, d.eps, d.weight_decay);
    super(params, d, 'AdamW');
  }

  protected _update(g: ParamGroup): void {
    for (const p of g.params) {
      if (p.grad) adamStep(p, p.grad, this._state(p), g, true);
    }
  }

  protected override _upgradeState(s: ParamState): void {
    upgradeStepToTensor(s);
  }
}
