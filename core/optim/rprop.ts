import type { Tensor } from '../tensor/tensor.ts';
import { zeros_like, full_like, ones_like } from '../ops/creation.ts';
import { where } from '../ops/where.ts';
import { Optimizer, lrFirst, checkHyper, type ParamGroup, type Params } from './optimizer.ts';

export interface RpropOptions { lr?: number; etas?: [number, number]; step_sizes?: [number, number]; foreach?: boolean | null; maximize?: boolean }

/**
 * torch.optim.Rprop(params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), maximize=False): resilient
 * backpropagation. Each weight's step grows by etas[1] while its gradient keeps its sign and shrinks by etas[0] when
 * the sign flips (skipping that update); only the gradient's sign is used. For full-batch training.
 */
export class Rprop extends Optimizer {
  constructor(params: Params, options: RpropOptions | number = {}) {
    const opts = lrFirst<RpropOptions>(options);
    const d = { lr: opts.lr ?? 1e-2, etas: opts.etas ?? [0.5, 1.2], step_sizes: opts.step_sizes ?? [1e-6, 50], foreach: opts.foreach ?? null, maximize: opts.maximize ?? false };
    checkHyper('Rprop', 'learning rate', d.lr, d.lr >= 0, 'must be ≥ 0');
    checkHyper('Rprop', 'eta values', d.etas[0], d.etas[0] > 0 && d.etas[0] < 1 && d.etas[1] > 1, 'need 0 < etas[0] < 1 < etas[1]');
    super(params, d, 'Rprop');
  }

  protected _update(g: ParamGroup): void {
    const [etaminus, etaplus] = g.etas as number[];
    const [minStep, maxStep] = g.step_sizes as number[];
    for (const p of g.params) {
      const grad: Tensor | null = this._grad(p, g.maximize);
      if (!grad) continue;
      const st = this._state(p);
      if (st.step === undefined) {
        st.step = 0;
        st.prev = zeros_like(p);
        st.step_size = full_like(grad, g.lr);
      }
      st.step += 1;
      const prod = grad.mul(st.prev).sign();
      const sign = where(prod.gt(0), full_like(prod, etaplus), where(prod.lt(0), full_like(prod, etaminus), ones_like(prod)));
      st.step_size.mul_(sign).clamp_(minStep, maxStep);
      const kept = where(sign.eq(etaminus), 0, grad);
      p.addcmul_(kept.sign(), st.step_size, { value: -1 });
      st.prev.copy_(kept);
    }
  }
}
