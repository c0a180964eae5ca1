/** torch.optim: optimizers and torch.optim.lr_scheduler. */
import * as lr_scheduler from './lr_scheduler.ts';

export { Optimizer, required, type ParamGroup, type Params, type ParamGroupInput, type OptimizerStateDict, type ParamState, type Closure } from './optimizer.ts';
export { SGD, type SGDOptions } from './sgd.ts';
export { Adam, type AdamOptions } from './adam.ts';
export { AdamW } from './adamw.ts';
export { RMSprop, type RMSpropOptions } from './rmsprop.ts';
export { Adagrad, type AdagradOptions } from './adagrad.ts';
export { Adadelta, type AdadeltaOptions } from './adadelta.ts';
export { Adamax, type AdamaxOptions } from './adamax.ts';
export { NAdam, type NAdamOptions } from './nadam.ts';
export { RAdam, type RAdamOptions } from './radam.ts';
export { Rprop, type RpropOptions } from './rprop.ts';
export { ASGD, type ASGDOptions } from './asgd.ts';
export { LBFGS, type LBFGSOptions } from './lbfgs.ts';
export { lr_scheduler };
