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

/** Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to bounds (PyTorch's _cubic_interpolate). */
function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2sq = d1 * d1 - g1 * g2;
  if (d2sq >= 0) {
    const d2 = Math.sqrt(d2sq);
    const pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(pos, lo), hi);
  }
  return (lo + hi) / 2;
}

type ObjFunc = (t: number) => [number, Tensor];

/** The strong-Wolfe line search (bracketing, then zoom by cubic interpolation), as PyTorch's _strong_wolfe. */
function strongWolfe(obj: ObjFunc, t0: number, d: Tensor, f: number, g: Tensor, gtd: number, c1 = 1e-4, c2 = 0.9, tolChange = 1e-9, maxLs = 25): [number, Tensor, number, number] {
  const dNorm = d.abs().max().item();
  let t = t0;
  let [fNew, gNew] = obj(t);
  let evals = 1;
  let gtdNew = dot(gNew, d);
  let tPrev = 0, fPrev = f, gPrev = g, gtdPrev = gtd;
  let done = false;
  let it = 0;
  let br: number[] = [], brF: number[] = [], brG: Tensor[] = [], brGtd: number[] = [];
  while (it < maxLs) {
    if (fNew > f + c1 * t * gtd || (it > 1 && fNew >= fPrev)) {
      br = [tPrev, t]; brF = [fPrev, fNew]; brG = [gPrev, gNew]; brGtd = [gtdPrev, gtdNew];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      br = [t]; brF = [fNew]; brG = [gNew]; done = true;
      break;
    }
    if (gtdNew >= 0) {
      br = [tPrev, t]; brF = [fPrev, fNew]; brG = [gPrev, gNew]; brGtd = [gtdPrev, gtdNew];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev), maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp; fPrev = fNew; gPrev = gNew; gtdPrev = gtdNew;
    [fNew, gNew] = obj(t);
    evals += 1;
    gtdNew = dot(gNew, d);
    it += 1;
  }
  if (it === maxLs) { br = [0, t]; brF = [f, fNew]; brG = [g, gNew]; brGtd = [gtd, gtdNew]; }
  let insuf = false;
  let [low, high] = brF[0] <= brF[brF.length - 1] ? [0, 1] : [1, 0];
  while (!done && it < maxLs) {
    if (Math.abs(br[1] - br[0]) * dNorm < tolChange) break;
    t = cubicInterpolate(br[0], brF[0], brGtd[0], br[1], brF[1], brGtd[1]);
    const bmax = Math.max(...br), bmin = Math.min(...br);
    const eps = 0.1 * (bmax - bmin);
    if (Math.min(bmax - t, t - bmin) < eps) {
      if (insuf || t >= bmax || t <= bmin) {
        t = Math.abs(t - bmax) < Math.abs(t - bmin) ? bmax - eps : bmin + eps;
        insuf = false;
      } else insuf = true;
    } else insuf = false;
    [fNew, gNew] = obj(t);
    evals += 1;
    gtdNew = dot(gNew, d);
    it += 1;
    if (fNew > f + c1 * t * gtd || fNew >= brF[low]) {
      br[high] = t; brF[high] = fNew; brG[high] = gNew; brGtd[high] = gtdNew;
      [low, high] = brF[0] <= brF[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (br[high] - br[low]) >= 0) {
        br[high] = br[low]; brF[high] = brF[low]; brG[high] = brG[low]; brGtd[high] = brGtd[low];
      }
      br[low] = t; brF[low] = fNew; brG[low] = gNew; brGtd[low] = gtdNew;
    }
  }
  return [brF[low], brG[low], br[low], evals];
}

/**
 * torch.optim.LBFGS(params, lr=1, max_iter=20, max_eval=max_iter·5/4, tolerance_grad=1e-7, tolerance_change=1e-9,
 * history_size=100, line_search_fn=None): limited-memory BFGS. `step(closure)` needs a closure that zeroes the
 * gradients, recomputes the loss, calls backward and returns the loss; one step runs up to max_iter iterations.
 * Single parameter group only; line_search_fn may be null (fixed step lr) or 'strong_wolfe'.
 */
export class LBFGS extends Optimizer {
  private readonly _params: Tensor[];

  constructor(params: Params, options: LBFGSOptions | number = {}) {
    const opts: LBFGSOptions = typeof options === 'number' ? { lr: options } : options;
    const maxIter = opts.max_iter ?? 20;
    const d = { lr: opts.lr ?? 1, max_iter: maxIter, max_eval: opts.max_eval ?? Math.floor((maxIter * 5) / 4), tolerance_grad: opts.tolerance_grad ?? 1e-7, tolerance_change: opts.tolerance_change ?? 1e-9, history_size: opts.history_size ?? 100, line_search_fn: opts.line_search_fn ?? null };
    if (d.line_search_fn !== null && d.line_search_fn !== 'strong_wolfe') throw new RangeError(`LBFGS: only 'strong_wolfe' is supported as line_search_fn (or null for a fixed step), but got '${d.line_search_fn}'.`);
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
        let optCond = false;
        if (g.line_search_fn === 'strong_wolfe') {
          const x0 = this._params.map((p) => p.clone());
          const obj: ObjFunc = (step) => {
            this.addGrad(step, d);
            const l = evaluate();
            const fg = this.gatherFlatGrad();
            this._params.forEach((p, i) => p.copy_(x0[i]));
            return [typeof l === 'number' ? l : l.item(), fg];
          };
          [loss, flat, t, lsEvals] = strongWolfe(obj, t, d, loss, flat, gtd);
          this.addGrad(t, d);
          optCond = absMax(flat) <= tolerance_grad;
        } else {
          this.addGrad(t, d);
        }
        if (g.line_search_fn !== 'strong_wolfe' && n !== max_iter) {
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
