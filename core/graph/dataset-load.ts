/**
 * Dataset node parameters → tensors for training: train/test splits, normalised exactly as the generated PyTorch
 * code normalises them. The host supplies file contents (MNIST asset bytes, CSV text, decoded image folders);
 * nothing here touches the file system.
 */
import type { Tensor } from '../tensor/tensor.ts';
import { from_array } from '../ops/creation.ts';
import type { ParamValue } from './types.ts';
import { DATASETS } from './datasets.ts';
import {
  decodeMnistAsset, mnistSplit, makeXor, makeSpirals, makeMoons, makeCircles, makeBlobs, makeSine, makeTokens, makeDigitStrings, csvToDataset,
  Rng, type TabularData, type ImageFolderData,
} from '../data/sources/index.ts';

export interface DataHost {
  /** Bytes of assets/datasets/mnist-10k.bin. */
  mnist?(): Uint8Array;
  /** Contents of a CSV file named by the Dataset node's path. */
  readText?(path: string): string | Uint8Array;
  /** A decoded, resized image folder. */
  imageFolder?(path: string, size: [number, number], channels: 1 | 3): ImageFolderData;
}

export interface LoadedData {
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  numClasses: number;
  /** Class index → name ('0'…'9' for digits, the label text of a CSV, the folder names of an image folder). */
  classNames: string[];
  /** Human-readable notes (e.g. CSV class mapping). */
  notes: string[];
}

/** Thrown when the data named by a Dataset node cannot be loaded. */
export class DatasetLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetLoadError';
  }
}

function labelsTensor(labels: ArrayLike<number>, from: number, to: number, format: string, numClasses: number): Tensor {
  const n = to - from;
  if (format === 'regression') {
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = labels[from + i];
    return from_array(y, [n, 1]);
  }
  if (format === 'one_hot') {
    const y = new Float32Array(n * numClasses);
    for (let i = 0; i < n; i++) y[i * numClasses + labels[from + i]] = 1;
    return from_array(y, [n, numClasses]);
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = labels[from + i];
  return from_array(y, [n], 'int64');
}

function splitTabular(d: TabularData & { classNames?: string[] }, format: string, sample: number[], notes: string[]): LoadedData {
  const n = d.labels.length;
  const cut = Math.floor(n * 0.8);
  const f = d.numFeatures;
  return {
    xTrain: from_array(d.features.slice(0, cut * f), [cut, ...sample]),
    yTrain: labelsTensor(d.labels, 0, cut, format, d.numClasses),
    xTest: from_array(d.features.slice(cut * f), [n - cut, ...sample]),
    yTest: labelsTensor(d.labels, cut, n, format, d.numClasses),
    numClasses: d.numClasses,
    classNames: d.classNames && d.classNames.length === d.numClasses ? d.classNames : Array.from({ length: d.numClasses }, (_, i) => String(i)),
    notes,
  };
}

/**
 * The row order of imported data (CSV rows, image-folder files): a Fisher–Yates shuffle with the data PRNG seeded by
 * the training seed, so a file sorted by class still mixes the classes across the train, validation and test
 * splits. The generated Python replays it (_shuffled_order in codegen-data.ts).
 */
export function shuffledOrder(n: number, seed: number): Int32Array {
  return new Rng(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i)) as Int32Array;
}

/** Rows of a tabular set in `order`. */
function reorderTabular<T extends TabularData>(d: T, order: Int32Array): T {
  const f = d.numFeatures;
  const features = new Float32Array(d.features.length);
  const labels = new Float32Array(order.length);
  order.forEach((src, dst) => {
    features.set(d.features.subarray(src * f, (src + 1) * f), dst * f);
    labels[dst] = d.labels[src];
  });
  return { ...d, features, labels };
}

function images(bytes: Uint8Array, n: number, shape: number[], norm: { scale: number; mean: number; std: number }): Tensor {
  const x = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) x[i] = (bytes[i] / norm.scale - norm.mean) / norm.std;
  return from_array(x, [n, ...shape]);
}

/** Loads the data a Dataset node names (params already filled with defaults). `seed` seeds the synthetic sets. */
export function loadDataset(p: Record<string, ParamValue>, host: DataHost, seed: number): LoadedData {
  const id = String(p.dataset);
  const info = DATASETS[id];
  if (!info) throw new DatasetLoadError(`Unknown dataset "${id}". Known: ${Object.keys(DATASETS).join(', ')}.`);
  const format = info.numClasses(p) === 0 ? 'regression' : String(p.label_format);
  const sample = info.sampleShape(p);
  const common = { samples: Number(p.samples), noise: Number(p.noise), seed };
  switch (id) {
    case 'mnist': {
      if (!host.mnist) throw new DatasetLoadError('The built-in MNIST digits are not available in this host.');
      const data = decodeMnistAsset(host.mnist());
      const tr = mnistSplit(data, 'train');
      const te = mnistSplit(data, 'test');
      return {
        xTrain: images(tr.images, tr.count, sample, info.normalization!),
        yTrain: labelsTensor(tr.labels, 0, tr.count, format, 10),
        xTest: images(te.images, te.count, sample, info.normalization!),
        yTest: labelsTensor(te.labels, 0, te.count, format, 10),
        numClasses: 10,
        classNames: Array.from({ length: 10 }, (_, i) => String(i)),
        notes: [],
      };
    }
    case 'digit_strings': {
      if (!host.mnist) throw new DatasetLoadError('The built-in MNIST digits (needed for digit strings) are not available in this host.');
      const d = makeDigitStrings(decodeMnistAsset(host.mnist()), { samples: Number(p.samples), maxDigits: info.sequence!.maxLength(p), seed });
      const px = d.height * d.width;
      const S = d.maxDigits;
      const seqs = (from: number, to: number) => from_array(Float64Array.from(d.labels.subarray(from * S, to * S)), [to - from, S], 'int64');
      const cut = d.trainCount;
      return {
        xTrain: images(d.images.subarray(0, cut * px), cut, sample, info.normalization!), yTrain: seqs(0, cut),
        xTest: images(d.images.subarray(cut * px), d.count - cut, sample, info.normalization!), yTest: seqs(cut, d.count),
        numClasses: 10, classNames: Array.from({ length: 10 }, (_, i) => String(i)),
        notes: ['Labels are digit sequences: digit d is stored as d + 1, and 0 pads (the CTC blank).'],
      };
    }
    case 'xor': return splitTabular(makeXor(common), format, sample, []);
    case 'moons': return splitTabular(makeMoons(common), format, sample, []);
    case 'circles': return splitTabular(makeCircles(common), format, sample, []);
    case 'spirals': return splitTabular(makeSpirals({ ...common, classes: Number(p.classes) }), format, sample, []);
    case 'blobs': return splitTabular(makeBlobs({ ...common, centers: Number(p.classes) }), format, sample, []);
    case 'sine': return splitTabular(makeSine(common), format, sample, []);
    case 'tokens': {
      const k = Number(p.classes);
      const d = makeTokens({ samples: Number(p.samples), seqLen: Number(p.seq_len), vocab: Number(p.vocab), classes: k, seed });
      const n = d.labels.length;
      const cut = Math.floor(n * 0.8);
      const L = d.seqLen;
      const ints = (from: number, to: number) => from_array(Float64Array.from(d.tokens.subarray(from * L, to * L)), [to - from, L], 'int64');
      return {
        xTrain: ints(0, cut), yTrain: labelsTensor(d.labels, 0, cut, format, k),
        xTest: ints(cut, n), yTest: labelsTensor(d.labels, cut, n, format, k),
        numClasses: k, classNames: Array.from({ length: k }, (_, c) => `topic ${c}`), notes: [],
      };
    }
    case 'csv': {
      if (!host.readText) throw new DatasetLoadError('This host cannot read CSV files.');
      const path = String(p.path);
      const d = csvToDataset(host.readText(path), {
        fileName: path, label: String(p.label_column), normalize: 'zscore',
        task: Number(p.num_classes) === 0 ? 'regression' : 'classification',
      });
      if (d.numFeatures !== Number(p.num_features)) {
        throw new DatasetLoadError(`${path} has ${d.numFeatures} feature columns but the Dataset node says num_features = ${p.num_features}. Set num_features to ${d.numFeatures}.`);
      }
      if (d.numClasses !== Number(p.num_classes)) {
        throw new DatasetLoadError(`${path} has ${d.numClasses} classes in column '${d.labelName}' but the Dataset node says num_classes = ${p.num_classes}. Set num_classes to ${d.numClasses}.`);
      }
      return splitTabular(reorderTabular(d, shuffledOrder(d.labels.length, seed)), format, sample, d.notes);
    }
    case 'image_folder': {
      if (!host.imageFolder) throw new DatasetLoadError('This host cannot read image folders.');
      const [c, h, w] = sample;
      const d = host.imageFolder(String(p.path), [h, w], c as 1 | 3);
      if (d.classNames.length !== Number(p.num_classes)) {
        throw new DatasetLoadError(`${p.path} has ${d.classNames.length} class folders but the Dataset node says num_classes = ${p.num_classes}. Set num_classes to ${d.classNames.length}.`);
      }
      // Folders are read class by class: shuffle so the 80/20 split mixes classes.
      const order = shuffledOrder(d.count, seed);
      const px = c * h * w;
      const bytes = new Uint8Array(d.images.length);
      const labels = new Int32Array(d.count);
      order.forEach((src, dst) => { bytes.set(d.images.subarray(src * px, (src + 1) * px), dst * px); labels[dst] = d.labels[src]; });
      const cut = Math.floor(d.count * 0.8);
      return {
        xTrain: images(bytes.subarray(0, cut * px), cut, sample, info.normalization!),
        yTrain: labelsTensor(labels, 0, cut, format, d.classNames.length),
        xTest: images(bytes.subarray(cut * px), d.count - cut, sample, info.normalization!),
        yTest: labelsTensor(labels, cut, d.count, format, d.classNames.length),
        numClasses: d.classNames.length,
        classNames: d.classNames,
        notes: d.notes,
      };
    }
    default:
      throw new DatasetLoadError(`Dataset "${id}" cannot be loaded by this host.`);
  }
}
