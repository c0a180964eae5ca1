import { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';

type Named<T> = Map<string, T> | Record<string, T> | Array<[string, T]>;

function entriesOf<T>(x: Named<T>): Array<[string, T]> {
  if (x instanceof Map) return [...x.entries()];
  if (Array.isArray(x)) return x;
  return Object.entries(x);
}

function normIndex(idx: number, n: number, what: string): number {
  if (!Number.isInteger(idx)) throw new TypeError(`${what} indices must be integers, got ${idx}`);
  if (idx < -n || idx >= n) throw new RangeError(`index ${idx} is out of range (${what} has ${n} element${n === 1 ? '' : 's'})`);
  return idx < 0 ? idx + n : idx;
}

/**
 * nn.Sequential(...modules) or nn.Sequential(new Map([['conv1', …], …])) (PyTorch's OrderedDict form; a plain
 * object works too). forward runs the modules in order. Children are named '0', '1', … (or by their keys), so
 * state_dict keys read 'features.0.weight'. seq.get(i) (negative allowed) or seq[i] index it.
 */
export class Sequential extends Module {
  [index: number]: Module;

  constructor(...args: Array<Module> | [Named<Module>]) {
    super();
    if (args.length === 1 && !(args[0] instanceof Module)) {
      for (const [k, m] of entriesOf(args[0] as Named<Module>)) this.add_module(k, m);
    } else {
      (args as Module[]).forEach((m, i) => this.add_module(String(i), m));
    }
  }

  get length(): number {
    return this._modules.size;
  }

  /** The module at position idx (negative counts from the end). */
  get(idx: number): Module {
    const keys = [...this._modules.keys()];
    return this._modules.get(keys[normIndex(idx, keys.length, 'Sequential')])!;
  }

  /** Replace the module at position idx. */
  set(idx: number, module: Module): void {
    const keys = [...this._modules.keys()];
    this._modules.set(keys[normIndex(idx, keys.length, 'Sequential')], module);
  }

  /** seq[start:end] as a new Sequential with the same keys. */
  slice(start = 0, end = this.length): Sequential {
    const e = [...this._modules.entries()].slice(start, end) as Array<[string, Module]>;
    return new Sequential(new Map(e));
  }

  append(module: Module): this {
    this.add_module(String(this.length), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  insert(index: number, module: Module): this {
    if (!(module instanceof Module)) throw new TypeError(`module should be of type: Module, got ${typeof module}`);
    const n = this.length;
    if (index < -n || index > n) throw new RangeError(`Index out of range: ${index}`);
    if (index < 0) index += n;
    const mods = [...this._modules.values()] as Module[];
    mods.splice(index, 0, module);
    this._modules.clear();
    mods.forEach((m, i) => this._modules.set(String(i), m));
    return this;
  }

  /** Remove and return the module at idx; the remaining modules are renumbered '0', '1', … (as PyTorch 1.13 does). */
  pop(idx: number): Module {
    const keys = [...this._modules.keys()];
    const key = keys[normIndex(idx, keys.length, 'Sequential')];
    const m = this._modules.get(key)!;
    this._modules.delete(key);
    const rest = [...this._modules.values()];
    this._modules.clear();
    rest.forEach((mm, i) => this._modules.set(String(i), mm));
    return m;
  }

  *[Symbol.iterator](): Iterator<Module> {
    for (const m of this._modules.values()) if (m) yield m;
  }

  override forward(input: any): any {
    for (const m of this._modules.values()) if (m) input = m.call(input);
    return input;
  }
}

/** nn.ModuleList(modules): a list of registered submodules (append, extend, insert, get(i), iteration). */
export class ModuleList extends Module {
  [index: number]: Module;

  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  get length(): number {
    return this._modules.size;
  }

  get(idx: number): Module {
    return this._modules.get(String(normIndex(idx, this.length, 'ModuleList')))!;
  }

  set(idx: number, module: Module): void {
    this._modules.set(String(normIndex(idx, this.length, 'ModuleList')), module);
  }

  slice(start = 0, end = this.length): ModuleList {
    return new ModuleList([...this].slice(start, end));
  }

  append(module: Module): this {
    this.add_module(String(this.length), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  insert(index: number, module: Module): void {
    const mods = [...this];
    const n = mods.length;
    let i = index < 0 ? Math.max(index + n, 0) : Math.min(index, n);
    if (!Number.isInteger(i)) i = n;
    mods.splice(i, 0, module);
    this._modules.clear();
    mods.forEach((m, k) => this._modules.set(String(k), m));
  }

  /** Remove and return the module at idx; later modules are renumbered. */
  pop(idx = -1): Module {
    const mods = [...this];
    const i = normIndex(idx, mods.length, 'ModuleList');
    const [m] = mods.splice(i, 1);
    this._modules.clear();
    mods.forEach((mm, k) => this._modules.set(String(k), mm));
    return m;
  }

  *[Symbol.iterator](): Iterator<Module> {
    for (const m of this._modules.values()) if (m) yield m;
  }

  override forward(): never {
    throw new Error('ModuleList is a container and has no forward(); iterate over it and call its modules in your own forward().');
  }
}

/** nn.ModuleDict(modules): an ordered dict of registered submodules (get, set, keys, values, items, pop, update). */
export class ModuleDict extends Module {
  constructor(modules: Named<Module> = new Map()) {
    super();
    this.update(modules);
  }

  get length(): number {
    return this._modules.size;
  }

  get(key: string): Module {
    const m = this._modules.get(key);
    if (!m) throw new RangeError(`ModuleDict has no key '${key}'. Keys: ${[...this._modules.keys()].join(', ')}`);
    return m;
  }

  set(key: string, module: Module): void {
    this.add_module(key, module);
  }

  has(key: string): boolean {
    return this._modules.has(key);
  }

  keys(): string[] {
    return [...this._modules.keys()];
  }

  values(): Module[] {
    return [...this._modules.values()] as Module[];
  }

  items(): Array<[string, Module]> {
    return [...this._modules.entries()] as Array<[string, Module]>;
  }

  pop(key: string): Module {
    const m = this.get(key);
    this._modules.delete(key);
    return m;
  }

  clear(): void {
    this._modules.clear();
  }

  update(modules: Named<Module>): void {
    for (const [k, m] of entriesOf(modules)) this.add_module(k, m);
  }

  *[Symbol.iterator](): Iterator<string> {
    yield* this._modules.keys();
  }

  override forward(): never {
    throw new Error('ModuleDict is a container and has no forward(); pick modules by key in your own forward().');
  }
}

function toParam(t: Tensor): Parameter {
  if (t instanceof Parameter) return t;
  if (!(t instanceof Tensor)) throw new TypeError(`expected a Tensor or Parameter, got ${typeof t}`);
  return new Parameter(t);
}

function paramLine(k: string, p: Tensor, typeName: string): string {
  return `  (${k}): ${p instanceof Parameter ? 'Parameter' : 'Tensor'} containing: [${typeName} of size ${p.shape.join('x')}]`;
}

/** nn.ParameterList(values): a list of registered parameters (tensors are wrapped in Parameter). */
export class ParameterList extends Module {
  [index: number]: Parameter;

  constructor(values: Iterable<Tensor> = []) {
    super();
    for (const v of values) this.append(v);
  }

  get length(): number {
    return this._parameters.size;
  }

  get(idx: number): Parameter {
    return this._parameters.get(String(normIndex(idx, this.length, 'ParameterList')))!;
  }

  set(idx: number, value: Tensor): void {
    this._parameters.set(String(normIndex(idx, this.length, 'ParameterList')), toParam(value));
  }

  append(value: Tensor): this {
    this.register_parameter(String(this.length), toParam(value));
    return this;
  }

  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }

  *[Symbol.iterator](): Iterator<Parameter> {
    for (const p of this._parameters.values()) if (p) yield p;
  }

  override extra_repr(): string {
    return [...this._parameters.entries()].map(([k, p]) => paramLine(k, p!, `torch.${p!.dtype}`)).join('\n');
  }

  override forward(): never {
    throw new Error('ParameterList is a container and has no forward().');
  }
}

const LEGACY: Record<string, string> = { float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', float16: 'torch.HalfTensor', bfloat16: 'torch.BFloat16Tensor' };

/** nn.ParameterDict(values): an ordered dict of registered parameters. */
export class ParameterDict extends Module {
  constructor(values: Named<Tensor> = new Map()) {
    super();
    this.update(values);
  }

  get length(): number {
    return this._parameters.size;
  }

  get(key: string): Parameter {
    const p = this._parameters.get(key);
    if (!p) throw new RangeError(`ParameterDict has no key '${key}'. Keys: ${[...this._parameters.keys()].join(', ')}`);
    return p;
  }

  set(key: string, value: Tensor): void {
    this.register_parameter(key, toParam(value));
  }

  has(key: string): boolean {
    return this._parameters.has(key);
  }

  keys(): string[] {
    return [...this._parameters.keys()];
  }

  values(): Parameter[] {
    return [...this._parameters.values()] as Parameter[];
  }

  items(): Array<[string, Parameter]> {
    return [...this._parameters.entries()] as Array<[string, Parameter]>;
  }

  pop(key: string): Parameter {
    const p = this.get(key);
    this._parameters.delete(key);
    return p;
  }

  update(values: Named<Tensor>): void {
    for (const [k, v] of entriesOf(values)) this.set(k, v);
  }

  *[Symbol.iterator](): Iterator<string> {
    yield* this._parameters.keys();
  }

  override extra_repr(): string {
    return [...this._parameters.entries()].map(([k, p]) => paramLine(k, p!, LEGACY[p!.dtype] ?? `torch.${p!.dtype}`)).join('\n');
  }

  override forward(): never {
    throw new Error('ParameterDict is a container and has no forward().');
  }
}
