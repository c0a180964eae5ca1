import type { Tensor } from '../tensor/tensor.ts';
import { zeros_like } from '../ops/creation.ts';
import { Optimizer, lrFirst, required, checkHyper, type ParamGroup, type Params } from './optimizer.ts';
import { sgdFused } from './_fused.ts';

export interface SGDOptions { lr?: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean; maximize?: boolean; foreach?: boolean | null; differentiable?: boolean }

/**
 * torch.optim.SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False).
 * With momentum: buf ← momentum·buf + (1 − dampening)·g (buf = g on the first step); nesterov uses g + momentum·buf.
 * `lr` is required, as in PyTorch 1.13.
 */
export class SGD extends Optimizer {
  constructor(params: Params, options: SGDOptions | number = {}) {
    const opts = lrFirst(options);
    const d = { lr: opts.lr ?? required, momentum: opts.momentum ?? 0, dampening: opts.dampening ?? 0, weight_decay: opts.weight_decay ?? 0, nesterov: opts.nesterov ?? false, maximize: opts.maximize ?? false, foreach: opts.foreach ?? null, differentiable: opts.differentiable ?? false };
    if (typeof d.lr === 'number' && !(d.lr >= 0)) throw new RangeError(`SGD: Invalid learning rate: ${d.lr} (must be ≥ 0).`);
    checkHyper('SGD', 'momentum', d.momentum, d.momentum >= 0, 'must be ≥ 0');
    checkHyper('SGD', 'weight_decay', d.weight_decay, d.weight_decay >= 0, 'must be ≥ 0');
    if (d.nesterov && (d.momentum <= 0 || d.dampening !== 0)) throw new RangeError('SGD: Nesterov momentum requires a momentum and zero dampening (set momentum > 0 and dampening: 0).');
    super(params, d, 'SGD');
  }

  protected _update(g: ParamGroup): void {
    for (const p of g.params) {
      if (!p.grad) continue;
      const st = this._state(p);
      const first = g.momentum !== 0 && !st.momentum_buffer;
      const buf = g.momentum !== 0 ? st.momentum_buffer ?? zeros_like(p) : null;
      if (sgdFused(p, p.grad, buf, first, g as any)) {
        st.momentum_buffer = buf;
        continue;
      }
      let dp: Tensor | null = this._grad(p, g.maximize)!;
      if (g.weight_decay !== 0) dp = dp.add(p, { alpha: g.weight_decay });
      if (g.momentum !== 0) {
        let buf: Tensor | null = st.momentum_buffer ?? null;
        if (!buf) buf = dp.clone().detach();
        else buf.mul_(g.momentum).add_(dp, { alpha: 1 - g.dampening });
        st.momentum_buffer = buf;
        dp = g.nesterov ? dp.add(buf, { alpha: g.momentum }) : buf;
      } else st.momentum_buffer = null;
      p.add_(dp!, { alpha: -g.lr });
    }
  }
}
