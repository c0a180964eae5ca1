/**
 * torch.utils.data datasets: Dataset, TensorDataset, Subset, ConcatDataset and random_split. A dataset is anything
 * with `length` and `getitem(index)` (PyTorch's __len__ and __getitem__); plain arrays work too.
 */
import { Tensor } from '../tensor/tensor.ts';
import { default_generator, type Generator } from '../tensor/random.ts';
import { randperm } from '../ops/creation.ts';
import '../ops/methods.ts';

/** What DataLoader and the wrappers accept: a Dataset, any `{ length, getitem }`, or a plain array. */
export interface DatasetLike<T = any> {
  readonly length: number;
  getitem(index: number): T;
}

/**
 * Base class of map-style datasets. Subclasses define `get length()` and `getitem(index)`; `add` concatenates
 * (PyTorch's `dataset1 + dataset2`).
 */
export abstract class Dataset<T = any> implements DatasetLike<T> {
  abstract get length(): number;
  abstract getitem(index: number): T;

  /** `a.add(b)` is PyTorch's `a + b`: a ConcatDataset. */
  add(other: DatasetLike<T> | T[]): ConcatDataset<T> {
    return new ConcatDataset<T>([this, other]);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.getitem(i);
  }
}

/**
 * IterableDataset: a stream of samples (PyTorch's iterable-style dataset). Subclasses implement
 * `[Symbol.iterator]()`; DataLoader batches the stream in order (no shuffle or sampler). `add` chains datasets.
 */
export abstract class IterableDataset<T = any> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;

  add(other: Iterable<T>): ChainDataset<T> {
    return new ChainDataset<T>([this, other]);
  }
}

/** ChainDataset(datasets): iterable datasets one after another. */
export class ChainDataset<T = any> extends IterableDataset<T> {
  constructor(readonly datasets: Array<Iterable<T>>) { super(); }
  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) yield* d;
  }
}

/** True for iterable-style datasets (an iterator and no getitem). */
export function isIterableDataset(ds: unknown): ds is Iterable<unknown> {
  return !!ds && !Array.isArray(ds) && typeof (ds as any).getitem !== 'function' && typeof (ds as any)[Symbol.iterator] === 'function';
}

/** Read item `i` of a dataset-like value (Dataset, `{ length, getitem }` or array). */
export function getItem<T>(ds: DatasetLike<T> | T[], i: number): T {
  return Array.isArray(ds) ? ds[i] : ds.getitem(i);
}

/** Length of a dataset-like value, with a teaching error for values that are not datasets. */
export function datasetLength(ds: unknown, who = 'DataLoader'): number {
  if (Array.isArray(ds)) return ds.length;
  if (ds && typeof (ds as any).getitem === 'function' && typeof (ds as any).length === 'number') return (ds as any).length;
  throw new TypeError(`${who}: expected a dataset (an object with \`length\` and \`getitem(index)\`, e.g. a TensorDataset, or an array), but got ${ds === null ? 'null' : typeof ds}${ds && typeof ds === 'object' ? ` with keys ${Object.keys(ds).slice(0, 5).join(', ') || '(none)'}` : ''}.`);
}

function normIndex(i: number, n: number, who: string): number {
  if (!Number.isInteger(i)) throw new TypeError(`${who}: index must be an integer, but got ${i}.`);
  const j = i < 0 ? i + n : i;
  if (j < 0 || j >= n) throw new RangeError(`${who}: index ${i} is out of range for a dataset of length ${n}.`);
  return j;
}

/** TensorDataset(...tensors): sample i is [t[i] for each tensor]; all tensors share their first dimension. */
export class TensorDataset extends Dataset<Tensor[]> {
  tensors: Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new RangeError('TensorDataset: needs at least one tensor, e.g. new TensorDataset(x, y).');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`TensorDataset: argument ${i} must be a Tensor, but got ${typeof t}. Convert arrays with torch.tensor(...).`);
      if (t.dim() === 0) throw new RangeError(`TensorDataset: argument ${i} is a 0-dim tensor; every tensor needs a first (sample) dimension.`);
    });
    const n = tensors[0].shape[0];
    if (tensors.some((t) => t.shape[0] !== n)) {
      throw new RangeError(`TensorDataset: Size mismatch between tensors: first dimensions are ${tensors.map((t) => t.shape[0]).join(', ')}; every tensor must hold one row per sample.`);
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0].shape[0];
  }

  getitem(index: number): Tensor[] {
    const i = normIndex(index, this.length, 'TensorDataset');
    return this.tensors.map((t) => t.select(0, i));
  }
}

/** Subset(dataset, indices): the samples of `dataset` at `indices`, in that order. */
export class Subset<T = any> extends Dataset<T> {
  dataset: DatasetLike<T> | T[];
  indices: number[];

  constructor(dataset: DatasetLike<T> | T[], indices: number[] | Tensor) {
    super();
    datasetLength(dataset, 'Subset');
    this.dataset = dataset;
    this.indices = indices instanceof Tensor ? indices._values() : [...indices];
  }

  get length(): number {
    return this.indices.length;
  }

  getitem(index: number): T {
    return getItem(this.dataset, this.indices[normIndex(index, this.indices.length, 'Subset')]);
  }
}

/** ConcatDataset(datasets): the datasets one after another. */
export class ConcatDataset<T = any> extends Dataset<T> {
  datasets: Array<DatasetLike<T> | T[]>;
  cumulative_sizes: number[];

  constructor(datasets: Array<DatasetLike<T> | T[]>) {
    super();
    const list = [...datasets];
    if (list.length === 0) throw new RangeError('ConcatDataset: datasets should not be an empty iterable.');
    let total = 0;
    this.cumulative_sizes = list.map((d) => (total += datasetLength(d, 'ConcatDataset')));
    this.datasets = list;
  }

  get length(): number {
    return this.cumulative_sizes[this.cumulative_sizes.length - 1];
  }

  getitem(index: number): T {
    const i = normIndex(index, this.length, 'ConcatDataset');
    let k = 0;
    while (this.cumulative_sizes[k] <= i) k++;
    const start = k === 0 ? 0 : this.cumulative_sizes[k - 1];
    return getItem(this.datasets[k], i - start);
  }
}

/**
 * random_split(dataset, lengths, generator=default_generator): non-overlapping random Subsets. `lengths` are counts
 * summing to the dataset length, or fractions summing to 1 (floors, remainder spread round-robin), as in PyTorch.
 */
export function random_split<T>(dataset: DatasetLike<T> | T[], lengths: number[], generator: Generator = default_generator): Array<Subset<T>> {
  const n = datasetLength(dataset, 'random_split');
  let lens = [...lengths];
  const total = lens.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    lens.forEach((f, i) => { if (f < 0 || f > 1) throw new RangeError(`random_split: Fraction at index ${i} is not between 0 and 1 (got ${f}).`); });
    lens = lens.map((f) => Math.floor(n * f));
    const remainder = n - lens.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) lens[i % lens.length] += 1;
  }
  if (lens.reduce((a, b) => a + b, 0) !== n) {
    throw new RangeError(`random_split: Sum of input lengths (${lens.join(' + ')} = ${lens.reduce((a, b) => a + b, 0)}) does not equal the length of the input dataset (${n}). Pass counts summing to ${n} or fractions summing to 1.`);
  }
  const perm = randperm(n, { generator })._values();
  let offset = 0;
  return lens.map((l) => { const s = new Subset(dataset, perm.slice(offset, offset + l)); offset += l; return s; });
}
