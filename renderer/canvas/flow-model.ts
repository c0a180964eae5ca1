/**
 * The React Flow view of a graph document: layer nodes, block (group) frames or collapsed blocks, and tensor
 * edges, all derived from the document and its analysis. Node and edge `data` are plain JSON (no callbacks);
 * everything shown is read from the catalogue specs, so nothing here switches on a node kind.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Diagnostic, GraphDocument, GraphNode, ParamValue, Severity } from '../../core/graph/types.ts';
import { getSpec, type ParamSpec, type PortKind, type PortSpec } from '../../core/graph/catalogue/index.ts';
import type { Analysis } from '../../core/graph/validate.ts';
import { fmtShape } from '../../core/graph/catalogue/util.ts';
import type { Selection } from '../state/editor-store.ts';
import { portShown } from '../state/port-visibility.ts';

export type Direction = 'LR' | 'TB';

export interface PortView {
  name: string;
  kind: PortKind;
  help: string;
  /**
   * The node's parameters hide this port (PortSpec.visibleWhen) but a wire is still attached (a file saved that
   * way): it is drawn flagged so the wire has somewhere to end and the user sees what to fix.
   */
  hidden?: boolean;
}

export interface Problem {
  severity: Severity;
  message: string;
  fix?: string;
}

export interface LayerData extends Record<string, unknown> {
  kind: string;
  name: string;
  title: string;
  category: string;
  /** "out_channels 6" … the parameters worth seeing on the canvas. */
  keyParams: { name: string; value: string }[];
  inputs: PortView[];
  outputs: PortView[];
  /** Output shape of the first output port ("N×6×28×28"), or null when unknown. */
  shape: string | null;
  paramCount: number | null;
  problems: Problem[];
  dir: Direction;
}

export interface BlockData extends Record<string, unknown> {
  groupId: string;
  name: string;
  collapsed: boolean;
  members: number;
  paramCount: number;
  problems: Problem[];
  dir: Direction;
}

export interface EdgeData extends Record<string, unknown> {
  /** Shape of the tensor on the wire ("N×16×5×5"). */
  shape: string | null;
  problems: Problem[];
  /** The graph node the value comes from (the live gradient colour is keyed by it). */
  sourceNode: string;
  portKind: PortKind;
  sourceName: string;
  targetName: string;
  /** The wire carries int64 indices (MaxPool2d's `indices`): drawn dotted, its own lane. */
  indices?: boolean;
  /** Position of the source port among the node's outputs (0 for the first): later ports take their own lanes. */
  lane?: number;
  /** Position of the target port among the target's inputs: wires into a triplet loss's three ports run apart. */
  targetLane?: number;
  /** An end of the wire is a named port with its label beside it: the shape chip keeps clear of that label. */
  labelledEnd?: boolean;
  /** Position of the edge in the document (ties between shape chips go to the earlier wire). */
  order?: number;
}

export type LayerFlowNode = Node<LayerData, 'layer'>;
export type BlockFlowNode = Node<BlockData, 'block'>;
export type FlowNode = LayerFlowNode | BlockFlowNode;
export type FlowEdge = Edge<EdgeData, 'tensor'>;

export interface ViewOptions {
  dir: Direction;
  /** Collapsed block ids. */
  collapsed: ReadonlySet<string>;
  /** The block the user entered (only its contents are shown), or null for the whole graph. */
  scope: string | null;
  /** Measured node sizes by flow node id. */
  sizes: ReadonlyMap<string, { width: number; height: number }>;
}

export const BLOCK_PREFIX = 'block:';
export const blockNodeId = (groupId: string) => `${BLOCK_PREFIX}${groupId}`;
export const groupIdOf = (flowId: string) => (flowId.startsWith(BLOCK_PREFIX) ? flowId.slice(BLOCK_PREFIX.length) : null);

export const DEFAULT_SIZE = { width: 200, height: 110 };
const FRAME_PAD = 18;
const FRAME_HEADER = 30;

/**
 * The ports drawn for a node: those its parameters show, plus hidden ones that still carry a wire (flagged).
 * `wired` holds the names of the node's ports on that side that have an edge.
 */
export function portViews(node: GraphNode, ports: readonly PortSpec[], wired: ReadonlySet<string>): PortView[] {
  const out: PortView[] = [];
  for (const p of ports) {
    const shown = portShown(node, p);
    if (!shown && !wired.has(p.name)) continue;
    out.push({ name: p.name, kind: p.kind, help: p.help, ...(shown ? {} : { hidden: true }) });
  }
  return out;
}

function fmtValue(v: ParamValue): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return `(${v.join(', ')})`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** Whether a parameter is shown for the current values (its visibleWhen rule). */
export function isVisible(p: ParamSpec, params: Record<string, ParamValue>): boolean {
  if (!p.visibleWhen) return true;
  return p.visibleWhen.oneOf.some((v) => JSON.stringify(v) === JSON.stringify(params[p.visibleWhen!.param]));
}

/** Up to three parameters worth showing: the leading non-"auto" ones and any changed from the default. */
export function keyParams(node: GraphNode): { name: string; value: string }[] {
  const spec = getSpec(node.kind);
  if (!spec) return [];
  const params = { ...Object.fromEntries(spec.params.map((p) => [p.name, p.default])), ...node.params };
  const shown: { name: string; value: string }[] = [];
  let leading = 0;
  for (const p of spec.params) {
    if (!isVisible(p, params) || p.type === 'string') continue;
    const v = params[p.name];
    const changed = JSON.stringify(v) !== JSON.stringify(p.default);
    const lead = leading < 2 && v !== 'auto' && p.type !== 'bool';
    if (v !== 'auto' && p.type !== 'bool') leading++;
    if (changed || lead) shown.push({ name: p.name, value: fmtValue(v) });
    if (shown.length === 3) break;
  }
  return shown;
}

const problemOf = (d: Diagnostic): Problem => ({ severity: d.severity, message: d.message, ...(d.fix ? { fix: d.fix } : {}) });

/** Ancestors of a group, innermost first (the group itself included). */
function chain(doc: GraphDocument, groupId: string | undefined): string[] {
  const out: string[] = [];
  for (let g = groupId; g && !out.includes(g); g = doc.groups.find((x) => x.id === g)?.parent) out.push(g);
  return out;
}

/** Where a graph node is drawn: itself, the collapsed block hiding it, or nowhere (outside the entered block). */
function representative(doc: GraphDocument, n: GraphNode, view: ViewOptions): string | null {
  const groups = chain(doc, n.group);
  if (view.scope && !groups.includes(view.scope)) return null;
  const inner = view.scope ? groups.slice(0, groups.indexOf(view.scope)) : groups;
  // The outermost collapsed block inside the scope hides the node.
  for (let i = inner.length - 1; i >= 0; i--) if (view.collapsed.has(inner[i])) return blockNodeId(inner[i]);
  return n.id;
}

export interface FlowModel {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** Builds the React Flow nodes and edges for the document. `positions` overrides node positions (while dragging). */
export function toFlow(doc: GraphDocument, analysis: Analysis, selection: Selection, view: ViewOptions,
  positions: ReadonlyMap<string, { x: number; y: number }> = new Map()): FlowModel {
  const selNodes = new Set(selection.nodes);
  const selEdges = new Set(selection.edges);
  const selGroups = new Set(selection.groups);
  const nodeProblems = new Map<string, Problem[]>();
  const edgeProblems = new Map<string, Problem[]>();
  const groupProblems = new Map<string, Problem[]>();
  for (const d of analysis.diagnostics) {
    if (d.edgeId) edgeProblems.set(d.edgeId, [...(edgeProblems.get(d.edgeId) ?? []), problemOf(d)]);
    if (d.nodeId) nodeProblems.set(d.nodeId, [...(nodeProblems.get(d.nodeId) ?? []), problemOf(d)]);
    if (d.groupId) groupProblems.set(d.groupId, [...(groupProblems.get(d.groupId) ?? []), problemOf(d)]);
  }
  const posOf = (n: GraphNode) => positions.get(n.id) ?? n.position;
  const sizeOf = (id: string) => view.sizes.get(id) ?? DEFAULT_SIZE;

  const wiredIn = new Map<string, Set<string>>();
  const wiredOut = new Map<string, Set<string>>();
  const mark = (m: Map<string, Set<string>>, id: string, port: string) => {
    const set = m.get(id) ?? new Set<string>();
    set.add(port);
    m.set(id, set);
  };
  for (const e of doc.edges) {
    mark(wiredOut, e.source, e.sourcePort);
    mark(wiredIn, e.target, e.targetPort);
  }
  const none = new Set<string>();

  const layerNodes: LayerFlowNode[] = [];
  const rep = new Map<string, string | null>();
  const visibleByGroup = new Map<string, { x0: number; y0: number; x1: number; y1: number }>();
  const grow = (g: string, x0: number, y0: number, x1: number, y1: number) => {
    const b = visibleByGroup.get(g);
    visibleByGroup.set(g, b ? { x0: Math.min(b.x0, x0), y0: Math.min(b.y0, y0), x1: Math.max(b.x1, x1), y1: Math.max(b.y1, y1) } : { x0, y0, x1, y1 });
  };
  const collapsedAnchor = new Map<string, { x: number; y: number }>();
  const memberCount = new Map<string, number>();
  const groupParams = new Map<string, number>();
  for (const n of doc.nodes) {
    const r = representative(doc, n, view);
    rep.set(n.id, r);
    const na = analysis.nodes[n.id];
    for (const g of chain(doc, n.group)) {
      memberCount.set(g, (memberCount.get(g) ?? 0) + 1);
      groupParams.set(g, (groupParams.get(g) ?? 0) + (na?.paramCount ?? 0));
    }
    const p = posOf(n);
    if (r === n.id) {
      const spec = getSpec(n.kind);
      const first = spec?.outputs[0];
      const out = first ? na?.outputs[first.name] : undefined;
      const s = sizeOf(n.id);
      for (const g of chain(doc, n.group)) grow(g, p.x, p.y, p.x + s.width, p.y + s.height);
      layerNodes.push({
        id: n.id,
        type: 'layer',
        position: { ...p },
        selected: selNodes.has(n.id),
        ...(view.sizes.has(n.id) ? { measured: { ...view.sizes.get(n.id)! } } : {}),
        data: {
          kind: n.kind,
          name: n.name,
          title: spec?.title ?? n.kind,
          category: spec?.category ?? 'Unknown',
          keyParams: keyParams(n),
          inputs: portViews(n, spec?.inputs ?? [], wiredIn.get(n.id) ?? none),
          outputs: portViews(n, spec?.outputs ?? [], wiredOut.get(n.id) ?? none),
          shape: out ? fmtShape(out.shape) : null,
          paramCount: na ? na.paramCount : null,
          problems: nodeProblems.get(n.id) ?? [],
          dir: view.dir,
        },
      });
    } else if (r) {
      const gid = groupIdOf(r)!;
      const a = collapsedAnchor.get(gid);
      collapsedAnchor.set(gid, a ? { x: Math.min(a.x, p.x), y: Math.min(a.y, p.y) } : { ...p });
    }
  }

  // Blocks: frames around visible members, or one compact node when collapsed.
  const blockNodes: BlockFlowNode[] = [];
  const depth = (g: string) => chain(doc, g).length;
  const groupsOrdered = [...doc.groups].sort((a, b) => depth(b.id) - depth(a.id)); // innermost first: outer frames enclose inner ones
  for (const g of groupsOrdered) {
    const ancestors = chain(doc, g.id).slice(1);
    if (view.scope && !ancestors.includes(view.scope)) continue;
    const inner = view.scope ? ancestors.slice(0, ancestors.indexOf(view.scope)) : ancestors;
    if (inner.some((a) => view.collapsed.has(a))) continue;
    const collapsed = view.collapsed.has(g.id);
    const base = {
      id: blockNodeId(g.id),
      selected: selGroups.has(g.id),
      data: {
        groupId: g.id, name: g.name, collapsed, members: memberCount.get(g.id) ?? 0, paramCount: groupParams.get(g.id) ?? 0,
        problems: groupProblems.get(g.id) ?? [], dir: view.dir,
      },
    };
    if (collapsed) {
      const anchor = positions.get(blockNodeId(g.id)) ?? collapsedAnchor.get(g.id) ?? { x: 0, y: 0 };
      const s = view.sizes.get(blockNodeId(g.id));
      blockNodes.push({ ...base, type: 'block', position: anchor, ...(s ? { measured: { ...s } } : {}) });
    } else {
      const b = visibleByGroup.get(g.id);
      if (!b) continue;
      const d = ancestors.length;
      const pad = FRAME_PAD;
      const x = b.x0 - pad;
      const y = b.y0 - pad - FRAME_HEADER;
      const width = b.x1 - b.x0 + 2 * pad;
      const height = b.y1 - b.y0 + 2 * pad + FRAME_HEADER;
      for (const a of ancestors) grow(a, x, y, x + width, y + height);
      blockNodes.push({
        ...base, type: 'block', position: { x, y }, width, height, zIndex: -1 - (3 - Math.min(3, d)),
        measured: { width, height }, connectable: false,
      });
    }
  }

  const edges: FlowEdge[] = [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const [order, e] of doc.edges.entries()) {
    const s = rep.get(e.source);
    const tg = rep.get(e.target);
    if (!s || !tg || s === tg) continue;
    const sn = byId.get(e.source)!;
    const tn = byId.get(e.target)!;
    const outs = getSpec(sn.kind)?.outputs ?? [];
    const sp = outs.find((p) => p.name === e.sourcePort);
    const shape = analysis.edges[e.id];
    const lane = Math.max(0, outs.indexOf(sp!));
    const indices = analysis.nodes[e.source]?.outputs[e.sourcePort]?.dtype === 'int64';
    const ins = getSpec(tn.kind)?.inputs ?? [];
    const targetLane = Math.max(0, ins.findIndex((p) => p.name === e.targetPort));
    // As LayerNode labels its ports: several on a side, or names other than input/output.
    const labelled = (ports: readonly { name: string }[]) => ports.length > 1 || ports.some((p) => p.name !== 'input' && p.name !== 'output');
    const labelledEnd = labelled(ins) || labelled(outs);
    edges.push({
      id: e.id,
      type: 'tensor',
      source: s,
      target: tg,
      sourceHandle: s === e.source ? e.sourcePort : 'out',
      targetHandle: tg === e.target ? e.targetPort : 'in',
      selected: selEdges.has(e.id),
      data: {
        shape: shape ? fmtShape(shape) : null,
        problems: edgeProblems.get(e.id) ?? [],
        sourceNode: e.source,
        portKind: sp?.kind ?? 'tensor',
        sourceName: sn.name,
        targetName: tn.name,
        ...(indices ? { indices } : {}),
        ...(lane > 0 ? { lane } : {}),
        ...(targetLane > 0 ? { targetLane } : {}),
        ...(labelledEnd ? { labelledEnd } : {}),
        order,
      },
    });
  }
  return { nodes: [...blockNodes.filter((b) => !b.data.collapsed), ...layerNodes, ...blockNodes.filter((b) => b.data.collapsed)], edges };
}
