import type { TypedArray } from './dtype.ts';

/**
 * The flat memory behind one or more tensors (views share a Storage). `version` counts in-place writes; autograd
 * compares it with the version saved at forward time to detect in-place modification of saved tensors.
 */
export class Storage {
  version = 0;
  constructor(public data: TypedArray) {}
  get length(): number {
    return this.data.length;
  }
}
