/** Netsketch's engine: `import { torch } from './core/index.ts'`. */
export { torch, autograd, Tensor } from './torch.ts';
export type { DType } from './torch.ts';
