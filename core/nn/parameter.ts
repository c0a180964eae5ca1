import '../ops/methods.ts';
import { Tensor } from '../tensor/tensor.ts';
import { formatTensor } from '../tensor/format.ts';

/**
 * nn.Parameter(data, requires_grad=true): a Tensor that a Module registers as a parameter when assigned as an
 * attribute. It shares memory with `data` (like PyTorch, no copy) and requires grad by default.
 */
export class Parameter extends Tensor {
  constructor(data: Tensor | null = null, requires_grad = true) {
    const d = data ?? Tensor._empty([0], 'float32');
    super(d._storage, d.shape, d._strides, d._offset, d.dtype);
    this._isParameter = true;
    if (requires_grad) this.requires_grad_(true);
  }

  override toString(): string {
    return `Parameter containing:\n${formatTensor(this)}`;
  }
}

/** True for nn.Parameter instances. */
export function isParameter(x: unknown): x is Parameter {
  return x instanceof Parameter;
}
