import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';
import { pyInts } from './_utils.ts';

/** nn.Flatten(start_dim=1, end_dim=-1): (N, *dims) → (N, ∏dims). */
export class Flatten extends Module {
  start_dim: number;
  end_dim: number;

  constructor(start_dim: number | { start_dim?: number; end_dim?: number } = 1, end_dim = -1) {
    super();
    if (typeof start_dim === 'object') {
      end_dim = start_dim.end_dim ?? -1;
      start_dim = start_dim.start_dim ?? 1;
    }
    this.start_dim = start_dim;
    this.end_dim = end_dim;
  }

  override forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }

  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

/** nn.Unflatten(dim, unflattened_size): split one dim into several, e.g. (N, 50) → (N, 2, 5, 5). */
export class Unflatten extends Module {
  dim: number;
  unflattened_size: number[];

  constructor(dim: number, unflattened_size: number[]) {
    super();
    if (!Array.isArray(unflattened_size) || unflattened_size.some((s) => !Number.isInteger(s))) {
      throw new TypeError(`Unflatten: unflattened_size must be a list of ints, got ${JSON.stringify(unflattened_size)}`);
    }
    this.dim = dim;
    this.unflattened_size = [...unflattened_size];
  }

  override forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattened_size);
  }

  override extra_repr(): string {
    return `dim=${this.dim}, unflattened_size=${pyInts(this.unflattened_size)}`;
  }
}
