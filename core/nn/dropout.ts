import type { Tensor } from '../tensor/tensor.ts';
import { Module, moduleClassName } from './module.ts';
import * as F from './functional/dropout.ts';
import { pyBool, pyFloat } from './_utils.ts';

abstract class _DropoutNd extends Module {
  p: number;
  inplace: boolean;

  constructor(p: number | { p?: number; inplace?: boolean } = 0.5, opts: { inplace?: boolean } = {}) {
    super();
    if (typeof p === 'object') {
      opts = p;
      p = p.p ?? 0.5;
    }
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new RangeError(`${moduleClassName(new.target)}: dropout probability has to be between 0 and 1, but got ${p}`);
    }
    this.p = p;
    this.inplace = opts.inplace ?? false;
  }

  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

/** nn.Dropout(p=0.5, {inplace=false}): in training, zero each element with probability p and scale by 1/(1−p); identity in eval(). */
export class Dropout extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
}

/** nn.Dropout1d(p=0.5): zero whole channels of (N, C, L) input. */
export class Dropout1d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}

/** nn.Dropout2d(p=0.5): zero whole channels of (N, C, H, W) input. */
export class Dropout2d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}

export class Dropout3d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}
