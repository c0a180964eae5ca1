import '../../ops/methods.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { mm } from '../../ops/mm.ts';
import { shapeStr } from '../_utils.ts';

/** F.linear(input, weight, bias=None): input·weightᵀ + bias over the last dim of input. */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const inF = weight.shape[weight.dim() - 1];
  if (input.dim() === 0 || input.shape[input.dim() - 1] !== inF) {
    throw new RangeError(`linear: expected input with ${inF} features in its last dimension, but got input of shape ${shapeStr(input.shape)} (weight ${shapeStr(weight.shape)})`);
  }
  if (input.dtype !== weight.dtype) throw new TypeError(`linear: input dtype (${input.dtype}) and weight dtype (${weight.dtype}) differ; convert the input with .to('${weight.dtype}')`);
  let y: Tensor;
  if (input.dim() === 2) y = mm(input, weight.t());
  else if (input.dim() === 1) y = mm(input.unsqueeze(0), weight.t()).squeeze(0);
  else {
    const lead = input.shape.slice(0, -1);
    y = mm(input.reshape([-1, inF]), weight.t()).reshape([...lead, weight.shape[0]]);
  }
  return bias ? y.add(bias) : y;
}

/** F.bilinear(input1, input2, weight, bias=None): y_o = x1ᵀ·W_o·x2 + b_o, weight out·in1·in2. */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const [O, I1, I2] = weight.shape;
  if (input1.shape[input1.dim() - 1] !== I1) throw new RangeError(`bilinear: input1 must have ${I1} features in its last dimension, got shape ${shapeStr(input1.shape)}`);
  if (input2.shape[input2.dim() - 1] !== I2) throw new RangeError(`bilinear: input2 must have ${I2} features in its last dimension, got shape ${shapeStr(input2.shape)}`);
  const lead = input1.shape.slice(0, -1);
  if (input2.dim() !== input1.dim() || input2.shape.slice(0, -1).some((s, i) => s !== lead[i])) {
    throw new RangeError(`bilinear: input1 ${shapeStr(input1.shape)} and input2 ${shapeStr(input2.shape)} must have the same leading (batch) dimensions`);
  }
  const x1 = input1.reshape([-1, I1]);
  const x2 = input2.reshape([-1, I2]);
  // (B×I1)·(I1×(O·I2)) → B×O×I2, then contract with x2.
  const t = mm(x1, weight.permute([1, 0, 2]).reshape([I1, O * I2])).reshape([-1, O, I2]);
  let y = t.mul(x2.unsqueeze(1)).sum(2);
  if (bias) y = y.add(bias);
  return y.reshape([...lead, O]);
}
