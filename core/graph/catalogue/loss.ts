// Losses: the prediction comes from the network, the target from the Dataset node's labels.
import { GraphIssue, type NodeSpec, type ParamSpec, type CtorArg, type TargetPlan, type ValueInfo, type PortSpec } from './spec.ts';
import type { ParamValue } from '../types.ts';
import { fmtShape } from './util.ts';

const PREDICTION: PortSpec = { name: 'input', kind: 'tensor', help: "The network's prediction." };
const TARGET: PortSpec = { name: 'target', kind: 'labels', help: "The true labels: connect the Dataset node's y." };
const PORTS: PortSpec[] = [PREDICTION, TARGET];
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
  /** The PyTorch call arguments in order (default: input, target). */
  ports?: PortSpec[];
  /** The check of a loss with one prediction `input` and a labels port `target`. */
  target?: (pred: ValueInfo, labels: ValueInfo, name: string) => TargetPlan;
  /** The check of a loss with other ports: tensor inputs by port name, the labels (if it has a labels port). */
  check?: (inputs: Record<string, ValueInfo>, labels: ValueInfo | undefined, name: string, params: Record<string, ParamValue>) => TargetPlan;
}

const defaults = (ps: ParamSpec[]) => Object.fromEntries(ps.map((p) => [p.name, p.default]));

function loss(d: LossDef): NodeSpec {
  const ports = d.ports ?? PORTS;
  const check = d.check
    ? (ins: Record<string, ValueInfo>, labels: ValueInfo | undefined, name: string, params?: Record<string, ParamValue>) => d.check!(ins, labels, name, params ?? defaults(d.params))
    : (ins: Record<string, ValueInfo>, labels: ValueInfo | undefined, name: string) => d.target!(ins.input, labels!, name);
  return {
    kind: d.kind, category: 'Loss', title: d.title, description: d.description, formula: d.formula,
    torchClass: `nn.${d.kind}`, namePrefix: 'loss', inputs: ports, outputs: LOSS_OUT, params: d.params,
    infer(ctx) {
      const ins: Record<string, ValueInfo> = {};
      let labels: ValueInfo | undefined;
      let ready = true;
      for (const p of ports) {
        const v = ctx.inputs[p.name]?.[0];
        if (!v) { ready = false; continue; }
        if (p.kind === 'labels') {
          if (v.labels === undefined) {
            throw new GraphIssue('loss_target', `${ctx.label}'s ${p.name} must come from the Dataset node's y (labels) port.`,
              { port: p.name, fix: `Connect the Dataset node's y output to the ${p.name} port.` });
          }
          labels = v;
        } else {
          ins[p.name] = v;
        }
      }
      const warnings = ready ? check(ins, labels, ctx.label, ctx.params).warnings ?? [] : [];
      return { outputs: { loss: { shape: [] } }, warnings };
    },
    module: (p) => ({ cls: d.kind, args: d.args(p) }),
    loss: { target: check },
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

// Losses whose targets are ±1 (HingeEmbedding, SoftMargin, MarginRanking, CosineEmbedding), with several tensor
// inputs (MarginRanking, CosineEmbedding, Triplet, GaussianNLL) or with padded class indices (MultiLabelMargin).

const tensorPort = (name: string, help: string): PortSpec => ({ name, kind: 'tensor', help });
const SIGN_TARGET: PortSpec = { name: 'target', kind: 'labels', help: "Yes/no labels (2 classes), used as +1 / −1: connect the Dataset node's y." };
const margin = (dflt: number, help: string, min = 0, max = 1e6): ParamSpec => ({ name: 'margin', type: 'float', default: dflt, min, max, help });
const marginArg = (p: Record<string, ParamValue>, dflt: number): CtorArg => ({ name: 'margin', value: p.margin, kw: true, default: dflt, float: true });

/** 2-class index labels become ±1 targets (class 1 → +1, class 0 → −1); anything else cannot. */
function needSignLabels(labels: ValueInfo | undefined, name: string): void {
  const l = labels ? lbl(labels) : { format: 'regression' as const, numClasses: 0 };
  if (l.format === 'regression') {
    throw new GraphIssue('loss_target', `${name} needs yes/no labels (2 classes) to use as +1 / −1 targets, but the dataset has numeric (regression) targets.`,
      { port: 'target', fix: 'Use a 2-class dataset (e.g. xor, or spirals/blobs with classes = 2), or MSELoss for regression.' });
  }
  if (l.format === 'one_hot') {
    throw new GraphIssue('loss_target', `${name} needs class indices (2 classes) to turn into +1 / −1 targets, but the dataset gives one-hot labels.`,
      { port: 'target', fix: "Set the Dataset's label_format to 'index'." });
  }
  if (l.numClasses !== 2) {
    throw new GraphIssue('loss_target', `${name} compares against +1 / −1 targets, so it needs 2-class labels, but the dataset has ${classesWord(l.numClasses)}.`,
      { port: 'target', fix: 'Use a 2-class dataset (e.g. xor, or spirals/blobs with classes = 2), or CrossEntropyLoss for more classes.' });
  }
}

/** One value per sample, N or N×1: the ±1 target takes the same shape. */
function perSample(v: ValueInfo, name: string, port: string): 'sign' | 'sign_column' {
  const s = v.shape;
  if (s.length === 1) return 'sign';
  if (s.length === 2 && s[1] === 1) return 'sign_column';
  throw new GraphIssue('loss_target', `${name} needs one value per sample (N×1) on its '${port}' input but receives ${fmtShape(s)}.`,
    { port, fix: 'Set out_features of the Linear layer feeding it to 1.' });
}

/** Two inputs that must have the same shape (input1/input2, or the three triplet embeddings). */
function sameShape(ins: Record<string, ValueInfo>, ports: string[], name: string, fix: string): void {
  const [first, ...rest] = ports;
  for (const p of rest) {
    if (ins[p].shape.join() !== ins[first].shape.join()) {
      throw new GraphIssue('loss_input', `${name} needs '${first}' and '${p}' of the same shape, but receives ${fmtShape(ins[first].shape)} and ${fmtShape(ins[p].shape)}.`,
        { port: p, fix });
    }
  }
}

function embeddings(ins: Record<string, ValueInfo>, ports: string[], name: string): void {
  for (const p of ports) {
    if (ins[p].shape.length !== 2) {
      throw new GraphIssue('loss_input', `${name} needs a batch of embedding vectors N×D on '${p}' but receives ${fmtShape(ins[p].shape)}.`,
        { port: p, fix: 'Flatten and end that branch with a Linear layer (its out_features is the embedding size D).' });
    }
  }
  sameShape(ins, ports, name, 'Give the branches the same embedding size (the same out_features on their last Linear layers).');
}

export const HingeEmbeddingLoss = loss({
  kind: 'HingeEmbeddingLoss', title: 'Hinge embedding loss',
  description: 'For learning whether two things are similar from a distance-like input x (e.g. the distance between two embeddings): small x for similar pairs (class 1 → +1), x beyond the margin for dissimilar ones (class 0 → −1). Needs 2-class labels and one value per sample.',
  formula: 'loss = x if y = 1,  max(0, margin − x) if y = −1',
  params: [reduction, margin(1.0, 'How large x must be for a dissimilar pair (y = −1) to cost nothing.')],
  args: (p) => [marginArg(p, 1), red(p)],
  target: (pred, labels, name) => {
    needSignLabels(labels, name);
    return { transform: perSample(pred, name, 'input'), accuracy: 'none' };
  },
  ports: [PREDICTION, SIGN_TARGET],
});

export const SoftMarginLoss = loss({
  kind: 'SoftMarginLoss', title: 'Soft-margin loss',
  description: 'For yes/no outputs with +1 / −1 targets (class 1 → +1, class 0 → −1): a logistic loss on the score, like BCEWithLogitsLoss. End the network with Linear(…, 1).',
  formula: 'loss = log(1 + exp(−y·x)), averaged',
  params: [reduction], args: (p) => [red(p)],
  target: (pred, labels, name) => {
    needSignLabels(labels, name);
    return { transform: perSample(pred, name, 'input'), accuracy: 'sign' };
  },
  ports: [PREDICTION, SIGN_TARGET],
});

export const MarginRankingLoss = loss({
  kind: 'MarginRankingLoss', title: 'Margin ranking loss',
  description: 'For ranking two scores: with target +1 (class 1) input1 should beat input2 by the margin, with −1 (class 0) the other way round. Feed it two scores per sample from two branches (each N×1). Accuracy: the share of pairs ordered right.',
  formula: 'loss = max(0, −y·(x₁ − x₂) + margin)',
  params: [reduction, margin(0.0, 'How far the right score must lead (0 = just be larger).')],
  args: (p) => [marginArg(p, 0), red(p)],
  ports: [tensorPort('input1', 'The first score per sample (N or N×1).'), tensorPort('input2', 'The second score per sample, same shape as input1.'), SIGN_TARGET],
  check: (ins, labels, name) => {
    const transform = perSample(ins.input1, name, 'input1');
    sameShape(ins, ['input1', 'input2'], name, 'Give both branches one output per sample (Linear with out_features = 1).');
    needSignLabels(labels, name);
    return { transform, accuracy: 'rank' };
  },
});

export const CosineEmbeddingLoss = loss({
  kind: 'CosineEmbeddingLoss', title: 'Cosine embedding loss',
  description: 'For learning embeddings of pairs: pulls the cosine similarity of input1 and input2 towards 1 for similar pairs (class 1 → +1) and below the margin for dissimilar ones (class 0 → −1). Feed it two N×D embeddings, e.g. from two branches.',
  formula: 'loss = 1 − cos(x₁, x₂) if y = 1,  max(0, cos(x₁, x₂) − margin) if y = −1',
  params: [reduction, margin(0.0, 'Cosine similarity above which a dissimilar pair costs (−1 … 1; 0 to 0.5 is typical).', -1, 1)],
  args: (p) => [marginArg(p, 0), red(p)],
  ports: [tensorPort('input1', 'The first embedding of each pair (N×D).'), tensorPort('input2', 'The second embedding of each pair (N×D).'), SIGN_TARGET],
  check: (ins, labels, name) => {
    embeddings(ins, ['input1', 'input2'], name);
    needSignLabels(labels, name);
    return { transform: 'sign', accuracy: 'none' };
  },
});

export const TripletMarginLoss = loss({
  kind: 'TripletMarginLoss', title: 'Triplet margin loss',
  description: 'For learning embeddings without labels: the anchor should be closer to the positive than to the negative by a margin. The three N×D embeddings usually come from branches of the network (e.g. differently augmented views of the samples, or a shared encoder run on three inputs). It measures no accuracy.',
  formula: 'loss = max(0, ‖a − p‖ₚ − ‖a − n‖ₚ + margin)',
  params: [
    reduction,
    margin(1.0, 'How much closer the positive must be than the negative.'),
    { name: 'p', type: 'float', default: 2.0, min: 0, exclusiveMin: true, max: 100, help: 'The norm of the distances (2 = Euclidean).' },
    { name: 'eps', type: 'float', default: 1e-6, min: 0, max: 1, help: 'Added inside the distance for numerical stability.' },
    { name: 'swap', type: 'bool', default: false, help: 'Use the positive–negative distance when it is smaller (distance swap).' },
  ],
  args: (p) => [marginArg(p, 1), { name: 'p', value: p.p, kw: true, default: 2, float: true },
    { name: 'eps', value: p.eps, kw: true, default: 1e-6 }, { name: 'swap', value: p.swap, kw: true, default: false }, red(p)],
  ports: [tensorPort('anchor', 'The anchor embeddings (N×D).'), tensorPort('positive', 'Embeddings that should be close to the anchor (N×D).'),
    tensorPort('negative', 'Embeddings that should be far from the anchor (N×D).')],
  check: (ins, _labels, name) => {
    embeddings(ins, ['anchor', 'positive', 'negative'], name);
    return { transform: 'none', accuracy: 'none' };
  },
});

export const GaussianNLLLoss = loss({
  kind: 'GaussianNLLLoss', title: 'Gaussian negative log-likelihood',
  description: 'For regression with uncertainty: the network predicts a mean (input) and a variance (var) per target; wrong predictions cost less where the variance is large, but a large variance costs too. var must be positive: end its branch with a Softplus.',
  formula: 'loss = ½·(log(max(var, eps)) + (input − target)² / max(var, eps))  (+ ½·log 2π with full)',
  params: [
    reduction,
    { name: 'full', type: 'bool', default: false, help: 'Add the constant ½·log(2π) of the full log-likelihood.' },
    { name: 'eps', type: 'float', default: 1e-6, min: 0, exclusiveMin: true, max: 1, help: 'The variance is clamped to at least eps.' },
  ],
  args: (p) => [{ name: 'full', value: p.full, kw: true, default: false }, { name: 'eps', value: p.eps, kw: true, default: 1e-6 }, red(p)],
  ports: [tensorPort('input', 'The predicted mean, shaped like the target.'), TARGET,
    tensorPort('var', "The predicted variance (positive): the input's shape, or one value per sample (last dimension 1).")],
  check: (ins, labels, name) => {
    const l = labels ? lbl(labels) : { format: 'regression' as const, numClasses: 0 };
    if (l.format !== 'regression') {
      throw new GraphIssue('loss_target', `${name} needs numeric (regression) targets, but the dataset has ${classesWord(l.numClasses)}.`,
        { port: 'target', fix: 'Use a regression dataset (e.g. sine, or a CSV with num_classes = 0), or CrossEntropyLoss for classes.' });
    }
    const plan = regression(ins.input, labels!, name);
    const x = ins.input.shape;
    const v = ins.var.shape;
    const ok = v.join() === x.join() || (v.length === x.length && v.slice(0, -1).join() === x.slice(0, -1).join() && v[v.length - 1] === 1) ||
      v.join() === x.slice(0, -1).join();
    if (!ok) {
      throw new GraphIssue('loss_input', `${name} needs var shaped like its input (${fmtShape(x)}) or with one value per sample (${fmtShape([...x.slice(0, -1), 1])}), but var is ${fmtShape(v)}.`,
        { port: 'var', fix: `Set out_features of the Linear layer feeding var to ${x[x.length - 1]} (or 1 for one variance per sample).` });
    }
    const warnings = [...plan.warnings ?? []];
    if (!['non_negative', 'probability', 'probabilities'].includes(ins.var.meaning ?? '')) {
      warnings.push(new GraphIssue('loss_input', `The var input of ${name} does not come from an activation that keeps it positive (Softplus, Sigmoid, ReLU); PyTorch stops with an error as soon as a variance is negative.`,
        { port: 'var', fix: 'Add a Softplus before the var input.' }));
    }
    return { ...plan, warnings };
  },
});

export const MultiLabelMarginLoss = loss({
  kind: 'MultiLabelMarginLoss', title: 'Multi-label margin loss',
  description: 'For multi-label classification, like a hinge: every right class should score at least 1 more than every wrong one. Its target lists the right classes, padded with −1 (made from one-hot/multi-hot labels, or from class indices).',
  formula: 'loss = Σ_{j right} Σ_{i wrong} max(0, 1 − (x[j] − x[i])) / C',
  params: [reduction], args: (p) => [red(p)],
  target: (pred, labels, name) => {
    const l = lbl(labels);
    if (l.format === 'regression') {
      throw new GraphIssue('loss_target', `${name} needs class labels, but the dataset has numeric (regression) targets.`,
        { port: 'target', fix: 'Use MSELoss or L1Loss for regression.' });
    }
    if (pred.shape.length !== 2 || pred.shape[1] !== l.numClasses) {
      throw new GraphIssue('loss_target', `${name} needs one score per class (N×${l.numClasses}) but receives ${fmtShape(pred.shape)}.`,
        { port: 'input', fix: `Flatten and set out_features of the last Linear layer to ${l.numClasses}.` });
    }
    return { transform: 'margin_indices', accuracy: l.format === 'index' ? 'argmax' : 'none' };
  },
});

export const CTCLoss = loss({
  kind: 'CTCLoss', title: 'CTC loss (connectionist temporal classification)',
  description: 'For reading sequences whose alignment is unknown (a row of handwritten digits, speech): at each of T time steps the network gives log-probabilities over the classes plus a blank, and the loss sums over every way the label sequence can be spread over the steps. Its input is T×N×C, time first (Permute a conv output N×C×T with dims (2, 0, 1), then LogSoftmax(dim=2)); its targets are sequence labels (the digit_strings dataset), whose lengths it reads from the padding.',
  formula: 'loss = −log Σ over alignments of y Π_t p_t(aₜ), divided by the target length (reduction = mean)',
  params: [
    { name: 'blank', type: 'int', default: 0, min: 0, max: 100000, help: 'Index of the blank class. Sequence labels store the classes +1 and pad with 0, so blank must be 0.' },
    reduction,
    { name: 'zero_infinity', type: 'bool', default: false, help: 'Replace infinite losses (a label too long for the time steps) and their gradients by 0.' },
  ],
  args: (p) => [{ name: 'blank', value: p.blank, kw: true, default: 0 }, red(p), { name: 'zero_infinity', value: p.zero_infinity, kw: true, default: false }],
  ports: [tensorPort('log_probs', 'Log-probabilities T×N×C: time first, C = the classes + 1 (the blank, 0).'),
    { name: 'targets', kind: 'labels', help: "The label sequences: connect the Dataset node's y (sequence labels such as digit_strings)." }],
  check: (ins, labels, name, params) => {
    const l = labels ? lbl(labels) : { format: 'regression' as const, numClasses: 0 };
    if (l.format !== 'sequence') {
      const has = l.format === 'regression' ? 'numeric (regression) targets' : 'one class per sample';
      throw new GraphIssue('loss_target', `${name} needs label sequences (several classes per sample, such as the digit_strings dataset), but the dataset has ${has}.`,
        { port: 'targets', fix: 'Use a dataset with sequence labels (digit_strings), or CrossEntropyLoss for one class per sample.' });
    }
    const x = ins.log_probs.shape;
    if (x.length !== 3 || x[1] !== -1 || x[0] === -1) {
      throw new GraphIssue('loss_input', `${name} expects log-probabilities T×N×C (time first, the batch second) but receives ${fmtShape(x)}.`,
        { port: 'log_probs', fix: 'Make the network end in N×C×T (e.g. a Conv1d or a conv squeezed to one row), then Permute with dims (2, 0, 1) and LogSoftmax(dim=2).' });
    }
    const k = l.numClasses;
    if (x[2] !== k + 1) {
      throw new GraphIssue('loss_input', `${name} needs ${k + 1} scores per time step (the ${classesWord(k)} + the blank) but receives ${x[2]}.`,
        { port: 'log_probs', fix: `Set the number of output channels (or out_features) before the Permute to ${k + 1}.` });
    }
    if (params.blank !== 0) {
      throw new GraphIssue('invalid_param', `${name} has blank = ${params.blank}, but sequence labels use 0 for the blank (and the padding) and store the classes as 1…${k}.`,
        { param: 'blank', fix: 'Set blank to 0.' });
    }
    const s = labels!.shape[1];
    if (s !== undefined && x[0] < s) {
      throw new GraphIssue('loss_input', `${name} gets only ${x[0]} time steps, but label sequences can be ${s} long: CTC needs at least one step per label (more when a label repeats).`,
        { port: 'log_probs', fix: 'Keep more time steps (less pooling or stride along the sequence), or use shorter sequences.' });
    }
    const warnings = ins.log_probs.meaning === 'log_probabilities' ? [] : [new GraphIssue('loss_input',
      `${name} expects log-probabilities, but its input does not come from a LogSoftmax.`,
      { port: 'log_probs', fix: 'End the network with LogSoftmax(dim=2) after the Permute.' })];
    return { transform: 'ctc', accuracy: 'ctc_greedy', warnings };
  },
});
