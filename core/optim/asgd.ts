import { zeros_like, tensor } from '../ops/creation.ts';
import { Optimizer, lrFirst, checkHyper, stepTensor, upgradeStepToTensor, type ParamGroup, type ParamState, type Params } from './optimizer.ts';

export interface ASGDOptions { lr?: number; lambd?: number; alpha?: number; t0?: number; weight_decay?: number; foreach?: boolean | null; maximize?: boolean }

/**
 * torch.optim.ASGD(params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, maximize=False): averaged SGD.
 * State: step, eta (the decayed lr), mu (the averaging rate, as 0-dim float32 tensors) and ax, the running average
 * of the parameters (averaging starts after t0 steps).
 */
export class ASGD extends Optimizer {
  constructor(params: Params, options: ASGDOptions | number = {}) {
    const opts = lrFirst<ASGDOptions>(options);
    const d = { lr: opts.lr ?? 1e-2, lambd: opts.lambd ?? 1e-4, alpha: opts.alpha ?? 0.75, t0: opts.t0 ?? 1e6, weight_decay: opts.weight_decay ?? 0, foreach: opts.foreach ?? null, maximize: opts.maximize ?? false };
    checkHyper('ASGD', 'learning rate', d.lr, d.lr >= 0, 'must be ≥ 0');
    checkHyper('ASGD', 'weight_decay', d.weight_decay, d.weight_decay >= 0, 'must be ≥ 0');
    super(params, d, 'ASGD');
  }

  protected _update(g: ParamGroup): void {
    for (const p of g.params) {
      let grad = this._grad(p, g.maximize);
      if (!grad) continue;
      const st = this._state(p);
      if (st.step === undefined) {
        st.step = stepTensor(0);
        st.eta = tensor(g.lr, { dtype: 'float32' });
        st.mu = tensor(1, { dtype: 'float32' });
        st.ax = zeros_like(p);
      }
      st.step.add_(1);
      const step = st.step.item();
      if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
      const eta = st.eta.item();
      p.mul_(1 - g.lambd * eta);
      p.add_(grad, { alpha: -eta });
      if (st.mu.item() !== 1) st.ax.add_(p.sub(st.ax).mul(st.mu));
      else st.ax.copy_(p);
      st.eta.fill_(g.lr / (1 + g.lambd * g.lr * step) ** g.alpha);
      st.mu.fill_(1 / Math.max(1, step - g.t0));
    }
  }

  protected override _upgradeState(s: ParamState): void {
    upgradeStepToTensor(s);
    for (const k of ['eta', 'mu']) if (typeof s[k] === 'number') s[k] = tensor(s[k], { dtype: 'float32' });
  }
}
