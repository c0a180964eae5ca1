/**
 * torch.utils.data.DataLoader and default_collate. The loader is a plain (synchronous) iterable:
 * `for (const [x, y] of loader) { … }`; `loader.length` is the number of batches. Shuffling consumes the random
 * streams exactly like PyTorch (one 64-bit draw for the iterator's base seed, then the sampler), so with the same
 * seed the batches hold the same samples as in PyTorch.
 */
import { Tensor } from '../tensor/tensor.ts';
import { default_generator, type Generator } from '../tensor/random.ts';
import { tensor } from '../ops/creation.ts';
import { stack } from '../ops/cat.ts';
import { fromTyped } from '../ops/_helpers.ts';
import { typedArrayFor } from '../tensor/dtype.ts';
import { datasetLength, getItem, isIterableDataset, type DatasetLike } from './dataset.ts';
import { isRawImage } from './transforms/image.ts';
import { BatchSampler, RandomSampler, SequentialSampler, randomSeed64, type Sampler } from './sampler.ts';

const isTyped = (x: unknown): x is Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint8ClampedArray =>
  ArrayBuffer.isView(x) && !(x instanceof DataView);

function describeType(x: unknown): string {
  if (x === null) return 'null';
  if (x instanceof Tensor) return `Tensor${JSON.stringify(x.shape)}`;
  if (Array.isArray(x)) return 'array';
  return typeof x === 'object' ? (x as object).constructor?.name ?? 'object' : typeof x;
}

/**
 * default_collate(batch): tensors are stacked (a new first dimension); numbers become a tensor (int64 when all are
 * integers, float64 otherwise, as PyTorch does for Python ints and floats); booleans a bool tensor; typed arrays are
 * stacked like NumPy arrays; strings stay a list; arrays (tuples) and objects (dicts) are collated field by field.
 */
export function default_collate(batch: any[]): any {
  if (!Array.isArray(batch) || batch.length === 0) throw new TypeError('default_collate: expected a non-empty array of samples.');
  const elem = batch[0];
  if (elem instanceof Tensor) {
    batch.forEach((b, i) => {
      if (!(b instanceof Tensor)) throw new TypeError(`default_collate: sample 0 is a Tensor but sample ${i} is ${describeType(b)}; every sample must have the same structure.`);
      if (b.dim() !== elem.dim() || b.shape.some((s, k) => s !== elem.shape[k])) {
        throw new RangeError(`default_collate: stack expects each tensor to be equal size, but got ${JSON.stringify(elem.shape)} at entry 0 and ${JSON.stringify(b.shape)} at entry ${i}. Resize or crop the samples to one size (e.g. transforms.Resize / CenterCrop), or pass a collate_fn.`);
      }
    });
    if (batch.every((b: Tensor) => !b.requires_grad && b.dtype === elem.dtype && b.is_contiguous())) {
      // plain data: copy the samples side by side (what stack computes, without the op machinery)
      const n = elem.numel();
      const out = typedArrayFor(elem.dtype, n * batch.length);
      batch.forEach((b: Tensor, i: number) => out.set(b._storage.data.subarray(b._offset, b._offset + n) as any, i * n));
      return fromTyped(out, [batch.length, ...elem.shape], elem.dtype);
    }
    return stack(batch, 0);
  }
  if (typeof elem === 'number') {
    if (batch.some((b) => typeof b !== 'number')) throw new TypeError('default_collate: sample 0 is a number but other samples are not; every sample must have the same structure.');
    return tensor(batch, { dtype: batch.every((b) => Number.isInteger(b)) ? 'int64' : 'float64' });
  }
  if (typeof elem === 'bigint') return tensor(batch.map(Number), { dtype: 'int64' });
  if (typeof elem === 'boolean') return tensor(batch, { dtype: 'bool' });
  if (typeof elem === 'string') return [...batch];
  if (isTyped(elem)) {
    const dtype = elem instanceof Float64Array ? 'float64' : elem instanceof Float32Array ? 'float32' : elem instanceof Int32Array ? 'int32' : elem instanceof Int16Array ? 'int16' : elem instanceof Int8Array ? 'int8' : 'uint8';
    return default_collate(batch.map((b) => tensor(Array.from(b as ArrayLike<number>), { dtype })));
  }
  if (Array.isArray(elem)) {
    const n = elem.length;
    batch.forEach((b, i) => {
      if (!Array.isArray(b) || b.length !== n) throw new RangeError(`default_collate: each element in list of batch should be of equal size (sample 0 has ${n} fields, sample ${i} has ${Array.isArray(b) ? b.length : describeType(b)}).`);
    });
    return Array.from({ length: n }, (_, k) => default_collate(batch.map((b) => b[k])));
  }
  if (isRawImage(elem)) {
    throw new TypeError(`default_collate: batch must contain tensors, numbers, objects or arrays; found an 8-bit image (${elem.width}×${elem.height}×${elem.channels}). Add transforms.ToTensor() to the dataset's transform (e.g. new datasets.MNIST({ transform: new transforms.ToTensor() })).`);
  }
  if (elem !== null && typeof elem === 'object' && Object.getPrototypeOf(elem) === Object.prototype) {
    const out: Record<string, any> = {};
    for (const key of Object.keys(elem)) out[key] = default_collate(batch.map((b) => b[key]));
    return out;
  }
  throw new TypeError(`default_collate: batch must contain tensors, typed arrays, numbers, booleans, strings, objects or arrays; found ${describeType(elem)}. Return one of those from getitem, or pass a collate_fn.`);
}

/** default_convert: what a loader with batch_size=null does to each sample (PyTorch converts NumPy arrays; we pass through). */
export function default_convert(sample: any): any {
  return sample;
}

export interface DataLoaderOptions<T> {
  /** Samples per batch (default 1); null disables batching (samples pass through collate-free). */
  batch_size?: number | null;
  /** Reshuffle every epoch (default false). */
  shuffle?: boolean;
  sampler?: Sampler | null;
  batch_sampler?: Iterable<number[]> & { length: number } | null;
  /** Accepted for PyTorch compatibility; loading runs in the calling thread. */
  num_workers?: number;
  collate_fn?: ((batch: T[]) => any) | null;
  /** Drop the last incomplete batch (default false). */
  drop_last?: boolean;
  /** Generator for shuffling (default: torch's default generator). */
  generator?: Generator | null;
  /** Accepted for PyTorch compatibility and ignored (no worker processes, no pinned memory here). */
  pin_memory?: boolean;
  timeout?: number;
  worker_init_fn?: ((worker_id: number) => void) | null;
  prefetch_factor?: number | null;
  persistent_workers?: boolean;
  multiprocessing_context?: unknown;
}

/**
 * DataLoader(dataset, batch_size=1, shuffle=False, sampler=None, batch_sampler=None, collate_fn=None,
 * drop_last=False, generator=None): batches of collated samples.
 */
export class DataLoader<T = any, B = any> implements Iterable<B> {
  readonly dataset: DatasetLike<T> | T[] | Iterable<T>;
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Sampler;
  readonly batch_sampler: (Iterable<number[]> & { length: number }) | null;
  readonly collate_fn: (batch: T[]) => any;
  readonly generator: Generator | null;
  readonly num_workers: number;

  private readonly iterable: boolean;

  constructor(dataset: DatasetLike<T> | T[] | Iterable<T>, opts: DataLoaderOptions<T> = {}) {
    this.iterable = isIterableDataset(dataset);
    if (!this.iterable) datasetLength(dataset, 'DataLoader');
    this.dataset = dataset;
    const batchSize = opts.batch_size === undefined ? 1 : opts.batch_size;
    const shuffle = opts.shuffle ?? false;
    const dropLast = opts.drop_last ?? false;
    if (this.iterable) {
      if (shuffle) throw new RangeError('DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true. An iterable dataset yields its samples in its own order; shuffle inside it.');
      if (opts.sampler) throw new RangeError('DataLoader with IterableDataset: expected unspecified sampler option; an iterable dataset has no indices.');
      if (opts.batch_sampler) throw new RangeError('DataLoader with IterableDataset: expected unspecified batch_sampler option.');
    }
    this.generator = opts.generator ?? null;
    this.num_workers = opts.num_workers ?? 0;
    if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize <= 0)) {
      throw new RangeError(`DataLoader: batch_size should be a positive integer value, but got batch_size=${batchSize}.`);
    }
    if (opts.sampler && shuffle) throw new RangeError('DataLoader: sampler option is mutually exclusive with shuffle; shuffle inside the sampler instead (e.g. a RandomSampler).');
    if (opts.batch_sampler) {
      if (batchSize !== 1 || shuffle || opts.sampler || dropLast) {
        throw new RangeError('DataLoader: batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last.');
      }
    }
    const indexed = dataset as DatasetLike<T> | T[];
    this.sampler = opts.sampler ?? (shuffle ? new RandomSampler(indexed, { generator: this.generator }) : new SequentialSampler(indexed));
    this.batch_size = opts.batch_sampler ? null : batchSize;
    this.drop_last = dropLast;
    this.batch_sampler = opts.batch_sampler ?? (batchSize !== null ? new BatchSampler(this.sampler, batchSize, dropLast) : null);
    this.collate_fn = opts.collate_fn ?? (this.batch_sampler ? default_collate : default_convert);
  }

  /** Number of batches per epoch (PyTorch's len(loader)). */
  get length(): number {
    if (this.iterable) {
      const n = (this.dataset as any).length;
      if (typeof n !== 'number') throw new TypeError('DataLoader: this IterableDataset has no length (define a `length` getter to give the loader one).');
      if (this.batch_size === null) return n;
      return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
    }
    return this.batch_sampler ? this.batch_sampler.length : this.sampler.length;
  }

  *[Symbol.iterator](): Iterator<B> {
    // PyTorch's iterator draws a base seed (for worker processes) before sampling; we draw it too so the
    // shuffled order matches PyTorch's for the same seed.
    randomSeed64(this.generator ?? default_generator);
    if (this.iterable) {
      const collate = this.collate_fn as (s: any) => any;
      if (this.batch_size === null) {
        for (const x of this.dataset as Iterable<T>) yield collate(x);
        return;
      }
      let batch: T[] = [];
      for (const x of this.dataset as Iterable<T>) {
        batch.push(x);
        if (batch.length === this.batch_size) { yield collate(batch); batch = []; }
      }
      if (batch.length > 0 && !this.drop_last) yield collate(batch);
      return;
    }
    const ds = this.dataset as DatasetLike<T> | T[];
    if (this.batch_sampler) {
      for (const idx of this.batch_sampler) yield this.collate_fn(idx.map((i) => getItem(ds, i)));
    } else {
      for (const i of this.sampler) yield (this.collate_fn as (s: any) => any)(getItem(ds, i));
    }
  }
}
