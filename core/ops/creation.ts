import { Tensor } from '../tensor/tensor.ts';
import { type DType, parseDType, castScalar, isFloatingPoint, typedArrayFor } from '../tensor/dtype.ts';
import { numelOf, parseShapeArgs, shapeStr } from '../tensor/shape.ts';
import { Generator, default_generator, fillNormal } from '../tensor/random.ts';
import { fromTyped } from './_helpers.ts';

/** Options shared by the creation functions (PyTorch's keyword arguments). */
export interface TensorOptions {
  dtype?: DType | string;
  requires_grad?: boolean;
  device?: string;
  generator?: Generator;
}

type ShapeArgs = Array<number | number[] | TensorOptions>;

function splitArgs(args: ShapeArgs, fn: string): { shape: number[]; opts: TensorOptions } {
  let opts: TensorOptions = {};
  let rest = args;
  const last = args[args.length - 1];
  if (last !== undefined && typeof last === 'object' && !Array.isArray(last)) {
    opts = last as TensorOptions;
    rest = args.slice(0, -1);
  }
  return { shape: parseShapeArgs(rest, fn), opts };
}

function checkDevice(opts: TensorOptions, fn: string): void {
  if (opts.device !== undefined && opts.device !== 'cpu') {
    throw new RangeError(`${fn}: device '${opts.device}' is not available; Netsketch computes on 'cpu'.`);
  }
}

function finish(t: Tensor, opts: TensorOptions, fn: string): Tensor {
  checkDevice(opts, fn);
  if (opts.requires_grad) {
    if (!isFloatingPoint(t.dtype)) throw new TypeError(`${fn}: only Tensors of floating point dtype can require gradients (got torch.${t.dtype})`);
    t._requires_grad = true;
  }
  return t;
}

function dt(opts: TensorOptions, fallback: DType = 'float32'): DType {
  return opts.dtype === undefined ? fallback : typeof opts.dtype === 'string' ? parseDType(opts.dtype) : opts.dtype;
}

type Nested = number | boolean | Nested[];

/** torch.tensor(data, dtype=None, requires_grad=False): infers shape from nested arrays and dtype from values. */
export function tensor(data: Nested | Tensor | ArrayLike<number>, opts: TensorOptions = {}): Tensor {
  if (data instanceof Tensor) return finish(data.detach().to(dt(opts, data.dtype), { copy: true }), opts, 'tensor');
  const shape: number[] = [];
  let probe: any = data;
  while (Array.isArray(probe) || ArrayBuffer.isView(probe)) {
    shape.push((probe as ArrayLike<number>).length);
    if ((probe as ArrayLike<number>).length === 0) break;
    probe = (probe as any)[0];
  }
  const flat: number[] = [];
  let sawFloat = false, sawBool = false, sawNumber = false;
  const walk = (x: any, depth: number): void => {
    if (depth === shape.length) {
      if (typeof x === 'boolean') { sawBool = true; flat.push(x ? 1 : 0); return; }
      if (typeof x !== 'number') throw new TypeError(`tensor(): could not infer dtype of ${typeof x} (${String(x)}); use numbers or booleans.`);
      sawNumber = true;
      if (!Number.isInteger(x)) sawFloat = true;
      flat.push(x);
      return;
    }
    if (!(Array.isArray(x) || ArrayBuffer.isView(x))) throw new RangeError(`tensor(): expected a sequence at depth ${depth}, got ${String(x)}`);
    if ((x as ArrayLike<number>).length !== shape[depth]) {
      throw new RangeError(`tensor(): expected sequence of length ${shape[depth]} at dim ${depth} (got ${(x as ArrayLike<number>).length})`);
    }
    for (let i = 0; i < (x as ArrayLike<number>).length; i++) walk((x as any)[i], depth + 1);
  };
  walk(data, 0);
  let inferred: DType = sawFloat ? 'float32' : sawNumber ? 'int64' : sawBool ? 'bool' : 'float32';
  if (data instanceof Float64Array) inferred = 'float64';
  else if (data instanceof Float32Array) inferred = 'float32';
  else if (data instanceof Int32Array) inferred = 'int32';
  else if (data instanceof Uint8Array) inferred = 'uint8';
  const d = dt(opts, inferred);
  const arr = typedArrayFor(d, flat.length);
  for (let i = 0; i < flat.length; i++) arr[i] = castScalar(flat[i], d);
  return finish(fromTyped(arr, shape, d), opts, 'tensor');
}

export function full(shape: number[], fill_value: number | boolean, opts: TensorOptions = {}): Tensor {
  const s = parseShapeArgs([shape], 'full');
  const v = typeof fill_value === 'boolean' ? (fill_value ? 1 : 0) : fill_value;
  const inferred: DType = typeof fill_value === 'boolean' ? 'bool' : Number.isInteger(v) && opts.dtype === undefined ? 'int64' : 'float32';
  const d = dt(opts, inferred);
  const arr = typedArrayFor(d, numelOf(s));
  arr.fill(castScalar(v, d));
  return finish(fromTyped(arr, s, d), opts, 'full');
}

export function zeros(...args: ShapeArgs): Tensor {
  const { shape, opts } = splitArgs(args, 'zeros');
  return finish(fromTyped(typedArrayFor(dt(opts), numelOf(shape)), shape, dt(opts)), opts, 'zeros');
}

export function ones(...args: ShapeArgs): Tensor {
  const { shape, opts } = splitArgs(args, 'ones');
  const d = dt(opts);
  const arr = typedArrayFor(d, numelOf(shape));
  arr.fill(castScalar(1, d));
  return finish(fromTyped(arr, shape, d), opts, 'ones');
}

export function empty(...args: ShapeArgs): Tensor {
  return zeros(...args);
}

export function zeros_like(x: Tensor, opts: TensorOptions = {}): Tensor {
  return zeros([...x.shape], { ...opts, dtype: dt(opts, x.dtype) });
}

export function ones_like(x: Tensor, opts: TensorOptions = {}): Tensor {
  return ones([...x.shape], { ...opts, dtype: dt(opts, x.dtype) });
}

export function empty_like(x: Tensor, opts: TensorOptions = {}): Tensor {
  return zeros_like(x, opts);
}

export function full_like(x: Tensor, fill_value: number, opts: TensorOptions = {}): Tensor {
  return full([...x.shape], fill_value, { ...opts, dtype: dt(opts, x.dtype) });
}

/** torch.arange(end) / arange(start, end, step=1) */
export function arange(a: number, b?: number | TensorOptions, c?: number | TensorOptions, o4?: TensorOptions): Tensor {
  let start = 0, end: number, step = 1, opts: TensorOptions = {};
  const nums = [a, b, c].filter((v) => typeof v === 'number') as number[];
  const o = [b, c, o4].find((v) => v !== undefined && typeof v === 'object') as TensorOptions | undefined;
  if (o) opts = o;
  if (nums.length === 1) end = nums[0];
  else if (nums.length === 2) [start, end] = nums;
  else [start, end, step] = nums;
  if (step === 0) throw new RangeError('arange(): step must be nonzero');
  if ((end - start) / step < 0) throw new RangeError('arange(): upper bound and larger bound inconsistent with step sign');
  if (![start, end, step].every(Number.isFinite)) throw new RangeError(`arange(): unsupported range: ${start} -> ${end}`);
  const n = Math.ceil((end - start) / step);
  const allInt = [start, end, step].every(Number.isInteger);
  const dd = dt(opts, allInt ? 'int64' : 'float32');
  const arr = typedArrayFor(dd, n);
  for (let i = 0; i < n; i++) arr[i] = castScalar(start + i * step, dd);
  return finish(fromTyped(arr, [n], dd), opts, 'arange');
}

/** torch.linspace(start, end, steps) */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError('linspace(): number of steps must be non-negative');
  const d = dt(opts);
  const arr = typedArrayFor(d, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the first half from start and the second half from end, for symmetry.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) arr[i] = castScalar(i < half ? start + step * i : end - step * (steps - i - 1), d);
  return finish(fromTyped(arr, [steps], d), opts, 'linspace');
}

/** torch.eye(n, m=None) */
export function eye(n: number, m?: number | TensorOptions, opts: TensorOptions = {}): Tensor {
  if (typeof m === 'object') { opts = m; m = undefined; }
  const cols = m ?? n;
  if (n < 0) throw new RangeError(`eye(): n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw new RangeError(`eye(): m must be greater or equal to 0, got ${cols}`);
  const d = dt(opts);
  const arr = typedArrayFor(d, n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) arr[i * cols + i] = 1;
  return finish(fromTyped(arr, [n, cols], d), opts, 'eye');
}

function genOf(opts: TensorOptions): Generator {
  return opts.generator ?? default_generator;
}

/** torch.rand(*size): uniform on [0, 1), the same numbers as PyTorch for the same seed. */
export function rand(...args: ShapeArgs): Tensor {
  const { shape, opts } = splitArgs(args, 'rand');
  const d = dt(opts);
  if (!isFloatingPoint(d)) throw new TypeError(`rand(): "check_uniform_bounds" not implemented for '${d}'`);
  const g = genOf(opts);
  const arr = typedArrayFor(d, numelOf(shape));
  for (let i = 0; i < arr.length; i++) arr[i] = d === 'float64' ? g.uniformDouble() : g.uniformFloat();
  return finish(fromTyped(arr, shape, d), opts, 'rand');
}

/** torch.randn(*size): standard normal, the same numbers as PyTorch for the same seed. */
export function randn(...args: ShapeArgs): Tensor {
  const { shape, opts } = splitArgs(args, 'randn');
  const d = dt(opts);
  if (!isFloatingPoint(d)) throw new TypeError(`randn(): "normal_kernel_cpu" not implemented for '${d}'`);
  const arr = typedArrayFor(d, numelOf(shape)) as Float32Array | Float64Array;
  fillNormal(arr, 0, 1, genOf(opts), d === 'float64');
  return finish(fromTyped(arr, shape, d), opts, 'randn');
}

export function rand_like(x: Tensor, opts: TensorOptions = {}): Tensor {
  return rand([...x.shape], { ...opts, dtype: dt(opts, x.dtype) });
}

export function randn_like(x: Tensor, opts: TensorOptions = {}): Tensor {
  return randn([...x.shape], { ...opts, dtype: dt(opts, x.dtype) });
}

/** torch.randint(low=0, high, size): integers in [low, high) (int64 by default). */
export function randint(a: number, b: number | number[], c?: number[] | TensorOptions, d?: TensorOptions): Tensor {
  let low = 0, high: number, size: number[], opts: TensorOptions = {};
  if (Array.isArray(b)) { high = a; size = b; opts = (c as TensorOptions) ?? {}; }
  else { low = a; high = b; size = c as number[]; opts = d ?? {}; }
  if (!Array.isArray(size)) throw new TypeError('randint(): size must be a list of integers, e.g. randint(0, 10, [3])');
  if (high <= low) throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const shape = parseShapeArgs([size], 'randint');
  const dd = dt(opts, 'int64');
  const g = genOf(opts);
  const range = high - low;
  const arr = typedArrayFor(dd, numelOf(shape));
  for (let i = 0; i < arr.length; i++) {
    const r = range >= 2 ** 32 ? g.random() * 2 ** 32 + g.random() : g.random();
    arr[i] = castScalar(low + (r % range), dd);
  }
  return finish(fromTyped(arr, shape, dd), opts, 'randint');
}

export function randint_like(x: Tensor, low: number, high?: number, opts: TensorOptions = {}): Tensor {
  if (high === undefined) { high = low; low = 0; }
  return randint(low, high, [...x.shape], { ...opts, dtype: dt(opts, x.dtype) });
}

/** torch.randperm(n): a random permutation of 0..n-1 (int64). */
export function randperm(n: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(n)) throw new TypeError(`randperm(): n must be an integer, got ${n}`);
  if (n < 0) throw new RangeError(`randperm(): Trying to create tensor with negative dimension ${n}: [${n}]`);
  const g = genOf(opts);
  const d = dt(opts, 'int64');
  const arr = typedArrayFor(d, n);
  for (let i = 0; i < n; i++) arr[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = g.random() % (n - i);
    const t = arr[i]; arr[i] = arr[z + i]; arr[z + i] = t;
  }
  return finish(fromTyped(arr, [n], d), opts, 'randperm');
}

/** torch.bernoulli(p): 1 with probability p (elementwise). */
export function bernoulli(p: Tensor, opts: TensorOptions = {}): Tensor {
  const vals = p._values();
  if (vals.some((v) => !(v >= 0 && v <= 1))) throw new RangeError('bernoulli(): all elements of p must be in [0, 1]');
  const g = genOf(opts);
  const arr = typedArrayFor(p.dtype, vals.length);
  // PyTorch draws one uniform per element in p's precision (24 random bits for float, 53 for double).
  const dbl = p.dtype === 'float64';
  for (let i = 0; i < vals.length; i++) arr[i] = (dbl ? g.uniformDouble() : g.uniformFloat()) < vals[i] ? 1 : 0;
  return fromTyped(arr, p.shape, p.dtype);
}

/** torch.normal(mean, std, size) with scalar mean and std. */
export function normal(mean: number, std: number, size: number[], opts: TensorOptions = {}): Tensor {
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  const shape = parseShapeArgs([size], 'normal');
  const d = dt(opts);
  const arr = typedArrayFor(d, numelOf(shape)) as Float32Array | Float64Array;
  fillNormal(arr, mean, std, genOf(opts), d === 'float64');
  return finish(fromTyped(arr, shape, d), opts, 'normal');
}

/** A flat typed array as a tensor of `shape` (no copy). Netsketch extension, used by data loaders. */
export function from_array(data: Float32Array | Float64Array | Int32Array | Uint8Array, shape: number[], dtype?: DType): Tensor {
  const d = dtype ?? (data instanceof Float64Array ? 'float64' : data instanceof Int32Array ? 'int32' : data instanceof Uint8Array ? 'uint8' : 'float32');
  if (numelOf(shape) !== data.length) throw new RangeError(`from_array: ${data.length} elements cannot have shape ${shapeStr(shape)}`);
  return fromTyped(data, shape, d);
}
