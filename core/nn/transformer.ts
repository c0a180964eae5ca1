import '../ops/methods.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import type { Parameter } from './parameter.ts';
import { Linear } from './linear.ts';
import { LayerNorm } from './normalization.ts';
import { Dropout } from './dropout.ts';
import { ModuleList } from './container.ts';
import { zeros } from '../ops/creation.ts';
import * as init from './init.ts';
import { linear } from './functional/linear.ts';
import { dropout as fdropout } from './functional/dropout.ts';
import { relu, gelu } from './functional/activation.ts';
import { bmm } from '../ops/mm.ts';
import { where } from '../ops/where.ts';
import { type FactoryOptions, factoryDtype, emptyParam } from './_factory.ts';
import { checkPositiveInt, shapeStr } from './_utils.ts';

/** PyTorch's output projection class inside MultiheadAttention (a Linear; the name shows in repr). */
export class NonDynamicallyQuantizableLinear extends Linear {}

export interface MultiheadAttentionOptions extends FactoryOptions {
  dropout?: number;
  bias?: boolean;
  add_bias_kv?: boolean;
  add_zero_attn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batch_first?: boolean;
}

export interface AttentionCallOptions {
  /** (N, S): true (or −inf) marks keys to ignore. */
  key_padding_mask?: Tensor | null;
  need_weights?: boolean;
  /** (L, S) or (N·num_heads, L, S): bool (true = not allowed) or additive float mask. */
  attn_mask?: Tensor | null;
  average_attn_weights?: boolean;
}

/** A bool mask becomes an additive mask (−inf where true); float masks pass through. */
function additive(mask: Tensor, dtype: Tensor['dtype']): Tensor {
  if (mask.dtype === 'bool' || mask.dtype === 'uint8') return where(mask.to('bool'), -Infinity, 0).to(dtype);
  return mask;
}

/**
 * nn.MultiheadAttention(embed_dim, num_heads, {dropout=0, bias=true, kdim, vdim, batch_first=false}):
 * softmax(Q·Kᵀ/√head_dim + mask)·V per head, then out_proj. forward(query, key, value, {key_padding_mask,
 * need_weights=true, attn_mask, average_attn_weights=true}) returns [attn_output, attn_weights | null].
 * Parameters, their names (in_proj_weight or q/k/v_proj_weight, in_proj_bias, out_proj.*) and init follow PyTorch.
 */
export class MultiheadAttention extends Module {
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;
  embed_dim: number;
  kdim: number;
  vdim: number;
  num_heads: number;
  dropout: number;
  batch_first: boolean;
  head_dim: number;
  _qkv_same_embed_dim: boolean;

  constructor(embed_dim: number, num_heads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    this.embed_dim = checkPositiveInt(embed_dim, 'MultiheadAttention', 'embed_dim');
    this.num_heads = checkPositiveInt(num_heads, 'MultiheadAttention', 'num_heads');
    if (embed_dim % num_heads !== 0) throw new RangeError(`MultiheadAttention: embed_dim (${embed_dim}) must be divisible by num_heads (${num_heads})`);
    if (opts.add_bias_kv || opts.add_zero_attn) throw new RangeError('MultiheadAttention: add_bias_kv and add_zero_attn are not supported in Netsketch yet.');
    this.kdim = opts.kdim ?? embed_dim;
    this.vdim = opts.vdim ?? embed_dim;
    this._qkv_same_embed_dim = this.kdim === embed_dim && this.vdim === embed_dim;
    this.dropout = opts.dropout ?? 0;
    this.batch_first = opts.batch_first ?? false;
    this.head_dim = embed_dim / num_heads;
    const dt = factoryDtype(opts, 'MultiheadAttention');
    if (!this._qkv_same_embed_dim) {
      this.q_proj_weight = emptyParam([embed_dim, embed_dim], dt);
      this.k_proj_weight = emptyParam([embed_dim, this.kdim], dt);
      this.v_proj_weight = emptyParam([embed_dim, this.vdim], dt);
      this.register_parameter('in_proj_weight', null);
    } else {
      this.in_proj_weight = emptyParam([3 * embed_dim, embed_dim], dt);
      this.register_parameter('q_proj_weight', null);
      this.register_parameter('k_proj_weight', null);
      this.register_parameter('v_proj_weight', null);
    }
    if (opts.bias ?? true) this.in_proj_bias = emptyParam([3 * embed_dim], dt);
    else this.register_parameter('in_proj_bias', null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, { bias: opts.bias ?? true, dtype: dt });
    this._reset_parameters();
  }

  _reset_parameters(): void {
    if (this._qkv_same_embed_dim) init.xavier_uniform_(this.in_proj_weight!);
    else {
      init.xavier_uniform_(this.q_proj_weight!);
      init.xavier_uniform_(this.k_proj_weight!);
      init.xavier_uniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias) {
      init.constant_(this.in_proj_bias, 0);
      init.constant_(this.out_proj.bias!, 0);
    }
  }

  override forward(query: Tensor, key: Tensor, value: Tensor, opts: AttentionCallOptions = {}): [Tensor, Tensor | null] {
    const batched = query.dim() === 3;
    if (query.dim() !== 2 && query.dim() !== 3) throw new RangeError(`MultiheadAttention: query should be unbatched 2D or batched 3D tensor but received ${query.dim()}-D query tensor of shape ${shapeStr(query.shape)}`);
    if (key.dim() !== query.dim() || value.dim() !== query.dim()) throw new RangeError(`MultiheadAttention: For ${batched ? 'batched (3-D)' : 'unbatched (2-D)'} \`query\`, expected \`key\` and \`value\` to be ${query.dim()}-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`);
    let q = query, k = key, v = value;
    if (batched && this.batch_first) { q = q.transpose(0, 1); k = k.transpose(0, 1); v = v.transpose(0, 1); }
    if (!batched) { q = q.unsqueeze(1); k = k.unsqueeze(1); v = v.unsqueeze(1); }
    const [L, N, E] = q.shape;
    const S = k.shape[0];
    if (E !== this.embed_dim) throw new RangeError(`MultiheadAttention: was expecting embedding dimension of ${this.embed_dim}, but got ${E}`);
    const H = this.num_heads, hd = this.head_dim;
    const b = this.in_proj_bias ? this.in_proj_bias.chunk(3) : [null, null, null];
    const [wq, wk, wv] = this._qkv_same_embed_dim ? this.in_proj_weight!.chunk(3) : [this.q_proj_weight!, this.k_proj_weight!, this.v_proj_weight!];
    const qp = linear(q, wq, b[0]), kp = linear(k, wk, b[1]), vp = linear(v, wv, b[2]);
    const heads = (t: Tensor, len: number) => t.contiguous().view([len, N * H, hd]).transpose(0, 1);
    const qh = heads(qp, L), kh = heads(kp, S), vh = heads(vp, S);
    let mask: Tensor | null = null;
    if (opts.attn_mask) {
      const am = opts.attn_mask;
      if (am.dim() === 2) {
        if (am.shape[0] !== L || am.shape[1] !== S) throw new RangeError(`The shape of the 2D attn_mask is [${am.shape.join(', ')}], but should be (${L}, ${S}).`);
        mask = additive(am, q.dtype).unsqueeze(0);
      } else if (am.dim() === 3) {
        if (am.shape[0] !== N * H || am.shape[1] !== L || am.shape[2] !== S) throw new RangeError(`The shape of the 3D attn_mask is [${am.shape.join(', ')}], but should be (${N * H}, ${L}, ${S}).`);
        mask = additive(am, q.dtype);
      } else throw new RangeError(`attn_mask's dimension ${am.dim()} is not supported`);
    }
    if (opts.key_padding_mask) {
      let kpm = opts.key_padding_mask;
      if (!batched) kpm = kpm.unsqueeze(0);
      if (kpm.shape[0] !== N || kpm.shape[1] !== S) throw new RangeError(`expecting key_padding_mask shape of (${N}, ${S}), but got [${kpm.shape.join(', ')}]`);
      const km = additive(kpm, q.dtype).reshape([N, 1, 1, S]).expand([N, H, 1, S]).reshape([N * H, 1, S]);
      mask = mask ? mask.add(km) : km;
    }
    let scores = bmm(qh.div(Math.sqrt(hd)), kh.transpose(1, 2));
    if (mask) scores = scores.add(mask);
    let attn = scores.softmax(-1);
    if (this.dropout > 0 && this.training) attn = fdropout(attn, this.dropout, true);
    const ctx = bmm(attn, vh).transpose(0, 1).contiguous().view([L * N, E]);
    let out = linear(ctx, this.out_proj.weight, this.out_proj.bias).view([L, N, E]);
    let weights: Tensor | null = null;
    if (opts.need_weights ?? true) {
      weights = attn.view([N, H, L, S]);
      if (opts.average_attn_weights ?? true) weights = weights.sum(1).div(H);
      if (!batched) weights = weights.squeeze(0);
    }
    if (!batched) out = out.squeeze(1);
    else if (this.batch_first) out = out.transpose(0, 1);
    return [out, weights];
  }
}

export interface TransformerEncoderLayerOptions extends FactoryOptions {
  dim_feedforward?: number;
  dropout?: number;
  activation?: 'relu' | 'gelu' | ((x: Tensor) => Tensor);
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
}

/**
 * nn.TransformerEncoderLayer(d_model, nhead, {dim_feedforward=2048, dropout=0.1, activation='relu',
 * layer_norm_eps=1e-5, batch_first=false, norm_first=false}): self-attention and a feed-forward block, each with a
 * residual connection and LayerNorm (post-norm, or pre-norm with norm_first). forward(src, {src_mask,
 * src_key_padding_mask}).
 */
export class TransformerEncoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  norm_first: boolean;
  activation: (x: Tensor) => Tensor;

  constructor(d_model: number, nhead: number, opts: TransformerEncoderLayerOptions = {}) {
    super();
    const p = opts.dropout ?? 0.1;
    const ff = opts.dim_feedforward ?? 2048;
    const eps = opts.layer_norm_eps ?? 1e-5;
    const dtype = opts.dtype;
    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout: p, batch_first: opts.batch_first ?? false, dtype });
    this.linear1 = new Linear(d_model, ff, { dtype });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(ff, d_model, { dtype });
    this.norm_first = opts.norm_first ?? false;
    this.norm1 = new LayerNorm(d_model, { eps, dtype });
    this.norm2 = new LayerNorm(d_model, { eps, dtype });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    this.activation = activationFn(opts.activation ?? 'relu');
  }

  private sa(x: Tensor, mask: Tensor | null, kpm: Tensor | null): Tensor {
    return this.dropout1.call(this.self_attn.call(x, x, x, { attn_mask: mask, key_padding_mask: kpm, need_weights: false })[0]);
  }

  private ff(x: Tensor): Tensor {
    return this.dropout2.call(this.linear2.call(this.dropout.call(this.activation(this.linear1.call(x)))));
  }

  override forward(src: Tensor, opts: { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null } = {}): Tensor {
    const mask = opts.src_mask ?? null, kpm = opts.src_key_padding_mask ?? null;
    let x = src;
    if (this.norm_first) {
      x = x.add(this.sa(this.norm1.call(x), mask, kpm));
      x = x.add(this.ff(this.norm2.call(x)));
    } else {
      x = this.norm1.call(x.add(this.sa(x, mask, kpm)));
      x = this.norm2.call(x.add(this.ff(x)));
    }
    return x;
  }
}

/**
 * nn.TransformerEncoder(encoder_layer, num_layers, {norm}): num_layers deep copies of encoder_layer (identical
 * initial weights, as in PyTorch), then the optional norm. forward(src, {mask, src_key_padding_mask}).
 */
export class TransformerEncoder extends Module {
  declare layers: ModuleList;
  declare norm: Module | null;
  num_layers: number;

  constructor(encoder_layer: TransformerEncoderLayer, num_layers: number, opts: { norm?: Module | null; enable_nested_tensor?: boolean } = {}) {
    super();
    this.layers = new ModuleList(Array.from({ length: num_layers }, () => encoder_layer.deepcopy()));
    this.num_layers = num_layers;
    this.norm = opts.norm ?? null;
  }

  override forward(src: Tensor, opts: { mask?: Tensor | null; src_key_padding_mask?: Tensor | null } = {}): Tensor {
    let out = src;
    for (const layer of this.layers) out = layer.call(out, { src_mask: opts.mask ?? null, src_key_padding_mask: opts.src_key_padding_mask ?? null });
    return this.norm ? this.norm.call(out) : out;
  }
}

/**
 * nn.TransformerDecoderLayer(d_model, nhead, {dim_feedforward=2048, dropout=0.1, activation, layer_norm_eps,
 * batch_first, norm_first}): self-attention, attention over the encoder memory, and a feed-forward block.
 * forward(tgt, memory, {tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask}).
 */
export class TransformerDecoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare multihead_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  norm_first: boolean;
  activation: (x: Tensor) => Tensor;

  constructor(d_model: number, nhead: number, opts: TransformerEncoderLayerOptions = {}) {
    super();
    const p = opts.dropout ?? 0.1, ff = opts.dim_feedforward ?? 2048, eps = opts.layer_norm_eps ?? 1e-5, dtype = opts.dtype;
    const bf = opts.batch_first ?? false;
    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout: p, batch_first: bf, dtype });
    this.multihead_attn = new MultiheadAttention(d_model, nhead, { dropout: p, batch_first: bf, dtype });
    this.linear1 = new Linear(d_model, ff, { dtype });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(ff, d_model, { dtype });
    this.norm_first = opts.norm_first ?? false;
    this.norm1 = new LayerNorm(d_model, { eps, dtype });
    this.norm2 = new LayerNorm(d_model, { eps, dtype });
    this.norm3 = new LayerNorm(d_model, { eps, dtype });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    this.dropout3 = new Dropout(p);
    this.activation = activationFn(opts.activation ?? 'relu');
  }

  override forward(tgt: Tensor, memory: Tensor, opts: { tgt_mask?: Tensor | null; memory_mask?: Tensor | null; tgt_key_padding_mask?: Tensor | null; memory_key_padding_mask?: Tensor | null } = {}): Tensor {
    const sa = (x: Tensor) => this.dropout1.call(this.self_attn.call(x, x, x, { attn_mask: opts.tgt_mask ?? null, key_padding_mask: opts.tgt_key_padding_mask ?? null, need_weights: false })[0]);
    const mha = (x: Tensor) => this.dropout2.call(this.multihead_attn.call(x, memory, memory, { attn_mask: opts.memory_mask ?? null, key_padding_mask: opts.memory_key_padding_mask ?? null, need_weights: false })[0]);
    const ffb = (x: Tensor) => this.dropout3.call(this.linear2.call(this.dropout.call(this.activation(this.linear1.call(x)))));
    let x = tgt;
    if (this.norm_first) {
      x = x.add(sa(this.norm1.call(x)));
      x = x.add(mha(this.norm2.call(x)));
      x = x.add(ffb(this.norm3.call(x)));
    } else {
      x = this.norm1.call(x.add(sa(x)));
      x = this.norm2.call(x.add(mha(x)));
      x = this.norm3.call(x.add(ffb(x)));
    }
    return x;
  }
}

/** nn.TransformerDecoder(decoder_layer, num_layers, {norm}): deep copies of decoder_layer, then the optional norm. */
export class TransformerDecoder extends Module {
  declare layers: ModuleList;
  declare norm: Module | null;
  num_layers: number;

  constructor(decoder_layer: TransformerDecoderLayer, num_layers: number, opts: { norm?: Module | null } = {}) {
    super();
    this.layers = new ModuleList(Array.from({ length: num_layers }, () => decoder_layer.deepcopy()));
    this.num_layers = num_layers;
    this.norm = opts.norm ?? null;
  }

  override forward(tgt: Tensor, memory: Tensor, opts: { tgt_mask?: Tensor | null; memory_mask?: Tensor | null; tgt_key_padding_mask?: Tensor | null; memory_key_padding_mask?: Tensor | null } = {}): Tensor {
    let out = tgt;
    for (const layer of this.layers) out = layer.call(out, memory, opts);
    return this.norm ? this.norm.call(out) : out;
  }
}

export interface TransformerOptions extends TransformerEncoderLayerOptions {
  d_model?: number;
  nhead?: number;
  num_encoder_layers?: number;
  num_decoder_layers?: number;
}

/**
 * nn.Transformer({d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
 * dropout=0.1, activation='relu', layer_norm_eps=1e-5, batch_first=false, norm_first=false}): encoder and decoder
 * stacks with final LayerNorms; every parameter with more than one dimension is re-initialised xavier-uniform.
 * forward(src, tgt, {src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask,
 * memory_key_padding_mask}).
 */
export class Transformer extends Module {
  declare encoder: TransformerEncoder;
  declare decoder: TransformerDecoder;
  d_model: number;
  nhead: number;
  batch_first: boolean;

  constructor(opts: TransformerOptions = {}) {
    super();
    const d = opts.d_model ?? 512, h = opts.nhead ?? 8;
    const layerOpts: TransformerEncoderLayerOptions = {
      dim_feedforward: opts.dim_feedforward ?? 2048, dropout: opts.dropout ?? 0.1, activation: opts.activation ?? 'relu',
      layer_norm_eps: opts.layer_norm_eps ?? 1e-5, batch_first: opts.batch_first ?? false, norm_first: opts.norm_first ?? false, dtype: opts.dtype,
    };
    const eps = opts.layer_norm_eps ?? 1e-5;
    this.encoder = new TransformerEncoder(new TransformerEncoderLayer(d, h, layerOpts), opts.num_encoder_layers ?? 6, { norm: new LayerNorm(d, { eps, dtype: opts.dtype }) });
    this.decoder = new TransformerDecoder(new TransformerDecoderLayer(d, h, layerOpts), opts.num_decoder_layers ?? 6, { norm: new LayerNorm(d, { eps, dtype: opts.dtype }) });
    for (const p of this.parameters()) if (p.dim() > 1) init.xavier_uniform_(p);
    this.d_model = d;
    this.nhead = h;
    this.batch_first = opts.batch_first ?? false;
  }

  override forward(src: Tensor, tgt: Tensor, opts: { src_mask?: Tensor | null; tgt_mask?: Tensor | null; memory_mask?: Tensor | null; src_key_padding_mask?: Tensor | null; tgt_key_padding_mask?: Tensor | null; memory_key_padding_mask?: Tensor | null } = {}): Tensor {
    const memory = this.encoder.call(src, { mask: opts.src_mask ?? null, src_key_padding_mask: opts.src_key_padding_mask ?? null });
    return this.decoder.call(tgt, memory, {
      tgt_mask: opts.tgt_mask ?? null, memory_mask: opts.memory_mask ?? null,
      tgt_key_padding_mask: opts.tgt_key_padding_mask ?? null, memory_key_padding_mask: opts.memory_key_padding_mask ?? null,
    });
  }

  /** A causal mask: 0 on and below the diagonal, −inf above (float32, size sz × sz). */
  static generate_square_subsequent_mask(sz: number): Tensor {
    return triuNegInf(sz);
  }
}

function triuNegInf(sz: number): Tensor {
  const m = zeros([sz, sz]);
  for (let i = 0; i < sz; i++) for (let j = i + 1; j < sz; j++) m._storage.data[i * sz + j] = -Infinity;
  return m;
}

function activationFn(act: 'relu' | 'gelu' | ((x: Tensor) => Tensor)): (x: Tensor) => Tensor {
  if (act === 'relu') return (x) => relu(x);
  if (act === 'gelu') return (x) => gelu(x);
  if (typeof act === 'function') return act;
  throw new RangeError(`activation should be relu/gelu, not ${String(act)}`);
}
