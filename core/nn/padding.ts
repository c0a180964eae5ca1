import type { Tensor } from '../tensor/tensor.ts';
import { Module, moduleClassName } from './module.ts';
import { pad, type PadMode } from '../ops/pad.ts';
import { ntuple, pyFloat, pyInts, shapeStr, type IntOrTuple } from './_utils.ts';

/** Shared body of the padding layers: F.pad over the last n dims (padding lists (left, right) from the last dim). */
abstract class _PadNd extends Module {
  padding: number[];

  constructor(private readonly nsp: number, padding: IntOrTuple, private readonly padMode: PadMode, private readonly padValue = 0) {
    super();
    this.padding = ntuple(padding, 2 * nsp, moduleClassName(new.target), 'padding');
  }

  override forward(input: Tensor): Tensor {
    const ok = [this.nsp + 1, this.nsp + 2];
    if (this.padMode !== 'constant' && !ok.includes(input.dim())) {
      throw new RangeError(`${this._get_name()} expects ${ok[0]}D (unbatched) or ${ok[1]}D (batched) input, got ${input.dim()}D input of shape ${shapeStr(input.shape)}`);
    }
    return pad(input, this.padding, this.padMode, this.padValue);
  }

  override extra_repr(): string {
    return pyInts(this.padding);
  }
}

abstract class _ConstantPadNd extends _PadNd {
  value: number;

  constructor(nsp: number, padding: IntOrTuple, valueArg: number | { value: number }) {
    const value = typeof valueArg === 'object' ? valueArg.value : valueArg;
    super(nsp, padding, 'constant', value);
    this.value = value;
  }

  override extra_repr(): string {
    return `padding=${pyInts(this.padding)}, value=${pyFloat(this.value)}`;
  }
}

/** nn.ConstantPad1d(padding, value): pad the last dim with a constant. */
export class ConstantPad1d extends _ConstantPadNd {
  constructor(padding: IntOrTuple, value: number | { value: number }) { super(1, padding, value); }
}

/** nn.ConstantPad2d(padding, value): padding (left, right, top, bottom) or one int. */
export class ConstantPad2d extends _ConstantPadNd {
  constructor(padding: IntOrTuple, value: number | { value: number }) { super(2, padding, value); }
}

export class ConstantPad3d extends _ConstantPadNd {
  constructor(padding: IntOrTuple, value: number | { value: number }) { super(3, padding, value); }
}

/** nn.ZeroPad2d(padding): ConstantPad2d with value 0. */
export class ZeroPad2d extends _PadNd {
  constructor(padding: IntOrTuple) { super(2, padding, 'constant', 0); }
}

/** nn.ReflectionPad1d(padding): mirror the input at its edges (edge not repeated). */
export class ReflectionPad1d extends _PadNd {
  constructor(padding: IntOrTuple) { super(1, padding, 'reflect'); }
}

export class ReflectionPad2d extends _PadNd {
  constructor(padding: IntOrTuple) { super(2, padding, 'reflect'); }
}

export class ReflectionPad3d extends _PadNd {
  constructor(padding: IntOrTuple) { super(3, padding, 'reflect'); }
}

/** nn.ReplicationPad1d(padding): repeat the edge values. */
export class ReplicationPad1d extends _PadNd {
  constructor(padding: IntOrTuple) { super(1, padding, 'replicate'); }
}

export class ReplicationPad2d extends _PadNd {
  constructor(padding: IntOrTuple) { super(2, padding, 'replicate'); }
}

export class ReplicationPad3d extends _PadNd {
  constructor(padding: IntOrTuple) { super(3, padding, 'replicate'); }
}
