/**
 * Training a compiled graph: the batch step the CLI and the app's session share (trainBatch), the CLI's epoch loop,
 * seeded shuffling, loss and accuracy per epoch, evaluation without gradients, and a stop with a precise report
 * when the loss or a gradient goes NaN/Inf (which step, and the first layer whose output was not finite).
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

/** What stopped a batch: a loss or a gradient that is not finite, and the first layer whose output was not. */
export interface NonFiniteReport {
  /** "the loss became NaN", "the gradient of fc1.weight is not finite". */
  what: string;
  /** "Linear 'fc1'": the first node whose output held NaN/Inf, when one did. */
  layer: string | null;
  /** The loss value (finite when a gradient was the problem). */
  value: number;
}

/** Training hit a NaN/Inf loss or gradient. `layer` names the first node whose output was not finite, when one was found. */
export class NonFiniteLossError extends Error {
  readonly value: number;
  readonly layer: string | null;
  constructor(readonly epoch: number, readonly step: number, report: NonFiniteReport) {
    super(`Training stopped at epoch ${epoch}, step ${step}: ${report.what}. ` +
      (report.layer ? `The first layer whose output was not finite is ${report.layer}. `
        : Number.isFinite(report.value) ? '' : 'Every layer output was finite, so the loss itself overflowed. ') +
      'Lower the learning rate, normalise the inputs, or add BatchNorm.');
    this.name = 'NonFiniteLossError';
    this.value = report.value;
    this.layer = report.layer;
  }
}

const fmtValue = (v: number) => (Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');

/** The batch's share of an epoch's total loss: mean × batch size, or the sum itself under reduction='sum'. */
export function batchLossTotal(c: Compiled, value: number, len: number): number {
  return (c.loss as unknown as { reduction?: string }).reduction === 'sum' ? value : value * len;
}

/** The first parameter (state_dict name) whose gradient holds NaN or Inf, or null. */
export function firstNonFiniteGrad(model: Module): string | null {
  for (const [name, p] of model.named_parameters()) {
    if (!p.grad) continue;
    const g = p.grad.contiguous();
    const d = g._storage.data;
    for (let i = g._offset, end = g._offset + g.numel(); i < end; i++) if (!Number.isFinite(d[i])) return name;
  }
  return null;
}

/** The shuffled sample order of an epoch: the same for the CLI, the app and a resumed run. */
export function epochPermutation(seed: number, epoch: number, n: number): Tensor {
  const gen = new Generator();
  gen.manual_seed(seed * 1000 + epoch);
  return randperm(n, { generator: gen } as any);
}

export type BatchResult =
  | { ok: true; loss: number; correct: number | null }
  | { ok: false; report: NonFiniteReport };

/**
 * One training step on a batch, the one the CLI and the app share (the model must be in train mode): forward,
 * loss, backward, and only when the loss and every gradient are finite, optimizer.step() and the per-batch
 * scheduler step. Otherwise the weights stay as they were and the report says what went wrong. `afterBackward`
 * runs once the backward pass is over or abandoned (the app removes its statistics hooks there).
 */
export function trainBatch(c: Compiled, xb: Tensor, yb: Tensor, afterBackward?: () => void): BatchResult {
  c.optimizer.zero_grad();
  let value: number;
  let outs: Tensor[];
  try {
    outs = c.outputsOf(c.model.call(xb));
    const loss: Tensor = c.loss.call(...c.lossArgs(outs, yb));
    value = loss.item();
    if (Number.isFinite(value)) loss.backward();
  } finally {
    afterBackward?.();
  }
  if (!Number.isFinite(value)) return { ok: false, report: { what: `the loss became ${fmtValue(value)}`, layer: findNonFiniteLayer(c, xb), value } };
  const bad = firstNonFiniteGrad(c.model);
  if (bad) return { ok: false, report: { what: `the gradient of ${bad} is not finite`, layer: null, value } };
  c.optimizer.step();
  c.stepSchedule('batch');
  const correct = no_grad(() => countCorrect(c, outs.map((t) => t.detach()), yb));
  return { ok: true, loss: value, correct };
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
    case 'rank':
      return out.sub(outputs[1]).gt(0).eq(c.toTarget(y).gt(0)).to('float64').mean().item() * out.shape[0];
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
  /** The training seed: the epoch's shuffle is seeded with seed·1000 + epoch, so resumed runs are identical. */
  seed: number;
  /** 1-based epoch number, for messages. */
  epoch: number;
  onBatch?(done: number, total: number, loss: number): void;
}

/** One pass over the training data. Throws NonFiniteLossError when the loss or a gradient stops being finite. */
export function trainEpoch(c: Compiled, x: Tensor, y: Tensor, o: EpochOptions): EpochStats {
  c.model.train();
  const n = x.shape[0];
  const perm = epochPermutation(o.seed, o.epoch, n);
  let total = 0;
  let correct: number | null = 0;
  const steps = Math.ceil(n / o.batchSize);
  for (let s = 0; s < steps; s++) {
    const idx = perm.narrow(0, s * o.batchSize, Math.min(o.batchSize, n - s * o.batchSize));
    const xb = x.index_select(0, idx);
    const r = trainBatch(c, xb, y.index_select(0, idx));
    if (!r.ok) throw new NonFiniteLossError(o.epoch, s + 1, r.report);
    total += batchLossTotal(c, r.loss, xb.shape[0]);
    correct = r.correct === null || correct === null ? null : correct + r.correct;
    o.onBatch?.(s + 1, steps, r.loss);
  }
  return { loss: total / n, accuracy: correct === null ? null : correct / n };
}

/** Loss and accuracy on a dataset in eval mode, without gradients. */
export function evaluate(c: Compiled, x: Tensor, y: Tensor, batchSize = 500): EpochStats {
  c.model.eval();
  const n = x.shape[0];
  let total = 0;
  let correct: number | null = 0;
  no_grad(() => {
    for (let i = 0; i < n; i += batchSize) {
      const len = Math.min(batchSize, n - i);
      const xb = x.narrow(0, i, len);
      const yb = y.narrow(0, i, len);
      const outs = c.outputsOf(c.model.call(xb));
      total += batchLossTotal(c, (c.loss.call(...c.lossArgs(outs, yb)) as Tensor).item(), len);
      const right = countCorrect(c, outs, yb);
      correct = right === null || correct === null ? null : correct + right;
    }
  });
  return { loss: total / n, accuracy: correct === null ? null : correct / n };
}
