/**
 * Shapes per port of one node, for the hover card and the inspector: every input port the node has under its
 * parameters (several for Triplet/MarginRanking losses, each possibly unconnected) and every visible output
 * (MaxPool2d's `indices` beside `output`), with int64 values marked.
 */
import { getSpec, type ValueInfo } from '../../core/graph/catalogue/index.ts';
import { fmtShape } from '../../core/graph/catalogue/util.ts';
import type { GraphDocument } from '../../core/graph/types.ts';
import type { Analysis } from '../../core/graph/validate.ts';
import { portShown } from '../state/port-visibility.ts';

export interface PortShape {
  port: string;
  /** One text per incoming wire ("N×6×28×28", "N×16 · int64"); empty when nothing is connected. */
  values: string[];
  /** The port may stay unconnected (PortSpec.optional). */
  optional: boolean;
}

/** "N×6×14×14" ("scalar" for a loss value), plus " · int64" for index tensors; null when inference could not run. */
export function valueText(v: ValueInfo | undefined): string | null {
  if (!v) return null;
  const shape = v.shape.length === 0 ? 'scalar' : fmtShape(v.shape);
  return `${shape}${v.dtype === 'int64' ? ' · int64' : ''}`;
}

export function portShapes(doc: GraphDocument, analysis: Analysis, nodeId: string): { inputs: PortShape[]; outputs: PortShape[] } {
  const node = doc.nodes.find((n) => n.id === nodeId);
  const spec = node && getSpec(node.kind);
  if (!node || !spec) return { inputs: [], outputs: [] };
  const inputs = spec.inputs.filter((p) => portShown(node, p) || doc.edges.some((e) => e.target === nodeId && e.targetPort === p.name)).map((p) => ({
    port: p.name,
    optional: p.optional === true,
    values: doc.edges.filter((e) => e.target === nodeId && e.targetPort === p.name)
      .map((e) => valueText(analysis.nodes[e.source]?.outputs[e.sourcePort]) ?? '?'),
  }));
  const na = analysis.nodes[nodeId];
  const outputs = spec.outputs.filter((p) => portShown(node, p)).map((p) => {
    const text = valueText(na?.outputs[p.name]);
    return { port: p.name, optional: true, values: text ? [text] : [] };
  });
  return { inputs, outputs };
}
