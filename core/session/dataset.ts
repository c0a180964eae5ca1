/**
 * The session's data: core/graph's loadDataset (the same tensors, splits and normalisation as the CLI and the
 * generated PyTorch code), plus a deterministic validation hold-out from the training split. The host hands over
 * bytes it can read (the bundled MNIST asset, a CSV file's text, decoded images) as plain data.
 */
import type { Tensor } from '../tensor/tensor.ts';
import { DATASETS } from '../graph/datasets.ts';
import { loadDataset, type DataHost } from '../graph/dataset-load.ts';
import type { ParamValue } from '../graph/types.ts';
import { buildImageFolder } from '../data/sources/index.ts';
import type { DataBytes } from './protocol.ts';

export interface Split {
  x: Tensor;
  /** As the loss expects it: int64 class indices (N), one-hot floats (N×C) or regression targets (N×1). */
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
  notes: string[];
}

function hostFor(bytes: DataBytes): DataHost {
  return {
    mnist: bytes.mnist ? () => bytes.mnist! : undefined,
    readText: bytes.csvText !== undefined ? () => bytes.csvText! : undefined,
    imageFolder: bytes.images ? (_path, size, channels) => buildImageFolder(bytes.images!, { size, channels }) : undefined,
  };
}

export function materializeDataset(params: Record<string, ParamValue>, settings: { validation_split: number; seed: number }, bytes: DataBytes = {}): MaterializedDataset {
  const id = String(params.dataset);
  const loaded = loadDataset(params, hostFor(bytes), settings.seed);
  let train: Split = { x: loaded.xTrain, y: loaded.yTrain };
  let val: Split | null = null;
  const n = train.x.shape[0];
  // The last floor(n·split) training samples, exactly as the CLI and the generated PyTorch code hold them out (the
  // built-in and imported sets are already shuffled), so validation numbers agree everywhere.
  const nVal = Math.min(n - 1, Math.floor(n * settings.validation_split));
  if (nVal > 0) {
    val = { x: train.x.narrow(0, n - nVal, nVal), y: train.y.narrow(0, n - nVal, nVal) };
    train = { x: train.x.narrow(0, 0, n - nVal), y: train.y.narrow(0, 0, n - nVal) };
  }
  const info = DATASETS[id];
  const numClasses = loaded.numClasses;
  return {
    id,
    train,
    val,
    test: { x: loaded.xTest, y: loaded.yTest },
    sampleShape: info ? info.sampleShape(params) : train.x.shape.slice(1),
    numClasses,
    classNames: loaded.classNames,
    notes: loaded.notes,
  };
}

/**
 * Class index per sample, whatever the label encoding (indices, or one-hot rows); null for regression. Not for
 * sequence labels (CTC), whose rows are symbol sequences: the session shows those as text.
 */
export function labelIndices(y: Tensor, numClasses: number): number[] | null {
  if (numClasses === 0) return null;
  return (y.dim() === 2 ? y.argmax(1) : y)._values();
}
