/**
 * Copy and paste of graph fragments. A fragment is plain JSON (the selected nodes, the edges between them and the
 * blocks they sit in), so it travels through the system clipboard as text between documents, tabs and windows.
 * Pasting re-creates it with fresh ids and, where a name is taken, fresh names — as one document edit.
 */
import type { GraphDocument, GraphEdge, GraphGroup, GraphNode } from '../../core/graph/types.ts';
import { getSpec } from '../../core/graph/catalogue/index.ts';
import { nextId } from '../../core/graph/actions.ts';
import { uniqueName } from '../../core/graph/names.ts';

export const FRAGMENT_FORMAT = 'netsketch/fragment';

export interface Fragment {
  format: typeof FRAGMENT_FORMAT;
  version: 1;
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
}

/** The selected nodes (plus every member of selected blocks), the edges among them and their blocks. */
export function copyFragment(doc: GraphDocument, nodeIds: readonly string[], groupIds: readonly string[] = []): Fragment | null {
  const ids = new Set(nodeIds);
  if (groupIds.length > 0) {
    const inside = (g: string | undefined): boolean => {
      for (let cur = g; cur; cur = doc.groups.find((x) => x.id === cur)?.parent) if (groupIds.includes(cur)) return true;
      return false;
    };
    for (const n of doc.nodes) if (inside(n.group)) ids.add(n.id);
  }
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const used = new Set<string>();
  for (const n of nodes) for (let g = n.group; g && !used.has(g); g = doc.groups.find((x) => x.id === g)?.parent) used.add(g);
  const groups = doc.groups.filter((g) => used.has(g.id));
  return structuredClone({ format: FRAGMENT_FORMAT, version: 1, nodes, edges, groups });
}

/** Reads a fragment from clipboard text; null when the text is something else. */
export function parseFragment(text: string): Fragment | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  const f = v as Partial<Fragment> | null;
  if (!f || typeof f !== 'object' || f.format !== FRAGMENT_FORMAT || f.version !== 1) return null;
  if (!Array.isArray(f.nodes) || !Array.isArray(f.edges) || !Array.isArray(f.groups)) return null;
  const okNode = (n: GraphNode) => typeof n?.id === 'string' && typeof n.kind === 'string' && typeof n.name === 'string'
    && typeof n.params === 'object' && n.params !== null && typeof n.position?.x === 'number' && typeof n.position?.y === 'number';
  if (!f.nodes.every(okNode)) return null;
  return f as Fragment;
}

export interface PasteResult {
  doc: GraphDocument;
  nodeIds: string[];
  groupIds: string[];
}

/**
 * Adds a fragment to `doc`, shifted by `offset`, inside block `into` (or at the top level). Unknown kinds are
 * skipped; names already used get the kind's next free name.
 */
export function pasteFragment(doc: GraphDocument, frag: Fragment, offset: { x: number; y: number }, into?: string): PasteResult {
  const taken = new Set([...doc.nodes.map((n) => n.name), ...doc.groups.map((g) => g.name)]);
  let work: GraphDocument = doc;
  const groupMap = new Map<string, string>();
  const groups: GraphGroup[] = [];
  const inFragment = new Set(frag.groups.map((g) => g.id));
  for (const g of frag.groups) {
    const id = nextId(work, 'g');
    groupMap.set(g.id, id);
    const name = taken.has(g.name) ? uniqueName('block', taken) : g.name;
    taken.add(name);
    const made: GraphGroup = { id, name };
    groups.push(made);
    work = { ...work, groups: [...work.groups, made] };
  }
  for (const [i, g] of frag.groups.entries()) {
    const parent = g.parent && inFragment.has(g.parent) ? groupMap.get(g.parent) : into;
    if (parent) groups[i].parent = parent;
  }
  const nodeMap = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const n of frag.nodes) {
    const spec = getSpec(n.kind);
    if (!spec) continue;
    const id = nextId(work, 'n');
    nodeMap.set(n.id, id);
    const name = taken.has(n.name) ? uniqueName(spec.namePrefix, taken) : n.name;
    taken.add(name);
    const made: GraphNode = { id, kind: n.kind, name, params: structuredClone(n.params), position: { x: n.position.x + offset.x, y: n.position.y + offset.y } };
    const group = n.group && groupMap.has(n.group) ? groupMap.get(n.group) : into;
    if (group) made.group = group;
    nodes.push(made);
    work = { ...work, nodes: [...work.nodes, made] };
  }
  const edges: GraphEdge[] = [];
  for (const e of frag.edges) {
    const source = nodeMap.get(e.source);
    const target = nodeMap.get(e.target);
    if (!source || !target) continue;
    const made: GraphEdge = { id: nextId(work, 'e'), source, sourcePort: e.sourcePort, target, targetPort: e.targetPort };
    edges.push(made);
    work = { ...work, edges: [...work.edges, made] };
  }
  return { doc: work, nodeIds: nodes.map((n) => n.id), groupIds: groups.map((g) => g.id) };
}
