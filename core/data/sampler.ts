/**
 * torch.utils.data samplers: the index orders a DataLoader walks. RandomSampler draws its permutation exactly like
 * PyTorch (a fresh Generator seeded from the default one when none is given), so a seeded run shuffles identically.
 */
import { Generator, default_generator } from '../tensor/random.ts';
import { randperm, randint } from '../ops/creation.ts';
import { datasetLength, type DatasetLike } from './dataset.ts';

/** A sampler yields dataset indices; `length` is how many. */
export interface Sampler<T = number> extends Iterable<T> {
  readonly length: number;
}

/** PyTorch's `torch.empty((), dtype=torch.int64).random_(generator=g).item()`: a 63-bit seed from two draws. */
export function randomSeed64(g: Generator): bigint {
  const hi = BigInt(g.random() & 0x7fffffff);
  const lo = BigInt(g.random());
  return (hi << 32n) | lo;
}

/** SequentialSampler(data_source): 0, 1, …, n − 1. */
export class SequentialSampler implements Sampler {
  constructor(readonly data_source: DatasetLike | unknown[]) {}
  get length(): number {
    return datasetLength(this.data_source, 'SequentialSampler');
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield i;
  }
}

/** RandomSampler(data_source, replacement=False, num_samples=None, generator=None). */
export class RandomSampler implements Sampler {
  readonly replacement: boolean;
  readonly generator: Generator | null;
  private readonly _num_samples: number | null;

  constructor(readonly data_source: DatasetLike | unknown[], opts: { replacement?: boolean; num_samples?: number | null; generator?: Generator | null } = {}) {
    this.replacement = opts.replacement ?? false;
    this.generator = opts.generator ?? null;
    this._num_samples = opts.num_samples ?? null;
    if (this._num_samples !== null && (!Number.isInteger(this._num_samples) || this._num_samples <= 0)) {
      throw new RangeError(`RandomSampler: num_samples should be a positive integer value, but got num_samples=${this._num_samples}.`);
    }
  }

  get num_samples(): number {
    return this._num_samples ?? datasetLength(this.data_source, 'RandomSampler');
  }

  get length(): number {
    return this.num_samples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = datasetLength(this.data_source, 'RandomSampler');
    const g = this.generator ?? new Generator().manual_seed(randomSeed64(default_generator));
    const total = this.num_samples;
    if (this.replacement) {
      for (let k = 0; k < Math.floor(total / 32); k++) yield* randint(0, n, [32], { generator: g })._values();
      yield* randint(0, n, [total % 32], { generator: g })._values();
      return;
    }
    for (let k = 0; k < Math.floor(total / n); k++) yield* randperm(n, { generator: g })._values();
    yield* randperm(n, { generator: g })._values().slice(0, total % n);
  }
}

/** SubsetRandomSampler(indices, generator=None): the given indices in random order. */
export class SubsetRandomSampler implements Sampler {
  constructor(readonly indices: number[], readonly generator: Generator | null = null) {}
  get length(): number {
    return this.indices.length;
  }
  *[Symbol.iterator](): Iterator<number> {
    const g = this.generator ?? default_generator;
    for (const i of randperm(this.indices.length, { generator: g })._values()) yield this.indices[i];
  }
}

/** BatchSampler(sampler, batch_size, drop_last): groups indices into lists of batch_size. */
export class BatchSampler implements Sampler<number[]> {
  constructor(readonly sampler: Sampler | Iterable<number> & { length: number }, readonly batch_size: number, readonly drop_last: boolean) {
    if (!Number.isInteger(batch_size) || batch_size <= 0) throw new RangeError(`BatchSampler: batch_size should be a positive integer value, but got batch_size=${batch_size}.`);
  }
  get length(): number {
    const n = this.sampler.length;
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batch_size) { yield batch; batch = []; }
    }
    if (batch.length > 0 && !this.drop_last) yield batch;
  }
}
