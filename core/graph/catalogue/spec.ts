/**
 * The shape of a catalogue entry. Layers are data: one NodeSpec per node kind drives the palette, the inspector,
 * validation, shape inference, the compiler and the code generator. Nothing outside the specs switches on a kind.
 */
import type { GraphNode, ParamValue, Shape } from '../types.ts';
import type { Tensor } from '../../tensor/tensor.ts';

export type Category =
  | 'Data' | 'Convolution' | 'Pooling' | 'Linear' | 'Activation' | 'Normalisation'
  | 'Merge' | 'Reshape' | 'Loss' | 'Optimizer';

export const CATEGORIES: readonly Category[] = [
  'Data', 'Linear', 'Convolution', 'Pooling', 'Activation', 'Normalisation', 'Merge', 'Reshape', 'Loss', 'Optimizer',
];

/**
 * Parameter types. `int2` is PyTorch's "int or (int, int)" (kernel_size, stride, padding), `int3` its
 * "int or (int, int, int)" (Conv3d: depth, height, width); `ints` a list of ints (a shape); `enum` a choice among
 * `options`.
 */
export type ParamType = 'int' | 'float' | 'bool' | 'enum' | 'int2' | 'int3' | 'ints' | 'string';

export interface ParamSpec {
  name: string;
  type: ParamType;
  default: ParamValue;
  /** One-line help shown in the inspector. */
  help: string;
  /** Inclusive lower bound (or lower bound for each entry of int2/ints). */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** The lower bound itself is not allowed (lr > 0). */
  exclusiveMin?: boolean;
  options?: readonly string[];
  /** "auto" is allowed: the value is filled from the inferred input shape. */
  auto?: boolean;
  /** null is allowed (e.g. stride=None means "same as kernel_size"). */
  nullable?: boolean;
  /** Extra values accepted for an int2 besides numbers (padding='same'). */
  keywords?: readonly string[];
  /** Show in the inspector only when another parameter has one of these values. */
  visibleWhen?: { param: string; oneOf: readonly ParamValue[] };
}

/** What flows along an edge: activations, the dataset's labels, or a loss value (loss → optimizer). */
export type PortKind = 'tensor' | 'labels' | 'loss';

export interface PortSpec {
  name: string;
  kind: PortKind;
  help: string;
  /** Accepts several incoming edges (Add, Concat, Multiply); their order is the document's edge order. */
  multiple?: boolean;
  /** May stay unconnected. */
  optional?: boolean;
  /**
   * The port exists only when a parameter has one of these values (MaxPool2d's `indices` output with
   * return_indices on); a connection to a hidden port is an error. Same meaning as ParamSpec.visibleWhen.
   */
  visibleWhen?: { param: string; oneOf: readonly ParamValue[] };
  /**
   * The port takes int64 indices, not float activations (Embedding's input, MaxUnpool2d's indices): `what` says
   * what the node does with them and `fix` where they come from, for the message when floats arrive. Every other
   * tensor port refuses int64 values (validate: checkIndexDtype in catalogue/util.ts).
   */
  indices?: { what: string; fix: string };
}

/** Whether a port exists under the node's current parameters (see PortSpec.visibleWhen). */
export function portVisible(port: PortSpec, params: Record<string, ParamValue>): boolean {
  const w = port.visibleWhen;
  return w === undefined || w.oneOf.some((v) => JSON.stringify(v) === JSON.stringify(params[w.param]));
}

/** How the dataset's labels are encoded; losses check their targets against this. */
export interface LabelInfo {
  /** 'index': class indices [N]; 'one_hot': float [N, C]; 'regression': float targets [N, k]. */
  format: 'index' | 'one_hot' | 'regression' | 'sequence';
  /** Number of classes (0 for regression). */
  numClasses: number;
}

/** What shape inference knows about a value flowing along an edge. */
export interface ValueInfo {
  shape: Shape;
  labels?: LabelInfo;
  /** Set by Flatten: the sample shape before flattening, so messages can say "400 (16×5×5)". */
  flattenedFrom?: Shape;
  /** What the values mean when an activation makes it clear: losses use it to catch a Softmax before CrossEntropy. */
  meaning?: 'probabilities' | 'log_probabilities' | 'probability' | 'non_negative';
  /** Set when the value is a tensor of int64 indices (MaxPool2d's indices), not float activations. */
  dtype?: 'int64';
  /** For int64 values: every one lies in [0, indexBound) (a token vocabulary; the plane size H·W a MaxPool2d indexed). */
  indexBound?: number;
}

/** Thrown by shape rules and parameter checks; validation turns it into a Diagnostic on the node. */
export class GraphIssue extends Error {
  readonly code: string;
  readonly fix?: string;
  readonly port?: string;
  readonly param?: string;
  constructor(code: string, message: string, where: { fix?: string; port?: string; param?: string } = {}) {
    super(message);
    this.name = 'GraphIssue';
    this.code = code;
    this.fix = where.fix;
    this.port = where.port;
    this.param = where.param;
  }
}

export interface InferContext {
  node: GraphNode;
  /** Parameters with defaults filled in (still possibly "auto"). */
  params: Record<string, ParamValue>;
  /** Per input port, the values of the connected sources, in edge order. */
  inputs: Record<string, ValueInfo[]>;
  /** "Linear 'fc1'": how messages name this node. */
  label: string;
  /**
   * Where rules put errors that do not stop inference (a wrong in_features still lets the output shape be known,
   * so the canvas keeps showing shapes downstream). When absent, such errors are thrown.
   */
  deferred?: GraphIssue[];
}

export interface InferResult {
  outputs: Record<string, ValueInfo>;
  /** Parameters as the compiler must use them ("auto" replaced). */
  resolved?: Record<string, ParamValue>;
  /** Non-fatal findings (e.g. a CrossEntropy with more outputs than classes). */
  warnings?: GraphIssue[];
}

/** One constructor argument, as both TypeScript (`new nn.Conv2d(1, 6, 5)`) and Python (`nn.Conv2d(1, 6, kernel_size=5)`) need it. */
export interface CtorArg {
  name: string;
  value: ParamValue;
  /** A keyword argument: goes into the trailing options object in TS, `name=value` in Python. */
  kw?: boolean;
  /** Keyword args equal to this default are left out of both calls. */
  default?: ParamValue;
  /** Positional in TS but printed `name=value` in Python for readability (kernel_size=5). */
  pyKw?: boolean;
  /** Print a whole number as a float literal (1.0) in Python. */
  float?: boolean;
  /** A Python keyword argument that our TS constructor takes positionally (`new nn.Dropout(0.5)`, `new nn.Flatten(1, -1)`). */
  tsPos?: boolean;
  /** A Python expression printed instead of the value (`epochs=EPOCHS`): values only known when the data is loaded. */
  py?: string;
}

/** A constructor call: `nn.<cls>(...)`, or a helper class the generated file defines itself (`custom`). */
export interface CtorCall {
  cls: string;
  args: CtorArg[];
  /** Not in torch.nn: the compiler uses core/graph/modules.ts, and the generated file defines the class. */
  custom?: boolean;
}

/** What a schedule needs to know about the run (OneCycleLR plans over every batch of every epoch). */
export interface ScheduleRun {
  epochs?: number;
  stepsPerEpoch?: number;
}

/** An LR scheduler call, and when it steps: after every batch (OneCycleLR) or every epoch (on a metric: ReduceLROnPlateau). */
export interface ScheduleCall extends CtorCall {
  interval: 'epoch' | 'batch';
  /** ReduceLROnPlateau: `scheduler.step(metric)` with the validation (else training) loss or accuracy. */
  monitor?: 'loss' | 'accuracy';
}

/** A parameter-free operation on several inputs (Add, Concat, Multiply), run inline by the graph module. */
export interface Functional {
  forward(inputs: Tensor[], params: Record<string, ParamValue>): Tensor;
  /** The Python expression over the input variable names. */
  python(inputs: string[], params: Record<string, ParamValue>): string;
}

/**
 * How a loss node turns the dataset's labels into the target its PyTorch class expects: as is, float, a float
 * column [N,1], one-hot, ±1 (`2·y − 1`, for 2-class labels; `sign_column` as [N,1]), or MultiLabelMarginLoss's
 * class indices padded with −1 ([N,C] int64). 'ctc': sequence labels [N,S] (classes stored +1, 0 = padding, as
 * CTC's blank 0) become three arguments: targets [N,S], input_lengths (T for every sample), target_lengths.
 */
export type TargetTransform = 'none' | 'float' | 'float_column' | 'one_hot' | 'sign' | 'sign_column' | 'margin_indices' | 'ctc';

/**
 * A loss node. Its input ports are its PyTorch call arguments in order (`MarginRankingLoss(input1, input2, target)`,
 * `GaussianNLLLoss(input, target, var)`): tensor ports are fed by the network (the model returns their values, as a
 * tuple when there are several), at most one labels port by the Dataset's y through the target transform. The port
 * order is the one place that knows the argument order; compile, the trainers and the generated code follow it.
 */
export interface LossSpec {
  /**
   * Checks the tensor inputs (by port name) against each other and against the labels (undefined when the loss has
   * no labels port), throwing a GraphIssue when they do not fit; returns how to convert the labels into the target,
   * and how accuracy is measured on the first tensor input: argmax over classes, logits > 0, probabilities > 0.5,
   * sign (output > 0 vs target > 0), greedy CTC decoding (the whole sequence must match), or none.
   */
  target(inputs: Record<string, ValueInfo>, labels: ValueInfo | undefined, label: string, params?: Record<string, ParamValue>): TargetPlan;
}

/** 'rank': the pair is ordered right, (input1 − input2) has the sign of the ±1 target (MarginRankingLoss). */
export type AccuracyRule = 'argmax' | 'logit' | 'probability' | 'sign' | 'rank' | 'ctc_greedy' | 'none';

export interface TargetPlan {
  transform: TargetTransform;
  accuracy: AccuracyRule;
  warnings?: GraphIssue[];
}

export interface NodeSpec {
  kind: string;
  category: Category;
  /** Short title for the palette ("2-D convolution"). */
  title: string;
  /** What it computes, for learners. */
  description: string;
  /** The formula it applies / its output size rule, for learners. */
  formula: string;
  /** The PyTorch class it becomes ("nn.Conv2d"), or "" for nodes that are not modules (Dataset). */
  torchClass: string;
  /** Prefix of the default node name ("conv" → conv1, conv2 …). */
  namePrefix: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  params: ParamSpec[];
  /** Shape rule: output values from input values, as PyTorch computes them (NCHW). Throws GraphIssue. */
  infer(ctx: InferContext): InferResult;
  /** Learnable parameters by state_dict suffix ("weight" → [6, 1, 5, 5]), from resolved params. */
  parameters?(p: Record<string, ParamValue>): Record<string, Shape>;
  /** Buffers saved in the state_dict (BatchNorm running statistics). */
  buffers?(p: Record<string, ParamValue>): Record<string, Shape>;
  /** The module constructor, from resolved params (layers, activations, losses). */
  module?(p: Record<string, ParamValue>): CtorCall;
  /** Inline operation instead of a module (merge nodes). */
  functional?: Functional;
  /** Loss nodes. */
  loss?: LossSpec;
  /** Optimizer nodes: `optim.<cls>(model.parameters(), …)` and an optional scheduler. */
  optimizer?: {
    ctor(p: Record<string, ParamValue>, lrOverride: number | null): CtorCall;
    scheduler(p: Record<string, ParamValue>, run?: ScheduleRun): ScheduleCall | null;
  };
}
