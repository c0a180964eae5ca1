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

/**
 * torch.multinomial(weights, n, replacement) for a 1-D weight vector, drawing like PyTorch's CPU kernel: with
 * replacement (n > 1) a binary search of the normalised cumulative weights per uniform double; otherwise (or n = 1)
 * the top n of weight / Exp(1) draws.
 */
export function multinomialIndices(weights: number[], n: number, replacement: boolean, g: Generator): number[] {
  const k = weights.length;
  if (k === 0) throw new RangeError('multinomial: the weights must hold at least one category.');
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new RangeError('multinomial: probability tensor contains either `inf`, `nan` or element < 0.');
  const positive = weights.filter((w) => w > 0).length;
  if (positive === 0) throw new RangeError('multinomial: invalid multinomial distribution (sum of probabilities <= 0).');
  if (!replacement && n > positive) throw new RangeError(`multinomial: cannot sample n_sample (${n}) > prob_dist.size(-1) (${positive}) samples without replacement (only ${positive} weights are non-zero).`);
  if (replacement && n > 1) {
    const cum = new Float64Array(k);
    let acc = 0;
    for (let i = 0; i < k; i++) cum[i] = acc += weights[i];
    for (let i = 0; i < k; i++) cum[i] /= acc;
    cum[k - 1] = 1;
    const out: number[] = [];
    for (let j = 0; j < n; j++) {
      const u = g.uniformDouble();
      let lo = 0, hi = k;
      while (hi - lo > 0) {
        const mid = lo + ((hi - lo) >> 1);
        if (cum[mid] < u) lo = mid + 1; else hi = mid;
      }
      out.push(lo);
    }
    return out;
  }
  const keys = weights.map((w) => w / -Math.log1p(-g.uniformDouble()));
  return keys.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, n).map(([, i]) => i);
}

/** WeightedRandomSampler(weights, num_samples, replacement=True, generator=None): index i with probability ∝ weights[i]. */
export class WeightedRandomSampler implements Sampler {
  readonly weights: number[];
  constructor(weights: number[] | ArrayLike<number> | { _values(): number[] }, readonly num_samples: number, readonly replacement = true, readonly generator: Generator | null = null) {
    if (!Number.isInteger(num_samples) || num_samples <= 0) throw new RangeError(`WeightedRandomSampler: num_samples should be a positive integer value, but got num_samples=${num_samples}.`);
    this.weights = typeof (weights as any)._values === 'function' ? (weights as any)._values() : Array.from(weights as ArrayLike<number>);
  }
  get length(): number {
    return this.num_samples;
  }
  *[Symbol.iterator](): Iterator<number> {
    yield* multinomialIndices(this.weights, this.num_samples, this.replacement, this.generator ?? default_generator);
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
