// The proof: for every example graph, the generated PyTorch file builds a model that loads our exported state_dict
// with strict=True and reproduces our outputs on a fixed batch within 1e-5; loss, optimizer hyperparameters and the
// learning-rate schedule agree too.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { parseGraph } from '../../core/graph/schema.ts';
import { requireTorch } from './torch.ts';
import { CATALOGUE } from '../../core/graph/catalogue/index.ts';
import type { GraphDocument, ParamValue } from '../../core/graph/types.ts';
import { proveAll } from './proof.ts';
import { chainGraph, lossGraph, type Layer } from './helpers.ts';
import * as A from '../../core/graph/actions.ts';

const EXAMPLES = new URL('../../assets/examples/', import.meta.url);
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort();

describe('generated PyTorch reproduces our outputs with our weights', () => {
  it('has examples to check', () => {
    requireTorch();
    expect(files).toEqual(expect.arrayContaining(['xor-mlp.json', 'spirals-mlp.json', 'mnist-mlp.json', 'lenet5-mnist.json',
      'small-cnn-bn-dropout.json', 'residual-block.json', 'two-branch-concat.json']));
  });

  it('every example', () => {
    requireTorch();
    proveAll(files.map((file) => [file, parseGraph(readFileSync(new URL(file, EXAMPLES), 'utf8')).doc]));
  });

  it('every loss and every optimizer (with each LR schedule) in the catalogue', () => {
    requireTorch();
    const docs: Array<[string, GraphDocument]> = [];
    for (const spec of Object.values(CATALOGUE)) {
      if (spec.loss) docs.push([spec.kind, proofLossGraph(spec.kind)]);
    }
    const schedules = ['StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LinearLR', 'ReduceLROnPlateau', 'OneCycleLR', 'none'];
    Object.values(CATALOGUE).filter((s) => s.optimizer).forEach((spec, i) => {
      docs.push([spec.kind, chainGraph({ dataset: 'spirals' }, [['fc', 'Linear', { out_features: 3 }]], 'CrossEntropyLoss', spec.kind,
        { scheduler: schedules[i % schedules.length], step_size: 2, gamma: 0.5, T_max: 3, milestones: [1, 3], start_factor: 0.25, total_iters: 3, weight_decay: 0.01, patience: 1, max_lr: 0.05 })]);
    });
    docs.push(['nested blocks', nestedBlocks()], ['bilinear', bilinear()], ['MultiLabelMarginLoss one-hot', proofLossGraph('MultiLabelMarginLoss', 'one_hot')]);
    proveAll(docs);
  });
});

/** A block holding a branch (Add) and a nested block: modules `outer.inner.conv_b`, GraphModule inside Sequential. */
function nestedBlocks(): GraphDocument {
  let doc = chainGraph({ dataset: 'mnist' }, [
    ['stem', 'Conv2d', { out_channels: 3, kernel_size: 3, stride: 2 }], ['conv_a', 'Conv2d', { out_channels: 3, kernel_size: 3, padding: 1 }],
    ['conv_b', 'Conv2d', { out_channels: 3, kernel_size: 3, padding: 1 }], ['bn_b', 'BatchNorm2d'], ['merge', 'Add'],
    ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }],
  ]);
  doc = A.connect(doc, { source: 'conv_a', sourcePort: 'output', target: 'merge', targetPort: 'inputs' });
  doc = A.group(doc, ['conv_a', 'conv_b', 'bn_b', 'merge'], 'outer', 'g1');
  doc = A.group(doc, ['conv_b', 'bn_b'], 'inner', 'g2');
  return doc;
}

/** Two Linear branches of the input combined by a Bilinear layer (a module with two inputs). */
function bilinear(): GraphDocument {
  let doc = chainGraph({ dataset: 'spirals' }, [['a', 'Linear', { out_features: 4 }]]);
  doc = A.removeNodes(doc, ['loss']);
  const add = (kind: string, id: string, params = {}) => { doc = A.addNode(doc, kind, { x: 0, y: 0 }, { id, name: id, params }); };
  const wire = (source: string, sourcePort: string, target: string, targetPort: string) => { doc = A.connect(doc, { source, sourcePort, target, targetPort }); };
  add('Linear', 'b', { out_features: 5 });
  add('Bilinear', 'mix', { out_features: 3 });
  add('CrossEntropyLoss', 'loss');
  wire('data', 'x', 'b', 'input');
  wire('a', 'output', 'mix', 'input1');
  wire('b', 'output', 'mix', 'input2');
  wire('mix', 'output', 'loss', 'input');
  wire('data', 'y', 'loss', 'target');
  wire('loss', 'loss', 'opt', 'loss');
  return doc;
}

/** The loss graph the proof uses for `kind` (its dataset, head, widths and hyperparameters below). */
function proofLossGraph(kind: string, labelFormat?: string): GraphDocument {
  if (kind === 'CTCLoss') return ctcGraph();
  const width = LOSS_WIDTH[kind] ?? 3;
  return lossGraph(kind, {
    dataset: { dataset: LOSS_DATA[kind] ?? 'spirals', label_format: labelFormat ?? LOSS_LABELS[kind] ?? 'index' },
    head: LOSS_HEADS[kind] ?? [['fc', 'Linear', { out_features: width }]], width, params: LOSS_PARAMS[kind] ?? {},
  });
}

/** digit_strings (N×1×28×112) → Conv2d(11, kernel 28×4, stride 4) → N×11×1×28 → Reshape [11, 28] → Permute → T×N×C → LogSoftmax → CTC. */
function ctcGraph(): GraphDocument {
  let doc = chainGraph({ dataset: 'digit_strings', samples: 40 }, [
    ['conv', 'Conv2d', { out_channels: 11, kernel_size: [28, 4], stride: [1, 4] }], ['seq', 'Reshape', { shape: [11, 28] }],
    ['perm', 'Permute', { dims: [2, 0, 1] }], ['logp', 'LogSoftmax', { dim: 2 }],
  ]);
  doc = A.removeNodes(doc, ['loss']);
  doc = A.addNode(doc, 'CTCLoss', { x: 0, y: 0 }, { id: 'loss', name: 'loss', params: { zero_infinity: true } });
  doc = A.connect(doc, { source: 'logp', sourcePort: 'output', target: 'loss', targetPort: 'log_probs' });
  doc = A.connect(doc, { source: 'data', sourcePort: 'y', target: 'loss', targetPort: 'targets' });
  return A.connect(doc, { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' });
}

const LOSS_HEADS: Record<string, Layer[]> = {
  NLLLoss: [['fc', 'Linear', { out_features: 3 }], ['logp', 'LogSoftmax']],
  KLDivLoss: [['fc', 'Linear', { out_features: 3 }], ['logp', 'LogSoftmax']],
  BCELoss: [['fc', 'Linear', { out_features: 3 }], ['prob', 'Sigmoid']],
};
const LOSS_LABELS: Record<string, string> = { BCELoss: 'one_hot', BCEWithLogitsLoss: 'one_hot' };
/** ±1 targets need 2-class labels; GaussianNLL regression targets. */
const LOSS_DATA: Record<string, string> = {
  HingeEmbeddingLoss: 'xor', SoftMarginLoss: 'xor', MarginRankingLoss: 'xor', CosineEmbeddingLoss: 'xor', GaussianNLLLoss: 'sine',
};
/** Outputs per sample of each tensor input (default 3: the spirals classes, or the embedding size). */
const LOSS_WIDTH: Record<string, number> = { HingeEmbeddingLoss: 1, SoftMarginLoss: 1, MarginRankingLoss: 1, GaussianNLLLoss: 1 };
/** Non-default hyperparameters, so the generated constructor calls are checked too. */
const LOSS_PARAMS: Record<string, Record<string, ParamValue>> = {
  HingeEmbeddingLoss: { margin: 0.5 }, MarginRankingLoss: { margin: 0.5 }, CosineEmbeddingLoss: { margin: 0.2 },
  TripletMarginLoss: { margin: 0.5, p: 1.5, swap: true }, GaussianNLLLoss: { full: true, eps: 0.001 },
};

