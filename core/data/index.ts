/**
 * torch.utils.data (Dataset, DataLoader, samplers, random_split), torchvision-style `transforms` and `datasets`.
 * Raw decoders live in ./sources (bytes in, typed arrays out).
 */
import * as transforms from './transforms/index.ts';
import * as datasets from './datasets.ts';

export { Dataset, IterableDataset, ChainDataset, TensorDataset, Subset, ConcatDataset, random_split, getItem, datasetLength, type DatasetLike } from './dataset.ts';
export { SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler, type Sampler } from './sampler.ts';
export { DataLoader, default_collate, default_convert, type DataLoaderOptions } from './dataloader.ts';
export { transforms, datasets };
