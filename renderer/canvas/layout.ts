/**
 * Auto-layout with elkjs (layered algorithm): left-to-right or top-to-bottom, ports ordered as in the specs, blocks
 * laid out as nested boxes so their members stay together. Returns new top-left positions for every node.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { GraphDocument } from '../../core/graph/types.ts';
import { getSpec } from '../../core/graph/catalogue/index.ts';
import { DEFAULT_SIZE, type Direction } from './flow-model.ts';

let elk: InstanceType<typeof ELK> | null = null;

export async function autoLayout(doc: GraphDocument, dir: Direction,
  sizes: ReadonlyMap<string, { width: number; height: number }>): Promise<Record<string, { x: number; y: number }>> {
  elk ??= new ELK();
  const horizontal = dir === 'LR';
  const layoutOptions = {
    'elk.algorithm': 'layered',
    'elk.direction': horizontal ? 'RIGHT' : 'DOWN',
    'elk.layered.spacing.nodeNodeBetweenLayers': horizontal ? '70' : '56',
    'elk.spacing.nodeNode': horizontal ? '40' : '48',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.padding': '[top=48,left=24,bottom=24,right=24]',
    // Long chains (LeNet has 15 layers) wrap into several rows/columns instead of one very long line.
    'elk.layered.wrapping.strategy': 'MULTI_EDGE',
    'elk.aspectRatio': horizontal ? '1.8' : '1.2',
  };
  const boxes = new Map<string, ElkNode>();
  const root: ElkNode = { id: '__root', layoutOptions, children: [], edges: [] };
  const boxOf = (groupId: string | undefined): ElkNode => {
    if (!groupId) return root;
    const existing = boxes.get(groupId);
    if (existing) return existing;
    const g = doc.groups.find((x) => x.id === groupId);
    const box: ElkNode = { id: `__group:${groupId}`, layoutOptions, children: [], edges: [] };
    boxes.set(groupId, box);
    boxOf(g?.parent).children!.push(box);
    return box;
  };
  for (const n of doc.nodes) {
    const spec = getSpec(n.kind);
    const s = sizes.get(n.id) ?? DEFAULT_SIZE;
    const side = (inp: boolean) => (horizontal ? (inp ? 'WEST' : 'EAST') : (inp ? 'NORTH' : 'SOUTH'));
    const ports = [
      ...(spec?.inputs ?? []).map((p, i) => ({ id: `${n.id}::in::${p.name}`, layoutOptions: { 'elk.port.side': side(true), 'elk.port.index': String(i) } })),
      ...(spec?.outputs ?? []).map((p, i) => ({ id: `${n.id}::out::${p.name}`, layoutOptions: { 'elk.port.side': side(false), 'elk.port.index': String(i) } })),
    ];
    boxOf(n.group).children!.push({ id: n.id, width: s.width, height: s.height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' } });
  }
  root.edges = doc.edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [`${e.source}::out::${e.sourcePort}`], targets: [`${e.target}::in::${e.targetPort}`] }));
  const laid = await elk.layout(root);
  const out: Record<string, { x: number; y: number }> = {};
  const walk = (node: ElkNode, ox: number, oy: number) => {
    for (const c of node.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      if (c.id.startsWith('__group:')) walk(c, x, y);
      else out[c.id] = { x: Math.round(x), y: Math.round(y) };
    }
  };
  walk(laid, 0, 0);
  return out;
}
