import type { Tensor } from '../tensor/tensor.ts';
import { Module, moduleClassName } from './module.ts';
import type { Parameter } from './parameter.ts';
import * as init from './init.ts';
import { linear } from './functional/linear.ts';
import { dropout as fdropout } from './functional/dropout.ts';
import { stack, cat } from '../ops/cat.ts';
import { zeros, ones } from '../ops/creation.ts';
import { type FactoryOptions, factoryDtype, emptyParam } from './_factory.ts';
import { checkPositiveInt, pyBool, pyFloat, shapeStr } from './_utils.ts';

type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

export interface RNNOptions extends FactoryOptions {
  num_layers?: number;
  bias?: boolean;
  batch_first?: boolean;
  dropout?: number;
  bidirectional?: boolean;
}

const GATES: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/**
 * One recurrence step. gi = x·W_ihᵀ + b_ih (precomputed for every step), h (and c) the previous state.
 * Gate order as PyTorch: LSTM (i, f, g, o), GRU (r, z, n).
 */
function step(mode: Mode, gi: Tensor, h: Tensor, c: Tensor | null, wHH: Tensor, bHH: Tensor | null): [Tensor, Tensor | null] {
  const gh = linear(h, wHH, bHH);
  if (mode === 'RNN_TANH') return [gi.add(gh).tanh(), null];
  if (mode === 'RNN_RELU') return [gi.add(gh).relu(), null];
  if (mode === 'LSTM') {
    const [i, f, g, o] = gi.add(gh).chunk(4, 1);
    const c2 = f.sigmoid().mul(c!).add(i.sigmoid().mul(g.tanh()));
    return [o.sigmoid().mul(c2.tanh()), c2];
  }
  const [ri, zi, ni] = gi.chunk(3, 1);
  const [rh, zh, nh] = gh.chunk(3, 1);
  const r = ri.add(rh).sigmoid();
  const z = zi.add(zh).sigmoid();
  const n = ni.add(r.mul(nh)).tanh();
  return [n.add(z.mul(h.sub(n))), null];
}

/**
 * Shared implementation of nn.RNN, nn.LSTM and nn.GRU (PyTorch's RNNBase): parameters weight_ih_l{k}[_reverse],
 * weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k} registered in PyTorch's order, all initialised U(−1/√hidden, 1/√hidden).
 * The recurrence is written with differentiable ops, so gradients (and gradients of gradients) come from autograd.
 */
export abstract class RNNBase extends Module {
  mode: Mode;
  input_size: number;
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  batch_first: boolean;
  dropout: number;
  bidirectional: boolean;
  proj_size = 0;

  constructor(mode: Mode, input_size: number, hidden_size: number, opts: RNNOptions) {
    super();
    const name = moduleClassName(new.target);
    this.mode = mode;
    this.input_size = checkPositiveInt(input_size, name, 'input_size', true);
    this.hidden_size = checkPositiveInt(hidden_size, name, 'hidden_size');
    this.num_layers = checkPositiveInt(opts.num_layers ?? 1, name, 'num_layers');
    this.bias = opts.bias ?? true;
    this.batch_first = opts.batch_first ?? false;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new RangeError(`${name}: dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${this.dropout}`);
    const dt = factoryDtype(opts, name);
    const G = GATES[mode] * hidden_size;
    const D = this.bidirectional ? 2 : 1;
    for (let layer = 0; layer < this.num_layers; layer++) {
      for (let dir = 0; dir < D; dir++) {
        const inSize = layer === 0 ? input_size : hidden_size * D;
        const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
        this.register_parameter(`weight_ih${sfx}`, emptyParam([G, inSize], dt));
        this.register_parameter(`weight_hh${sfx}`, emptyParam([G, hidden_size], dt));
        if (this.bias) {
          this.register_parameter(`bias_ih${sfx}`, emptyParam([G], dt));
          this.register_parameter(`bias_hh${sfx}`, emptyParam([G], dt));
        }
      }
    }
    this.reset_parameters();
  }

  reset_parameters(): void {
    const stdv = 1 / Math.sqrt(this.hidden_size);
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }

  private param(name: string): Parameter | null {
    return this._parameters.get(name) ?? null;
  }

  /**
   * Runs all layers. x: (L, N, H_in); h0/c0: (layers·D, N, H). Returns output (L, N, D·H) and final states.
   * Each layer consumes and produces a list of per-step tensors (no slicing of stacked outputs, so backward stays
   * linear in the sequence length).
   */
  protected run(x: Tensor, h0: Tensor, c0: Tensor | null): { out: Tensor; h: Tensor; c: Tensor | null } {
    const D = this.bidirectional ? 2 : 1;
    const [L, N] = x.shape;
    const hs: Tensor[] = [], cs: Tensor[] = [];
    let inputs = x.unbind(0);
    for (let layer = 0; layer < this.num_layers; layer++) {
      const dirOuts: Tensor[][] = [];
      for (let dir = 0; dir < D; dir++) {
        const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
        const wIH = this.param(`weight_ih${sfx}`)!, wHH = this.param(`weight_hh${sfx}`)!;
        const bIH = this.param(`bias_ih${sfx}`), bHH = this.param(`bias_hh${sfx}`);
        const k = layer * D + dir;
        let h = h0.select(0, k);
        let c = c0 ? c0.select(0, k) : null;
        const outs = new Array<Tensor>(L);
        for (let s = 0; s < L; s++) {
          const t = dir === 0 ? s : L - 1 - s;
          [h, c] = step(this.mode, linear(inputs[t], wIH, bIH), h, c, wHH, bHH);
          outs[t] = h;
        }
        hs.push(h);
        if (c) cs.push(c);
        dirOuts.push(outs);
      }
      let layerOuts = D === 1 ? dirOuts[0] : dirOuts[0].map((o, t) => cat([o, dirOuts[1][t]], 1));
      if (this.dropout > 0 && this.training && layer < this.num_layers - 1 && L > 0) {
        // One mask over the whole (L, N, D·H) layer output, drawn in the same order as PyTorch's dropout call.
        const mask = fdropout(ones([L, N, D * this.hidden_size], { dtype: x.dtype }), this.dropout, true);
        layerOuts = layerOuts.map((o, t) => o.mul(mask.select(0, t)));
      }
      inputs = layerOuts;
    }
    const out = L > 0 ? stack(inputs, 0) : zeros([0, N, D * this.hidden_size], { dtype: x.dtype });
    return { out, h: stack(hs, 0), c: cs.length ? stack(cs, 0) : null };
  }

  /** Validate input/hidden shapes, handle batch_first and unbatched input. */
  protected prepare(input: Tensor, hx: Tensor | null, what = 'hx'): { x: Tensor; h0: Tensor | null; batched: boolean } {
    const name = this._get_name();
    if (input.dim() !== 2 && input.dim() !== 3) throw new RangeError(`${name}: Expected input to be 2D or 3D, got ${input.dim()}D tensor of shape ${shapeStr(input.shape)}`);
    const batched = input.dim() === 3;
    let x = batched ? input : input.unsqueeze(1);
    if (batched && this.batch_first) x = x.transpose(0, 1);
    if (x.shape[2] !== this.input_size) {
      throw new RangeError(`${name}: input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${x.shape[2]}. Set input_size to ${x.shape[2]}.`);
    }
    let h0 = hx;
    if (h0) {
      if (batched && h0.dim() !== 3) throw new RangeError(`${name}: For batched 3-D input, ${what} should also be 3-D but got ${h0.dim()}-D tensor`);
      if (!batched && h0.dim() !== 2) throw new RangeError(`${name}: For unbatched 2-D input, ${what} should also be 2-D but got ${h0.dim()}-D tensor`);
      if (!batched) h0 = h0.unsqueeze(1);
      const want = [this.num_layers * (this.bidirectional ? 2 : 1), x.shape[1], this.hidden_size];
      if (h0.shape.some((s, i) => s !== want[i])) throw new RangeError(`${name}: Expected hidden size (${want.join(', ')}), got [${h0.shape.join(', ')}]`);
    }
    return { x, h0, batched };
  }

  protected zerosState(x: Tensor): Tensor {
    return zeros([this.num_layers * (this.bidirectional ? 2 : 1), x.shape[1], this.hidden_size], { dtype: x.dtype });
  }

  protected finish(out: Tensor, batched: boolean): Tensor {
    if (!batched) return out.squeeze(1);
    return this.batch_first ? out.transpose(0, 1) : out;
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    if (this.batch_first) s += `, batch_first=${pyBool(this.batch_first)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }
}

/**
 * nn.RNN(input_size, hidden_size, {num_layers=1, nonlinearity='tanh', bias=true, batch_first=false, dropout=0,
 * bidirectional=false}): h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh). forward(input, h0?) returns
 * [output, h_n]; input (L, N, H_in), or (N, L, H_in) with batch_first, or unbatched (L, H_in).
 */
export class RNN extends RNNBase {
  nonlinearity: 'tanh' | 'relu';

  constructor(input_size: number, hidden_size: number, opts: RNNOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new RangeError(`RNN: Unknown nonlinearity '${nl}'; use 'tanh' or 'relu'`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', input_size, hidden_size, opts);
    this.nonlinearity = nl;
  }

  override forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const { x, h0, batched } = this.prepare(input, hx);
    const r = this.run(x, h0 ?? this.zerosState(x), null);
    return [this.finish(r.out, batched), batched ? r.h : r.h.squeeze(1)];
  }
}

/**
 * nn.LSTM(input_size, hidden_size, {num_layers, bias, batch_first, dropout, bidirectional}): forward(input,
 * [h0, c0]?) returns [output, [h_n, c_n]]. Gates i, f, g, o as in PyTorch.
 */
export class LSTM extends RNNBase {
  constructor(input_size: number, hidden_size: number, opts: RNNOptions & { proj_size?: number } = {}) {
    if (opts.proj_size) throw new RangeError('LSTM: proj_size is not supported in Netsketch yet; leave it at 0.');
    super('LSTM', input_size, hidden_size, opts);
  }

  override forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const { x, h0, batched } = this.prepare(input, hx ? hx[0] : null, 'h_0');
    const c0 = hx ? this.prepare(input, hx[1], 'c_0').h0 : null;
    const r = this.run(x, h0 ?? this.zerosState(x), c0 ?? this.zerosState(x));
    const h = batched ? r.h : r.h.squeeze(1), c = batched ? r.c! : r.c!.squeeze(1);
    return [this.finish(r.out, batched), [h, c]];
  }
}

/** nn.GRU(input_size, hidden_size, {…}): gates r, z, n as in PyTorch. forward(input, h0?) returns [output, h_n]. */
export class GRU extends RNNBase {
  constructor(input_size: number, hidden_size: number, opts: RNNOptions = {}) {
    super('GRU', input_size, hidden_size, opts);
  }

  override forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const { x, h0, batched } = this.prepare(input, hx);
    const r = this.run(x, h0 ?? this.zerosState(x), null);
    return [this.finish(r.out, batched), batched ? r.h : r.h.squeeze(1)];
  }
}

/** Shared state of RNNCell, LSTMCell, GRUCell: weight_ih, weight_hh, bias_ih, bias_hh. */
abstract class RNNCellBase extends Module {
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;
  input_size: number;
  hidden_size: number;
  bias: boolean;

  constructor(protected readonly cellMode: Mode, input_size: number, hidden_size: number, opts: FactoryOptions & { bias?: boolean }) {
    super();
    const name = moduleClassName(new.target);
    this.input_size = checkPositiveInt(input_size, name, 'input_size', true);
    this.hidden_size = checkPositiveInt(hidden_size, name, 'hidden_size');
    this.bias = opts.bias ?? true;
    const dt = factoryDtype(opts, name);
    const G = GATES[cellMode] * hidden_size;
    this.weight_ih = emptyParam([G, input_size], dt);
    this.weight_hh = emptyParam([G, hidden_size], dt);
    if (this.bias) {
      this.bias_ih = emptyParam([G], dt);
      this.bias_hh = emptyParam([G], dt);
    } else {
      this.register_parameter('bias_ih', null);
      this.register_parameter('bias_hh', null);
    }
    const stdv = 1 / Math.sqrt(hidden_size);
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }

  protected cell(input: Tensor, h: Tensor | null, c: Tensor | null): [Tensor, Tensor | null, boolean] {
    const name = this._get_name();
    if (input.dim() !== 1 && input.dim() !== 2) throw new RangeError(`${name}: Expected input to be 1D or 2D, got ${input.dim()}D instead`);
    const batched = input.dim() === 2;
    const x = batched ? input : input.unsqueeze(0);
    if (x.shape[1] !== this.input_size) throw new RangeError(`${name}: input has inconsistent input_size: got ${x.shape[1]} expected ${this.input_size}`);
    const h0 = h ? (batched ? h : h.unsqueeze(0)) : zeros([x.shape[0], this.hidden_size], { dtype: x.dtype });
    const c0 = this.cellMode === 'LSTM' ? (c ? (batched ? c : c.unsqueeze(0)) : zeros([x.shape[0], this.hidden_size], { dtype: x.dtype })) : null;
    const [h1, c1] = step(this.cellMode, linear(x, this.weight_ih, this.bias_ih), h0, c0, this.weight_hh, this.bias_hh);
    return [h1, c1, batched];
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    if (this.cellMode === 'RNN_RELU') s += ', nonlinearity=relu';
    return s;
  }
}

/** nn.RNNCell(input_size, hidden_size, {bias=true, nonlinearity='tanh'}): forward(input, hx?) → h'. */
export class RNNCell extends RNNCellBase {
  nonlinearity: 'tanh' | 'relu';

  constructor(input_size: number, hidden_size: number, opts: FactoryOptions & { bias?: boolean; nonlinearity?: 'tanh' | 'relu' } = {}) {
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new RangeError(`RNNCell: Unknown nonlinearity: ${nl}`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', input_size, hidden_size, opts);
    this.nonlinearity = nl;
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const [h, , batched] = this.cell(input, hx, null);
    return batched ? h : h.squeeze(0);
  }
}

/** nn.LSTMCell(input_size, hidden_size, {bias}): forward(input, [h, c]?) → [h', c']. */
export class LSTMCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, opts: FactoryOptions & { bias?: boolean } = {}) {
    super('LSTM', input_size, hidden_size, opts);
  }

  override forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c, batched] = this.cell(input, hx ? hx[0] : null, hx ? hx[1] : null);
    return batched ? [h, c!] : [h.squeeze(0), c!.squeeze(0)];
  }
}

/** nn.GRUCell(input_size, hidden_size, {bias}): forward(input, hx?) → h'. */
export class GRUCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, opts: FactoryOptions & { bias?: boolean } = {}) {
    super('GRU', input_size, hidden_size, opts);
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const [h, , batched] = this.cell(input, hx, null);
    return batched ? h : h.squeeze(0);
  }
}

