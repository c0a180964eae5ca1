import type { TypedArray } from './dtype.ts';
import { trackAllocation } from './memory.ts';

/**
 * The flat memory behind one or more tensors (views share a Storage). `version` counts in-place writes; autograd
 * compares it with the version saved at forward time to detect in-place modification of saved tensors.
 * Each storage is counted against the tensor memory budget (core/tensor/memory.ts).
 */
export class Storage {
  version = 0;
  constructor(public data: TypedArray) {
    trackAllocation(this, data.byteLength);
  }
  get length(): number {
    return this.data.length;
  }
}
