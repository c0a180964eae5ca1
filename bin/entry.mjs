// The package entry (`import { torch } from 'netsketch'`): the same torch as core/index.ts, with the fast kernels
// (WASM SIMD on a thread pool sized to the machine) switched on — no set-up call needed.
import { register } from 'tsx/esm/api';

register();
const core = await import('../core/index.ts');
const { useFastKernels } = await import('../cli/fast-kernels.ts');
await useFastKernels();

export const torch = core.torch;
export const nn = core.nn;
export const optim = core.optim;
export const Tensor = core.Tensor;
export const autograd = core.autograd;
export default core.torch;
