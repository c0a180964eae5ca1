/**
 * Built-in datasets (torchvision.datasets' role) over the raw sources in core/data/sources: MNIST from the bundled
 * asset bytes, the synthetic 2-D teaching sets, CSV files and image folders. Core never touches the file system:
 * hosts pass bytes / decoded images in.
 */
import { Tensor } from '../tensor/tensor.ts';
import { fromTyped } from '../ops/_helpers.ts';
import '../ops/methods.ts';
import { Dataset } from './dataset.ts';
import { applyTransform, type TransformLike } from './transforms/transforms.ts';
import type { RawImage } from './transforms/image.ts';
import {
  decodeMnistAsset, mnistSplit, MNIST_CLASSES, makeSpirals, makeMoons, makeCircles, makeXor, makeBlobs, makeSine,
  csvToDataset, buildImageFolder,
  type TabularData, type CommonOptions, type CsvDatasetOptions, type ImageFileEntry, type ImageFolderOptions,
} from './sources/index.ts';

export interface TransformOptions {
  /** Applied to the sample (image or feature tensor). */
  transform?: TransformLike | null;
  /** Applied to the label. */
  target_transform?: TransformLike | null;
}

/** Base of the built-in datasets: samples are [input, target], with the optional transforms applied. */
abstract class VisionLike<I> extends Dataset<[any, any]> {
  transform: TransformLike | null;
  target_transform: TransformLike | null;

  constructor(opts: TransformOptions) {
    super();
    this.transform = opts.transform ?? null;
    this.target_transform = opts.target_transform ?? null;
  }

  protected abstract raw(index: number): [I, any];

  getitem(index: number): [any, any] {
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`${this.constructor.name}: index ${index} is out of range for a dataset of ${n} samples.`);
    const [x, y] = this.raw(i);
    return [this.transform ? applyTransform(this.transform, x) : x, this.target_transform ? applyTransform(this.target_transform, y) : y];
  }
}

let registeredMnist: Uint8Array | null = null;

/**
 * MNIST({ train=true, bytes?, transform?, target_transform? }): handwritten digits from Netsketch's bundled asset
 * (assets/datasets/mnist-10k.bin). Samples are [28×28 grayscale image, digit]; add transforms.ToTensor() to get a
 * [1, 28, 28] float tensor. Hosts either pass `bytes` or register them once with MNIST.register(bytes).
 * `data` (uint8 N×28×28) and `targets` (int64 N) hold the whole split, as in torchvision.
 */
export class MNIST extends VisionLike<RawImage> {
  static readonly classes = MNIST_CLASSES.map((d) => `${d} - ${['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][Number(d)]}`);
  readonly train: boolean;
  readonly data: Tensor;
  readonly targets: Tensor;
  readonly classes = MNIST.classes;
  private readonly images: Uint8Array;
  private readonly labels: Uint8Array;
  private readonly h: number;
  private readonly w: number;

  /** Make the asset bytes available to `new MNIST({ train })` without passing them each time. */
  static register(bytes: Uint8Array): void {
    registeredMnist = bytes;
  }

  constructor(opts: TransformOptions & { train?: boolean; bytes?: Uint8Array; root?: string; download?: boolean } = {}) {
    super(opts);
    const bytes = opts.bytes ?? registeredMnist;
    if (!bytes) {
      throw new RangeError('MNIST: no dataset bytes. The host must load assets/datasets/mnist-10k.bin and pass it as { bytes } (or call MNIST.register(bytes) once); Netsketch does not download.');
    }
    this.train = opts.train ?? true;
    const split = mnistSplit(decodeMnistAsset(bytes), this.train ? 'train' : 'test');
    this.images = split.images;
    this.labels = split.labels;
    this.h = split.height;
    this.w = split.width;
    this.data = fromTyped(split.images.slice(), [split.count, split.height, split.width], 'uint8');
    this.targets = fromTyped(Float64Array.from(split.labels), [split.count], 'int64');
  }

  get length(): number {
    return this.labels.length;
  }

  protected raw(i: number): [RawImage, number] {
    const px = this.h * this.w;
    return [{ data: this.images.slice(i * px, (i + 1) * px), width: this.w, height: this.h, channels: 1 }, this.labels[i]];
  }
}

/**
 * Rows of features with one label each (synthetic sets, CSV files). Samples are [float32 feature tensor [F], label]:
 * a class index (number → int64 when batched) for classification, a float32 tensor [1] for regression (matching a
 * model output of shape [N, 1]). `data` / `targets` hold everything.
 */
export class TabularDataset extends VisionLike<Tensor> {
  readonly data: Tensor;
  readonly targets: Tensor;
  readonly classes: string[];
  readonly task: 'classification' | 'regression';
  readonly num_features: number;

  constructor(source: TabularData & { classNames?: string[] }, opts: TransformOptions = {}) {
    super(opts);
    const n = source.labels.length;
    this.num_features = source.numFeatures;
    this.task = source.kind;
    this.data = fromTyped(source.features.slice(), [n, source.numFeatures], 'float32');
    this.targets = source.kind === 'classification'
      ? fromTyped(Float64Array.from(source.labels), [n], 'int64')
      : fromTyped(Float32Array.from(source.labels), [n, 1], 'float32');
    this.classes = source.classNames ?? [];
  }

  get length(): number {
    return this.data.shape[0];
  }

  protected raw(i: number): [Tensor, number | Tensor] {
    return [this.data.select(0, i), this.task === 'classification' ? this.targets.select(0, i).item() : this.targets.select(0, i)];
  }
}

type SynthOpts<E = object> = CommonOptions & E & TransformOptions;

/** Two interleaved spirals (or `classes` arms): 2 features, classification. */
export class Spirals extends TabularDataset {
  constructor(opts: SynthOpts<{ classes?: number; turns?: number }> = {}) { super(makeSpirals(opts), opts); }
}
/** scikit-learn's make_moons: 2 features, 2 classes. */
export class Moons extends TabularDataset {
  constructor(opts: SynthOpts = {}) { super(makeMoons(opts), opts); }
}
/** scikit-learn's make_circles: 2 features, 2 classes. */
export class Circles extends TabularDataset {
  constructor(opts: SynthOpts<{ factor?: number }> = {}) { super(makeCircles(opts), opts); }
}
/** XOR quadrants: 2 features, 2 classes. */
export class Xor extends TabularDataset {
  constructor(opts: SynthOpts = {}) { super(makeXor(opts), opts); }
}
/** Gaussian blobs (scikit-learn's make_blobs): 2 features. */
export class Blobs extends TabularDataset {
  constructor(opts: SynthOpts<{ centers?: number | [number, number][] }> = {}) { super(makeBlobs(opts), opts); }
}
/** y = sin(x) + noise: 1 feature, regression. */
export class Sine extends TabularDataset {
  constructor(opts: SynthOpts<{ range?: [number, number] }> = {}) { super(makeSine(opts), opts); }
}

/** The synthetic sets by name, as the palette lists them. */
export const SYNTHETIC = { spirals: Spirals, moons: Moons, circles: Circles, xor: Xor, blobs: Blobs, sine: Sine } as const;

/**
 * CSVDataset(text | bytes, options): one row per sample, a label column (default: the last), the other numeric columns
 * as features. Options as csvToDataset (label, header, dropColumns, task, normalize, delimiter) plus transforms.
 * `feature_names`, `label_name` and `normalization` describe the parse.
 */
export class CSVDataset extends TabularDataset {
  readonly feature_names: string[];
  readonly label_name: string;
  readonly normalization: ReturnType<typeof csvToDataset>['normalization'];
  readonly notes: string[];

  constructor(input: string | Uint8Array, opts: CsvDatasetOptions & TransformOptions = {}) {
    const parsed = csvToDataset(input, opts);
    super(parsed, opts);
    this.feature_names = parsed.featureNames;
    this.label_name = parsed.labelName;
    this.normalization = parsed.normalization;
    this.notes = parsed.notes;
  }
}

/**
 * ImageFolder(entries, { size, channels=3, transform, … }): images grouped in class folders (root/cat/1.png …),
 * decoded by the host and resized to one size. Samples are [8-bit image, class index]; `classes`, `class_to_idx`,
 * `samples` ([path, index]) and `targets` follow torchvision.
 */
export class ImageFolder extends VisionLike<RawImage> {
  readonly classes: string[];
  readonly class_to_idx: Record<string, number>;
  readonly samples: Array<[string, number]>;
  readonly targets: number[];
  readonly notes: string[];
  private readonly images: Uint8Array;
  private readonly c: 1 | 3;
  private readonly h: number;
  private readonly w: number;

  constructor(entries: ImageFileEntry[], opts: ImageFolderOptions & TransformOptions) {
    super(opts);
    const d = buildImageFolder(entries, opts);
    this.classes = d.classNames;
    this.class_to_idx = Object.fromEntries(d.classNames.map((c, i) => [c, i]));
    this.targets = Array.from(d.labels);
    this.samples = d.paths.map((p, i) => [p, this.targets[i]]);
    this.notes = d.notes;
    this.images = d.images;
    this.c = d.channels;
    this.h = d.height;
    this.w = d.width;
  }

  get length(): number {
    return this.targets.length;
  }

  protected raw(i: number): [RawImage, number] {
    const { c, h, w } = this;
    const plane = h * w;
    const base = i * c * plane;
    const data = new Uint8Array(c * plane);
    for (let k = 0; k < c; k++) for (let p = 0; p < plane; p++) data[p * c + k] = this.images[base + k * plane + p];
    return [{ data, width: w, height: h, channels: c }, this.targets[i]];
  }
}
