/** Helpers for the torch.nn parity tests: read the PyTorch-generated fixtures, build tensors, compare numbers. */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { torch, Tensor } from '../../core/index.ts';
import * as nn from '../../core/nn/index.ts';
import type { DType } from '../../core/tensor/dtype.ts';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(HERE, 'fixtures');
export const PYTHON = '/usr/bin/python3';
export const INSTALL_HINT = 'PyTorch is required to (re)generate the torch.nn fixtures: apt-get install -y python3-torch python3-numpy (it must be importable by /usr/bin/python3)';

export interface TJ { shape: number[]; dtype: string; values: Array<number | string> }

/** Non-finite values travel as 'inf', '-inf', 'nan' (JSON has no literals for them). */
export function num(v: number | string): number {
  if (typeof v === 'number') return v;
  return v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN;
}
export interface Summary { shape: number[]; sum: number; abs_sum: number; sq_sum: number; head: number[] }

export function fixture(name: string): any {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

export function fromJson(t: TJ): Tensor {
  const dtype = t.dtype as DType;
  const x = torch.zeros(t.shape, { dtype });
  const d = x._storage.data;
  t.values.forEach((v, i) => { d[i] = dtype === 'bool' ? (v ? 1 : 0) : num(v); });
  return x;
}

/** Construct nn[cls](...args, kwargs) the way the generator constructed it in Python. */
export function construct(cls: string, args: any[], kwargs: Record<string, any>): nn.Module {
  const C = (nn as any)[cls];
  if (typeof C !== 'function') throw new Error(`torch.nn.${cls} is missing`);
  return Object.keys(kwargs).length ? new C(...args, kwargs) : new C(...args);
}

function describe(t: Tensor): string {
  return `[${t.shape.join(', ')}] ${t.dtype}`;
}

/** |a − b| ≤ atol + rtol·|b| elementwise, with a scale-aware atol (gradients of sums grow with size). */
export function expectClose(actual: Tensor | null | undefined, expected: TJ, what: string, opts: { rtol?: number; atol?: number } = {}): void {
  expect(actual, `${what}: missing`).toBeTruthy();
  const a = actual!;
  expect([...a.shape], `${what}: shape`).toEqual(expected.shape);
  if (expected.dtype === 'int64' || expected.dtype === 'bool') {
    expect(a._values(), `${what}: values`).toEqual(expected.values.map((v) => Number(v)));
    return;
  }
  const vals = a._values();
  // Fixture float32 values carry 9 significant digits: round them back to the exact float32 PyTorch produced.
  const ev = expected.values.map(num).map((v) => (expected.dtype === 'float32' ? Math.fround(v) : v));
  const scale = ev.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
  const rtol = opts.rtol ?? 1e-4;
  const atol = opts.atol ?? 1e-5 * Math.max(1, scale);
  let worst = -1, worstErr = 0;
  for (let i = 0; i < vals.length; i++) {
    const e = ev[i], v = vals[i];
    if (!Number.isFinite(e)) { if (!Object.is(e, v) && !(Number.isNaN(e) && Number.isNaN(v))) { worst = i; worstErr = Infinity; } continue; }
    const err = Math.abs(v - e) - (atol + rtol * Math.abs(e));
    if (!(err <= 0) && (worst < 0 || err > worstErr || Number.isNaN(err))) { worst = i; worstErr = err; }
  }
  if (worst >= 0) {
    throw new Error(`${what}: ${describe(a)} differs from PyTorch at flat index ${worst}: got ${vals[worst]}, expected ${ev[worst]} (atol ${atol}, rtol ${rtol})`);
  }
}

export function expectSummary(actual: Tensor | null | undefined, s: Summary, what: string, rtol = 1e-4): void {
  expect(actual, `${what}: missing`).toBeTruthy();
  const a = actual!;
  expect([...a.shape], `${what}: shape`).toEqual(s.shape);
  const v = a._values();
  const sum = v.reduce((p, x) => p + x, 0);
  const abs = v.reduce((p, x) => p + Math.abs(x), 0);
  const sq = v.reduce((p, x) => p + x * x, 0);
  const close = (x: number, y: number, tol: number) => Math.abs(x - y) <= tol;
  const scale = Math.max(s.abs_sum, 1e-6);
  expect(close(sum, s.sum, rtol * scale + 1e-6), `${what}: sum ${sum} vs ${s.sum}`).toBe(true);
  expect(close(abs, s.abs_sum, rtol * scale + 1e-6), `${what}: abs sum ${abs} vs ${s.abs_sum}`).toBe(true);
  expect(close(sq, s.sq_sum, rtol * Math.max(s.sq_sum, 1e-6) + 1e-6), `${what}: sum of squares ${sq} vs ${s.sq_sum}`).toBe(true);
  const hs = s.head.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  s.head.forEach((h, i) => expect(Math.abs(v[i] - h) <= 1e-5 * Math.max(1, hs) + rtol * Math.abs(h), `${what}[${i}]: ${v[i]} vs ${h}`).toBe(true));
}

/** A state dict (Map) from fixture entries [[key, tensor-json], …]. */
export function stateFrom(entries: Array<[string, TJ]>): Map<string, Tensor> {
  return new Map(entries.map(([k, t]) => [k, fromJson(t)]));
}

/** The generator's BUILDERS (tests/nn/generate.py), constructed the same way here. */
export const BUILDERS: Record<string, () => nn.Module> = {
  SEQ: () => new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2)),
  ENC: () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0 }), 2, { norm: new nn.LayerNorm(8) }),
  DEC_LAYER: () => new nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, norm_first: true }),
  DEC: () => new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 12, dropout: 0.0 }), 2),
  TRANSFORMER: () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 2, num_decoder_layers: 1, dim_feedforward: 16, dropout: 0.0 }),
};

/** Build, load, run forward and backward for one fixture case and compare everything with PyTorch. */
export function replayCase(c: any, opts: { rtol?: number } = {}): void {
  const m = typeof c.args === 'string' ? BUILDERS[c.args]() : construct(c.cls, c.args, c.kwargs);
  expect(String(m)).toBe(c.repr);
  expect([...m.state_dict().keys()]).toEqual(c.keys);
  expect(m.named_parameters().map(([n]) => n)).toEqual(c.param_names);
  expect(m.named_buffers().map(([n]) => n)).toEqual(c.buffer_names);
  m.load_state_dict(stateFrom(c.state));
  if (c.eval) m.eval();
  const xs: Tensor[] = c.inputs.map((t: any) => {
    const x = fromJson(t);
    return x.is_floating_point() && !c.no_grad ? x.requires_grad_(true) : x;
  });
  const args: any[] = c.pack_hidden ? [xs[0], [xs[1], xs[2]]] : [...xs];
  const kw = Object.entries(c.fwd_kwargs ?? {});
  if (kw.length) args.push(Object.fromEntries(kw.map(([k, v]: [string, any]) => [k, v.tensor ? fromJson(v.tensor) : v.value])));
  torch.manual_seed(c.fwd_seed);
  const out = m.call(...args, ...c.fwd_extra);
  const flat = (o: any): Tensor[] => (Array.isArray(o) ? o.flatMap(flat) : o === null ? [] : [o]);
  const outs = flat(out);
  expect(outs.length).toBe(c.outputs.length);
  outs.forEach((o, i) => expectClose(o, c.outputs[i], `output ${i}`, opts));
  if (c.no_grad) return;
  // Same loss as the generator: ⟨out0, upstream⟩ + Σ_k (k+1)·Σ out_k for the other (floating) outputs.
  let loss = outs[0].mul(fromJson(c.grad_output)).sum();
  outs.slice(1).forEach((o, k) => { if (o.is_floating_point()) loss = loss.add(o.mul(k + 1).sum()); });
  loss.backward();
  c.grad_inputs.forEach((g: any, i: number) => { if (g) expectClose(xs[i].grad, g, `grad of input ${i}`, opts); });
  const params = new Map(m.named_parameters());
  for (const [name, g] of c.grad_params) {
    if (g) expectClose(params.get(name)!.grad, g, `grad of ${name}`, opts);
    else expect(params.get(name)!.grad).toBeNull();
  }
  const after = m.state_dict();
  for (const [k, t] of c.state_after) expectClose(after.get(k), t, `state_dict['${k}'] after forward`, opts);
}

export { torch, nn, Tensor };
