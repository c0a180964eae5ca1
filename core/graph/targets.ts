/**
 * From a batch of the Dataset's labels to the loss's arguments. The loss spec's input ports are its PyTorch call
 * arguments in order (`MarginRankingLoss(input1, input2, target)`, `GaussianNLLLoss(input, target, var)`); tensor
 * ports take the model's outputs (in the same port order), the labels port the transformed labels. Compile, the
 * trainers and the session all go through these two functions, so the argument order lives in the spec only.
 */
import '../ops/methods.ts';
import { Tensor } from '../tensor/tensor.ts';
import { one_hot } from '../ops/composite.ts';
import { portVisible, type NodeSpec, type TargetTransform } from './catalogue/spec.ts';
import type { ParamValue } from './types.ts';

/** Labels batch → the target tensor the loss expects (see TargetTransform). */
export function targetTransform(transform: TargetTransform, numClasses: number): (labels: Tensor) => Tensor {
  switch (transform) {
    case 'float': return (y) => y.to('float32');
    case 'float_column': return (y) => y.to('float32').unsqueeze(1);
    case 'one_hot': return (y) => one_hot(y.to('int64'), numClasses).to('float32');
    case 'sign': return (y) => y.to('float32').mul(2).sub(1);
    case 'sign_column': return (y) => y.to('float32').mul(2).sub(1).unsqueeze(1);
    case 'margin_indices': return (y) => marginIndices(y, numClasses);
    case 'ctc': return (y) => y.to('int64');
    default: return (y) => y;
  }
}

/**
 * MultiLabelMarginLoss's target: per sample the class indices that are right, then −1 padding ([N, C] int64).
 * Index labels [N] give [y, −1, …]; one-hot / multi-hot labels [N, C] the positions of their ones, in order.
 */
function marginIndices(y: Tensor, numClasses: number): Tensor {
  const n = y.shape[0];
  const c = numClasses;
  const out = new Float64Array(n * c).fill(-1);
  const v = y.contiguous()._values();
  for (let i = 0; i < n; i++) {
    if (y.ndim === 1) { out[i * c] = v[i]; continue; }
    let k = 0;
    for (let j = 0; j < c; j++) if (v[i * c + j] > 0) out[i * c + k++] = j;
  }
  return Tensor._fromArray(out, [n, c], 'int64');
}

/** CTC's target_lengths: the non-padding (non-zero) entries of each padded label sequence [N,S] → [N] int64. */
export function ctcTargetLengths(y: Tensor): Tensor {
  return y.ne(0).to('int64').sum(1);
}

/**
 * Greedy CTC decoding of log-probabilities [T,N,C]: the best class at each step, repeats merged, blanks (0)
 * dropped; a sample counts as right only when its whole sequence equals its label sequence (padding 0 left out).
 */
export function ctcGreedyCorrect(logProbs: Tensor, y: Tensor): number {
  const decoded = ctcGreedyDecode(logProbs);
  const labels = y.tolist() as number[][];
  let right = 0;
  decoded.forEach((seq, i) => {
    const truth = labels[i].filter((v) => v !== 0);
    if (seq.length === truth.length && seq.every((v, j) => v === truth[j])) right++;
  });
  return right;
}

/**
 * Greedy CTC reading of log-probabilities T×N×C: the best class at every time step, repeats merged, blanks (0)
 * dropped; one symbol sequence per sample (symbols as stored, i.e. class + 1).
 */
export function ctcGreedyDecode(logProbs: Tensor): number[][] {
  const best = logProbs.argmax(2).t().tolist() as number[][];
  return best.map((steps) => {
    const out: number[] = [];
    let prev = 0;
    for (const k of steps) {
      if (k !== prev && k !== 0) out.push(k);
      prev = k;
    }
    return out;
  });
}

/** The loss's tensor input ports (their names), in call order: what the model returns. */
export function lossTensorPorts(spec: NodeSpec, params: Record<string, ParamValue>): string[] {
  return spec.inputs.filter((p) => p.kind === 'tensor' && portVisible(p, params)).map((p) => p.name);
}

/**
 * (model outputs in tensor-port order, labels) → the loss's arguments in call order. A loss without a labels port
 * (TripletMarginLoss) ignores the labels.
 */
export function lossArguments(
  spec: NodeSpec, params: Record<string, ParamValue>, toTarget: (y: Tensor) => Tensor, transform: TargetTransform = 'none',
) {
  const ports = spec.inputs.filter((p) => portVisible(p, params));
  const tensors = ports.filter((p) => p.kind === 'tensor').length;
  return (outputs: Tensor[], labels: Tensor): Tensor[] => {
    if (outputs.length !== tensors) {
      throw new Error(`lossArgs: ${spec.kind} takes ${tensors} tensor input${tensors === 1 ? '' : 's'} (${ports.filter((p) => p.kind === 'tensor').map((p) => p.name).join(', ')}) but got ${outputs.length}. Pass the model's outputs through outputsOf() first.`);
    }
    let i = 0;
    return ports.flatMap((p) => {
      if (p.kind === 'tensor') return [outputs[i++]];
      const target = toTarget(labels);
      if (transform !== 'ctc') return [target];
      // CTCLoss(log_probs, targets, input_lengths, target_lengths): every sample uses all T steps of log_probs [T,N,C].
      const [t, n] = outputs[0].shape;
      return [target, Tensor._fromArray(new Float64Array(n).fill(t), [n], 'int64'), ctcTargetLengths(target)];
    });
  };
}
