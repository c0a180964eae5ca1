/**
 * torch.optim.Optimizer: parameter groups, per-parameter state, zero_grad, step(closure) and a state_dict in
 * PyTorch's structure, so `opt.state_dict()` saved by Netsketch loads into PyTorch's optimizer and back.
 */
import { Tensor } from '../tensor/tensor.ts';
import { isFloatingPoint } from '../tensor/dtype.ts';
import { no_grad, enable_grad } from '../autograd/grad_mode.ts';
import { tensor } from '../ops/creation.ts';
import '../ops/methods.ts';

/** One parameter group: its parameters and hyperparameters (lr, momentum, …). */
export interface ParamGroup {
  params: Tensor[];
  [hyper: string]: any;
}

/** What a constructor accepts: an iterable of tensors, or of `{ params, ...overrides }` groups. */
export type ParamGroupInput = { params: Tensor | Iterable<Tensor>; [hyper: string]: any };
export type Params = Iterable<Tensor> | Iterable<ParamGroupInput>;

/** Per-parameter optimizer state (exp_avg, momentum_buffer, step, …). */
export type ParamState = Record<string, any>;

/** PyTorch's optimizer state_dict: state keyed by parameter index; groups hold `params` index lists. */
export interface OptimizerStateDict {
  state: Map<number, ParamState>;
  param_groups: Array<Record<string, any>>;
}

/** Marker for hyperparameters without a default (PyTorch's `required`). */
export const required = Symbol('required');

export type Closure = () => Tensor | number;

/** A number from a value that may come from torch.load (bigint, PyFloat wrapper). */
function plain(v: any): any {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && !(v instanceof Tensor) && !Array.isArray(v) && !(v instanceof Map) && typeof v.valueOf() === 'number') return v.valueOf();
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

/**
 * Base class of all optimizers. Subclasses implement `_update(group)` (called under no_grad for each group) and may
 * override `_upgradeState` to fix state loaded from older formats (e.g. an int `step`).
 */
export abstract class Optimizer {
  defaults: Record<string, any>;
  param_groups: ParamGroup[] = [];
  /** State per parameter tensor, in the order parameters were first stepped. */
  state = new Map<Tensor, ParamState>();
  protected readonly _name: string;

  constructor(params: Params, defaults: Record<string, any>, name = 'Optimizer') {
    this._name = name;
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError(`${name}: params argument given to the optimizer should be an iterable of Tensors or dicts, but got a single Tensor. Wrap it in a list: [p], or pass model.parameters().`);
    }
    if (params === null || params === undefined || typeof (params as any)[Symbol.iterator] !== 'function') {
      throw new TypeError(`${name}: params must be an iterable of Tensors (e.g. model.parameters()) or of parameter groups, but got ${params === null ? 'null' : typeof params}.`);
    }
    const list = [...(params as Iterable<any>)];
    if (list.length === 0) throw new RangeError(`${name}: optimizer got an empty parameter list. Did the model register any parameters (model.parameters())?`);
    const groups: ParamGroupInput[] = list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as ParamGroupInput[]);
    for (const g of groups) this.add_param_group(g);
  }

  /** Add a group `{ params, ...hyperparameters }`; missing hyperparameters come from the defaults. */
  add_param_group(group: ParamGroupInput): void {
    if (group === null || typeof group !== 'object' || !('params' in group)) {
      throw new TypeError(`${this._name}.add_param_group: a param group must be an object with a 'params' entry, but got ${(group as any) instanceof Tensor ? 'a Tensor (mixing tensors and groups?)' : typeof group}.`);
    }
    const raw = group.params;
    if ((raw as any) instanceof Set) {
      throw new TypeError('optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.');
    }
    const params = raw instanceof Tensor ? [raw] : [...raw];
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new TypeError(`${this._name} can only optimize Tensors, but one of the params (index ${i}) is ${p === null ? 'null' : typeof p}.`);
      if (!p.is_leaf) throw new RangeError(`${this._name}: can't optimize a non-leaf Tensor (parameter ${i} was computed by an operation). Optimize the leaf tensors, e.g. model.parameters(), or call .detach().requires_grad_().`);
    });
    const out: ParamGroup = { ...group, params };
    for (const [k, v] of Object.entries(this.defaults)) {
      if (v === required && out[k] === undefined) {
        throw new TypeError(`${this._name}: parameter group didn't specify a value of required optimization parameter ${k}. Pass it to the constructor, e.g. new ${this._name}(params, { ${k}: 0.01 }).`);
      }
      if (out[k] === undefined) out[k] = Array.isArray(v) ? [...v] : v;
    }
    const seen = new Set<Tensor>();
    for (const g of this.param_groups) for (const p of g.params) seen.add(p);
    if (params.some((p) => seen.has(p))) throw new RangeError(`${this._name}: some parameters appear in more than one parameter group.`);
    this._checkGroup(out);
    this.param_groups.push(out);
  }

  /** Validate hyperparameters of a new group (PyTorch's "Invalid learning rate" checks). */
  protected _checkGroup(group: ParamGroup): void {
    if (typeof group.lr === 'number' && !(group.lr >= 0)) throw new RangeError(`${this._name}: Invalid learning rate: ${group.lr} (must be ≥ 0).`);
  }

  /** Reset gradients: set them to null (default, like PyTorch 2.x) or fill them with zeros. */
  zero_grad(set_to_none = true): void {
    for (const g of this.param_groups) {
      for (const p of g.params) {
        if (!p.grad) continue;
        if (set_to_none) p.grad = null;
        else {
          if (p.grad.grad_fn) p.grad = p.grad.detach();
          no_grad(() => p.grad!.zero_());
        }
      }
    }
  }

  /** One optimization step. `closure` re-evaluates the model and returns the loss (needed by some optimizers). */
  step(closure?: Closure): Tensor | number | undefined {
    let loss: Tensor | number | undefined;
    if (closure) loss = enable_grad(closure);
    no_grad(() => {
      for (const group of this.param_groups) this._update(group);
    });
    return loss;
  }

  protected abstract _update(group: ParamGroup): void;

  /** State of `p`, created empty on first use. */
  protected _state(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (!s) { s = {}; this.state.set(p, s); }
    return s;
  }

  /** The gradient to use for `p` (negated when maximizing), or null when `p` has none. */
  protected _grad(p: Tensor, maximize = false): Tensor | null {
    if (!p.grad) return null;
    return maximize ? p.grad.neg() : p.grad;
  }

  /** PyTorch's structure: { state: Map(index → state), param_groups: [{ ...hyper, params: [indices] }] }. */
  state_dict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const param_groups = this.param_groups.map((g) => {
      const packed: Record<string, any> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') packed[k] = Array.isArray(v) ? [...v] : v;
      packed.params = g.params.map((p) => {
        if (!index.has(p)) index.set(p, next++);
        return index.get(p)!;
      });
      return packed;
    });
    const state = new Map<number, ParamState>();
    for (const [p, s] of this.state) if (index.has(p)) state.set(index.get(p)!, { ...s });
    return { state, param_groups };
  }

  /** Load a state_dict (ours or one read from a PyTorch file); saved hyperparameters override the current ones. */
  load_state_dict(sd: OptimizerStateDict | { state: any; param_groups: any[] }): void {
    if (!sd || typeof sd !== 'object' || !('state' in sd) || !Array.isArray((sd as any).param_groups)) {
      throw new TypeError(`${this._name}.load_state_dict: expected an object with 'state' and 'param_groups' (from optimizer.state_dict()), but got ${sd === null ? 'null' : typeof sd}.`);
    }
    const saved = sd.param_groups;
    if (saved.length !== this.param_groups.length) {
      throw new RangeError(`loaded state dict has a different number of parameter groups (${saved.length}) than the optimizer (${this.param_groups.length}).`);
    }
    saved.forEach((g: any, i: number) => {
      const n = (g.params ?? []).length;
      if (n !== this.param_groups[i].params.length) {
        throw new RangeError(`loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group ${i}: ${n} saved vs ${this.param_groups[i].params.length} parameters).`);
      }
    });
    const idToParam = new Map<number, Tensor>();
    saved.forEach((g: any, i: number) => g.params.forEach((id: any, j: number) => idToParam.set(Number(id), this.param_groups[i].params[j])));
    const entries: Array<[any, any]> = sd.state instanceof Map ? [...sd.state.entries()] : Object.entries(sd.state ?? {});
    const state = new Map<Tensor, ParamState>();
    for (const [k, v] of entries) {
      const p = idToParam.get(Number(k));
      if (!p) continue;
      const s: ParamState = {};
      const src: Array<[string, any]> = v instanceof Map ? [...v.entries()] : Object.entries(v ?? {});
      for (const [key, val] of src) {
        if (val instanceof Tensor) {
          if (this._stateShapeChecked() && val.dim() > 0 && (val.dim() !== p.dim() || val.shape.some((d, i) => d !== p.shape[i]))) {
            throw new RangeError(`${this._name}.load_state_dict: state '${key}' of parameter ${k} has shape [${val.shape.join(', ')}] but the parameter has shape [${p.shape.join(', ')}]. The saved optimizer belongs to a different model (or its parameters were passed in another order).`);
          }
          const cast = key !== 'step' && isFloatingPoint(p.dtype) && val.dtype !== p.dtype ? val.to(p.dtype) : val;
          s[key] = cast.detach().clone();
        } else s[key] = plain(val);
      }
      this._upgradeState(s);
      state.set(p, s);
    }
    this.state = state;
    this.param_groups = this.param_groups.map((cur, i) => {
      const g: ParamGroup = { params: cur.params };
      const src: Array<[string, any]> = saved[i] instanceof Map ? [...saved[i].entries()] : Object.entries(saved[i]);
      for (const [k, v] of src) if (k !== 'params') g[k] = plain(v);
      for (const [k, v] of Object.entries(this.defaults)) if (g[k] === undefined && v !== required) g[k] = Array.isArray(v) ? [...v] : v;
      return g;
    });
  }

  /** Whether loaded state tensors must have their parameter's shape (false for LBFGS's flat vectors). */
  protected _stateShapeChecked(): boolean {
    return true;
  }

  /** Hook to convert state loaded from older PyTorch versions. */
  protected _upgradeState(_s: ParamState): void {}

  toString(): string {
    const lines = [`${this._name} (`];
    this.param_groups.forEach((g, i) => {
      lines.push(`Parameter Group ${i}`);
      for (const k of Object.keys(g).filter((k) => k !== 'params').sort()) {
        const v = g[k];
        lines.push(`    ${k}: ${Array.isArray(v) ? `(${v.join(', ')})` : v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : v}`);
      }
    });
    lines.push(')');
    return lines.join('\n');
  }
}

/** Options given as a bare number are the learning rate (PyTorch's second positional argument): `new SGD(params, 0.1)`. */
export function lrFirst<T extends object>(options: T | number | undefined): T {
  if (typeof options === 'number') return { lr: options } as T;
  return (options ?? {}) as T;
}

/** A 0-dim float32 tensor, PyTorch's representation of `step` in Adam-family state. */
export function stepTensor(v = 0): Tensor {
  return tensor(v, { dtype: 'float32' });
}

/** Upgrade a numeric `step` (older checkpoints) to the 0-dim tensor the Adam family uses. */
export function upgradeStepToTensor(s: ParamState): void {
  if (s.step !== undefined && !(s.step instanceof Tensor)) s.step = stepTensor(Number(s.step));
}

/** Check a hyperparameter and throw PyTorch's "Invalid …" message. */
export function checkHyper(opt: string, name: string, value: number, ok: boolean, need: string): void {
  if (!ok) throw new RangeError(`${opt}: Invalid ${name} value: ${value} (${need}).`);
}
