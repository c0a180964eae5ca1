// Losses: the prediction comes from the network, the target from the Dataset node's labels.
import { GraphIssue, type NodeSpec, type ParamSpec, type CtorArg, type TargetPlan, type ValueInfo, type PortSpec } from './spec.ts';
import type { ParamValue } from '../types.ts';
import { fmtShape } from './util.ts';

const PORTS: PortSpec[] = [
  { name: 'input', kind: 'tensor', help: "The network's prediction." },
  { name: 'target', kind: 'labels', help: "The true labels: connect the Dataset node's y." },
];
const LOSS_OUT: PortSpec[] = [{ name: 'loss', kind: 'loss', help: 'The loss value; connect it to an optimizer.' }];
const reduction: ParamSpec = { name: 'reduction', type: 'enum', default: 'mean', options: ['mean', 'sum'], help: 'Average or sum the per-sample losses.' };

const lbl = (v: ValueInfo) => v.labels ?? { format: 'regression' as const, numClasses: 0 };
const classesWord = (k: number) => `${k} class${k === 1 ? '' : 'es'}`;

function classification(nll: boolean) {
  return (pred: ValueInfo, labels: ValueInfo, name: string): TargetPlan => {
    const l = lbl(labels);
    if (pred.shape.length !== 2) {
      throw new GraphIssue('loss_target', `${name} expects class scores N×C but receives ${fmtShape(pred.shape)}.`,
        { port: 'input', fix: 'Flatten and end the network with a Linear layer whose out_features is the number of classes.' });
    }
    const c = pred.shape[1];
    if (l.format === 'regression') {
      throw new GraphIssue('loss_target', `${name} needs class labels, but the dataset has numeric (regression) targets.`,
        { port: 'target', fix: 'Use MSELoss or L1Loss for regression.' });
    }
    if (l.format === 'one_hot' && nll) {
      throw new GraphIssue('loss_target', `${name} needs class indices, but the dataset gives one-hot labels.`,
        { port: 'target', fix: "Set the Dataset's label_format to 'index', or use CrossEntropyLoss." });
    }
    if (c < l.numClasses || (l.format === 'one_hot' && c !== l.numClasses)) {
      throw new GraphIssue('loss_target', `${name} receives ${c} class score${c === 1 ? '' : 's'} but the dataset has ${classesWord(l.numClasses)}.`,
        { port: 'input', fix: `Set out_features of the last Linear layer to ${l.numClasses}.` });
    }
    const warnings = c > l.numClasses
      ? [new GraphIssue('loss_target', `${name} receives ${c} class scores but the dataset only has ${classesWord(l.numClasses)}; the extra outputs are never the right answer.`,
        { port: 'input', fix: `Set out_features of the last Linear layer to ${l.numClasses}.` })]
      : [];
    if (!nll && pred.meaning === 'probabilities') {
      warnings.push(new GraphIssue('loss_input', `${name} receives Softmax probabilities, but it applies log-softmax itself: softmax twice squashes the gradients and training crawls.`,
        { port: 'input', fix: 'Remove the Softmax before the loss and feed it the raw scores (or use LogSoftmax + NLLLoss).' }));
    }
    if (nll && pred.meaning !== 'log_probabilities') {
      warnings.push(new GraphIssue('loss_input', `${name} expects log-probabilities, but its input does not come from a LogSoftmax.`,
        { port: 'input', fix: 'End the network with LogSoftmax(dim=1), or use CrossEntropyLoss on the raw scores.' }));
    }
    return { transform: 'none', accuracy: 'argmax', warnings };
  };
}

function binary(probability: boolean) {
  return (pred: ValueInfo, labels: ValueInfo, name: string): TargetPlan => {
    const l = lbl(labels);
    const acc = probability ? 'probability' as const : 'logit' as const;
    const p = pred.shape;
    if (probability && pred.meaning !== 'probability') {
      throw new GraphIssue('loss_input', `${name} needs probabilities between 0 and 1, but its input does not come from a Sigmoid (PyTorch raises an error for values outside [0, 1]).`,
        { port: 'input', fix: 'Add a Sigmoid before the loss, or better, remove it and use BCEWithLogitsLoss.' });
    }
    if (l.format === 'index') {
      if (l.numClasses !== 2) {
        throw new GraphIssue('loss_target', `${name} is for yes/no (2-class) labels, but the dataset has ${classesWord(l.numClasses)}.`,
          { port: 'target', fix: "Use CrossEntropyLoss, or set the Dataset's label_format to 'one_hot' for multi-label outputs." });
      }
      if (p.length === 2 && p[1] === 1) return { transform: 'float_column', accuracy: acc, warnings: sigmoidTwice(pred, name, probability) };
      if (p.length === 1) return { transform: 'float', accuracy: acc, warnings: sigmoidTwice(pred, name, probability) };
      throw new GraphIssue('loss_target', `${name} needs one output per sample (N×1) for 2-class labels but receives ${fmtShape(p)}.`,
        { port: 'input', fix: 'Set out_features of the last Linear layer to 1.' });
    }
    const want = l.format === 'one_hot' ? [-1, l.numClasses] : labels.shape;
    if (p.join() !== want.join()) {
      throw new GraphIssue('loss_target', `${name} needs a prediction shaped like its target (${fmtShape(want)}) but receives ${fmtShape(p)}.`,
        { port: 'input', fix: `Set out_features of the last Linear layer to ${want[1]}.` });
    }
    return { transform: 'none', accuracy: l.format === 'one_hot' ? acc : 'none', warnings: sigmoidTwice(pred, name, probability) };
  };
}

function sigmoidTwice(pred: ValueInfo, name: string, probability: boolean): GraphIssue[] {
  if (probability || pred.meaning !== 'probability') return [];
  return [new GraphIssue('loss_input', `${name} applies the sigmoid itself, but its input already comes from a Sigmoid.`,
    { port: 'input', fix: 'Remove the Sigmoid before the loss (or switch to BCELoss).' })];
}

function regression(pred: ValueInfo, labels: ValueInfo, name: string): TargetPlan {
  const l = lbl(labels);
  const p = pred.shape;
  if (l.format === 'index') {
    if (p.length === 2 && p[1] === l.numClasses && l.numClasses > 1) return { transform: 'one_hot', accuracy: 'argmax' };
    throw new GraphIssue('loss_target', `${name} compares the prediction with the target element by element, so with ${classesWord(l.numClasses)} it needs N×${l.numClasses} outputs but receives ${fmtShape(p)}.`,
      { port: 'input', fix: `Set out_features of the last Linear layer to ${l.numClasses}, or use CrossEntropyLoss for classification.` });
  }
  if (p.join() !== labels.shape.join()) {
    throw new GraphIssue('loss_target', `${name} needs a prediction shaped like its target (${fmtShape(labels.shape)}) but receives ${fmtShape(p)}.`,
      { port: 'input', fix: `Set out_features of the last Linear layer to ${labels.shape[1]}.` });
  }
  return { transform: 'none', accuracy: l.format === 'one_hot' ? 'argmax' : 'none' };
}

interface LossDef {
  kind: string;
  title: string;
  description: string;
  formula: string;
  params: ParamSpec[];
  args: (p: Record<string, ParamValue>) => CtorArg[];
  target: (pred: ValueInfo, labels: ValueInfo, name: string) => TargetPlan;
}

function loss(d: LossDef): NodeSpec {
  return {
    kind: d.kind, category: 'Loss', title: d.title, description: d.description, formula: d.formula,
    torchClass: `nn.${d.kind}`, namePrefix: 'loss', inputs: PORTS, outputs: LOSS_OUT, params: d.params,
    infer(ctx) {
      const pred = ctx.inputs.input?.[0];
      const target = ctx.inputs.target?.[0];
      const warnings = [];
      if (pred && target) {
        if (target.labels === undefined) {
          throw new GraphIssue('loss_target', `${ctx.label}'s target must come from the Dataset node's y (labels) port.`,
            { port: 'target', fix: "Connect the Dataset node's y output to the target port." });
        }
        warnings.push(...(d.target(pred, target, ctx.label).warnings ?? []));
      }
      return { outputs: { loss: { shape: [] } }, warnings };
    },
    module: (p) => ({ cls: d.kind, args: d.args(p) }),
    loss: { target: d.target },
  };
}

const red = (p: Record<string, ParamValue>): CtorArg => ({ name: 'reduction', value: p.reduction, kw: true, default: 'mean' });

export const CrossEntropyLoss = loss({
  kind: 'CrossEntropyLoss', title: 'Cross-entropy loss',
  description: 'For classification: applies log-softmax to the raw scores and penalises a low probability for the true class. Feed it raw scores, not Softmax output.',
  formula: 'loss = −log(softmax(x)[target]), averaged over the batch',
  params: [
    reduction,
    { name: 'label_smoothing', type: 'float', default: 0.0, min: 0, max: 1, help: 'Mix the targets with a uniform distribution (0 = off).' },
  ],
  args: (p) => [red(p), { name: 'label_smoothing', value: p.label_smoothing, kw: true, default: 0, float: true }],
  target: classification(false),
});

export const NLLLoss = loss({
  kind: 'NLLLoss', title: 'Negative log-likelihood loss',
  description: 'For classification when the network already ends with LogSoftmax: picks −log-probability of the true class.',
  formula: 'loss = −x[target], averaged over the batch',
  params: [reduction], args: (p) => [red(p)], target: classification(true),
});

export const BCEWithLogitsLoss = loss({
  kind: 'BCEWithLogitsLoss', title: 'Binary cross-entropy (with logits)',
  description: 'For yes/no outputs: applies the sigmoid itself (numerically safe), then binary cross-entropy. End the network with Linear(…, 1).',
  formula: 'loss = −[y·log σ(x) + (1 − y)·log(1 − σ(x))]',
  params: [reduction], args: (p) => [red(p)], target: binary(false),
});

export const BCELoss = loss({
  kind: 'BCELoss', title: 'Binary cross-entropy',
  description: 'For yes/no probabilities: the network must end with a Sigmoid. Prefer BCEWithLogitsLoss, which is more stable.',
  formula: 'loss = −[y·log p + (1 − y)·log(1 − p)]',
  params: [reduction], args: (p) => [red(p)], target: binary(true),
});

export const MSELoss = loss({
  kind: 'MSELoss', title: 'Mean squared error',
  description: 'For regression: the average squared difference between prediction and target.',
  formula: 'loss = mean((x − y)²)', params: [reduction], args: (p) => [red(p)], target: regression,
});

export const L1Loss = loss({
  kind: 'L1Loss', title: 'Mean absolute error',
  description: 'For regression: the average absolute difference; less sensitive to outliers than MSE.',
  formula: 'loss = mean(|x − y|)', params: [reduction], args: (p) => [red(p)], target: regression,
});

export const SmoothL1Loss = loss({
  kind: 'SmoothL1Loss', title: 'Smooth L1 loss',
  description: 'Squared error for small differences, absolute error for large ones.',
  formula: 'loss = 0.5·d²/beta if |d| < beta else |d| − 0.5·beta',
  params: [reduction, { name: 'beta', type: 'float', default: 1.0, min: 0, max: 1e6, help: 'Where it switches from squared to absolute error.' }],
  args: (p) => [red(p), { name: 'beta', value: p.beta, kw: true, default: 1, float: true }], target: regression,
});

export const HuberLoss = loss({
  kind: 'HuberLoss', title: 'Huber loss',
  description: 'Squared error for small differences, linear beyond delta.',
  formula: 'loss = 0.5·d² if |d| < delta else delta·(|d| − 0.5·delta)',
  params: [reduction, { name: 'delta', type: 'float', default: 1.0, min: 0, exclusiveMin: true, max: 1e6, help: 'Where it switches from squared to linear.' }],
  args: (p) => [red(p), { name: 'delta', value: p.delta, kw: true, default: 1, float: true }], target: regression,
});

/** Targets that are a distribution / multi-hot vector per sample: one-hot labels, or class indices made one-hot. */
function perClassTargets(pred: ValueInfo, labels: ValueInfo, name: string): TargetPlan {
  if (lbl(labels).format === 'regression') {
    throw new GraphIssue('loss_target', `${name} needs class labels (one value per class), but the dataset has numeric (regression) targets.`,
      { port: 'target', fix: 'Use MSELoss or L1Loss for regression.' });
  }
  return regression(pred, labels, name);
}

export const MultiMarginLoss = loss({
  kind: 'MultiMarginLoss', title: 'Multi-class hinge loss',
  description: 'For classification, like an SVM: wants the true class score to beat every other score by a margin.',
  formula: 'loss = Σ_{i≠y} max(0, margin − x[y] + x[i])^p / C',
  params: [
    reduction,
    { name: 'p', type: 'enum', default: '1', options: ['1', '2'], help: '1: hinge, 2: squared hinge.' },
    { name: 'margin', type: 'float', default: 1.0, min: 0, max: 1e6, help: 'How far the true class must lead.' },
  ],
  args: (p) => [red(p), { name: 'p', value: Number(p.p), kw: true, default: 1 }, { name: 'margin', value: p.margin, kw: true, default: 1, float: true }],
  target: classification(true),
});

export const MultiLabelSoftMarginLoss = loss({
  kind: 'MultiLabelSoftMarginLoss', title: 'Multi-label soft-margin loss',
  description: 'For multi-label outputs: an independent yes/no (sigmoid) decision per class, averaged over classes.',
  formula: 'loss = −mean_c [y_c·log σ(x_c) + (1 − y_c)·log(1 − σ(x_c))]',
  params: [reduction], args: (p) => [red(p)], target: perClassTargets,
});

export const KLDivLoss = loss({
  kind: 'KLDivLoss', title: 'Kullback–Leibler divergence',
  description: 'Compares a predicted distribution (given as log-probabilities: end with LogSoftmax) with the target distribution.',
  formula: 'loss = Σ y·(log y − x)',
  params: [
    { name: 'reduction', type: 'enum', default: 'batchmean', options: ['batchmean', 'mean', 'sum'], help: "'batchmean' divides by the batch size: the true KL divergence." },
    { name: 'log_target', type: 'bool', default: false, help: 'The target is given as log-probabilities too.' },
  ],
  args: (p) => [{ name: 'reduction', value: p.reduction, kw: true, default: 'mean' }, { name: 'log_target', value: p.log_target, kw: true, default: false }],
  target: perClassTargets,
});

export const PoissonNLLLoss = loss({
  kind: 'PoissonNLLLoss', title: 'Poisson negative log-likelihood',
  description: 'For count targets: treats the prediction as the (log) rate of a Poisson distribution.',
  formula: 'loss = exp(x) − y·x (log_input=True)',
  params: [
    reduction,
    { name: 'log_input', type: 'bool', default: true, help: 'The prediction is the log of the rate.' },
    { name: 'full', type: 'bool', default: false, help: 'Add the Stirling term of the full log-likelihood.' },
  ],
  args: (p) => [red(p), { name: 'log_input', value: p.log_input, kw: true, default: true }, { name: 'full', value: p.full, kw: true, default: false }],
  target: regression,
});
