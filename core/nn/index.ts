/**
 * torch.nn: Module and Parameter, containers, layers, nn.functional (as `functional`) and nn.init (as `init`).
 * Names, arguments, defaults, printed form and state_dict keys follow PyTorch.
 */
import * as functional from './functional/index.ts';
import * as init from './init.ts';
import * as utils from './utils.ts';

export { Module, addIndent } from './module.ts';
export type { RemovableHandle, StateDict, IncompatibleKeys, ForwardHook, ForwardPreHook, BackwardHook } from './module.ts';
export { Parameter, isParameter } from './parameter.ts';
export * from './container.ts';
export * from './linear.ts';
export * from './flatten.ts';
export * from './conv.ts';
export * from './pooling.ts';
export * from './batchnorm.ts';
export * from './normalization.ts';
export * from './instancenorm.ts';
export * from './padding.ts';
export * from './dropout.ts';
export * from './activation.ts';
export * from './sparse.ts';
export * from './upsampling.ts';
export * from './rnn.ts';
export * from './misc.ts';
export * from './transformer.ts';
export * from './loss.ts';
export { functional, init, utils };
