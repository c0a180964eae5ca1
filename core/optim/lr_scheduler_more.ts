/**
 * torch.optim.lr_scheduler (part 2): LambdaLR, MultiplicativeLR, ConstantLR, PolynomialLR,
 * CosineAnnealingWarmRestarts, CyclicLR, SequentialLR and ChainedScheduler, with PyTorch 1.13's recursions.
 */
import type { Optimizer } from './optimizer.ts';
import { LRScheduler, perGroup, copyState, loadState } from './lr_scheduler_core.ts';

type LrLambda = (epoch: number) => number;

function lambdas(opt: Optimizer, f: LrLambda | LrLambda[], who: string): LrLambda[] {
  if (Array.isArray(f)) {
    if (f.length !== opt.param_groups.length) throw new RangeError(`${who}: Expected ${opt.param_groups.length} lr_lambdas, but got ${f.length}.`);
    return [...f];
  }
  if (typeof f !== 'function') throw new TypeError(`${who}: lr_lambda must be a function of the epoch (or one per param group), but got ${typeof f}.`);
  return opt.param_groups.map(() => f);
}

/** LambdaLR(optimizer, lr_lambda): lr = base_lr · lr_lambda(epoch). Functions are not saved in state_dict (null entries). */
export class LambdaLR extends LRScheduler {
  lr_lambdas: LrLambda[];
  constructor(optimizer: Optimizer, lr_lambda: LrLambda | LrLambda[], opts: { last_epoch?: number; verbose?: boolean } = {}) {
    super(optimizer, opts.last_epoch ?? -1, opts.verbose ?? false);
    this.lr_lambdas = lambdas(optimizer, lr_lambda, 'LambdaLR');
    this._initialStep();
  }
  get_lr(): number[] {
    return this.base_lrs.map((b, i) => b * this.lr_lambdas[i](this.last_epoch));
  }
  override state_dict(): Record<string, any> {
    const sd = copyState(this, ['optimizer', 'lr_lambdas']);
    sd.lr_lambdas = this.lr_lambdas.map(() => null);
    return sd;
  }
  override load_state_dict(sd: Record<string, any>): void {
    const rest = Object.fromEntries(Object.entries(sd instanceof Map ? Object.fromEntries(sd) : sd).filter(([k]) => k !== 'lr_lambdas'));
    loadState(this, rest);
  }
}

/** MultiplicativeLR(optimizer, lr_lambda): lr ← lr · lr_lambda(epoch) every epoch after the first. */
export class MultiplicativeLR extends LambdaLR {
  override get_lr(): number[] {
    if (this.last_epoch > 0) return this._lrs().map((lr, i) => lr * this.lr_lambdas[i](this.last_epoch));
    return this._lrs();
  }
}

/** ConstantLR(optimizer, factor=1/3, total_iters=5): lr·factor until total_iters, then the base lr. */
export class ConstantLR extends LRScheduler {
  factor: number;
  total_iters: number;
  constructor(optimizer: Optimizer, opts: { factor?: number; total_iters?: number; last_epoch?: number; verbose?: boolean } = {}) {
    super(optimizer, opts.last_epoch ?? -1, opts.verbose ?? false);
    const f = opts.factor ?? 1 / 3;
    if (f > 1 || f < 0) throw new RangeError(`ConstantLR: Constant multiplicative factor expected to be between 0 and 1, but got factor=${f}.`);
    this.factor = f;
    this.total_iters = opts.total_iters ?? 5;
    this._initialStep();
  }
  get_lr(): number[] {
    if (this.last_epoch === 0) return this._lrs().map((lr) => lr * this.factor);
    if (this.last_epoch !== this.total_iters) return this._lrs();
    return this._lrs().map((lr) => lr * (1 / this.factor));
  }
  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * (this.factor + (this.last_epoch >= this.total_iters ? 1 - this.factor : 0)));
  }
}

/** PolynomialLR(optimizer, total_iters=5, power=1.0): lr = base_lr · (1 − t/total_iters)^power. */
export class PolynomialLR extends LRScheduler {
  total_iters: number;
  power: number;
  constructor(optimizer: Optimizer, opts: { total_iters?: number; power?: number; last_epoch?: number; verbose?: boolean } = {}) {
    super(optimizer, opts.last_epoch ?? -1, opts.verbose ?? false);
    this.total_iters = opts.total_iters ?? 5;
    this.power = opts.power ?? 1.0;
    this._initialStep();
  }
  get_lr(): number[] {
    const { last_epoch: t, total_iters: n } = this;
    if (t === 0 || t > n) return this._lrs();
    const f = ((1 - t / n) / (1 - (t - 1) / n)) ** this.power;
    return this._lrs().map((lr) => lr * f);
  }
  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * (1 - Math.min(this.total_iters, this.last_epoch) / this.total_iters) ** this.power);
  }
}

/** CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0): cosine cycles restarting every T_i epochs (T_i grows by T_mult). */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  T_0: number;
  T_i: number;
  T_mult: number;
  eta_min: number;
  T_cur: number;
  constructor(optimizer: Optimizer, T_0: number, opts: { T_mult?: number; eta_min?: number; last_epoch?: number; verbose?: boolean } = {}) {
    super(optimizer, opts.last_epoch ?? -1, opts.verbose ?? false);
    const Tm = opts.T_mult ?? 1;
    if (!Number.isInteger(T_0) || T_0 <= 0) throw new RangeError(`CosineAnnealingWarmRestarts: Expected positive integer T_0, but got ${T_0}.`);
    if (!Number.isInteger(Tm) || Tm < 1) throw new RangeError(`CosineAnnealingWarmRestarts: Expected integer T_mult >= 1, but got ${Tm}.`);
    this.T_0 = T_0;
    this.T_i = T_0;
    this.T_mult = Tm;
    this.eta_min = opts.eta_min ?? 0;
    this.T_cur = this.last_epoch;
    this._initialStep();
  }
  get_lr(): number[] {
    return this.base_lrs.map((b) => this.eta_min + ((b - this.eta_min) * (1 + Math.cos((Math.PI * this.T_cur) / this.T_i))) / 2);
  }
  /** step() or step(epoch) (fractional epochs allowed, e.g. epoch + batch / iters). Does not count _step_count, like PyTorch. */
  override step(epoch?: number): void {
    let e = epoch;
    if (e === undefined && this.last_epoch < 0) e = 0;
    if (e === undefined) {
      e = this.last_epoch + 1;
      this.T_cur += 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur -= this.T_i;
        this.T_i *= this.T_mult;
      }
    } else {
      if (e < 0) throw new RangeError(`CosineAnnealingWarmRestarts: Expected non-negative epoch, but got ${e}.`);
      if (e >= this.T_0) {
        if (this.T_mult === 1) this.T_cur = e % this.T_0;
        else {
          const n = Math.trunc(Math.log((e / this.T_0) * (this.T_mult - 1) + 1) / Math.log(this.T_mult));
          this.T_cur = e - (this.T_0 * (this.T_mult ** n - 1)) / (this.T_mult - 1);
          this.T_i = this.T_0 * this.T_mult ** n;
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = e;
      }
    }
    this.last_epoch = Math.floor(e);
    this._get_lr_called_within_step = true;
    const lrs = this.get_lr();
    this._get_lr_called_within_step = false;
    this.optimizer.param_groups.forEach((g, i) => { g.lr = lrs[i]; });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }
}

export interface CyclicLROptions {
  step_size_up?: number; step_size_down?: number | null; mode?: 'triangular' | 'triangular2' | 'exp_range'; gamma?: number;
  scale_fn?: ((x: number) => number) | null; scale_mode?: 'cycle' | 'iterations'; cycle_momentum?: boolean;
  base_momentum?: number | number[]; max_momentum?: number | number[]; last_epoch?: number; verbose?: boolean;
}

/**
 * CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode='triangular', gamma=1.0,
 * scale_fn=None, scale_mode='cycle', cycle_momentum=True, base_momentum=0.8, max_momentum=0.9): step per batch.
 */
export class CyclicLR extends LRScheduler {
  max_lrs: number[];
  total_size: number;
  step_ratio: number;
  mode: string;
  gamma: number;
  scale_mode: 'cycle' | 'iterations';
  cycle_momentum: boolean;
  declare base_momentums?: number[];
  declare max_momentums?: number[];
  private readonly _scale: (x: number) => number;

  constructor(optimizer: Optimizer, base_lr: number | number[], max_lr: number | number[], opts: CyclicLROptions = {}) {
    const name = 'CyclicLR';
    const lastEpoch = opts.last_epoch ?? -1;
    const baseLrs = perGroup(optimizer, base_lr, 'base_lr', name);
    if (lastEpoch === -1) optimizer.param_groups.forEach((g, i) => { g.lr = baseLrs[i]; });
    const mode = opts.mode ?? 'triangular';
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && !opts.scale_fn) throw new RangeError(`${name}: mode is invalid and scale_fn is None (got mode='${mode}'); use 'triangular', 'triangular2' or 'exp_range'.`);
    const cycle = opts.cycle_momentum ?? true;
    let baseMoms: number[] | undefined, maxMoms: number[] | undefined;
    if (cycle) {
      if (!('momentum' in optimizer.defaults)) throw new RangeError(`${name}: optimizer must support momentum with \`cycle_momentum\` option enabled (use SGD), or pass cycle_momentum: false.`);
      const bm = perGroup(optimizer, opts.base_momentum ?? 0.8, 'base_momentum', name);
      if (lastEpoch === -1) optimizer.param_groups.forEach((g, i) => { g.momentum = bm[i]; });
      baseMoms = optimizer.param_groups.map((g) => g.momentum);
      maxMoms = perGroup(optimizer, opts.max_momentum ?? 0.9, 'max_momentum', name);
    }
    super(optimizer, lastEpoch, opts.verbose ?? false);
    this.max_lrs = perGroup(optimizer, max_lr, 'max_lr', name);
    const up = opts.step_size_up ?? 2000;
    const down = opts.step_size_down ?? up;
    this.total_size = up + down;
    this.step_ratio = up / this.total_size;
    this.mode = mode;
    this.gamma = opts.gamma ?? 1;
    const custom = opts.scale_fn ?? null;
    this.scale_mode = custom ? opts.scale_mode ?? 'cycle' : mode === 'exp_range' ? 'iterations' : 'cycle';
    this._scale = custom ?? (mode === 'triangular2' ? (x) => 1 / 2 ** (x - 1) : mode === 'exp_range' ? (x) => this.gamma ** x : () => 1);
    this.cycle_momentum = cycle;
    if (cycle) { this.base_momentums = baseMoms; this.max_momentums = maxMoms; }
    this._initialStep();
    this.base_lrs = baseLrs;
  }

  get_lr(): number[] {
    const cyc = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1 + this.last_epoch / this.total_size - cyc;
    const scaleFactor = x <= this.step_ratio ? x / this.step_ratio : (x - 1) / (this.step_ratio - 1);
    const s = this._scale(this.scale_mode === 'cycle' ? cyc : this.last_epoch);
    const lrs = this.base_lrs.map((b, i) => b + (this.max_lrs[i] - b) * scaleFactor * s);
    if (this.cycle_momentum) {
      this.optimizer.param_groups.forEach((g, i) => {
        g.momentum = this.max_momentums![i] - (this.max_momentums![i] - this.base_momentums![i]) * scaleFactor * s;
      });
    }
    return lrs;
  }

  override state_dict(): Record<string, any> {
    return copyState(this, ['optimizer', '_scale']);
  }
}

type AnyScheduler = LRScheduler & { optimizer: Optimizer };

/**
 * A scheduler made of schedulers (SequentialLR, ChainedScheduler): its state_dict holds each child's state_dict
 * under `_schedulers`, as PyTorch's does.
 */
abstract class SchedulerOfSchedulers {
  declare optimizer: Optimizer;
  declare _schedulers: AnyScheduler[];
  declare _last_lr: number[];

  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  state_dict(): Record<string, any> {
    const sd = copyState(this, ['optimizer', '_schedulers']);
    sd._schedulers = this._schedulers.map((s) => s.state_dict());
    return sd;
  }

  load_state_dict(sd: Record<string, any>): void {
    const o = sd instanceof Map ? Object.fromEntries(sd) : sd;
    loadState(this, Object.fromEntries(Object.entries(o).filter(([k]) => k !== '_schedulers')));
    (o._schedulers ?? []).forEach((s: any, i: number) => this._schedulers[i]?.load_state_dict(s));
  }
}

/** SequentialLR(optimizer, schedulers, milestones): run schedulers[i] between milestones[i − 1] and milestones[i]. */
export class SequentialLR extends SchedulerOfSchedulers {
  _milestones: number[];
  last_epoch: number;

  constructor(optimizer: Optimizer, schedulers: AnyScheduler[], milestones: number[], opts: { last_epoch?: number } = {}) {
    super();
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new RangeError(`SequentialLR: Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(`SequentialLR: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}.`);
    }
    this._schedulers = schedulers;
    this._milestones = milestones;
    this.last_epoch = (opts.last_epoch ?? -1) + 1;
    this.optimizer = optimizer;
    for (const g of optimizer.param_groups) g.lr = g.initial_lr;
    for (const s of schedulers) s.last_epoch -= 1;
    schedulers[0]._initialStep();
    this._last_lr = schedulers[0].get_last_lr();
  }

  step(): void {
    this.last_epoch += 1;
    let idx = 0;
    while (idx < this._milestones.length && this._milestones[idx] <= this.last_epoch) idx++;
    const s = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) s.step(0);
    else s.step();
    this._last_lr = s.get_last_lr();
  }

}

/** ChainedScheduler(schedulers): step every scheduler each time (their factors multiply). */
export class ChainedScheduler extends SchedulerOfSchedulers {

  constructor(schedulers: AnyScheduler[]) {
    super();
    if (schedulers.length === 0) throw new RangeError('ChainedScheduler: needs at least one scheduler.');
    schedulers.forEach((s, i) => {
      if (s.optimizer !== schedulers[0].optimizer) throw new RangeError(`ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different.`);
    });
    this._schedulers = [...schedulers];
    this.optimizer = schedulers[0].optimizer;
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  step(): void {
    for (const s of this._schedulers) s.step();
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

}
