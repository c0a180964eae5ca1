/**
 * Training checkpoints in the shape PyTorch users expect (torch-format.md §7):
 * `{'model': state_dict, 'optimizer': optimizer.state_dict(), 'scheduler': …, 'epoch': int, 'history': …,
 *   'app': {'format': 'netsketch-checkpoint', 'version': 1}}` in one torch.save file, plus weights-only and
 * optimizer-only files. A weights file contains only opcodes PyTorch 1.13's weights_only loader knows, so it loads
 * with `torch.load(f, weights_only=True)` everywhere; a checkpoint holds Python floats (lr, betas), which 1.13 can
 * only read with `weights_only=False` (2.x reads both safely).
 */
import { Tensor } from '../tensor/tensor.ts';
import { fail } from './errors.ts';
import { OrderedDict, PyDict, PyFloat, PyTuple, isPlainObject } from './py_types.ts';
import { save, type SaveOptions } from './torch_save.ts';
import { load, type LoadOptions } from './torch_load.ts';

/** Anything with PyTorch's state_dict protocol (nn.Module, Optimizer, LRScheduler). */
export interface HasStateDict {
  state_dict(): unknown;
  load_state_dict?(state: any, ...rest: any[]): unknown;
}

export interface CheckpointParts {
  /** An nn.Module or its state_dict. */
  model?: HasStateDict | Map<string, Tensor>;
  /** An optimizer or its state_dict ({state, param_groups}). */
  optimizer?: unknown;
  /** An LR scheduler or its state_dict. */
  scheduler?: unknown;
  epoch?: number;
  global_step?: number;
  /** Metric history, e.g. {loss: number[], accuracy: number[]}. */
  history?: unknown;
  /** Anything else picklable (see py_types.ts). */
  [extra: string]: unknown;
}

export const CHECKPOINT_FORMAT = 'netsketch-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** Hyperparameters torch keeps as Python floats; integral JS numbers there are written as floats, like torch. */
const OPTIMIZER_FLOATS = new Set(['lr', 'momentum', 'dampening', 'weight_decay', 'eps', 'alpha', 'lr_decay', 'initial_accumulator_value', 'rho', 'initial_lr', 'betas', 'max_lr', 'base_lr', 'min_lr']);
const SCHEDULER_FLOATS = new Set(['gamma', 'base_lrs', '_last_lr', 'eta_min', 'factor', 'min_lrs', 'max_lr', 'initial_lr', 'start_factor', 'end_factor', 'eps', 'threshold', 'best', 'max_lrs', 'base_momentum', 'max_momentum', 'div_factor', 'final_div_factor', 'pct_start']);

function stateOf(x: unknown): unknown {
  if (x !== null && typeof x === 'object' && typeof (x as HasStateDict).state_dict === 'function' && !(x instanceof Map)) {
    return (x as HasStateDict).state_dict();
  }
  return x;
}

function floatsIn(v: unknown): unknown {
  if (typeof v === 'number') return new PyFloat(v);
  if (v instanceof PyTuple) return PyTuple.of_items(v.map(floatsIn));
  if (Array.isArray(v)) return v.map(floatsIn);
  return v;
}

/** Copy of a state_dict-like tree where values under `keys` become Python floats (tuples stay tuples). */
function withFloats(v: unknown, keys: Set<string>, depth = 0): unknown {
  if (depth > 100 || v instanceof Tensor) return v;
  if (v instanceof Map) {
    const out = v instanceof OrderedDict ? new OrderedDict<unknown, unknown>() : new PyDict<unknown, unknown>();
    if (v instanceof OrderedDict) for (const [k, x] of v.attributes) (out as OrderedDict).attributes.set(k, x);
    for (const [k, x] of v) out.set(k, typeof k === 'string' && keys.has(k) ? floatsIn(x) : withFloats(x, keys, depth + 1));
    return out;
  }
  if (isPlainObject(v)) {
    const out = new PyDict<string, unknown>();
    for (const [k, x] of Object.entries(v)) out.set(k, keys.has(k) ? floatsIn(x) : withFloats(x, keys, depth + 1));
    return out;
  }
  if (Array.isArray(v) && !(v instanceof PyTuple)) return v.map((x) => withFloats(x, keys, depth + 1));
  return v;
}

/**
 * An optimizer state_dict as torch writes it: `betas` a tuple, lr/eps/momentum… Python floats even when integral
 * (`lr=1` → `1.0`), `state` keyed by parameter index. Accepts Maps or plain objects.
 */
export function optimizer_state_for_torch(state: unknown): unknown {
  const s = withFloats(stateOf(state), OPTIMIZER_FLOATS);
  if (!(s instanceof Map) || !s.has('state') || !s.has('param_groups')) {
    return fail('UNSUPPORTED_VALUE', "save_checkpoint: the optimizer state must have 'state' and 'param_groups' (PyTorch's optimizer.state_dict() layout).");
  }
  // torch matches state entries to params by the int ids in param_groups[i].params: '0' (a JS object key) would
  // silently match nothing, so numeric string keys become ints
  const st = s.get('state');
  if (st instanceof Map) {
    const fixed = new PyDict<unknown, unknown>();
    for (const [k, v] of st) fixed.set(typeof k === 'string' && /^(0|[1-9]\d{0,8})$/.test(k) ? Number(k) : k, v);
    s.set('state', fixed);
  }
  const groups = s.get('param_groups');
  if (Array.isArray(groups)) {
    s.set('param_groups', groups.map((g) => {
      if (g instanceof Map && Array.isArray(g.get('betas')) && !(g.get('betas') instanceof PyTuple)) g.set('betas', PyTuple.of_items(g.get('betas') as unknown[]));
      return g;
    }));
  }
  return s;
}

function checkpointObject(parts: CheckpointParts): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(parts)) {
    if (v === undefined) continue;
    if (k === 'model') out.set(k, stateOf(v));
    else if (k === 'optimizer') out.set(k, optimizer_state_for_torch(v));
    else if (k === 'scheduler') out.set(k, withFloats(stateOf(v), SCHEDULER_FLOATS));
    else if (k === 'app') fail('UNSUPPORTED_VALUE', "save_checkpoint: 'app' is reserved for the format marker.");
    else out.set(k, v);
  }
  out.set('app', new Map<string, unknown>([['format', CHECKPOINT_FORMAT], ['version', CHECKPOINT_VERSION]]));
  return out;
}

/**
 * save_checkpoint({model, optimizer, scheduler, epoch, history, ...}) → bytes of one `.pt` file.
 * In Python: `ckpt = torch.load(f, weights_only=False)` (1.13) or `torch.load(f)` (2.x);
 * `model.load_state_dict(ckpt['model'])`, `optimizer.load_state_dict(ckpt['optimizer'])`.
 */
export function save_checkpoint(parts: CheckpointParts, options: SaveOptions = {}): Uint8Array {
  return save(checkpointObject(parts), { detach: true, ...options });
}

export interface RestoreTargets {
  model?: HasStateDict;
  optimizer?: HasStateDict;
  scheduler?: HasStateDict;
}

/** A loaded checkpoint: the top-level dict's entries as an object (model and optimizer as loaded Maps). */
export type LoadedCheckpoint = Record<string, unknown> & { model?: Map<string, Tensor>; optimizer?: Map<string, unknown>; scheduler?: unknown; epoch?: number; history?: unknown };

/**
 * load_checkpoint(bytes, {model, optimizer, scheduler}) reads a checkpoint (ours or a PyTorch one shaped
 * `{'model': …, 'optimizer': …}`), calls `load_state_dict` on each target given, and returns every entry.
 */
export function load_checkpoint(bytes: Uint8Array, targets: RestoreTargets = {}, options: LoadOptions = {}): LoadedCheckpoint {
  const obj = load(bytes, options);
  if (!(obj instanceof Map)) return fail('NOT_A_CHECKPOINT', 'load_checkpoint: the file holds no dict; a checkpoint is a dict with model, optimizer, epoch, … entries. Use torch.load for other files.');
  const out: LoadedCheckpoint = {};
  for (const [k, v] of obj) {
    if (typeof k === 'string') out[k] = v;
  }
  for (const key of ['model', 'optimizer', 'scheduler'] as const) {
    const target = targets[key];
    if (!target) continue;
    if (!(key in out)) fail('MISSING_RECORD', `load_checkpoint: the checkpoint has no '${key}' entry to restore into the ${key} you passed. It has: ${Object.keys(out).join(', ')}.`);
    if (typeof target.load_state_dict !== 'function') fail('UNSUPPORTED_VALUE', `load_checkpoint: the ${key} target has no load_state_dict method.`);
    const value = key === 'optimizer' ? optimizer_state_from_torch(out[key]) : key === 'scheduler' ? toObject(out[key]) : out[key];
    target.load_state_dict(value);
  }
  return out;
}

/** A loaded dict with string keys as a plain object (one level; values untouched). */
function toObject(v: unknown): unknown {
  if (!(v instanceof Map)) return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of v) o[String(k)] = x;
  return o;
}

/**
 * A loaded optimizer state_dict (Maps, as torch.load returns it) in the shape core/optim's load_state_dict takes:
 * `{ state: Map<int, {name: value}>, param_groups: [{hyper…, params: int[]}] }`.
 */
export function optimizer_state_from_torch(loaded: unknown): { state: Map<number, Record<string, unknown>>; param_groups: Record<string, unknown>[] } {
  const o = toObject(loaded) as Record<string, unknown>;
  if (o === null || typeof o !== 'object' || !('state' in o) || !Array.isArray(o.param_groups)) {
    return fail('UNSUPPORTED_VALUE', "load_checkpoint: the optimizer entry has no 'state' and 'param_groups'; it is not an optimizer state_dict.");
  }
  const state = new Map<number, Record<string, unknown>>();
  const src = o.state instanceof Map ? [...o.state.entries()] : Object.entries((o.state as object) ?? {});
  for (const [k, v] of src) state.set(Number(k), toObject(v) as Record<string, unknown>);
  return { state, param_groups: (o.param_groups as unknown[]).map((g) => toObject(g) as Record<string, unknown>) };
}

/** Weights only (a state_dict), loadable with `torch.load(f, weights_only=True)` on PyTorch 1.13 and later. */
export function save_weights(model: HasStateDict | Map<string, Tensor>): Uint8Array {
  const sd = stateOf(model);
  if (!(sd instanceof Map)) return fail('UNSUPPORTED_VALUE', 'save_weights: expected an nn.Module or a state_dict Map of name → Tensor.');
  for (const [k, v] of sd) {
    if (!(v instanceof Tensor)) fail('UNSUPPORTED_VALUE', `save_weights: state_dict entry '${String(k)}' is not a Tensor; a weights file holds tensors only.`);
  }
  return save(sd, { weights_only: true, detach: true });
}

/** Optimizer state only (torch's layout), loadable with `optimizer.load_state_dict(torch.load(f))`. */
export function save_optimizer(optimizer: unknown): Uint8Array {
  return save(optimizer_state_for_torch(optimizer), { detach: true });
}
