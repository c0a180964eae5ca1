// Editor responsiveness: validation + shape inference of a 200-node graph, which the canvas re-runs on every edit,
// must stay well under 50 ms (issue #5). Measured against a peer in the same run: a JSON round trip of the same
// document (what an undo snapshot or an autosave costs at least), and against the 50 ms budget.
import * as A from '../core/graph/actions.ts';
import { validate } from '../core/graph/validate.ts';
import type { GraphDocument } from '../core/graph/types.ts';

/** A 200-node CNN: conv/bn/relu triples with residual Adds every few layers, then a Linear head. */
export function bigGraph(): GraphDocument {
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

/** Median ms per call of `fn` over `rounds` rounds of `reps` calls each. */
function median(fn: () => void, rounds: number, reps: number): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    times.push((performance.now() - t0) / reps);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/** Prints the graph-validation table; returns ms per validation. */
export function runValidateBench(rounds: number): number {
  const doc = bigGraph();
  const a = validate(doc);
  if (doc.nodes.length < 200 || !a.ok) throw new Error(`bench graph: ${doc.nodes.length} nodes, ok=${a.ok}`);
  for (let i = 0; i < 5; i++) validate(doc); // warm-up
  const rs = Math.max(rounds, 5);
  const ms = median(() => validate(doc), rs, 20);
  const json = median(() => JSON.parse(JSON.stringify(doc)), rs, 20);
  console.log(`| workload | ms per call | ÷ JSON round trip | ÷ 50 ms budget |`);
  console.log(`|---|---|---|---|`);
  console.log(`| validate + shapes, ${doc.nodes.length} nodes / ${doc.edges.length} edges | ${ms.toFixed(2)} | ${(ms / json).toFixed(1)}× | ${(ms / 50).toFixed(3)}× |`);
  console.log(`| JSON.parse(JSON.stringify(doc)) (peer) | ${json.toFixed(2)} | 1.0× | ${(json / 50).toFixed(3)}× |`);
  return ms;
}
