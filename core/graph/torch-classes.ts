// The torch.nn / torch.optim classes the compiler may construct, looked up by the class name a spec names.
import * as nn from '../nn/index.ts';
import * as optim from '../optim/index.ts';
import { CUSTOM_MODULES } from './modules.ts';
import { CompileError } from './plan.ts';

type Ctor = new (...args: any[]) => any;

const NN = nn as unknown as Record<string, unknown>;

function find(table: Record<string, unknown>, name: string, where: string): Ctor {
  const c = table[name];
  if (typeof c !== 'function') {
    throw new CompileError(`compile: ${where}.${name} is not available in this build of the engine.`);
  }
  return c as Ctor;
}

export const nnClass = (name: string, custom = false): Ctor => (custom ? find(CUSTOM_MODULES, name, 'netsketch') : find(NN, name, 'torch.nn'));
export const optimClass = (name: string): Ctor => find(optim as unknown as Record<string, unknown>, name, 'torch.optim');
export const schedulerClass = (name: string): Ctor => find(optim.lr_scheduler as unknown as Record<string, unknown>, name, 'torch.optim.lr_scheduler');
/** nn.Sequential (looked up like the rest, so a build without containers falls back to GraphModule). */
export const sequentialClass = (): Ctor | null => (typeof NN.Sequential === 'function' ? (NN.Sequential as Ctor) : null);
