// Small builders for test graphs.
import * as A from '../../core/graph/actions.ts';
import { getSpec } from '../../core/graph/catalogue/index.ts';
import type { GraphDocument, ParamValue } from '../../core/graph/types.ts';

export type Layer = [name: string, kind: string, params?: Record<string, ParamValue>];

/** Dataset → layers… → loss (← Dataset.y) → optimizer. */
export function chainGraph(
  dataset: Record<string, ParamValue>, layers: Layer[],
  loss = 'CrossEntropyLoss', opt = 'Adam', optParams: Record<string, ParamValue> = {},
): GraphDocument {
  let doc = A.emptyGraph('test');
  doc = A.addNode(doc, 'Dataset', { x: 0, y: 0 }, { id: 'data', name: 'data', params: dataset });
  let prev = 'data';
  let port = 'x';
  for (const [name, kind, params] of layers) {
    doc = A.addNode(doc, kind, { x: 0, y: 0 }, { id: name, name, params: params ?? {} });
    doc = A.connect(doc, { source: prev, sourcePort: port, target: name, targetPort: ['Add', 'Concat', 'Multiply'].includes(kind) ? 'inputs' : 'input' });
    prev = name;
    port = 'output';
  }
  doc = A.addNode(doc, loss, { x: 0, y: 0 }, { id: 'loss', name: 'loss' });
  doc = A.connect(doc, { source: prev, sourcePort: port, target: 'loss', targetPort: 'input' });
  doc = A.connect(doc, { source: 'data', sourcePort: 'y', target: 'loss', targetPort: 'target' });
  doc = A.addNode(doc, opt, { x: 0, y: 0 }, { id: 'opt', name: 'opt', params: optParams });
  doc = A.connect(doc, { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' });
  return doc;
}

/**
 * data → fc0 (5) → act (Tanh) → head… feeding the loss's first tensor input; every further tensor input
 * (MarginRanking's input2, Triplet's positive/negative, GaussianNLL's var) gets its own Linear branch off `act`
 * (`b_<port>`, `widths[port]` or `width` outputs; var through a Softplus `var_pos` unless `rawVar`); y → the labels port.
 */
export function lossGraph(kind: string, o: {
  dataset: Record<string, ParamValue>; head?: Layer[]; width?: number; widths?: Record<string, number>;
  params?: Record<string, ParamValue>; rawVar?: boolean;
}): GraphDocument {
  const width = o.width ?? 3;
  const head = o.head ?? [['fc', 'Linear', { out_features: width }]];
  let doc = chainGraph(o.dataset, [['fc0', 'Linear', { out_features: 5 }], ['act', 'Tanh'], ...head]);
  doc = A.removeNodes(doc, ['loss']);
  doc = A.addNode(doc, kind, { x: 0, y: 0 }, { id: 'loss', name: 'loss', params: o.params ?? {} });
  let first = true;
  for (const p of getSpec(kind)!.inputs) {
    if (p.kind === 'labels') {
      doc = A.connect(doc, { source: 'data', sourcePort: 'y', target: 'loss', targetPort: p.name });
      continue;
    }
    let source = head[head.length - 1][0];
    if (!first) {
      source = `b_${p.name}`;
      doc = A.addNode(doc, 'Linear', { x: 0, y: 0 }, { id: source, name: source, params: { out_features: o.widths?.[p.name] ?? width } });
      doc = A.connect(doc, { source: 'act', sourcePort: 'output', target: source, targetPort: 'input' });
      if (p.name === 'var' && !o.rawVar) {
        doc = A.addNode(doc, 'Softplus', { x: 0, y: 0 }, { id: 'var_pos', name: 'var_pos' });
        doc = A.connect(doc, { source, sourcePort: 'output', target: 'var_pos', targetPort: 'input' });
        source = 'var_pos';
      }
    }
    doc = A.connect(doc, { source, sourcePort: 'output', target: 'loss', targetPort: p.name });
    first = false;
  }
  return A.connect(doc, { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' });
}

export const LENET: Layer[] = [
  ['conv1', 'Conv2d', { out_channels: 6, kernel_size: 5 }], ['relu1', 'ReLU'], ['pool1', 'MaxPool2d', { kernel_size: 2 }],
  ['conv2', 'Conv2d', { out_channels: 16, kernel_size: 5 }], ['relu2', 'ReLU'], ['pool2', 'MaxPool2d', { kernel_size: 2 }],
  ['flatten', 'Flatten'], ['fc1', 'Linear', { out_features: 120 }], ['relu3', 'ReLU'], ['fc2', 'Linear', { out_features: 84 }],
  ['relu4', 'ReLU'], ['fc3', 'Linear', { out_features: 10 }],
];

/** Deep-freezes a value, so a test fails if an action mutates its input. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}
