/**
 * The `torch` namespace: the engine's public surface, shaped like PyTorch's. Sub-namespaces (nn, optim,
 * utils.data, …) are attached in core/index.ts as they are built.
 */
import './ops/methods.ts';
import { Tensor, isTensor } from './tensor/tensor.ts';
import { Generator, manual_seed, default_generator } from './tensor/random.ts';
import { registerBackend, setBackend, getBackend, listBackends } from './kernels/backend.ts';
import { jsBackend } from './kernels/js/index.ts';
import * as creation from './ops/creation.ts';
import { add } from './ops/add.ts';
import { sub } from './ops/sub.ts';
import { mul } from './ops/mul.ts';
import { div } from './ops/div.ts';
import { pow } from './ops/pow.ts';
import * as U from './ops/unary.ts';
import { clamp } from './ops/clamp.ts';
import { maximum, minimum } from './ops/minmax.ts';
import * as C from './ops/compare.ts';
import { where } from './ops/where.ts';
import { flip } from './ops/flip.ts';
import { set_printoptions, get_printoptions } from './tensor/format.ts';
import { remainder, fmod } from './ops/remainder.ts';
import { atan2 } from './ops/atan2.ts';
import { cumsum } from './ops/cumsum.ts';
import { tile, roll } from './ops/shape_ops.ts';
import { sort, argsort } from './ops/sort.ts';
import { resultType, type TensorLike } from './ops/_helpers.ts';
import { sum } from './ops/sum.ts';
import { max, min, amax, amin, argmax, argmin } from './ops/max.ts';
import { mm, bmm } from './ops/mm.ts';
import * as V from './ops/view.ts';
import { cat, stack } from './ops/cat.ts';
import { gather, scatter_add, index_select, masked_select } from './ops/gather.ts';
import { topk } from './ops/topk.ts';
import * as K from './ops/composite.ts';
import { no_grad, enable_grad, is_grad_enabled, set_grad_enabled, inference_mode } from './autograd/grad_mode.ts';
import { backward, grad } from './autograd/engine.ts';
import { gradcheck, gradgradcheck } from './autograd/gradcheck.ts';
import { DTYPES, promoteTypes, parseDType, type DType } from './tensor/dtype.ts';

registerBackend(jsBackend);
setBackend('js');

const dtypes = Object.fromEntries(DTYPES.map((d) => [d, d])) as Record<DType, DType>;

export const autograd = { backward, grad, gradcheck, gradgradcheck, no_grad, enable_grad };

export const torch = {
  Tensor,
  is_tensor: isTensor,
  Generator,
  manual_seed,
  seed: () => default_generator.initial_seed(),
  default_generator,
  ...creation,
  add, sub, mul, div, pow,
  ...U,
  square: (x: Tensor) => x.square(),
  rsub: (x: Tensor, other: TensorLike, opts?: { alpha?: number }) => x.rsub(other, opts),
  clamp, clip: clamp, maximum, minimum,
  ...C,
  where,
  sum, mean: K.mean, var: K.var_, std: K.std, logsumexp: K.logsumexp, softmax: K.softmax, log_softmax: K.log_softmax, norm: K.norm, prod: K.prod,
  max, min, amax: (x: Tensor, dim?: any, o?: any) => amax(x, dim ?? null, o), amin: (x: Tensor, dim?: any, o?: any) => amin(x, dim ?? null, o), argmax, argmin,
  matmul: K.matmul, mm, bmm,
  reshape: V.reshape, permute: V.permute, transpose: V.transpose, t: V.t, squeeze: V.squeeze, unsqueeze: V.unsqueeze,
  flatten: V.flatten, unflatten: V.unflatten, narrow: V.narrow, select: V.select, clone: V.clone,
  cat, concat: cat, stack, chunk: K.chunk, split: K.split, unbind: K.unbind,
  gather, scatter_add, index_select, masked_select, topk,
  detach: (x: Tensor) => x.detach(),
  set_printoptions, get_printoptions,
  flip, cumsum, tile, roll, sort, argsort, addmm: K.addmm, dot: K.dot, remainder, fmod, atan2,
  masked_fill: (x: Tensor, mask: Tensor, value: number) => x.masked_fill(mask, value),
  numel: (x: Tensor) => x.numel(),
  is_floating_point: (x: Tensor) => x.is_floating_point(),
  get_default_dtype: (): DType => 'float32',
  /** torch.result_type(tensor1, tensor2): the dtype an arithmetic op on the two would produce. */
  result_type: (a: TensorLike, b: TensorLike): DType => resultType(a, b),
  /** torch.promote_types(type1, type2) */
  promote_types: (a: DType | string, b: DType | string): DType => promoteTypes(parseDType(a), parseDType(b)),
  no_grad, enable_grad, is_grad_enabled, set_grad_enabled, inference_mode,
  autograd,
  ...dtypes,
  float: 'float32' as DType, double: 'float64' as DType, half: 'float16' as DType, long: 'int64' as DType, int: 'int32' as DType,
  backends: { register: registerBackend, set: setBackend, get: getBackend, list: listBackends },
};

export { Tensor };
export type { DType };
