// The torch.nn / torch.optim classes the compiler may construct, looked up by the class name a spec names.
import * as linear from '../nn/linear.ts';
import * as conv from '../nn/conv.ts';
import * as pooling from '../nn/pooling.ts';
import * as batchnorm from '../nn/batchnorm.ts';
import * as normalization from '../nn/normalization.ts';
import * as dropout from '../nn/dropout.ts';
import * as activation from '../nn/activation.ts';
import * as flatten from '../nn/flatten.ts';
import * as loss from '../nn/loss.ts';
import * as optim from '../optim/index.ts';
import { CUSTOM_MODULES } from './modules.ts';

type Ctor = new (...args: any[]) => any;

const NN: Record<string, unknown> = {
  ...linear, ...conv, ...pooling, ...batchnorm, ...normalization, ...dropout, ...activation, ...flatten, ...loss,
};

function find(table: Record<string, unknown>, name: string, where: string): Ctor {
  const c = table[name];
  if (typeof c !== 'function') {
    throw new Error(`compile: ${where}.${name} is not available in this build of the engine.`);
  }
  return c as Ctor;
}

export const nnClass = (name: string, custom = false): Ctor => (custom ? find(CUSTOM_MODULES, name, 'netsketch') : find(NN, name, 'torch.nn'));
export const optimClass = (name: string): Ctor => find(optim as unknown as Record<string, unknown>, name, 'torch.optim');
export const schedulerClass = (name: string): Ctor => find(optim.lr_scheduler as unknown as Record<string, unknown>, name, 'torch.optim.lr_scheduler');
/** nn.Sequential once the containers land; null until then (the compiler then uses a GraphModule for chains too). */
export const sequentialClass = (): Ctor | null => (typeof NN.Sequential === 'function' ? (NN.Sequential as Ctor) : null);
