// Small builders for test graphs.
import * as A from '../../core/graph/actions.ts';
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
