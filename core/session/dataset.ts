/**
 * Turn a Dataset node's parameters into normalised tensors, split into train / validation / test. Pure: the host
 * supplies bytes it can read (the bundled MNIST asset, a CSV file's text, decoded images) through DataSource.
 */
import { Tensor } from '../tensor/tensor.ts';
import { DATASETS } from '../graph/datasets.ts';
import type { ParamValue } from '../graph/types.ts';
import {
  decodeMnistAsset, mnistSplit, SYNTHETIC_DATASETS, csvToDataset, buildImageFolder, Rng, DataError,
  type ImageFileEntry,
} from '../data/sources/index.ts';

export interface DataSource {
  /** The bundled MNIST asset bytes (assets/datasets/mnist-10k.bin). */
  mnist?(): Uint8Array | Promise<Uint8Array>;
  /** The text of a CSV file named by the Dataset node's path. */
  readText?(path: string): string | Promise<string>;
  /** The decoded images below a folder named by the Dataset node's path. */
  listImages?(path: string): ImageFileEntry[] | Promise<ImageFileEntry[]>;
}

export interface Split {
  x: Tensor;
  /** int64 class indices, or float32 regression targets. */
  y: Tensor;
}

export interface MaterializedDataset {
  id: string;
  train: Split;
  val: Split | null;
  test: Split;
  sampleShape: number[];
  numClasses: number;
  classNames: string[];
  /** Raw 8-bit images (N×C×H×W) for previews, when the dataset is made of images. */
  preview?: { images: Uint8Array; labels: ArrayLike<number>; count: number; shape: number[] };
  notes: string[];
}

function tensorFrom(data: Float32Array, shape: number[]): Tensor {
  return Tensor._fromArray(data, shape, 'float32');
}

function labelsFrom(labels: ArrayLike<number>, regression: boolean): Tensor {
  if (regression) return Tensor._fromArray(Float32Array.from(labels), [labels.length], 'float32');
  return Tensor._fromArray(Float64Array.from(labels), [labels.length], 'int64');
}

/** Scale and normalise 8-bit pixels: ((p / scale) − mean) / std, as the generated PyTorch code does. */
function normalisePixels(px: Uint8Array, norm: { scale: number; mean: number; std: number }): Float32Array {
  const out = new Float32Array(px.length);
  for (let i = 0; i < px.length; i++) out[i] = (px[i] / norm.scale - norm.mean) / norm.std;
  return out;
}

function take(x: Float32Array, y: ArrayLike<number>, idx: number[], sample: number[], regression: boolean): Split {
  const per = sample.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(idx.length * per);
  const ys: number[] = [];
  idx.forEach((i, k) => { xs.set(x.subarray(i * per, (i + 1) * per), k * per); ys.push(y[i]); });
  return { x: tensorFrom(xs, [idx.length, ...sample]), y: labelsFrom(ys, regression) };
}

/** Hold out a fraction for validation, deterministically for the seed. */
function holdOut(n: number, fraction: number, seed: number): { train: number[]; val: number[] } {
  const order = Array.from({ length: n }, (_, i) => i);
  if (!(fraction > 0)) return { train: order, val: [] };
  new Rng(seed + 7919).shuffle(order);
  const nVal = Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
  return { train: order.slice(nVal).sort((a, b) => a - b), val: order.slice(0, nVal).sort((a, b) => a - b) };
}

export async function materializeDataset(params: Record<string, ParamValue>, settings: { validation_split: number; seed: number }, source: DataSource = {}): Promise<MaterializedDataset> {
  const id = String(params.dataset);
  const info = DATASETS[id];
  if (!info) throw new DataError('bad_option', `Unknown dataset ${JSON.stringify(id)}. Choose one of: ${Object.keys(DATASETS).join(', ')}.`);
  const sample = info.sampleShape(params);
  const notes: string[] = [];
  let all: { x: Float32Array; y: ArrayLike<number>; n: number; regression: boolean; classNames: string[] };
  let test: { x: Float32Array; y: ArrayLike<number>; n: number } | null = null;
  let preview: MaterializedDataset['preview'];
  if (id === 'mnist') {
    if (!source.mnist) throw new DataError('bad_option', 'The MNIST digits are not available to this engine host (no asset reader). Run `npm run build:assets` or reinstall.');
    const data = decodeMnistAsset(await source.mnist());
    const tr = mnistSplit(data, 'train');
    const te = mnistSplit(data, 'test');
    all = { x: normalisePixels(tr.images, info.normalization!), y: tr.labels, n: tr.count, regression: false, classNames: Array.from({ length: 10 }, (_, i) => String(i)) };
    test = { x: normalisePixels(te.images, info.normalization!), y: te.labels, n: te.count };
    preview = { images: te.images, labels: te.labels, count: te.count, shape: [1, 28, 28] };
  } else if (SYNTHETIC_DATASETS[id as keyof typeof SYNTHETIC_DATASETS]) {
    const make = SYNTHETIC_DATASETS[id as keyof typeof SYNTHETIC_DATASETS] as (o: Record<string, unknown>) => { features: Float32Array; labels: ArrayLike<number>; numClasses: number; classNames: string[] };
    const opts: Record<string, unknown> = { samples: Number(params.samples ?? 400), noise: Number(params.noise ?? 0.1) };
    if (params.classes !== undefined && info.params.includes('classes')) opts.classes = Number(params.classes);
    const trainSet = make({ ...opts, seed: settings.seed });
    const testSet = make({ ...opts, samples: Math.max(4, Math.round(Number(opts.samples) / 4)), seed: settings.seed + 1 });
    all = { x: trainSet.features, y: trainSet.labels, n: trainSet.labels.length, regression: trainSet.numClasses === 0, classNames: trainSet.classNames };
    test = { x: testSet.features, y: testSet.labels, n: testSet.labels.length };
  } else if (id === 'csv') {
    if (!source.readText) throw new DataError('bad_option', 'This engine host cannot read files; open the CSV from the app or the command line.');
    const path = String(params.path);
    const csv = csvToDataset(await source.readText(path), { label: String(params.label_column), normalize: 'zscore', fileName: path });
    if (csv.numFeatures !== Number(params.num_features)) {
      throw new DataError('bad_option', `${path}: the CSV has ${csv.numFeatures} feature columns but the Dataset node says num_features = ${params.num_features}. Set num_features to ${csv.numFeatures}.`);
    }
    all = { x: csv.features, y: csv.labels, n: csv.labels.length, regression: csv.numClasses === 0, classNames: csv.classNames };
    notes.push(...csv.notes);
  } else if (id === 'image_folder') {
    if (!source.listImages) throw new DataError('bad_option', 'This engine host cannot read folders; open the image folder from the app or the command line.');
    const entries = await source.listImages(String(params.path));
    const folder = buildImageFolder(entries, { size: [Number(params.height), Number(params.width)], channels: Number(params.channels) === 3 ? 3 : 1 });
    all = { x: normalisePixels(folder.images, info.normalization!), y: folder.labels, n: folder.labels.length, regression: false, classNames: folder.classNames };
    preview = { images: folder.images, labels: folder.labels, count: folder.labels.length, shape: sample };
    notes.push(...folder.notes);
  } else {
    throw new DataError('bad_option', `Dataset ${id} cannot be loaded by this version of Netsketch.`);
  }
  const split = holdOut(all.n, settings.validation_split, settings.seed);
  const regression = all.regression;
  let testSplit: Split;
  let trainIdx = split.train;
  if (test) {
    testSplit = take(test.x, test.y, Array.from({ length: test.n }, (_, i) => i), sample, regression);
  } else {
    // Imports have no separate test set: hold out 20% of what remains, deterministically.
    const rest = holdOut(trainIdx.length, 0.2, settings.seed + 1);
    const testIdx = rest.val.map((k) => trainIdx[k]);
    trainIdx = rest.train.map((k) => trainIdx[k]);
    testSplit = take(all.x, all.y, testIdx, sample, regression);
    notes.push(`No separate test set: ${testIdx.length} samples (20%) are held out for testing.`);
  }
  return {
    id,
    train: take(all.x, all.y, trainIdx, sample, regression),
    val: split.val.length ? take(all.x, all.y, split.val, sample, regression) : null,
    test: testSplit,
    sampleShape: sample,
    numClasses: info.numClasses(params),
    classNames: all.classNames,
    preview,
    notes,
  };
}
