/** Canvas edits as pure functions over nodes and edges (the same whether from menu, shortcut or mouse). */
import type { Edge, Node } from '@xyflow/react';

export function selectAll<N extends Node>(nodes: readonly N[]): N[] {
  return nodes.map((n) => (n.selected ? n : { ...n, selected: true }));
}

/** Removes selected nodes, the edges touching them, and selected edges. */
export function deleteSelected<N extends Node>(nodes: readonly N[], edges: readonly Edge[]): { nodes: N[]; edges: Edge[] } {
  const removed = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
  return {
    nodes: nodes.filter((n) => !removed.has(n.id)),
    edges: edges.filter((e) => !e.selected && !removed.has(e.source) && !removed.has(e.target)),
  };
}

/** Copies the selected nodes (and edges between them) 40 px down-right; the copies become the selection. */
export function duplicateSelected<N extends Node>(nodes: readonly N[], edges: readonly Edge[], makeId: (old: string) => string): { nodes: N[]; edges: Edge[] } {
  const picked = nodes.filter((n) => n.selected);
  const ids = new Map(picked.map((n) => [n.id, makeId(n.id)]));
  const copies = picked.map((n) => ({ ...n, id: ids.get(n.id)!, selected: true, position: { x: n.position.x + 40, y: n.position.y + 40 } }));
  const edgeCopies = edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({ ...e, id: `${ids.get(e.source)}->${ids.get(e.target)}:${e.id}`, source: ids.get(e.source)!, target: ids.get(e.target)!, selected: false }));
  return {
    nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...copies],
    edges: [...edges, ...edgeCopies],
  };
}
