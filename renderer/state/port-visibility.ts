/**
 * Ports that exist only for some parameter values (PortSpec.visibleWhen: MaxPool2d's `indices` output appears with
 * return_indices on). The canvas hides such ports, the connection rules refuse them, and a parameter change that
 * hides a connected port takes its wires away in the same undo step, saying so.
 */
import { getSpec, portVisible, type PortSpec } from '../../core/graph/catalogue/index.ts';
import type { GraphDocument, GraphEdge, GraphNode, ParamValue } from '../../core/graph/types.ts';

/** The node's parameters with the catalogue defaults filled in (what visibility rules are read against). */
export function resolvedParams(node: GraphNode): Record<string, ParamValue> {
  const spec = getSpec(node.kind);
  return { ...Object.fromEntries((spec?.params ?? []).map((p) => [p.name, p.default])), ...node.params };
}

/** Whether a port of the node exists under its current parameters. */
export function portShown(node: GraphNode, port: PortSpec): boolean {
  return port.visibleWhen === undefined || portVisible(port, resolvedParams(node));
}

/** A connected port that its node's parameters hide: what hides it, for messages. */
export interface HiddenPortEdge {
  edge: GraphEdge;
  node: GraphNode;
  port: PortSpec;
  side: 'input' | 'output';
}

/** Edges attached to a port that the parameters of its node hide. */
export function edgesOnHiddenPorts(doc: GraphDocument): HiddenPortEdge[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const out: HiddenPortEdge[] = [];
  for (const edge of doc.edges) {
    const s = byId.get(edge.source);
    const sp = s && getSpec(s.kind)?.outputs.find((p) => p.name === edge.sourcePort);
    if (s && sp && !portShown(s, sp)) {
      out.push({ edge, node: s, port: sp, side: 'output' });
      continue;
    }
    const tn = byId.get(edge.target);
    const tp = tn && getSpec(tn.kind)?.inputs.find((p) => p.name === edge.targetPort);
    if (tn && tp && !portShown(tn, tp)) out.push({ edge, node: tn, port: tp, side: 'input' });
  }
  return out;
}

/** "return_indices = True" — the setting that would show the port, for messages. */
export function showingCondition(port: PortSpec): string {
  const w = port.visibleWhen;
  if (!w) return '';
  const fmt = (v: ParamValue) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : v === null ? 'None' : Array.isArray(v) ? `(${v.join(', ')})` : String(v));
  return `${w.param} = ${w.oneOf.map(fmt).join(' / ')}`;
}
