/** Plain-data types that cross the worker boundary (structured-clone safe: no classes, no functions). */
import type { TensorStats } from './stats.ts';
import type { Diagnostic } from '../graph/types.ts';

export type SessionState = 'empty' | 'ready' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

export interface ParamSnapshot {
  /** state_dict key, e.g. "conv1.weight". */
  name: string;
  shape: number[];
  weight: TensorStats;
  grad: TensorStats | null;
}

export interface LayerSnapshot {
  /** Module path ("conv1", "res1.conv_a") and the graph node it came from. */
  path: string;
  nodeId: string;
  params: ParamSnapshot[];
  /** ‖∂loss/∂output‖ of the node's output on the last measured step: what the canvas draws on the outgoing edges. */
  outputGradNorm: number | null;
  /** Mean |∂loss/∂output| per element (comparable across layers of different sizes). */
  outputGradMeanAbs: number | null;
  /** Statistics of the node's output activations on the last measured step. */
  activation: TensorStats | null;
  /** 'vanishing' / 'exploding' when the gradient is outside healthy bounds. */
  flag: 'vanishing' | 'exploding' | null;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  seconds: number;
}

export interface StepPoint {
  step: number;
  loss: number;
  /** The learning rate this step used (schedules move it). */
  lr: number;
}

export interface ProgressSnapshot {
  state: SessionState;
  /** Optimizer steps taken in this run. */
  step: number;
  /** 1-based epoch in progress (or last finished). */
  epoch: number;
  epochs: number;
  /** Batches done in the current epoch, and how many it has. */
  batch: number;
  batchesPerEpoch: number;
  loss: number | null;
  /** Mean loss and accuracy over the current epoch so far. */
  epochLoss: number | null;
  epochAccuracy: number | null;
  lr: number;
  batchSize: number;
  samplesPerSecond: number;
  /** Estimated seconds until the run finishes. */
  secondsLeft: number | null;
  /** Per-step losses since the previous snapshot, for the live chart. */
  recent: StepPoint[];
  history: EpochRecord[];
  layers: LayerSnapshot[];
  /** Set when training paused itself because a loss or gradient stopped being finite. */
  nonFinite: { step: number; epoch: number; message: string; nodeId: string | null } | null;
  error: string | null;
}

export interface LoadResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  trainSamples: number;
  valSamples: number;
  testSamples: number;
  sampleShape: number[];
  numClasses: number;
  classNames: string[];
  parameterCount: number;
  notes: string[];
}

export interface Evaluation {
  split: 'train' | 'val' | 'test';
  loss: number;
  accuracy: number | null;
  /** confusion[true][pred] counts (classification only). */
  confusion: number[][] | null;
  perClassAccuracy: Array<number | null> | null;
}

export interface Prediction {
  index: number;
  label: number;
  predicted: number | null;
  /** Class probabilities (softmax of the outputs) or the regression output; empty for sequences. */
  output: number[];
  /** Sequence tasks (CTC): the greedy reading and the true sequence as text, and whether they match exactly. */
  predictedText?: string;
  labelText?: string;
  correct?: boolean;
}

export interface NodeTrace {
  nodeId: string;
  path: string;
  shape: number[];
  /** The values for the one sample (batch dim removed), float32. */
  activation: Float32Array;
  gradient: Float32Array | null;
  activationStats: TensorStats;
  gradientStats: TensorStats | null;
}

/** Bytes handed to the engine for datasets it cannot read itself. */
export interface DataBytes {
  mnist?: Uint8Array;
  csvText?: string;
  images?: Array<{ path: string; className: string; rgba: Uint8Array; width: number; height: number }>;
}
