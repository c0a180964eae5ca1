/**
 * Graph edits as pure actions: each takes a document and returns a new one (the input is never changed), so the
 * editor can keep past documents for undo/redo and the same edit means the same thing from a menu, a shortcut or
 * the canvas. An edit that makes no sense (unknown node, invalid name) throws an ActionError with a teaching message.
 */
import type { GraphDocument, GraphEdge, GraphGroup, GraphNode, ParamValue, TrainingSettings } from './types.ts';
import { DEFAULT_TRAINING, GRAPH_SCHEMA_VERSION } from './types.ts';
import { defaultParams, getSpec } from './catalogue/index.ts';
import { nameProblem, uniqueName } from './names.ts';

export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

export function emptyGraph(name = 'Untitled'): GraphDocument {
  return { schemaVersion: GRAPH_SCHEMA_VERSION, name, nodes: [], edges: [], groups: [], training: { ...DEFAULT_TRAINING } };
}

function takenNames(doc: GraphDocument): Set<string> {
  return new Set([...doc.nodes.map((n) => n.name), ...doc.groups.map((g) => g.name)]);
}

/** A fresh id with the given prefix: n1, n2 … / e1 … / g1 …. */
export function nextId(doc: GraphDocument, prefix: string): string {
  const used = new Set<string>([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id), ...doc.groups.map((g) => g.id)]);
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

function node(doc: GraphDocument, id: string): GraphNode {
  const n = doc.nodes.find((x) => x.id === id);
  if (!n) throw new ActionError(`There is no node with id "${id}".`);
  return n;
}

export interface AddNodeOptions {
  id?: string;
  name?: string;
  params?: Record<string, ParamValue>;
  group?: string;
}

/** Adds a node of `kind` with default parameters and a fresh name (conv1, conv2 …). */
export function addNode(doc: GraphDocument, kind: string, position: { x: number; y: number }, opts: AddNodeOptions = {}): GraphDocument {
  const spec = getSpec(kind);
  if (!spec) throw new ActionError(`Unknown node kind "${kind}".`);
  const id = opts.id ?? nextId(doc, 'n');
  if (doc.nodes.some((n) => n.id === id)) throw new ActionError(`A node with id "${id}" already exists.`);
  const name = opts.name ?? uniqueName(spec.namePrefix, takenNames(doc));
  checkName(doc, name, null);
  const added: GraphNode = { id, kind, name, params: { ...defaultParams(spec), ...(opts.params ?? {}) }, position: { ...position } };
  if (opts.group) added.group = opts.group;
  return { ...doc, nodes: [...doc.nodes, added] };
}

/** Removes nodes and every edge touching them; groups left empty disappear. */
export function removeNodes(doc: GraphDocument, ids: readonly string[]): GraphDocument {
  const gone = new Set(ids);
  const nodes = doc.nodes.filter((n) => !gone.has(n.id));
  const edges = doc.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
  return pruneGroups({ ...doc, nodes, edges });
}

function pruneGroups(doc: GraphDocument): GraphDocument {
  let groups = doc.groups;
  for (;;) {
    const used = new Set<string>([...doc.nodes.map((n) => n.group ?? ''), ...groups.map((g) => g.parent ?? '')]);
    const kept = groups.filter((g) => used.has(g.id));
    if (kept.length === groups.length) break;
    groups = kept;
  }
  return groups === doc.groups ? doc : { ...doc, groups };
}

export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/**
 * Connects an output port to an input port. Connecting into a single-input port that is already connected replaces
 * the old edge (as dropping a wire does on the canvas); connecting the same ports twice changes nothing.
 */
export function connect(doc: GraphDocument, c: Connection, id?: string): GraphDocument {
  const s = node(doc, c.source);
  const t = node(doc, c.target);
  const ss = getSpec(s.kind);
  const ts = getSpec(t.kind);
  if (ss && !ss.outputs.some((p) => p.name === c.sourcePort)) {
    throw new ActionError(`${s.kind} '${s.name}' has no output port "${c.sourcePort}" (it has: ${ss.outputs.map((p) => p.name).join(', ') || 'none'}).`);
  }
  const tp = ts?.inputs.find((p) => p.name === c.targetPort);
  if (ts && !tp) {
    throw new ActionError(`${t.kind} '${t.name}' has no input port "${c.targetPort}" (it has: ${ts.inputs.map((p) => p.name).join(', ') || 'none'}).`);
  }
  if (c.source === c.target) throw new ActionError(`Cannot connect ${t.kind} '${t.name}' to itself.`);
  if (doc.edges.some((e) => e.source === c.source && e.sourcePort === c.sourcePort && e.target === c.target && e.targetPort === c.targetPort)) return doc;
  const edges = tp && !tp.multiple ? doc.edges.filter((e) => !(e.target === c.target && e.targetPort === c.targetPort)) : doc.edges;
  const edge: GraphEdge = { id: id ?? nextId(doc, 'e'), ...c };
  return { ...doc, edges: [...edges, edge] };
}

export function disconnect(doc: GraphDocument, edgeIds: readonly string[]): GraphDocument {
  const gone = new Set(edgeIds);
  return { ...doc, edges: doc.edges.filter((e) => !gone.has(e.id)) };
}

/** Sets one parameter (validation reports out-of-range values; unknown parameter names are refused). */
export function setParam(doc: GraphDocument, nodeId: string, param: string, value: ParamValue): GraphDocument {
  const n = node(doc, nodeId);
  const spec = getSpec(n.kind);
  if (spec && !spec.params.some((p) => p.name === param)) {
    throw new ActionError(`${n.kind} '${n.name}' has no parameter "${param}" (it has: ${spec.params.map((p) => p.name).join(', ') || 'none'}).`);
  }
  const v = Array.isArray(value) ? [...value] : value;
  return { ...doc, nodes: doc.nodes.map((x) => (x.id === nodeId ? { ...x, params: { ...x.params, [param]: v } } : x)) };
}

function checkName(doc: GraphDocument, name: string, self: string | null): void {
  const problem = nameProblem(name);
  if (problem) throw new ActionError(`Cannot use that name: ${problem}. Names become Python attribute names and state_dict keys.`);
  const clash = doc.nodes.find((n) => n.name === name && n.id !== self) ?? doc.groups.find((g) => g.name === name && g.id !== self);
  if (clash) throw new ActionError(`The name '${name}' is already used; every node and block needs its own name.`);
}

/** Renames a node or a group (block). */
export function rename(doc: GraphDocument, id: string, name: string): GraphDocument {
  checkName(doc, name, id);
  if (doc.groups.some((g) => g.id === id)) return { ...doc, groups: doc.groups.map((g) => (g.id === id ? { ...g, name } : g)) };
  node(doc, id);
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, name } : n)) };
}

export function moveNodes(doc: GraphDocument, positions: Readonly<Record<string, { x: number; y: number }>>): GraphDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (positions[n.id] ? { ...n, position: { ...positions[n.id] } } : n)) };
}

/**
 * Groups nodes into a named block: they compile into one nested module (`name.conv1.weight`). The nodes must share
 * the same enclosing group; the new block is nested inside it.
 */
export function group(doc: GraphDocument, nodeIds: readonly string[], name?: string, id?: string): GraphDocument {
  if (nodeIds.length === 0) throw new ActionError('Select at least one node to group.');
  const members = nodeIds.map((i) => node(doc, i));
  const parents = new Set(members.map((n) => n.group));
  if (parents.size > 1) throw new ActionError('Only nodes inside the same block can be grouped together.');
  const gname = name ?? uniqueName('block', takenNames(doc));
  checkName(doc, gname, null);
  const gid = id ?? nextId(doc, 'g');
  const parent = members[0].group;
  const g: GraphGroup = { id: gid, name: gname, ...(parent ? { parent } : {}) };
  const set = new Set(nodeIds);
  return { ...doc, groups: [...doc.groups, g], nodes: doc.nodes.map((n) => (set.has(n.id) ? { ...n, group: gid } : n)) };
}

/** Dissolves a block: its nodes and sub-blocks move to the enclosing block (or the top level). */
export function ungroup(doc: GraphDocument, groupId: string): GraphDocument {
  const g = doc.groups.find((x) => x.id === groupId);
  if (!g) throw new ActionError(`There is no block with id "${groupId}".`);
  const lift = <T extends { group?: string }>(n: T): T => {
    if (n.group !== groupId) return n;
    const { group: _drop, ...rest } = n;
    return (g.parent ? { ...rest, group: g.parent } : rest) as T;
  };
  return {
    ...doc,
    nodes: doc.nodes.map(lift),
    groups: doc.groups.filter((x) => x.id !== groupId).map((x) => {
      if (x.parent !== groupId) return x;
      const { parent: _p, ...rest } = x;
      return g.parent ? { ...rest, parent: g.parent } : rest;
    }),
  };
}

export function setTraining(doc: GraphDocument, patch: Partial<TrainingSettings>): GraphDocument {
  return { ...doc, training: { ...doc.training, ...patch } };
}
