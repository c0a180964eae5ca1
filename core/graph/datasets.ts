/**
 * The datasets a Dataset node can name: built-in ones (MNIST digits, synthetic 2-D sets, a noisy sine, token
 * sequences) and the
 * user's own imports (CSV, image folder). Each entry says what a sample looks like and how labels are encoded,
 * which is all validation needs; loading the numbers is the host's job (cli/data.ts, the app's worker).
 */
import type { ParamValue, Shape } from './types.ts';
import { MNIST_MEAN, MNIST_STD } from '../data/sources/mnist.ts';

export interface DatasetInfo {
  id: string;
  title: string;
  /** Shape of one sample (no batch dim): [1, 28, 28] for MNIST, [2] for spirals. */
  sampleShape(p: Record<string, ParamValue>): Shape;
  /** Number of classes; 0 for regression. */
  numClasses(p: Record<string, ParamValue>): number;
  /** (x − mean) / std applied to every feature after scaling (images are first divided by 255). */
  normalization: { scale: number; mean: number; std: number } | null;
  /** Which Dataset-node parameters matter for this dataset (besides label_format). */
  params: readonly string[];
  /** Integer-token datasets: x is int64 with every value in [0, indexBound(p)) (the vocabulary), not normalised. */
  indexBound?(p: Record<string, ParamValue>): number;
  /**
   * Sequence labels (format 'sequence'): y is int64 [N, maxLength], class c stored as c + 1, padded with 0 (CTC's
   * blank); numClasses counts the classes without the blank.
   */
  sequence?: { maxLength(p: Record<string, ParamValue>): number };
  /** Built from the bundled MNIST asset (mnist, digit_strings): hosts must hand its bytes to loadDataset. */
  usesMnistAsset?: boolean;
}

const synthetic = (id: string, title: string, classes: (p: Record<string, ParamValue>) => number, extra: string[] = []): DatasetInfo => ({
  id, title, sampleShape: () => [2], numClasses: classes, normalization: null,
  params: ['samples', 'noise', ...extra],
});

/** Longest digit string of the digit_strings dataset (its canvas is 28 × 28·DIGIT_STRING_MAX). */
export const DIGIT_STRING_MAX = 4;

export const DATASETS: Record<string, DatasetInfo> = {
  mnist: {
    id: 'mnist', title: 'MNIST handwritten digits (built in: 10,000 images, 28×28)',
    sampleShape: () => [1, 28, 28], numClasses: () => 10,
    normalization: { scale: 255, mean: MNIST_MEAN, std: MNIST_STD }, params: [], usesMnistAsset: true,
  },
  xor: synthetic('xor', 'XOR: four clusters, opposite corners share a class', () => 2),
  spirals: synthetic('spirals', 'Interleaved spirals', (p) => Number(p.classes), ['classes']),
  moons: synthetic('moons', 'Two half-moons', () => 2),
  circles: synthetic('circles', 'A circle inside a ring', () => 2),
  blobs: synthetic('blobs', 'Gaussian blobs', (p) => Number(p.classes), ['classes']),
  sine: {
    id: 'sine', title: 'Noisy sine (regression, 1 input → 1 output)',
    sampleShape: () => [1], numClasses: () => 0, normalization: null, params: ['samples', 'noise'],
  },
  digit_strings: {
    id: 'digit_strings', title: 'Digit strings: 1–4 MNIST digits side by side (28×112), labels are the digit sequences — for CTCLoss',
    sampleShape: () => [1, 28, 28 * DIGIT_STRING_MAX], numClasses: () => 10,
    normalization: { scale: 255, mean: MNIST_MEAN, std: MNIST_STD }, params: ['samples'],
    sequence: { maxLength: () => DIGIT_STRING_MAX }, usesMnistAsset: true,
  },
  tokens: {
    id: 'tokens', title: 'Token sequences (integers; the class is the topic most words lean to) — for Embedding',
    sampleShape: (p) => [Number(p.seq_len)], numClasses: (p) => Number(p.classes), normalization: null,
    params: ['samples', 'seq_len', 'vocab', 'classes'], indexBound: (p) => Number(p.vocab),
  },
  csv: {
    id: 'csv', title: 'Your CSV file (numeric features, one label column)',
    sampleShape: (p) => [Number(p.num_features)], numClasses: (p) => Number(p.num_classes),
    normalization: null, params: ['path', 'label_column', 'num_features', 'num_classes'],
  },
  image_folder: {
    id: 'image_folder', title: 'Your folder of images, one sub-folder per class',
    sampleShape: (p) => [Number(p.channels), Number(p.height), Number(p.width)], numClasses: (p) => Number(p.num_classes),
    normalization: { scale: 255, mean: 0.5, std: 0.5 }, params: ['path', 'channels', 'height', 'width', 'num_classes'],
  },
};

export const DATASET_IDS = Object.keys(DATASETS);

/**
 * Whether a graph document (parsed or not yet migrated: plain JSON) trains on data made from the built-in MNIST
 * asset, so a host knows to fetch those bytes. A Dataset node without a dataset parameter uses the default, MNIST.
 */
export function graphUsesMnistAsset(graph: unknown): boolean {
  const nodes = (graph as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return false;
  return nodes.some((n) => {
    if (!n || typeof n !== 'object' || (n as { kind?: unknown }).kind !== 'Dataset') return false;
    const id = (n as { params?: Record<string, unknown> }).params?.dataset ?? 'mnist';
    return typeof id === 'string' && Object.prototype.hasOwnProperty.call(DATASETS, id) && DATASETS[id].usesMnistAsset === true;
  });
}
