import type { Tensor } from '../tensor/tensor.ts';
import { no_grad } from '../autograd/grad_mode.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import * as init from './init.ts';
import { embedding } from './functional/sparse.ts';
import { type FactoryOptions, factoryDtype, emptyParam } from './_factory.ts';
import { checkPositiveInt, pyFloat } from './_utils.ts';

export interface EmbeddingModuleOptions extends FactoryOptions {
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
  _weight?: Tensor | null;
}

/**
 * nn.Embedding(num_embeddings, embedding_dim, {padding_idx, max_norm, norm_type=2, scale_grad_by_freq=false}):
 * a lookup table. Input: integer tensor of any shape → output (*, embedding_dim). Init: N(0, 1), padding row 0.
 */
export class Embedding extends Module {
  declare weight: Parameter;
  num_embeddings: number;
  embedding_dim: number;
  padding_idx: number | null;
  max_norm: number | null;
  norm_type: number;
  scale_grad_by_freq: boolean;
  sparse: boolean;

  constructor(num_embeddings: number, embedding_dim: number, opts: EmbeddingModuleOptions = {}) {
    super();
    this.num_embeddings = checkPositiveInt(num_embeddings, 'Embedding', 'num_embeddings', true);
    this.embedding_dim = checkPositiveInt(embedding_dim, 'Embedding', 'embedding_dim', true);
    let pad = opts.padding_idx ?? null;
    if (pad !== null) {
      if (pad >= num_embeddings || pad < -num_embeddings) throw new RangeError(`Embedding: padding_idx must be within num_embeddings (${num_embeddings}), got ${pad}`);
      if (pad < 0) pad += num_embeddings;
    }
    this.padding_idx = pad;
    this.max_norm = opts.max_norm ?? null;
    this.norm_type = opts.norm_type ?? 2;
    this.scale_grad_by_freq = opts.scale_grad_by_freq ?? false;
    this.sparse = opts.sparse ?? false;
    if (opts._weight) {
      if (opts._weight.dim() !== 2 || opts._weight.shape[0] !== num_embeddings || opts._weight.shape[1] !== embedding_dim) {
        throw new RangeError(`Embedding: _weight must have shape [${num_embeddings}, ${embedding_dim}], got [${opts._weight.shape.join(', ')}]`);
      }
      this.weight = new Parameter(opts._weight);
    } else {
      this.weight = emptyParam([num_embeddings, embedding_dim], factoryDtype(opts, 'Embedding'));
      this.reset_parameters();
    }
  }

  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }

  private _fill_padding_idx_with_zero(): void {
    if (this.padding_idx === null) return;
    no_grad(() => {
      const row = this.weight.select(0, this.padding_idx!);
      row.fill_(0);
    });
  }

  /** nn.Embedding.from_pretrained(embeddings, {freeze=true, padding_idx, …}) */
  static from_pretrained(embeddings: Tensor, opts: Omit<EmbeddingModuleOptions, '_weight'> & { freeze?: boolean } = {}): Embedding {
    if (embeddings.dim() !== 2) throw new RangeError(`Embeddings parameter is expected to be 2-dimensional, got shape [${embeddings.shape.join(', ')}]`);
    const [rows, cols] = embeddings.shape;
    const e = new Embedding(rows, cols, { ...opts, _weight: embeddings });
    e.weight.requires_grad_(!(opts.freeze ?? true));
    return e;
  }

  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight, {
      padding_idx: this.padding_idx, max_norm: this.max_norm, norm_type: this.norm_type, scale_grad_by_freq: this.scale_grad_by_freq, sparse: this.sparse,
    });
  }

  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
}
