import '../ops/methods.ts';
import { Tensor } from '../tensor/tensor.ts';
import { no_grad } from '../autograd/grad_mode.ts';
import { copyInto } from '../ops/view.ts';
import { legacyTypeName, parseDType, isFloatingPoint, type DType } from '../tensor/dtype.ts';
import { Parameter } from './parameter.ts';
import { BackwardHookState } from './_backward_hooks.ts';

export type ForwardPreHook = (module: Module, args: any[]) => any;
export type ForwardHook = (module: Module, args: any[], output: any) => any;
export type BackwardHook = (module: Module, grad_input: Array<Tensor | null>, grad_output: Array<Tensor | null>) => Array<Tensor | null> | void | undefined;

/** What register_*_hook returns: `handle.remove()` unregisters the hook. */
export interface RemovableHandle {
  readonly id: number;
  remove(): void;
}

/** A state dict: Map (ordered, like PyTorch's OrderedDict) or a plain object of name → tensor. */
export type StateDict = Map<string, Tensor> | Record<string, Tensor>;

/** load_state_dict's result (PyTorch's _IncompatibleKeys). */
export interface IncompatibleKeys {
  missing_keys: string[];
  unexpected_keys: string[];
}

let hookCounter = 0;

/**
 * The PyTorch class name of a Module class, set by core/nn/index.ts from the export names: bundlers may minify
 * class names, but repr and error messages must still say `Linear`. Own property only, so a user's subclass
 * (without one) reports its own class name.
 */
export const PY_NAME = Symbol.for('netsketch.nn.pyName');

export function moduleClassName(ctor: abstract new (...args: any[]) => unknown): string {
  return Object.prototype.hasOwnProperty.call(ctor, PY_NAME) ? (ctor as any)[PY_NAME] : ctor.name;
}

function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (v instanceof Tensor) return legacyTypeName(v.dtype);
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  return (v as object).constructor?.name ?? typeof v;
}

function sizeStr(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/** Python's nn.modules.module._addindent: indent every line but the first. */
export function addIndent(s: string, n: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const first = lines.shift()!;
  return first + '\n' + lines.map((l) => ' '.repeat(n) + l).join('\n');
}

/**
 * Attribute assignment on a Module goes through this proxy, like PyTorch's __setattr__/__getattr__: assigning a
 * Parameter registers a parameter, a Module registers a child, a Tensor assigned to a buffer name updates the buffer.
 * It also catches class-field definitions (`fc1 = new nn.Linear(4, 2)`), which ES2022 emits as defineProperty.
 */
/** Read through a Module proxy to the object behind it (used by deepcopy). */
const RAW = Symbol('nn.Module raw target');

const handler: ProxyHandler<Module> = {
  get(target, prop, receiver) {
    if (prop === RAW) return target;
    if (typeof prop === 'string' && !(prop in target)) {
      const p = target._parameters;
      if (p.has(prop)) return p.get(prop);
      const b = target._buffers;
      if (b.has(prop)) return b.get(prop);
      const m = target._modules;
      if (m.has(prop)) return m.get(prop);
    }
    return Reflect.get(target, prop, receiver);
  },
  set(target, prop, value, receiver) {
    if (typeof prop === 'string' && assignAttr(target, prop, value)) return true;
    return Reflect.set(target, prop, value, receiver);
  },
  defineProperty(target, prop, desc) {
    if (typeof prop === 'string' && 'value' in desc) {
      const registered = target._parameters.has(prop) || target._buffers.has(prop) || target._modules.has(prop);
      // A subclass field declared without initialiser (`weight!: Parameter`) must not erase what a base registered.
      if (desc.value === undefined && registered) return true;
      if (assignAttr(target, prop, desc.value)) return true;
    }
    return Reflect.defineProperty(target, prop, desc);
  },
  has(target, prop) {
    if (typeof prop === 'string' && (target._parameters.has(prop) || target._buffers.has(prop) || target._modules.has(prop))) return true;
    return Reflect.has(target, prop);
  },
  deleteProperty(target, prop) {
    if (typeof prop === 'string') {
      if (target._parameters.delete(prop) || target._modules.delete(prop)) return true;
      if (target._buffers.delete(prop)) { target._non_persistent_buffers_set.delete(prop); return true; }
    }
    return Reflect.deleteProperty(target, prop);
  },
};

/** PyTorch's Module.__setattr__. Returns true when the value was stored in a registry. */
function assignAttr(t: Module, name: string, value: unknown): boolean {
  const own = () => { if (Object.prototype.hasOwnProperty.call(t, name)) Reflect.deleteProperty(t, name); };
  if (value instanceof Parameter) {
    own();
    t._buffers.delete(name);
    t._modules.delete(name);
    t._non_persistent_buffers_set.delete(name);
    t._parameters.set(name, value);
    return true;
  }
  if (t._parameters.has(name)) {
    if (value !== null && value !== undefined) {
      throw new TypeError(`cannot assign '${pyTypeName(value)}' as parameter '${name}' (torch.nn.Parameter or None expected). Wrap the tensor: new nn.Parameter(tensor).`);
    }
    t._parameters.set(name, null);
    return true;
  }
  if (value instanceof Module) {
    own();
    t._parameters.delete(name);
    t._buffers.delete(name);
    t._non_persistent_buffers_set.delete(name);
    t._modules.set(name, value);
    return true;
  }
  if (t._modules.has(name)) {
    if (value !== null && value !== undefined) throw new TypeError(`cannot assign '${pyTypeName(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    t._modules.set(name, null);
    return true;
  }
  if (t._buffers.has(name)) {
    if (value !== null && value !== undefined && !(value instanceof Tensor)) {
      throw new TypeError(`cannot assign '${pyTypeName(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
    }
    t._buffers.set(name, (value as Tensor | null | undefined) ?? null);
    return true;
  }
  return false;
}

function checkName(kind: string, name: unknown, t: Module, allowExisting: boolean): asserts name is string {
  if (typeof name !== 'string') throw new TypeError(`${kind} name should be a string. Got ${pyTypeName(name)}`);
  if (name.includes('.')) throw new RangeError(`${kind} name can't contain ".", got: ${name}`);
  if (name === '') throw new RangeError(`${kind} name can't be empty string ""`);
  if (!allowExisting && name in t && (t as any)[name] !== undefined && !t._parameters.has(name) && !t._buffers.has(name) && !t._modules.has(name)) {
    throw new RangeError(`attribute '${name}' already exists`);
  }
}

/**
 * nn.Module: the base class of every layer and model. Subclass it, assign layers and parameters as attributes
 * (they register themselves, as in PyTorch), and implement `forward`:
 *
 * ```ts
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(4, 8);
 *   fc2 = new nn.Linear(8, 2);
 *   forward(x: Tensor) { return this.fc2.call(F.relu(this.fc1.call(x))); }
 * }
 * const y = new Net().call(x);
 * ```
 *
 * PyTorch calls a module with `module(x)`; here use `module.call(x)`, which runs the forward pre-hooks, `forward`,
 * the forward hooks and sets up backward hooks. Calling `module.forward(x)` directly skips the hooks (as in PyTorch).
 * The constructor returns a Proxy so that attribute assignment registers parameters, buffers and children.
 */
export class Module {
  declare training: boolean;
  declare _parameters: Map<string, Parameter | null>;
  declare _buffers: Map<string, Tensor | null>;
  declare _non_persistent_buffers_set: Set<string>;
  declare _modules: Map<string, Module | null>;
  declare _forward_hooks: Map<number, ForwardHook>;
  declare _forward_pre_hooks: Map<number, ForwardPreHook>;
  declare _backward_hooks: Map<number, BackwardHook>;

  constructor() {
    const init = (k: string, v: unknown) => Object.defineProperty(this, k, { value: v, writable: true, configurable: true, enumerable: false });
    init('training', true);
    init('_parameters', new Map());
    init('_buffers', new Map());
    init('_non_persistent_buffers_set', new Set());
    init('_modules', new Map());
    init('_forward_hooks', new Map());
    init('_forward_pre_hooks', new Map());
    init('_backward_hooks', new Map());
    return new Proxy(this, handler);
  }

  /** Define the computation; called by `call(...)`. */
  forward(..._args: any[]): any {
    throw new Error(`Module [${this._get_name()}] is missing the required "forward" function. Define forward(x) in your subclass.`);
  }

  /** PyTorch's `module(*args)`: pre-hooks, forward, forward hooks, and full backward hooks. */
  call(...args: any[]): any {
    for (const hook of this._forward_pre_hooks.values()) {
      const r = hook(this, args);
      if (r !== undefined && r !== null) args = Array.isArray(r) ? r : [r];
    }
    const bw = this._backward_hooks.size > 0 ? new BackwardHookState(this) : null;
    if (bw) args = bw.wrapInputs(args);
    let out = this.forward(...args);
    for (const hook of this._forward_hooks.values()) {
      const r = hook(this, args, out);
      if (r !== undefined && r !== null) out = r;
    }
    if (bw) out = bw.wrapOutputs(out);
    return out;
  }

  /** The class name shown by repr (override to rename). */
  _get_name(): string {
    return moduleClassName(this.constructor as new () => unknown);
  }

  /** Extra text inside the parentheses of repr, e.g. `in_features=4, out_features=2, bias=True`. */
  extra_repr(): string {
    return '';
  }

  /** repr(module), exactly as PyTorch prints it. */
  toString(): string {
    const extra = this.extra_repr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines: string[] = [];
    for (const [key, m] of this._modules) childLines.push(`(${key}): ${addIndent(m === null ? 'None' : m.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let s = this._get_name() + '(';
    if (lines.length) {
      if (extraLines.length === 1 && childLines.length === 0) s += extraLines[0];
      else s += '\n  ' + lines.join('\n  ') + '\n';
    }
    return s + ')';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- registration -------------------------------------------------------------------------------------------

  /** Register a buffer (a tensor that is state but not a parameter, e.g. running_mean). Non-persistent buffers stay out of state_dict. */
  register_buffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } | boolean = {}): void {
    const persistent = typeof opts === 'boolean' ? opts : opts.persistent ?? true;
    checkName('buffer', name, this, false);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${pyTypeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    if (this._parameters.has(name) || this._modules.has(name)) throw new RangeError(`attribute '${name}' already exists`);
    this._buffers.set(name, tensor);
    if (persistent) this._non_persistent_buffers_set.delete(name);
    else this._non_persistent_buffers_set.add(name);
  }

  /** Register a parameter (or null, which keeps the name with no value, like bias=False). */
  register_parameter(name: string, param: Parameter | null): void {
    checkName('parameter', name, this, false);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(`cannot assign '${pyTypeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    if (this._buffers.has(name) || this._modules.has(name)) throw new RangeError(`attribute '${name}' already exists`);
    if (param !== null && param.grad_fn) {
      throw new Error(`Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. To express '${name}' as a function of another Tensor, compute the value in the forward() method.`);
    }
    this._parameters.set(name, param);
  }

  /** Register a child module under `name`. */
  add_module(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${pyTypeName(module)} is not a Module subclass`);
    checkName('module', name, this, false);
    if (this._parameters.has(name) || this._buffers.has(name)) throw new RangeError(`attribute '${name}' already exists`);
    this._modules.set(name, module);
  }

  register_module(name: string, module: Module | null): void {
    this.add_module(name, module);
  }

  /** The submodule at a dotted path, e.g. 'features.0'. */
  get_submodule(target: string): Module {
    let mod: Module = this as Module;
    if (target === '') return mod;
    for (const item of target.split('.')) {
      const next = mod._modules.get(item);
      if (!next) throw new RangeError(`${mod._get_name()} has no attribute \`${item}\``);
      mod = next;
    }
    return mod;
  }

  get_parameter(target: string): Parameter {
    const i = target.lastIndexOf('.');
    const mod = this.get_submodule(i < 0 ? '' : target.slice(0, i));
    const name = target.slice(i + 1);
    const p = mod._parameters.get(name);
    if (!p) throw new RangeError(`${mod._get_name()} has no parameter \`${name}\``);
    return p;
  }

  // ---- iteration ----------------------------------------------------------------------------------------------

  /** (name, module) for this module and every descendant, pre-order, each module once. */
  named_modules(memo: Set<Module> = new Set(), prefix = '', remove_duplicate = true): Array<[string, Module]> {
    const out: Array<[string, Module]> = [];
    const visit = (m: Module, pre: string) => {
      if (remove_duplicate) {
        if (memo.has(m)) return;
        memo.add(m);
      }
      out.push([pre, m]);
      for (const [name, child] of m._modules) if (child) visit(child, pre ? `${pre}.${name}` : name);
    };
    visit(this, prefix);
    return out;
  }

  modules(): Module[] {
    return this.named_modules().map(([, m]) => m);
  }

  named_children(): Array<[string, Module]> {
    const seen = new Set<Module>();
    const out: Array<[string, Module]> = [];
    for (const [n, m] of this._modules) if (m && !seen.has(m)) { seen.add(m); out.push([n, m]); }
    return out;
  }

  children(): Module[] {
    return this.named_children().map(([, m]) => m);
  }

  private namedMembers<T>(get: (m: Module) => Iterable<[string, T | null]>, prefix: string, recurse: boolean, removeDup: boolean): Array<[string, T]> {
    const mods: Array<[string, Module]> = recurse ? this.named_modules(new Set(), prefix, removeDup) : [[prefix, this]];
    const seen = new Set<T>();
    const out: Array<[string, T]> = [];
    for (const [mp, m] of mods) {
      for (const [k, v] of get(m)) {
        if (v === null || v === undefined) continue;
        if (removeDup) { if (seen.has(v)) continue; seen.add(v); }
        out.push([mp ? `${mp}.${k}` : k, v]);
      }
    }
    return out;
  }

  /** (name, parameter) pairs with dotted names ('features.0.weight'); shared parameters appear once. */
  named_parameters(prefix = '', recurse = true, remove_duplicate = true): Array<[string, Parameter]> {
    return this.namedMembers((m) => m._parameters, prefix, recurse, remove_duplicate);
  }

  parameters(recurse = true): Parameter[] {
    return this.named_parameters('', recurse).map(([, p]) => p);
  }

  named_buffers(prefix = '', recurse = true, remove_duplicate = true): Array<[string, Tensor]> {
    return this.namedMembers((m) => m._buffers, prefix, recurse, remove_duplicate);
  }

  buffers(recurse = true): Tensor[] {
    return this.named_buffers('', recurse).map(([, b]) => b);
  }

  // ---- modes and grads ----------------------------------------------------------------------------------------

  /** fn(module) for every submodule (children first) and then this one. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  /** Training mode on (or off) for this module and all descendants (affects Dropout, BatchNorm). */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError('training mode is expected to be boolean');
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }

  /** Evaluation mode: train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Set requires_grad on every parameter. */
  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }

  /**
   * Reset the gradients of all parameters. set_to_none defaults to true, as in PyTorch 2.x (PyTorch 1.13 defaulted
   * to false and zeroed the tensors instead).
   */
  zero_grad(set_to_none = true): void {
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (set_to_none) p.grad = null;
      else {
        if (p.grad.grad_fn) p.grad = p.grad.detach();
        p.grad.zero_();
      }
    }
  }

  /**
   * module.to(dtype): convert floating-point parameters and buffers in place (parameters keep their identity, so an
   * optimizer built earlier still holds them). double() and float() are shorthands. Only the 'cpu' device exists.
   */
  to(dtype: DType | string): this {
    if (dtype === 'cpu') return this;
    const d = parseDType(dtype);
    if (!isFloatingPoint(d)) throw new TypeError(`nn.Module.to only accepts floating point dtypes, but got desired dtype=${d}`);
    for (const m of this.modules()) {
      for (const p of m._parameters.values()) {
        if (!p || !p.is_floating_point() || p.dtype === d) continue;
        const c = p.detach().to(d).contiguous();
        p._storage = c._storage;
        p._shape = [...c.shape];
        p._strides = [...c._strides];
        p._offset = c._offset;
        (p as { dtype: DType }).dtype = d;
        if (p.grad) p.grad = p.grad.detach().to(d);
      }
      for (const [k, b] of m._buffers) if (b && b.is_floating_point() && b.dtype !== d) m._buffers.set(k, b.to(d));
    }
    return this;
  }

  double(): this {
    return this.to('float64');
  }

  /** Everything already lives on the CPU; returns this (for code written against PyTorch). */
  cpu(): this {
    return this;
  }

  float(): this {
    return this.to('float32');
  }

  /**
   * A deep copy (Python's copy.deepcopy(module)): same class, plain attributes copied, parameters and buffers
   * cloned (same requires_grad), children copied recursively; shared submodules and parameters stay shared within
   * the copy. Hooks are not copied.
   */
  deepcopy(): this {
    const memo = new Map<unknown, unknown>();
    const copyTensor = (t: Tensor): Tensor => {
      if (memo.has(t)) return memo.get(t) as Tensor;
      const c = t.detach().clone();
      const r = t instanceof Parameter ? new Parameter(c, t.requires_grad) : c;
      memo.set(t, r);
      return r;
    };
    const copyModule = (m: Module): Module => {
      if (memo.has(m)) return memo.get(m) as Module;
      const raw = (m as any)[RAW] as Module;
      const twin = Object.create(Object.getPrototypeOf(raw)) as Module;
      for (const key of Reflect.ownKeys(raw)) {
        const d = Object.getOwnPropertyDescriptor(raw, key)!;
        if ('value' in d) {
          const v = d.value;
          d.value = Array.isArray(v) ? [...v] : v instanceof Tensor ? copyTensor(v) : v;
        }
        Object.defineProperty(twin, key, d);
      }
      const proxy = new Proxy(twin, handler);
      memo.set(m, proxy);
      const init = (k: string, v: unknown) => Object.defineProperty(twin, k, { value: v, writable: true, configurable: true, enumerable: false });
      init('_parameters', new Map([...raw._parameters].map(([k, p]) => [k, p ? copyTensor(p) : null])));
      init('_buffers', new Map([...raw._buffers].map(([k, b]) => [k, b ? copyTensor(b) : null])));
      init('_non_persistent_buffers_set', new Set(raw._non_persistent_buffers_set));
      init('_modules', new Map([...raw._modules].map(([k, c]) => [k, c ? copyModule(c) : null])));
      init('_forward_hooks', new Map());
      init('_forward_pre_hooks', new Map());
      init('_backward_hooks', new Map());
      return proxy;
    };
    return copyModule(this) as this;
  }

  // ---- hooks --------------------------------------------------------------------------------------------------

  private addHook<T>(map: Map<number, T>, hook: T): RemovableHandle {
    const id = hookCounter++;
    map.set(id, hook);
    return { id, remove: () => { map.delete(id); } };
  }

  /** hook(module, args) runs before forward; it may return replacement args (an array, or a single value). */
  register_forward_pre_hook(hook: ForwardPreHook): RemovableHandle {
    return this.addHook(this._forward_pre_hooks, hook);
  }

  /** hook(module, args, output) runs after forward; it may return a replacement output. */
  register_forward_hook(hook: ForwardHook): RemovableHandle {
    return this.addHook(this._forward_hooks, hook);
  }

  /**
   * hook(module, grad_input, grad_output) runs when the gradients with respect to the module's tensor inputs have
   * been computed; it may return replacement grad_input. Only tensor arguments and tensor outputs take part.
   */
  register_full_backward_hook(hook: BackwardHook): RemovableHandle {
    return this.addHook(this._backward_hooks, hook);
  }

  // ---- state dict ---------------------------------------------------------------------------------------------

  /** Parameters and persistent buffers of this module only, in registration order. */
  _save_to_state_dict(dest: Map<string, Tensor>, prefix: string, keep_vars: boolean): void {
    for (const [n, p] of this._parameters) if (p) dest.set(prefix + n, keep_vars ? p : p.detach());
    for (const [n, b] of this._buffers) if (b && !this._non_persistent_buffers_set.has(n)) dest.set(prefix + n, keep_vars ? b : b.detach());
  }

  /**
   * An ordered Map of every parameter and persistent buffer, keyed as PyTorch keys them ('features.0.weight',
   * 'bn.running_mean', 'bn.num_batches_tracked'). Values are detached tensors sharing memory with the module.
   */
  state_dict(opts: { prefix?: string; keep_vars?: boolean; destination?: Map<string, Tensor> } = {}): Map<string, Tensor> {
    const dest = opts.destination ?? new Map<string, Tensor>();
    const visit = (m: Module, prefix: string) => {
      m._save_to_state_dict(dest, prefix, opts.keep_vars ?? false);
      for (const [n, c] of m._modules) if (c) visit(c, `${prefix}${n}.`);
    };
    visit(this, opts.prefix ?? '');
    return dest;
  }

  /** Copy this module's own entries from state_dict (PyTorch's _load_from_state_dict). */
  _load_from_state_dict(sd: Map<string, Tensor>, prefix: string, missing: string[], unexpected: string[], errors: string[]): void {
    const local = new Map<string, Tensor>();
    for (const [n, p] of this._parameters) if (p) local.set(n, p);
    for (const [n, b] of this._buffers) if (b && !this._non_persistent_buffers_set.has(n)) local.set(n, b);
    for (const [name, param] of local) {
      const key = prefix + name;
      if (!sd.has(key)) { missing.push(key); continue; }
      let input: any = sd.get(key);
      if (!(input instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${pyTypeName(input)}`);
        continue;
      }
      if (param.dim() === 0 && input.dim() === 1) input = input.select(0, 0);
      if (input.dim() !== param.dim() || input.shape.some((s: number, i: number) => s !== param.shape[i])) {
        errors.push(`size mismatch for ${key}: copying a param with shape ${sizeStr(input.shape)} from checkpoint, the shape in current model is ${sizeStr(param.shape)}.`);
        continue;
      }
      no_grad(() => {
        copyInto(param, input.detach());
        param._storage.version++;
      });
    }
    for (const key of sd.keys()) {
      if (!key.startsWith(prefix)) continue;
      const first = key.slice(prefix.length).split('.', 1)[0];
      if (!this._modules.has(first) && !local.has(first)) unexpected.push(key);
    }
  }

  /**
   * Copy parameters and buffers from a state dict. strict=true (default) requires the keys to match state_dict()'s
   * exactly; size mismatches always fail. Errors read exactly like PyTorch's.
   */
  load_state_dict(state_dict: StateDict, strict = true): IncompatibleKeys {
    if (state_dict === null || typeof state_dict !== 'object' || state_dict instanceof Tensor) {
      throw new TypeError(`Expected state_dict to be dict-like, got ${pyTypeName(state_dict)}.`);
    }
    const sd = state_dict instanceof Map ? new Map(state_dict) : new Map(Object.entries(state_dict));
    const missing: string[] = [], unexpected: string[] = [], errors: string[] = [];
    const load = (m: Module, local: Map<string, Tensor>, prefix: string) => {
      m._load_from_state_dict(local, prefix, missing, unexpected, errors);
      for (const [n, c] of m._modules) {
        if (!c) continue;
        const cp = `${prefix}${n}.`;
        load(c, new Map([...local].filter(([k]) => k.startsWith(cp))), cp);
      }
    };
    load(this, sd, '');
    if (strict) {
      if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
      if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errors.length) throw new Error(`Error(s) in loading state_dict for ${this._get_name()}:\n\t${errors.join('\n\t')}`);
    return { missing_keys: missing, unexpected_keys: unexpected };
  }
}
