import type { Tensor } from '../tensor/tensor.ts';
import { zeros_like } from '../ops/creation.ts';
import { adamFused } from './_fused.ts';
import { Optimizer, lrFirst, checkHyper, stepTensor, upgradeStepToTensor, type ParamGroup, type ParamState, type Params } from './optimizer.ts';

export interface AdamOptions { lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; amsgrad?: boolean; maximize?: boolean; foreach?: boolean | null; capturable?: boolean; differentiable?: boolean; fused?: boolean | null }

export function checkAdamHyper(name: string, lr: number, betas: number[], eps: number, wd: number): void {
  checkHyper(name, 'learning rate', lr, lr >= 0, 'must be ≥ 0');
  checkHyper(name, 'epsilon', eps, eps >= 0, 'must be ≥ 0');
  checkHyper(name, 'beta parameter at index 0', betas[0], betas[0] >= 0 && betas[0] < 1, 'must be in [0, 1)');
  checkHyper(name, 'beta parameter at index 1', betas[1], betas[1] >= 0 && betas[1] < 1, 'must be in [0, 1)');
  checkHyper(name, 'weight_decay', wd, wd >= 0, 'must be ≥ 0');
}

/** The Adam/AdamW moment update and parameter step (PyTorch's single-tensor implementation). */
export function adamStep(p: Tensor, rawGrad: Tensor, st: ParamState, g: ParamGroup, decoupled: boolean): void {
  const [beta1, beta2] = g.betas as number[];
  if (st.step === undefined) {
    st.step = stepTensor(0);
    st.exp_avg = zeros_like(p);
    st.exp_avg_sq = zeros_like(p);
    if (g.amsgrad) st.max_exp_avg_sq = zeros_like(p);
  }
  if (g.amsgrad && !st.max_exp_avg_sq) st.max_exp_avg_sq = zeros_like(p);
  st.step.add_(1);
  {
    const step = st.step.item();
    const o = { lr: g.lr, beta1, beta2, eps: g.eps, wd: g.weight_decay, decoupled, maximize: g.maximize, bc2: 1 - beta2 ** step, stepSize: g.lr / (1 - beta1 ** step) };
    if (adamFused(p, rawGrad, st.exp_avg, st.exp_avg_sq, g.amsgrad ? st.max_exp_avg_sq : null, o)) return;
  }
  let grad = g.maximize ? rawGrad.neg() : rawGrad;
  if (decoupled) p.mul_(1 - g.lr * g.weight_decay);
  else if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
  st.exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
  st.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
  const step = st.step.item();
  const bc1 = 1 - beta1 ** step;
  const bc2 = 1 - beta2 ** step;
  const stepSize = g.lr / bc1;
  let v: Tensor = st.exp_avg_sq;
  if (g.amsgrad) {
    st.max_exp_avg_sq.maximum_(st.exp_avg_sq);
    v = st.max_exp_avg_sq;
  }
  const denom = v.sqrt().div(Math.sqrt(bc2)).add_(g.eps);
  p.addcdiv_(st.exp_avg, denom, { value: -stepSize });
}

/**
 * torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *, maximize=False).
 * State per parameter: step (0-dim float32 tensor), exp_avg, exp_avg_sq (+ max_exp_avg_sq with amsgrad).
 */
export class Adam extends Optimizer {
  constructor(params: Params, options: AdamOptions | number = {}) {
    const opts = lrFirst(options);
    const d = { lr: opts.lr ?? 1e-3, betas: opts.betas ?? [0.9, 0.999], eps: opts.eps ?? 1e-8, weight_decay: opts.weight_decay ?? 0, amsgrad: opts.amsgrad ?? false, maximize: opts.maximize ?? false, foreach: opts.foreach ?? null, capturable: opts.capturable ?? false, differentiable: opts.differentiable ?? false, fused: opts.fused ?? false };
    checkAdamHyper('Adam', d.lr, d.betas, d.eps, d.weight_decay);
    super(params, d, 'Adam');
  }

  protected _update(g: ParamGroup): void {
    for (const p of g.params) {
      if (p.grad) adamStep(p, p.grad, this._state(p), g, false);
    }
  }

  protected override _upgradeState(s: ParamState): void {
    upgradeStepToTensor(s);
  }
}
