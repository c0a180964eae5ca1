/**
 * torch.optim.lr_scheduler (part 1: the base class and the common schedules): learning-rate schedules that rewrite `optimizer.param_groups[i].lr` on every
 * `scheduler.step()`. The recursive ("chainable") formulas are PyTorch's, so the lr sequences match it number for number.
 * state_dict() holds the scheduler's attributes under PyTorch's names (everything but the optimizer).
 */
import type { Optimizer } from './optimizer.ts';

export const pymod = (a: number, b: number): number => ((a % b) + b) % b;

export function perGroup<T>(opt: Optimizer, v: T | T[], name: string, what: string): T[] {
  if (Array.isArray(v)) {
    if (v.length !== opt.param_groups.length) throw new RangeError(`${what}: expected ${opt.param_groups.length} values for ${name} (one per param group), but got ${v.length}.`);
    return [...v];
  }
  return opt.param_groups.map(() => v);
}

/** A value loaded by torch.load (Maps, bigints, PyFloat wrappers) as plain JS data. */
function plainValue(v: any): any {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plainValue(x)]));
  if (Array.isArray(v)) return v.map(plainValue);
  if (v !== null && typeof v === 'object' && typeof v.valueOf() === 'number') return v.valueOf();
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  return v;
}

export function loadState(target: object, sd: Record<string, any> | Map<string, any>): void {
  for (const [k, v] of sd instanceof Map ? sd.entries() : Object.entries(sd)) {
    if (!(k in target) || k === 'optimizer') continue;
    const cur = (target as any)[k];
    if (cur instanceof Map) (target as any)[k] = new Map([...(v instanceof Map ? v : Object.entries(v ?? {}))].map(([a, b]: [any, any]) => [Number(a), Number(b)]));
    else (target as any)[k] = plainValue(v);
  }
}

export function copyState(obj: object, skip: string[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (skip.includes(k)) continue;
    out[k] = v instanceof Map ? new Map(v) : Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? [...x] : x && typeof x === 'object' ? { ...x } : x)) : v;
  }
  return out;
}

/**
 * Base class (PyTorch's _LRScheduler). The constructor records `initial_lr` in every group and performs the
 * initial step (last_epoch −1 → 0), exactly like PyTorch.
 */
export abstract class LRScheduler {
  optimizer: Optimizer;
  base_lrs: number[];
  last_epoch: number;
  verbose: boolean;
  _step_count = 0;
  _get_lr_called_within_step = false;
  _last_lr: number[] = [];

  constructor(optimizer: Optimizer, last_epoch = -1, verbose = false) {
    if (!optimizer || !Array.isArray((optimizer as any).param_groups)) {
      throw new TypeError(`${this.constructor.name}: expected an Optimizer (e.g. new optim.SGD(model.parameters(), { lr: 0.1 })), but got ${optimizer === null ? 'null' : typeof optimizer}.`);
    }
    this.optimizer = optimizer;
    if (last_epoch === -1) {
      for (const g of optimizer.param_groups) if (g.initial_lr === undefined) g.initial_lr = g.lr;
    } else {
      optimizer.param_groups.forEach((g, i) => {
        if (g.initial_lr === undefined) throw new RangeError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer (last_epoch=${last_epoch}). Create the scheduler with last_epoch=-1, or load its state_dict.`);
      });
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr);
    this.last_epoch = last_epoch;
    this.verbose = verbose;
  }

  /** Subclass constructors call this once their fields are set (PyTorch's _initial_step in __init__). */
  _initialStep(): void {
    this._step_count = 0;
    this.step();
  }

  /** The lrs for the current last_epoch, computed from the groups' current lrs. */
  abstract get_lr(): number[];

  /** Advance one epoch (or jump to `epoch`, deprecated in PyTorch) and write the new lrs into the optimizer. */
  step(epoch?: number): void {
    this._step_count += 1;
    this._get_lr_called_within_step = true;
    let values: number[];
    if (epoch === undefined) {
      this.last_epoch += 1;
      values = this.get_lr();
    } else {
      this.last_epoch = epoch;
      values = this._get_closed_form_lr?.() ?? this.get_lr();
    }
    this._get_lr_called_within_step = false;
    this.optimizer.param_groups.forEach((g, i) => { g.lr = values[i]; });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  protected _get_closed_form_lr?(): number[];

  /** The lrs set by the last step. */
  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  state_dict(): Record<string, any> {
    return copyState(this, ['optimizer']);
  }

  load_state_dict(sd: Record<string, any>): void {
    loadState(this, sd);
  }

  protected _lrs(): number[] {
    return this.optimizer.param_groups.map((g) => g.lr);
  }
}

/** StepLR(optimizer, step_size, gamma=0.1): multiply the lr by gamma every step_size epochs. */
export class StepLR extends LRScheduler {
  step_size: number;
  gamma: number;

  constructor(optimizer: Optimizer, step_size: number, options: { gamma?: number; last_epoch?: number; verbose?: boolean } | number = {}) {
    const opts = typeof options === 'number' ? { gamma: options } : options;
    super(optimizer, opts.last_epoch ?? -1, opts.verbose ?? false);
    if (!Number.isInteger(step_size) || step_size <= 0) throw new RangeError(`StepLR: step_size must be a positive integer, but got ${step_size}.`);
    this.step_size = step_size;
    this.gamma = opts.gamma ?? 0.1;
    this._initialStep();
  }

  get_lr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return this._lrs();
    return this._lrs().map((lr) => lr * this.gamma);
  }

  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** Math.floor(this.last_epoch / this.step_size));
  }
}

/** MultiStepLR(optimizer, milestones, gamma=0.1): multiply the lr by gamma at each milestone epoch. */
export class MultiStepLR extends LRScheduler {
  /** Milestone epoch → multiplicity (PyTorch's Counter), a Map so it saves with int keys. */
  milestones: Map<number, number>;
  gamma: number;

  constructor(optimizer: Optimizer, milestones: number[], options: { gamma?: number; last_epoch?: number; verbose?: boolean } | number = {}) {
    const opts = typeof options === 'number' ? { gamma: options } : options;
    super(optimizer, opts.last_epoch ?? -1, opts.verbose ?? false);
    if (!Array.isArray(milestones)) throw new TypeError(`MultiStepLR: milestones must be a list of epoch numbers, but got ${typeof milestones}.`);
    this.milestones = new Map();
    for (const m of [...milestones].sort((a, b) => a - b)) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = opts.gamma ?? 0.1;
    this._initialStep();
  }

  get_lr(): number[] {
    const k = this.milestones.get(this.last_epoch);
    if (!k) return this._lrs();
    return this._lrs().map((lr) => lr * this.gamma ** k);
  }

  protected override _get_closed_form_lr(): number[] {
    const sorted = [...this.milestones].flatMap(([m, c]) => Array<number>(c).fill(m));
    const passed = sorted.filter((m) => m <= this.last_epoch).length;
    return this.base_lrs.map((b) => b * this.gamma ** passed);
  }
}

/** ExponentialLR(optimizer, gamma): lr ← lr·gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: Optimizer, gamma: number, opts: { last_epoch?: number; verbose?: boolean } = {}) {
    super(optimizer, opts.last_epoch ?? -1, opts.verbose ?? false);
    if (typeof gamma !== 'number') throw new TypeError(`ExponentialLR: gamma must be a number, but got ${typeof gamma}.`);
    this.gamma = gamma;
    this._initialStep();
  }

  get_lr(): number[] {
    if (this.last_epoch === 0) return this._lrs();
    return this._lrs().map((lr) => lr * this.gamma);
  }

  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** this.last_epoch);
  }
}

/** CosineAnnealingLR(optimizer, T_max, eta_min=0): cosine decay from the base lr to eta_min over T_max epochs (PyTorch's recursive form). */
export class CosineAnnealingLR extends LRScheduler {
  T_max: number;
  eta_min: number;

  constructor(optimizer: Optimizer, T_max: number, options: { eta_min?: number; last_epoch?: number; verbose?: boolean } | number = {}) {
    const opts = typeof options === 'number' ? { eta_min: options } : options;
    super(optimizer, opts.last_epoch ?? -1, opts.verbose ?? false);
    if (!(T_max > 0)) throw new RangeError(`CosineAnnealingLR: T_max must be a positive number of epochs, but got ${T_max}.`);
    this.T_max = T_max;
    this.eta_min = opts.eta_min ?? 0;
    this._initialStep();
  }

  get_lr(): number[] {
    const { T_max: T, eta_min: m, last_epoch: e } = this;
    const lrs = this._lrs();
    if (e === 0) return lrs;
    if (this._step_count === 1 && e > 0) return this.base_lrs.map((b) => m + ((b - m) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    if (pymod(e - 1 - T, 2 * T) === 0) return lrs.map((lr, i) => lr + ((this.base_lrs[i] - m) * (1 - Math.cos(Math.PI / T))) / 2);
    return lrs.map((lr) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - m) + m);
  }

  protected override _get_closed_form_lr(): number[] {
    return this.base_lrs.map((b) => this.eta_min + ((b - this.eta_min) * (1 + Math.cos((Math.PI * this.last_epoch) / this.T_max))) / 2);
  }
}

/** LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5): linear warm-up (or decay) of a factor on the lr. */
export class LinearLR extends LRScheduler {
  start_factor: number;
  end_factor: number;
  total_iters: number;

  constructor(optimizer: Optimizer, opts: { start_factor?: number; end_factor?: number; total_iters?: number; last_epoch?: number; verbose?: boolean } = {}) {
    super(optimizer, opts.last_epoch ?? -1, opts.verbose ?? false);
    const sf = opts.start_factor ?? 1 / 3, ef = opts.end_factor ?? 1.0;
    if (sf > 1 || sf <= 0) throw new RangeError(`LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal to 1, but got start_factor=${sf}.`);
    if (ef > 1 || ef < 0) throw new RangeError(`LinearLR: Ending multiplicative factor expected to be between 0 and 1, but got end_factor=${ef}.`);
    this.start_factor = sf;
    this.end_factor = ef;
    this.total_iters = opts.total_iters ?? 5;
    this._initialStep();
  }

  get_lr(): number[] {
    const { start_factor: s, end_factor: e, total_iters: n, last_epoch: t } = this;
    if (t === 0) return this._lrs().map((lr) => lr * s);
    if (t > n) return this._lrs();
    return this._lrs().map((lr) => lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  protected override _get_closed_form_lr(): number[] {
    const { start_factor: s, end_factor: e, total_iters: n, last_epoch: t } = this;
    return this.base_lrs.map((b) => b * (s + ((e - s) * Math.min(n, t)) / n));
  }
}

export interface OneCycleOptions {
  total_steps?: number | null; epochs?: number | null; steps_per_epoch?: number | null; pct_start?: number;
  anneal_strategy?: 'cos' | 'linear'; cycle_momentum?: boolean; base_momentum?: number | number[]; max_momentum?: number | number[];
  div_factor?: number; final_div_factor?: number; three_phase?: boolean; last_epoch?: number; verbose?: boolean;
}

interface Phase { end_step: number; start_lr: string; end_lr: string; start_momentum: string; end_momentum: string }

/**
 * OneCycleLR(optimizer, max_lr, total_steps | epochs·steps_per_epoch, pct_start=0.3, anneal_strategy='cos',
 * cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25, final_div_factor=1e4, three_phase=False).
 * Step it after every batch. With cycle_momentum it also cycles `momentum` (or Adam's beta1) inversely to the lr.
 */
export class OneCycleLR extends LRScheduler {
  total_steps: number;
  _schedule_phases: Phase[];
  anneal_strategy: 'cos' | 'linear';
  cycle_momentum: boolean;
  /** Present only with cycle_momentum (as in PyTorch): cycle Adam's beta1 instead of momentum. */
  declare use_beta1?: boolean;

  constructor(optimizer: Optimizer, max_lr: number | number[], opts: OneCycleOptions = {}) {
    const name = 'OneCycleLR';
    let total: number;
    if (opts.total_steps == null && (opts.epochs == null || opts.steps_per_epoch == null)) {
      throw new RangeError(`${name}: You must define either total_steps OR (epochs AND steps_per_epoch).`);
    }
    if (opts.total_steps != null) {
      if (!(opts.total_steps > 0) || !Number.isInteger(opts.total_steps)) throw new RangeError(`${name}: Expected positive integer total_steps, but got ${opts.total_steps}.`);
      total = opts.total_steps;
    } else {
      if (!(opts.epochs! > 0) || !Number.isInteger(opts.epochs)) throw new RangeError(`${name}: Expected positive integer epochs, but got ${opts.epochs}.`);
      if (!(opts.steps_per_epoch! > 0) || !Number.isInteger(opts.steps_per_epoch)) throw new RangeError(`${name}: Expected positive integer steps_per_epoch, but got ${opts.steps_per_epoch}.`);
      total = opts.epochs! * opts.steps_per_epoch!;
    }
    const pct = opts.pct_start ?? 0.3;
    if (!(pct >= 0 && pct <= 1)) throw new RangeError(`${name}: Expected float between 0 and 1 pct_start, but got ${pct}.`);
    const strategy = opts.anneal_strategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') throw new RangeError(`${name}: anneal_strategy must by one of 'cos' or 'linear', instead got ${strategy}.`);
    const lastEpoch = opts.last_epoch ?? -1;
    const maxLrs = perGroup(optimizer, max_lr, 'max_lr', name);
    const div = opts.div_factor ?? 25, fdiv = opts.final_div_factor ?? 1e4;
    if (lastEpoch === -1) {
      optimizer.param_groups.forEach((g, i) => {
        g.initial_lr = maxLrs[i] / div;
        g.max_lr = maxLrs[i];
        g.min_lr = g.initial_lr / fdiv;
      });
    }
    const cycle = opts.cycle_momentum ?? true;
    let useBeta1 = false;
    if (cycle) {
      const d = optimizer.defaults;
      if (!('momentum' in d) && !('betas' in d)) throw new RangeError(`${name}: optimizer must support momentum with \`cycle_momentum\` option enabled (use SGD with momentum, or Adam-style betas), or pass cycle_momentum: false.`);
      useBeta1 = 'betas' in d;
      const maxM = perGroup(optimizer, opts.max_momentum ?? 0.95, 'max_momentum', name);
      const baseM = perGroup(optimizer, opts.base_momentum ?? 0.85, 'base_momentum', name);
      if (lastEpoch === -1) {
        optimizer.param_groups.forEach((g, i) => {
          if (useBeta1) g.betas = [maxM[i], ...g.betas.slice(1)];
          else g.momentum = maxM[i];
          g.max_momentum = maxM[i];
          g.base_momentum = baseM[i];
        });
      }
    }
    super(optimizer, lastEpoch, opts.verbose ?? false);
    this.total_steps = total;
    this.anneal_strategy = strategy;
    this.cycle_momentum = cycle;
    if (cycle) this.use_beta1 = useBeta1;
    this._schedule_phases = opts.three_phase
      ? [
        { end_step: pct * total - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: 2 * pct * total - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
        { end_step: total - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
      ]
      : [
        { end_step: pct * total - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: total - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
      ];
    this._initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.anneal_strategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  get_lr(): number[] {
    const stepNum = this.last_epoch;
    if (stepNum > this.total_steps) {
      throw new RangeError(`OneCycleLR: Tried to step ${stepNum} times. The specified number of total steps is ${this.total_steps}. Create the scheduler with total_steps (or epochs × steps_per_epoch) covering every scheduler.step() call.`);
    }
    return this.optimizer.param_groups.map((g) => {
      let start = 0, lr = g.lr, mom = 0;
      const phases = this._schedule_phases;
      for (let i = 0; i < phases.length; i++) {
        const ph = phases[i];
        if (stepNum <= ph.end_step || i === phases.length - 1) {
          const pct = (stepNum - start) / (ph.end_step - start);
          lr = this.anneal(g[ph.start_lr], g[ph.end_lr], pct);
          if (this.cycle_momentum) mom = this.anneal(g[ph.start_momentum], g[ph.end_momentum], pct);
          break;
        }
        start = ph.end_step;
      }
      if (this.cycle_momentum) {
        if (this.use_beta1) g.betas = [mom, ...g.betas.slice(1)];
        else g.momentum = mom;
      }
      return lr;
    });
  }
}

export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max'; factor?: number; patience?: number; threshold?: number; threshold_mode?: 'rel' | 'abs';
  cooldown?: number; min_lr?: number | number[]; eps?: number; verbose?: boolean;
}

/**
 * ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4, threshold_mode='rel',
 * cooldown=0, min_lr=0, eps=1e-8): multiply the lr by factor once the metric passed to step(metric) has not
 * improved for more than `patience` epochs.
 */
export class ReduceLROnPlateau {
  optimizer: Optimizer;
  factor: number;
  min_lrs: number[];
  patience: number;
  verbose: boolean;
  cooldown: number;
  cooldown_counter = 0;
  mode: 'min' | 'max';
  threshold: number;
  threshold_mode: 'rel' | 'abs';
  best = Infinity;
  num_bad_epochs = 0;
  mode_worse = Infinity;
  eps: number;
  last_epoch = 0;
  _last_lr: number[];

  constructor(optimizer: Optimizer, opts: ReduceLROnPlateauOptions = {}) {
    const name = 'ReduceLROnPlateau';
    if (!optimizer || !Array.isArray((optimizer as any).param_groups)) throw new TypeError(`${name}: expected an Optimizer, but got ${typeof optimizer}.`);
    this.factor = opts.factor ?? 0.1;
    if (this.factor >= 1) throw new RangeError(`${name}: Factor should be < 1.0 (got ${this.factor}); the lr is multiplied by it on a plateau.`);
    this.optimizer = optimizer;
    this.min_lrs = perGroup(optimizer, opts.min_lr ?? 0, 'min_lr', name);
    this.patience = opts.patience ?? 10;
    this.verbose = opts.verbose ?? false;
    this.cooldown = opts.cooldown ?? 0;
    this.mode = opts.mode ?? 'min';
    this.threshold = opts.threshold ?? 1e-4;
    this.threshold_mode = opts.threshold_mode ?? 'rel';
    if (this.mode !== 'min' && this.mode !== 'max') throw new RangeError(`${name}: mode ${this.mode} is unknown! Use 'min' (loss) or 'max' (accuracy).`);
    if (this.threshold_mode !== 'rel' && this.threshold_mode !== 'abs') throw new RangeError(`${name}: threshold mode ${this.threshold_mode} is unknown! Use 'rel' or 'abs'.`);
    this.mode_worse = this.mode === 'min' ? Infinity : -Infinity;
    this.eps = opts.eps ?? 1e-8;
    this._reset();
    this._last_lr = optimizer.param_groups.map((g) => g.lr);
  }

  private _reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }

  get in_cooldown(): boolean {
    return this.cooldown_counter > 0;
  }

  is_better(a: number, best: number): boolean {
    const t = this.threshold;
    if (this.mode === 'min') return this.threshold_mode === 'rel' ? a < best * (1 - t) : a < best - t;
    return this.threshold_mode === 'rel' ? a > best * (t + 1) : a > best + t;
  }

  /** Report this epoch's metric (a number or a 0-dim tensor with .item()). */
  step(metrics: number | { item(): number }, epoch?: number): void {
    const current = typeof metrics === 'number' ? metrics : metrics.item();
    this.last_epoch = epoch ?? this.last_epoch + 1;
    if (this.is_better(current, this.best)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else this.num_bad_epochs += 1;
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0;
    }
    if (this.num_bad_epochs > this.patience) {
      this.optimizer.param_groups.forEach((g, i) => {
        const old = Number(g.lr);
        const next = Math.max(old * this.factor, this.min_lrs[i]);
        if (old - next > this.eps) g.lr = next;
      });
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  state_dict(): Record<string, any> {
    return copyState(this, ['optimizer']);
  }

  load_state_dict(sd: Record<string, any>): void {
    loadState(this, sd);
  }
}
