/**
 * A plain training loop over a compiled graph (the CLI uses it; the app's worker session can too): seeded
 * shuffling, one optimizer step per batch, loss and accuracy per epoch, evaluation without gradients, and a stop
 * with a precise report when the loss goes NaN/Inf (which step, and the first layer whose output was not finite).
 */
import '../ops/methods.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Generator } from '../tensor/random.ts';
import { randperm } from '../ops/creation.ts';
import { no_grad } from '../autograd/grad_mode.ts';
import type { Module } from '../nn/module.ts';
import type { Compiled } from './compile.ts';
import { GraphModule } from './modules.ts';
import { ctcGreedyCorrect } from './targets.ts';

export interface EpochStats {
  loss: number;
  /** Fraction correct, or null when the task has no accuracy (regression). */
  accuracy: number | null;
}

/** Training hit a NaN/Inf loss. `layer` names the first node whose output was not finite, when one was found. */
export class NonFiniteLossError extends Error {
  constructor(readonly epoch: number, readonly step: number, readonly value: number, readonly layer: string | null) {
    super(`Training stopped at epoch ${epoch}, step ${step}: the loss became ${Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'}. ` +
      (layer ? `The first layer whose output was not finite is ${layer}. ` : 'Every layer output was finite, so the loss itself overflowed. ') +
      'Lower the learning rate, normalise the inputs, or add BatchNorm.');
    this.name = 'NonFiniteLossError';
  }
}

/** Every element finite (a module returning a tuple, like MaxPool2d with return_indices, is checked element-wise). */
const finite = (t: Tensor | Tensor[]): boolean =>
  Array.isArray(t) ? t.every(finite) : Number.isFinite(t.detach().to('float64').sum().item());

/**
 * Correct predictions in a batch (not a fraction), or null when the task has no accuracy. Measured on the first of
 * the model's outputs (the loss's first tensor input) against the labels `y`.
 */
export function countCorrect(c: Compiled, outputs: Tensor[], y: Tensor): number | null {
  const out = outputs[0];
  switch (c.target.accuracy) {
    case 'argmax': {
      const truth = y.ndim === 1 ? y : y.argmax(1);
      return out.argmax(1).eq(truth).to('float64').sum().item();
    }
    case 'logit':
    case 'probability': {
      const pred = out.gt(c.target.accuracy === 'logit' ? 0 : 0.5).to('float32');
      return pred.eq(c.toTarget(y)).to('float64').mean().item() * out.shape[0];
    }
    case 'sign':
      return out.gt(0).eq(c.toTarget(y).gt(0)).to('float64').mean().item() * out.shape[0];
    case 'ctc_greedy':
      return ctcGreedyCorrect(out, y);
    default:
      return null;
  }
}

/**
 * Runs the model once on `x` watching every module's output; returns "Kind 'name'" of the first node whose output
 * contains NaN or Inf (forward hooks fire as each layer finishes, so the first hit is the earliest layer).
 */
export function findNonFiniteLayer(c: Compiled, x: Tensor): string | null {
  let found: string | null = null;
  const labelOf = (path: string) => {
    const id = c.paths.get(path);
    return (id && c.analysis.nodes[id]?.label) || `module '${path}'`;
  };
  const handles: Array<{ remove(): void }> = [];
  const traced: GraphModule[] = [];
  for (const [path, m] of c.model.named_modules()) {
    if (path === '') continue;
    handles.push(m.register_forward_hook((_m: Module, _args: unknown[], out: Tensor | Tensor[]) => {
      if (found === null && !finite(out)) found = labelOf(path);
    }));
  }
  for (const [path, m] of c.model.named_modules()) {
    if (m instanceof GraphModule) {
      m._trace = (name, out) => { if (found === null && !finite(out)) found = labelOf(path ? `${path}.${name}` : name); };
      traced.push(m);
    }
  }
  try {
    no_grad(() => c.model.call(x));
  } finally {
    for (const h of handles) h.remove();
    for (const m of traced) m._trace = null;
  }
  return found;
}

export interface EpochOptions {
  batchSize: number;
  /** Seeds this epoch's shuffle (seed·1000 + epoch keeps resumed runs identical). */
  shuffleSeed: number;
  /** 1-based epoch number, for messages. */
  epoch: number;
  onBatch?(done: number, total: number, loss: number): void;
}

/** One pass over the training data. Throws NonFiniteLossError when the loss stops being finite. */
export function trainEpoch(c: Compiled, x: Tensor, y: Tensor, o: EpochOptions): EpochStats {
  c.model.train();
  const n = x.shape[0];
  const gen = new Generator();
  gen.manual_seed(o.shuffleSeed);
  const perm = randperm(n, { generator: gen } as any);
  let total = 0;
  let correct: number | null = 0;
  const steps = Math.ceil(n / o.batchSize);
  const summed = (c.loss as unknown as { reduction?: string }).reduction === 'sum';
  for (let s = 0; s < steps; s++) {
    const idx = perm.narrow(0, s * o.batchSize, Math.min(o.batchSize, n - s * o.batchSize));
    const xb = x.index_select(0, idx);
    const yb = y.index_select(0, idx);
    c.optimizer.zero_grad();
    const outs = c.outputsOf(c.model.call(xb));
    const loss: Tensor = c.loss.call(...c.lossArgs(outs, yb));
    const value = loss.item();
    if (!Number.isFinite(value)) throw new NonFiniteLossError(o.epoch, s + 1, value, findNonFiniteLayer(c, xb));
    loss.backward();
    c.optimizer.step();
    c.stepSchedule('batch');
    total += summed ? value : value * xb.shape[0];
    const right = no_grad(() => countCorrect(c, outs.map((t) => t.detach()), yb));
    correct = right === null || correct === null ? null : correct + right;
    o.onBatch?.(s + 1, steps, value);
  }
  return { loss: total / n, accuracy: correct === null ? null : correct / n };
}

/** Loss and accuracy on a dataset in eval mode, without gradients. */
export function evaluate(c: Compiled, x: Tensor, y: Tensor, batchSize = 500): EpochStats {
  c.model.eval();
  const summed = (c.loss as unknown as { reduction?: string }).reduction === 'sum';
  const n = x.shape[0];
  let total = 0;
  let correct: number | null = 0;
  no_grad(() => {
    for (let i = 0; i < n; i += batchSize) {
      const len = Math.min(batchSize, n - i);
      const xb = x.narrow(0, i, len);
      const yb = y.narrow(0, i, len);
      const outs = c.outputsOf(c.model.call(xb));
      total += (c.loss.call(...c.lossArgs(outs, yb)) as Tensor).item() * (summed ? 1 : len);
      const right = countCorrect(c, outs, yb);
      correct = right === null || correct === null ? null : correct + right;
    }
  });
  return { loss: total / n, accuracy: correct === null ? null : correct / n };
}
