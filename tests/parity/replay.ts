/**
 * Replays a parity case (written by tests/parity/generate.py from real PyTorch) against our engine and describes
 * every difference. Used by replay.test.ts; kept apart so other suites can replay cases too.
 */
import { torch, Tensor } from '../../core/torch.ts';
import { one_hot } from '../../core/ops/composite.ts';
import { slice } from '../../core/ops/view.ts';
import type { DType } from '../../core/tensor/dtype.ts';

export interface TensorJson { dtype: string; shape: number[]; data: Array<number | string | boolean>; ops?: unknown[][]; requires_grad?: boolean }
export type ExpectJson =
  | ({ kind: 'tensor' } & TensorJson)
  | { kind: 'list'; items: ExpectJson[] }
  | { kind: 'value'; value: unknown };

export interface CaseJson {
  id: string;
  fn: string;
  form: 'function' | 'method';
  inputs: TensorJson[];
  args: unknown[];
  kwargs: Record<string, unknown>;
  seed?: number;
  expect?: ExpectJson;
  rtol?: number;
  atol?: number;
  grad_fn?: string;
  strides?: number[];
  storage_offset?: number;
  upstream?: TensorJson[];
  grads?: Array<TensorJson | null>;
  upstream2?: Array<TensorJson | null>;
  grads2?: Array<TensorJson | null>;
  error?: string;
  torch_message?: string;
}

/**
 * Where our API takes positionally what a case passes by keyword (function form, leading tensor included).
 * Keywords not listed here go into the trailing options object, as the project's convention says.
 */
export const POSITIONAL: Record<string, string[]> = {
  clamp: ['input', 'min', 'max'],
  clip: ['input', 'min', 'max'],
  softmax: ['input', 'dim'],
  log_softmax: ['input', 'dim'],
  cat: ['tensors', 'dim'],
  stack: ['tensors', 'dim'],
  'F.one_hot': ['input', 'num_classes'],
  norm: ['input', 'p', 'dim'],
  topk: ['input', 'k', 'dim'],
};

/** Functions that are not `torch.<name>` in our API. */
const PSEUDO: Record<string, (...a: any[]) => unknown> = {
  getitem: (x: Tensor, ...specs: any[]) => x.getitem(...specs),
  train_mlp: (steps: number) => {
    const x = torch.randn(64, 5);
    const y = x.select(1, 0).add(x.select(1, 1).mul(0.5)).gt(0).long();
    const w1 = torch.randn(5, 16).mul(0.3).requires_grad_();
    const b1 = torch.zeros(16, { requires_grad: true });
    const w2 = torch.randn(16, 2).mul(0.3).requires_grad_();
    const params = [w1, b1, w2];
    const losses: Tensor[] = [];
    for (let i = 0; i < steps; i++) {
      const h = x.matmul(w1).add(b1).relu();
      const loss = h.matmul(w2).log_softmax(1).gather(1, y.unsqueeze(1)).mean().neg();
      loss.backward();
      torch.no_grad(() => {
        for (const p of params) {
          p.sub_(p.grad!.mul(0.5));
          p.grad!.zero_();
        }
      });
      losses.push(loss.detach());
    }
    return torch.stack(losses);
  },
  generator_sequence: (seed: number) => {
    const g = new torch.Generator().manual_seed(seed);
    return torch.cat([torch.rand(3, { generator: g }), torch.randn(20, { generator: g }),
      torch.randint(0, 5, [4], { generator: g }).float(), torch.randperm(5, { generator: g }).float(),
      torch.normal(1, 2, [3], { generator: g })]);
  },
  setitem: (x: Tensor, specs: any[], value: any) => x.setitem_(specs, value),
  rng_sequence: () => torch.cat([torch.rand(3), torch.randn(5), torch.randint(0, 100, [4]).float(), torch.randperm(6).float(),
    torch.rand(2, { dtype: 'float64' }).float(), torch.randn(17), torch.empty(5).uniform_(-2, 3),
    torch.empty(3).normal_(1, 0.5), torch.rand(1), torch.randn(3, { dtype: 'float64' }).float(),
    torch.bernoulli(torch.full([6], 0.5)), torch.normal(0, 2, [3])]),
  repr: (x: Tensor) => String(x),
  repr_with: (x: Tensor, options: Record<string, unknown> = {}) => {
    torch.set_printoptions(options);
    try {
      return String(x);
    } finally {
      torch.set_printoptions({ profile: 'default' });
    }
  },
  slice: (x: Tensor, dim: number, start: number | null, stop: number | null, step?: number) => slice(x, dim, start, stop, step ?? 1),
  'F.one_hot': (x: Tensor, n?: number) => one_hot(x, n),
  is_contiguous: (x: Tensor) => x.is_contiguous(),
  size: (x: Tensor) => x.size(),
  stride: (x: Tensor) => x.stride(),
};

function decodeNumber(v: number | string | boolean): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v as number;
}

/** A fresh tensor holding a case's stored values (no autograd). */
export function decodeTensor(j: TensorJson): Tensor {
  const dtype = j.dtype as DType;
  const vals = j.data.map(decodeNumber);
  let arr: Float32Array | Float64Array | Int32Array | Uint8Array;
  if (dtype === 'float32') arr = Float32Array.from(vals);
  else if (dtype === 'float64' || dtype === 'int64') arr = Float64Array.from(vals);
  else if (dtype === 'int32') arr = Int32Array.from(vals);
  else if (dtype === 'bool' || dtype === 'uint8') arr = Uint8Array.from(vals);
  else throw new Error(`replay: unsupported dtype ${dtype}`);
  return torch.from_array(arr, j.shape, dtype);
}

function decodeArg(a: unknown, tensors: Tensor[]): unknown {
  if (Array.isArray(a)) return a.map((x) => decodeArg(x, tensors));
  if (a !== null && typeof a === 'object') {
    const o = a as Record<string, unknown>;
    if ('input' in o) return tensors[o.input as number];
    if ('dtype' in o) return o.dtype;
    if ('float' in o) return decodeNumber(o.float as string);
  }
  return a;
}

export interface Prepared { leaves: Tensor[]; call: () => unknown }

/** Build the inputs (leaves, then their view/cast chains) and a thunk performing the call. */
export function prepare(c: CaseJson): Prepared {
  const leaves: Tensor[] = [];
  const tensors: Tensor[] = [];
  for (const j of c.inputs) {
    const leaf = decodeTensor(j);
    if (j.requires_grad) leaf.requires_grad_(true);
    let t = leaf;
    for (const [name, ...args] of (j.ops ?? []) as Array<[string, ...unknown[]]>) {
      const f = (t as any)[name];
      if (typeof f !== 'function') throw new Error(`replay: Tensor has no method '${name}' (needed to build an input)`);
      t = f.apply(t, args);
    }
    leaves.push(leaf);
    tensors.push(t);
  }
  const args = c.args.map((a) => decodeArg(a, tensors));
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.kwargs)) kwargs[k] = decodeArg(v, tensors);
  const names = POSITIONAL[c.fn];
  const skip = c.form === 'method' ? 1 : 0;
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    const pos = names ? names.indexOf(k) : -1;
    if (pos >= skip) {
      while (args.length < pos) args.push(undefined);
      args[pos] = v;
    } else rest[k] = v;
  }
  if (Object.keys(rest).length) args.push(rest);
  const call = (): unknown => {
    if (c.seed !== undefined) torch.manual_seed(c.seed);
    if (c.form === 'method') {
      const self = args[0] as any;
      if (typeof self?.[c.fn] !== 'function') throw new Error(`replay: Tensor has no method '${c.fn}'`);
      return self[c.fn](...args.slice(1));
    }
    const f = PSEUDO[c.fn] ?? (torch as any)[c.fn];
    if (typeof f !== 'function') throw new Error(`replay: torch has no function '${c.fn}'`);
    return f(...args);
  };
  return { leaves, call };
}

/** Tensors inside a result, in PyTorch's order (max/topk give values then indices; split gives a list). */
export function flattenResult(r: unknown): Tensor[] {
  if (r instanceof Tensor) return [r];
  if (Array.isArray(r)) return r.flatMap(flattenResult);
  if (r !== null && typeof r === 'object' && 'values' in r && 'indices' in r) {
    const o = r as { values: Tensor; indices: Tensor };
    return [o.values, o.indices];
  }
  return [];
}

function close(got: number, want: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

/** null when `got` matches the stored tensor (dtype, shape, values within tolerance), else what differs. */
export function compareTensor(got: unknown, want: TensorJson, rtol: number, atol: number, what: string): string | null {
  if (!(got instanceof Tensor)) return `${what}: expected a tensor, got ${String(got)}`;
  if (got.dtype !== want.dtype) return `${what}: dtype ${got.dtype}, PyTorch gives ${want.dtype}`;
  if (got.shape.length !== want.shape.length || got.shape.some((s, i) => s !== want.shape[i])) {
    return `${what}: shape [${got.shape.join(', ')}], PyTorch gives [${want.shape.join(', ')}]`;
  }
  const vals = got._values();
  const exact = want.dtype !== 'float32' && want.dtype !== 'float64';
  for (let i = 0; i < vals.length; i++) {
    const w = decodeNumber(want.data[i]);
    const ok = exact ? vals[i] === w : close(vals[i], w, rtol, atol);
    if (!ok) return `${what}: element ${i} is ${vals[i]}, PyTorch gives ${w} (rtol ${rtol}, atol ${atol})`;
  }
  return null;
}

function comparePlain(got: unknown, want: unknown, rtol: number, atol: number, what: string): string | null {
  if (want !== null && typeof want === 'object' && !Array.isArray(want) && 'float' in (want as object)) {
    want = decodeNumber((want as { float: string }).float);
  }
  if (typeof want === 'number') {
    return typeof got === 'number' && close(got, want, rtol, atol) ? null : `${what}: got ${String(got)}, PyTorch gives ${want}`;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return `${what}: got ${JSON.stringify(got)}, PyTorch gives ${JSON.stringify(want)}`;
    for (let i = 0; i < want.length; i++) {
      const e = comparePlain(got[i], want[i], rtol, atol, `${what}[${i}]`);
      if (e) return e;
    }
    return null;
  }
  if (got !== want) return `${what}: got ${JSON.stringify(got)}, PyTorch gives ${JSON.stringify(want)}`;
  return null;
}

export function compareResult(got: unknown, want: ExpectJson, rtol: number, atol: number, what = 'result'): string | null {
  if (want.kind === 'tensor') return compareTensor(got, want, rtol, atol, what);
  if (want.kind === 'list') {
    const items = flattenResult(got);
    if (items.length !== want.items.length) return `${what}: ${items.length} tensors, PyTorch gives ${want.items.length}`;
    for (let i = 0; i < items.length; i++) {
      const e = compareResult(items[i], want.items[i], rtol, atol, `${what}[${i}]`);
      if (e) return e;
    }
    return null;
  }
  return comparePlain(got, want.value, rtol, atol, what);
}

function isAllZero(t: Tensor | null): boolean {
  return t === null || t._values().every((v) => v === 0);
}

/** Replay one case; returns the list of differences from PyTorch (empty when it matches). */
export function replay(c: CaseJson): string[] {
  const errs: string[] = [];
  const { leaves, call } = prepare(c);
  if (c.error !== undefined) {
    try {
      call();
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (!msg.includes(c.error)) errs.push(`threw "${msg}", which lacks PyTorch's phrase "${c.error}"`);
      return errs;
    }
    return [`did not throw; PyTorch raises "${c.torch_message}"`];
  }
  const rtol = c.rtol ?? 1e-6, atol = c.atol ?? 1e-7;
  const result = call();
  const e = compareResult(result, c.expect!, rtol, atol);
  if (e) errs.push(e);
  const outs = flattenResult(result);
  if (c.grad_fn && outs[0]) {
    const name = outs[0].grad_fn ? outs[0].grad_fn.name() : 'None';
    if (name !== c.grad_fn) errs.push(`grad_fn is ${name}, PyTorch's is ${c.grad_fn}`);
  }
  if (c.strides) {
    const t = outs[0];
    if (t.stride().join() !== c.strides.join() || t.storage_offset() !== c.storage_offset) {
      errs.push(`strides [${t.stride().join(', ')}] offset ${t.storage_offset()}, PyTorch's are [${c.strides.join(', ')}] offset ${c.storage_offset}`);
    }
  }
  if (!c.upstream || errs.length) return errs;
  const diff = outs.filter((o) => o.requires_grad);
  if (diff.length !== c.upstream.length) {
    errs.push(`${diff.length} outputs require grad, PyTorch has ${c.upstream.length}`);
    return errs;
  }
  const ups = c.upstream.map(decodeTensor);
  const grtol = rtol * 2, gatol = atol * 2;
  if (!c.grads2) {
    torch.autograd.backward(diff, ups);
    c.grads!.forEach((g, i) => {
      const got = leaves[i].grad;
      if (g === null) { if (got !== null) errs.push(`grad of input ${i} should be None`); return; }
      const ge = compareTensor(got, g, grtol, gatol, `grad of input ${i}`);
      if (ge) errs.push(ge);
    });
    return errs;
  }
  const wanted = leaves.filter((l) => l.requires_grad);
  const firsts = torch.autograd.grad(diff, wanted, { grad_outputs: ups, create_graph: true, allow_unused: true });
  let k = 0;
  const byLeaf = leaves.map((l) => (l.requires_grad ? firsts[k++] : null));
  c.grads!.forEach((g, i) => {
    if (g === null) return;
    const ge = compareTensor(byLeaf[i], g, grtol, gatol, `grad of input ${i}`);
    if (ge) errs.push(ge);
  });
  const outs2: Tensor[] = [], ups2: Tensor[] = [];
  c.upstream2!.forEach((u, i) => {
    // A first derivative that does not depend on the inputs (ours may know it is constant where PyTorch builds a
    // graph, e.g. relu) contributes nothing; the second-order comparison below still has to agree.
    if (u === null || !byLeaf[i] || !byLeaf[i]!.requires_grad) return;
    outs2.push(byLeaf[i]!);
    ups2.push(decodeTensor(u));
  });
  if (errs.length) return errs;
  if (outs2.length) torch.autograd.backward(outs2, ups2);
  c.grads2!.forEach((g, i) => {
    const got = leaves[i].grad;
    if (g === null) { if (!isAllZero(got)) errs.push(`second-order grad of input ${i} should be None (or zero)`); return; }
    if (got === null && g.data.every((v) => v === 0)) return;
    const ge = compareTensor(got, g, grtol * 5, gatol * 5, `second-order grad of input ${i}`);
    if (ge) errs.push(ge);
  });
  return errs;
}
