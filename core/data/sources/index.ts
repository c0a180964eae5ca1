// Data sources: bytes or text in, plain typed arrays out (no tensors). core/data wraps them in Datasets.
export { DataError, type DataErrorCode, type DataErrorDetails } from './errors.ts';
export { Rng } from './rng.ts';
export {
  decodeMnistAsset, encodeMnistAsset, mnistSplit, crc32,
  MNIST_ASSET_PATH, MNIST_CLASSES, MNIST_MEAN, MNIST_STD, MNIST_HEADER_BYTES, MNIST_MAGIC, MNIST_VERSION,
  type MnistData, type MnistSplit,
} from './mnist.ts';
export {
  makeSpirals, makeMoons, makeCircles, makeXor, makeBlobs, makeSine, makeTokens, SYNTHETIC_DATASETS, TOKENS_CLASS_SHARE,
  type TabularData, type SyntheticData, type CommonOptions, type TokenData,
} from './synthetic.ts';
export {
  parseCsv, sniffDelimiter, CSV_DEFAULT_LIMITS,
  type CsvDelimiter, type CsvLimits, type ParseCsvOptions, type CsvTable,
} from './csv.ts';
export { csvToDataset, zscore, type CsvDataset, type CsvDatasetOptions, type Normalization } from './csv-dataset.ts';
export {
  buildImageFolder, rgbaToChannels, classFromRelativePath, isImagePath, IMAGE_EXTENSIONS,
  type ImageFileEntry, type ImageFolderOptions, type ImageFolderData,
} from './image-folder.ts';
export { resizeBilinear, resizeBilinearUint8, roundHalfEven } from './resize.ts';
export { makeDigitStrings, type DigitStrings } from './digit-strings.ts';
