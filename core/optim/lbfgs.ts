import { Tensor } from '../tensor/tensor.ts';
import { no_grad, enable_grad } from '../autograd/grad_mode.ts';
import { zeros } from '../ops/creation.ts';
import { cat } from '../ops/cat.ts';
import { Optimizer, type ParamGroup, type Params, type Closure } from './optimizer.ts';

export interface LBFGSOptions { lr?: number; max_iter?: number; max_eval?: number | null; tolerance_grad?: number; tolerance_change?: number; history_size?: number; line_search_fn?: 'strong_wolfe' | null }

const f32 = Math.fround;

/** torch.dot in float32 (accumulated in double, rounded once). */
function dot(a: Tensor, b: Tensor): number {
  const x = a._toTypedArray(), y = b._toTypedArray();
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return f32(s);
}

/**
 * torch.optim.LBFGS(params, lr=1, max_iter=20, max_eval=max_iter·5/4, tolerance_grad=1e-7, tolerance_change=1e-9,
 * history_size=100, line_search_fn=None): limited-memory BFGS. `step(closure)` needs a closure that zeroes the
 * gradients, recomputes the loss, calls backward and returns the loss; one step runs up to max_iter iterations.
 * Single parameter group only; the 'strong_wolfe' line search is not available in Netsketch.
 */
export class LBFGS extends Optimizer {
  private readonly _params: Tensor[];

  constructor(params: Params, options: LBFGSOptions | number = {}) {
    const opts: LBFGSOptions = typeof options === 'number' ? { lr: options } : options;
    const maxIter = opts.max_iter ?? 20;
    const d = { lr: opts.lr ?? 1, max_iter: maxIter, max_eval: opts.max_eval ?? Math.floor((maxIter * 5) / 4), tolerance_grad: opts.tolerance_grad ?? 1e-7, tolerance_change: opts.tolerance_change ?? 1e-9, history_size: opts.history_size ?? 100, line_search_fn: opts.line_search_fn ?? null };
    if (d.line_search_fn !== null) throw new RangeError(`LBFGS: line_search_fn='${d.line_search_fn}' is not available in Netsketch; use line_search_fn: null (a fixed step lr).`);
    super(params, d, 'LBFGS');
    if (this.param_groups.length !== 1) throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups); pass one list of parameters.");
    this._params = this.param_groups[0].params;
  }

  override add_param_group(group: { params: Tensor | Iterable<Tensor>; [k: string]: any }): void {
    if (this.param_groups.length >= 1) throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups).");
    super.add_param_group(group);
  }

  protected override _stateShapeChecked(): boolean {
    return false;
  }

  protected _update(_g: ParamGroup): void {
    throw new Error('LBFGS.step needs a closure that reevaluates the model and returns the loss: opt.step(() => { opt.zero_grad(); const l = loss(); l.backward(); return l; }).');
  }

  private gatherFlatGrad(): Tensor {
    return cat(this._params.map((p) => (p.grad ? p.grad.reshape([-1]) : zeros([p.numel()], { dtype: p.dtype }))), 0);
  }

  private addGrad(t: number, d: Tensor): void {
    let off = 0;
    for (const p of this._params) {
      const n = p.numel();
      p.add_(d.narrow(0, off, n).view_as(p), { alpha: t });
      off += n;
    }
  }

  /** Up to max_iter L-BFGS iterations; returns the closure's first loss, like PyTorch. */
  override step(closure?: Closure): Tensor | number | undefined {
    if (!closure) {
      this._update(this.param_groups[0]);
      return undefined;
    }
    const g = this.param_groups[0];
    const { lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size } = g;
    const state = this._state(this._params[0]);
    state.func_evals ??= 0;
    state.n_iter ??= 0;
    const evaluate = (): Tensor | number => enable_grad(closure);
    const orig = evaluate();
    return no_grad(() => {
      let loss = typeof orig === 'number' ? orig : orig.item();
      let evals = 1;
      state.func_evals += 1;
      let flat = this.gatherFlatGrad();
      const absMax = (t: Tensor) => t.abs().max().item();
      if (absMax(flat) <= tolerance_grad) return orig;
      let d: Tensor = state.d, t: number = state.t;
      let oldDirs: Tensor[] = state.old_dirs, oldStps: Tensor[] = state.old_stps, ro: number[] = state.ro;
      let H: number = state.H_diag;
      let prevFlat: Tensor | undefined = state.prev_flat_grad;
      let prevLoss: number = state.prev_loss;
      let n = 0;
      while (n < max_iter) {
        n += 1;
        state.n_iter += 1;
        if (state.n_iter === 1) {
          d = flat.neg();
          oldDirs = [];
          oldStps = [];
          ro = [];
          H = 1;
        } else {
          const y = flat.sub(prevFlat!);
          const s = d.mul(t);
          const ys = dot(y, s);
          if (ys > 1e-10) {
            if (oldDirs.length === history_size) { oldDirs.shift(); oldStps.shift(); ro.shift(); }
            oldDirs.push(y);
            oldStps.push(s);
            ro.push(f32(1 / ys));
            H = f32(ys / dot(y, y));
          }
          const al: number[] = state.al ?? new Array(history_size).fill(null);
          state.al = al;
          const q = flat.neg();
          for (let i = oldDirs.length - 1; i >= 0; i--) {
            al[i] = f32(dot(oldStps[i], q) * ro[i]);
            q.add_(oldDirs[i], { alpha: -al[i] });
          }
          const r = q.mul(H);
          for (let i = 0; i < oldDirs.length; i++) {
            const be = f32(dot(oldDirs[i], r) * ro[i]);
            r.add_(oldStps[i], { alpha: f32(al[i] - be) });
          }
          d = r;
        }
        prevFlat = flat.clone();
        prevLoss = loss;
        if (state.n_iter === 1) {
          const inv = f32(1 / f32(flat.abs().sum().item()));
          t = inv < 1 ? f32(inv * f32(lr)) : lr;
        } else t = lr;
        const gtd = dot(flat, d);
        if (gtd > -tolerance_change) break;
        let lsEvals = 0;
        this.addGrad(t, d);
        let optCond = false;
        if (n !== max_iter) {
          const l = evaluate();
          loss = typeof l === 'number' ? l : l.item();
          flat = this.gatherFlatGrad();
          optCond = absMax(flat) <= tolerance_grad;
          lsEvals = 1;
        }
        evals += lsEvals;
        state.func_evals += lsEvals;
        if (n === max_iter || evals >= max_eval || optCond) break;
        if (d.mul(t).abs().max().item() <= tolerance_change) break;
        if (Math.abs(loss - prevLoss) < tolerance_change) break;
      }
      Object.assign(state, { d, t, old_dirs: oldDirs, old_stps: oldStps, ro, H_diag: H, prev_flat_grad: prevFlat, prev_loss: prevLoss });
      return orig;
    });
  }
}
