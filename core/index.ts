/**
 * Netsketch's engine: `import { torch } from './core/index.ts'`. The namespace is shaped like PyTorch's:
 * torch.tensor, torch.nn.Conv2d, torch.nn.functional.relu, torch.optim.Adam, torch.optim.lr_scheduler.StepLR,
 * torch.save / torch.load, torch.utils.data.DataLoader.
 */
import { torch as base, autograd, Tensor } from './torch.ts';
import * as nn from './nn/index.ts';
import * as optim from './optim/index.ts';
import * as data from './data/index.ts';
import { save, load, safetensors, save_checkpoint, load_checkpoint, save_weights, save_optimizer, SerializationError } from './serialize/index.ts';

export const torch = {
  ...base,
  nn,
  optim,
  utils: { data },
  save,
  load,
  safetensors,
  save_checkpoint,
  load_checkpoint,
  save_weights,
  save_optimizer,
  SerializationError,
};

export { autograd, Tensor, nn, optim };
export const { transforms, datasets } = data;
export type { DType } from './torch.ts';
