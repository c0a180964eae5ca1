/** The catalogue: every node kind, by name. The palette lists them by category in this order. */
import type { NodeSpec } from './spec.ts';
import { Dataset } from './data.ts';
import { Linear, Bilinear } from './linear.ts';
import { Embedding } from './embedding.ts';
import { Conv1d, Conv2d, Conv3d, ConvTranspose2d } from './conv.ts';
import { MaxPool2d, AvgPool2d, MaxPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool2d, MaxUnpool2d } from './pooling.ts';
import { BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm, Dropout, Dropout2d } from './normalisation.ts';
import * as A from './activation.ts';
import { Flatten, Unflatten, Reshape, Permute } from './reshape.ts';
import { Add, Multiply, Concat } from './merge.ts';
import * as L from './loss.ts';
import * as O from './optimizer.ts';

export * from './spec.ts';

const ALL: NodeSpec[] = [
  Dataset,
  Linear, Bilinear, Embedding,
  Conv2d, Conv1d, Conv3d, ConvTranspose2d,
  MaxPool2d, AvgPool2d, MaxPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool2d, MaxUnpool2d,
  A.ReLU, A.LeakyReLU, A.PReLU, A.ReLU6, A.ELU, A.SELU, A.GELU, A.SiLU, A.Mish, A.Sigmoid, A.Tanh, A.Hardtanh, A.Softplus,
  A.Softmax, A.LogSoftmax, A.Identity,
  BatchNorm2d, BatchNorm1d, LayerNorm, GroupNorm, Dropout, Dropout2d,
  Add, Concat, Multiply,
  Flatten, Unflatten, Reshape, Permute,
  L.CrossEntropyLoss, L.NLLLoss, L.BCEWithLogitsLoss, L.BCELoss, L.MSELoss, L.L1Loss, L.SmoothL1Loss, L.HuberLoss,
  L.MultiMarginLoss, L.MultiLabelSoftMarginLoss, L.KLDivLoss, L.PoissonNLLLoss,
  L.MultiLabelMarginLoss, L.SoftMarginLoss, L.HingeEmbeddingLoss, L.MarginRankingLoss, L.CosineEmbeddingLoss, L.TripletMarginLoss, L.GaussianNLLLoss,
  L.CTCLoss,
  O.SGD, O.Adam, O.AdamW, O.RMSprop, O.Adagrad, O.Adadelta, O.Adamax, O.NAdam, O.RAdam,
];

/** Node specs by kind. */
export const CATALOGUE: Readonly<Record<string, NodeSpec>> = Object.fromEntries(ALL.map((s) => [s.kind, s]));

export const NODE_KINDS: readonly string[] = ALL.map((s) => s.kind);

export function getSpec(kind: string): NodeSpec | undefined {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, kind) ? CATALOGUE[kind] : undefined;
}

/** Default parameter values of a kind. */
export function defaultParams(spec: NodeSpec) {
  return Object.fromEntries(spec.params.map((p) => [p.name, Array.isArray(p.default) ? [...p.default] : p.default]));
}
