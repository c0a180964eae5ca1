import { Tensor } from '../tensor/tensor.ts';
import { type DType, parseDType } from '../tensor/dtype.ts';
import { Parameter } from './parameter.ts';

/** PyTorch's factory_kwargs on layer constructors: dtype (float32 by default) and device ('cpu' only). */
export interface FactoryOptions {
  dtype?: DType | string;
  device?: string;
}

export function factoryDtype(opts: FactoryOptions, layer: string): DType {
  if (opts.device !== undefined && opts.device !== 'cpu') throw new RangeError(`${layer}: device '${opts.device}' is not available; Netsketch computes on 'cpu'.`);
  const d = opts.dtype === undefined ? 'float32' : typeof opts.dtype === 'string' ? parseDType(opts.dtype) : opts.dtype;
  if (d !== 'float32' && d !== 'float64') throw new TypeError(`${layer}: parameters must be float32 or float64, got dtype '${d}'`);
  return d;
}

/** An uninitialised (zero-filled) parameter, like torch.empty wrapped in Parameter: no random draws. */
export function emptyParam(shape: number[], dtype: DType): Parameter {
  return new Parameter(Tensor._empty(shape, dtype));
}
