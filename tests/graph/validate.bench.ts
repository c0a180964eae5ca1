// Benchmark (not a test): validation + shape inference of a 200-node graph must stay well under 50 ms so the
// canvas can re-run it on every edit. Run: npx vitest bench tests/graph/validate.bench.ts
import { bench, describe } from 'vitest';
import * as A from '../../core/graph/actions.ts';
import { validate } from '../../core/graph/validate.ts';
import type { GraphDocument } from '../../core/graph/types.ts';

/** A 200-node CNN: conv/bn/relu triples with residual Adds every few layers, then a Linear head. */
function bigGraph(): GraphDocument {
  let doc = A.emptyGraph('bench');
  const at = { x: 0, y: 0 };
  doc = A.addNode(doc, 'Dataset', at, { id: 'data', name: 'data', params: { dataset: 'mnist' } });
  doc = A.addNode(doc, 'Conv2d', at, { id: 'stem', name: 'stem', params: { out_channels: 8, kernel_size: 3, padding: 1 } });
  doc = A.connect(doc, { source: 'data', sourcePort: 'x', target: 'stem', targetPort: 'input' });
  let prev = 'stem';
  let i = 0;
  while (doc.nodes.length < 196) {
    const c = `c${i}`; const b = `b${i}`; const r = `r${i}`; const add = `a${i}`;
    doc = A.addNode(doc, 'Conv2d', at, { id: c, name: c, params: { out_channels: 8, kernel_size: 3, padding: 1 } });
    doc = A.addNode(doc, 'BatchNorm2d', at, { id: b, name: b });
    doc = A.addNode(doc, 'ReLU', at, { id: r, name: r });
    doc = A.addNode(doc, 'Add', at, { id: add, name: add });
    doc = A.connect(doc, { source: prev, sourcePort: 'output', target: c, targetPort: 'input' });
    doc = A.connect(doc, { source: c, sourcePort: 'output', target: b, targetPort: 'input' });
    doc = A.connect(doc, { source: b, sourcePort: 'output', target: r, targetPort: 'input' });
    doc = A.connect(doc, { source: r, sourcePort: 'output', target: add, targetPort: 'inputs' });
    doc = A.connect(doc, { source: prev, sourcePort: 'output', target: add, targetPort: 'inputs' });
    prev = add;
    i++;
  }
  doc = A.addNode(doc, 'Flatten', at, { id: 'flat', name: 'flat' });
  doc = A.addNode(doc, 'Linear', at, { id: 'fc', name: 'fc', params: { out_features: 10 } });
  doc = A.addNode(doc, 'CrossEntropyLoss', at, { id: 'loss', name: 'loss' });
  doc = A.addNode(doc, 'Adam', at, { id: 'opt', name: 'opt' });
  doc = A.connect(doc, { source: prev, sourcePort: 'output', target: 'flat', targetPort: 'input' });
  doc = A.connect(doc, { source: 'flat', sourcePort: 'output', target: 'fc', targetPort: 'input' });
  doc = A.connect(doc, { source: 'fc', sourcePort: 'output', target: 'loss', targetPort: 'input' });
  doc = A.connect(doc, { source: 'data', sourcePort: 'y', target: 'loss', targetPort: 'target' });
  doc = A.connect(doc, { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' });
  return doc;
}

const doc = bigGraph();
if (doc.nodes.length < 200 || !validate(doc).ok) throw new Error(`bench graph: ${doc.nodes.length} nodes, ok=${validate(doc).ok}`);

describe('validate', () => {
  bench('202-node residual CNN: validation + shape inference', () => {
    validate(doc);
  });
});
