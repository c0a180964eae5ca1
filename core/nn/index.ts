/**
 * torch.nn: Module and Parameter, containers, layers, nn.functional (as `functional`) and nn.init (as `init`).
 * Names, arguments, defaults, printed form and state_dict keys follow PyTorch.
 */
import * as functional from './functional/index.ts';
import * as init from './init.ts';
import * as utils from './utils.ts';

import { Module, PY_NAME } from './module.ts';
import * as containerNs from './container.ts';
import * as linearNs from './linear.ts';
import * as flattenNs from './flatten.ts';
import * as convNs from './conv.ts';
import * as poolingNs from './pooling.ts';
import * as batchnormNs from './batchnorm.ts';
import * as normalizationNs from './normalization.ts';
import * as instancenormNs from './instancenorm.ts';
import * as paddingNs from './padding.ts';
import * as dropoutNs from './dropout.ts';
import * as activationNs from './activation.ts';
import * as sparseNs from './sparse.ts';
import * as upsamplingNs from './upsampling.ts';
import * as rnnNs from './rnn.ts';
import * as miscNs from './misc.ts';
import * as transformerNs from './transformer.ts';
import * as lossNs from './loss.ts';

export { Module, addIndent, PY_NAME, moduleClassName } from './module.ts';
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

// Record each layer's PyTorch name from its export name, so repr survives minified class names.
Object.defineProperty(Module, PY_NAME, { value: 'Module' });
for (const ns of [containerNs, linearNs, flattenNs, convNs, poolingNs, batchnormNs, normalizationNs, instancenormNs, paddingNs, dropoutNs,
  activationNs, sparseNs, upsamplingNs, rnnNs, miscNs, transformerNs, lossNs] as Array<Record<string, unknown>>) {
  for (const [name, v] of Object.entries(ns)) {
    if (typeof v === 'function' && v.prototype instanceof Module && !Object.prototype.hasOwnProperty.call(v, PY_NAME)) {
      Object.defineProperty(v, PY_NAME, { value: name });
    }
  }
}
