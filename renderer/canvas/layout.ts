/**
 * Auto-layout: elkjs's layered algorithm places the graph in one flow (top-to-bottom or left-to-right, ports ordered
 * as in the specs, blocks as nested boxes so their members stay together, parallel branches side by side). A long
 * flow is then folded into several columns (top-to-bottom) or rows (left-to-right) so it fits the canvas at a
 * readable zoom: every column reads top to bottom and the wire from the end of one column to the start of the next
 * runs through the gutter between them (see edge-route.ts). Returns new top-left positions for every node.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { GraphDocument } from '../../core/graph/types.ts';
import { getSpec } from '../../core/graph/catalogue/index.ts';
import { portShown } from '../state/port-visibility.ts';
import { DEFAULT_SIZE, type Direction } from './flow-model.ts';

let elk: InstanceType<typeof ELK> | null = null;

type Size = { width: number; height: number };
type Point = { x: number; y: number };

/** Space between folded columns (rows): room for the wires that run between them. */
export const FOLD_GUTTER = 110;
/** Spacing between consecutive layers along the flow: room for a shape label between port labels. */
const LAYER_GAP = { TB: 64, LR: 130 };

export interface LayoutOptions {
  /** The visible canvas (pixels), so the folding picks the column count that shows the graph largest. */
  viewport?: Size;
}

/** One flow through elkjs, no folding. */
async function layered(doc: GraphDocument, dir: Direction, sizes: ReadonlyMap<string, Size>): Promise<Record<string, Point>> {
  elk ??= new ELK();
  const horizontal = dir === 'LR';
  const layoutOptions = {
    'elk.algorithm': 'layered',
    'elk.direction': horizontal ? 'RIGHT' : 'DOWN',
    'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP[dir]),
    'elk.spacing.nodeNode': horizontal ? '48' : '56',
    'elk.spacing.edgeNode': '24',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.padding': '[top=48,left=24,bottom=24,right=24]',
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
    // Only the ports the node has under its params (a hidden port keeps its place while a wire still uses it).
    const wired = (p: { name: string }, inp: boolean) => doc.edges.some((e) => (inp ? e.target === n.id && e.targetPort === p.name : e.source === n.id && e.sourcePort === p.name));
    const ins = (spec?.inputs ?? []).filter((p) => portShown(n, p) || wired(p, true));
    const outs = (spec?.outputs ?? []).filter((p) => portShown(n, p) || wired(p, false));
    const ports = [
      ...ins.map((p, i) => ({ id: `${n.id}::in::${p.name}`, layoutOptions: { 'elk.port.side': side(true), 'elk.port.index': String(i) } })),
      ...outs.map((p, i) => ({ id: `${n.id}::out::${p.name}`, layoutOptions: { 'elk.port.side': side(false), 'elk.port.index': String(i) } })),
    ];
    boxOf(n.group).children!.push({ id: n.id, width: s.width, height: s.height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' } });
  }
  root.edges = doc.edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [`${e.source}::out::${e.sourcePort}`], targets: [`${e.target}::in::${e.targetPort}`] }));
  const laid = await elk.layout(root);
  const out: Record<string, Point> = {};
  const walk = (node: ElkNode, ox: number, oy: number) => {
    for (const c of node.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      if (c.id.startsWith('__group:')) walk(c, x, y);
      else out[c.id] = { x, y };
    }
  };
  walk(laid, 0, 0);
  return out;
}

interface Band { start: number; end: number; ids: string[] }

/**
 * Splits the flow into bands across the main axis that a fold may separate: nodes whose extents overlap along the
 * flow share a band, and so do all members of a block (a block is never cut in two).
 */
function bands(doc: GraphDocument, pos: Record<string, Point>, sizeOf: (id: string) => Size, main: 'x' | 'y'): Band[] {
  const len = (id: string) => (main === 'y' ? sizeOf(id).height : sizeOf(id).width);
  const items: Band[] = doc.nodes.filter((n) => pos[n.id]).map((n) => ({ start: pos[n.id][main], end: pos[n.id][main] + len(n.id), ids: [n.id] }));
  // A block spans from its first to its last member, plus its frame.
  for (const g of doc.groups) {
    const members = doc.nodes.filter((n) => {
      for (let cur = n.group; cur; cur = doc.groups.find((x) => x.id === cur)?.parent) if (cur === g.id) return true;
      return false;
    }).filter((n) => pos[n.id]);
    if (members.length === 0) continue;
    items.push({ start: Math.min(...members.map((m) => pos[m.id][main])) - 48, end: Math.max(...members.map((m) => pos[m.id][main] + len(m.id))) + 18, ids: [] });
  }
  items.sort((a, b) => a.start - b.start);
  const out: Band[] = [];
  for (const it of items) {
    const last = out.at(-1);
    if (last && it.start < last.end) {
      last.end = Math.max(last.end, it.end);
      last.ids.push(...it.ids);
    } else {
      out.push({ start: it.start, end: it.end, ids: [...it.ids] });
    }
  }
  return out.filter((b) => b.ids.length > 0 || out.length === 1);
}

/** Cuts the bands into at most `k` consecutive segments with the shortest longest segment (greedy on a bound). */
function partition(list: readonly Band[], k: number): Band[][] {
  const spanOf = (seg: readonly Band[]) => seg[seg.length - 1].end - seg[0].start;
  const greedy = (limit: number): Band[][] => {
    const segs: Band[][] = [];
    for (const b of list) {
      const cur = segs.at(-1);
      if (cur && spanOf([...cur, b]) <= limit) cur.push(b);
      else segs.push([b]);
    }
    return segs;
  };
  let lo = Math.max(...list.map((b) => b.end - b.start));
  let hi = spanOf(list);
  for (let i = 0; i < 30 && hi - lo > 1; i++) {
    const mid = (lo + hi) / 2;
    if (greedy(mid).length <= k) hi = mid;
    else lo = mid;
  }
  return greedy(hi);
}

/**
 * Folds a laid-out flow into columns (TB) or rows (LR) when that shows it larger in the viewport. Nodes alone in
 * their band are centred on the column's axis, so a chain reads as one straight line.
 */
function fold(doc: GraphDocument, pos: Record<string, Point>, dir: Direction, sizeOf: (id: string) => Size, viewport: Size): Record<string, Point> {
  const main = dir === 'TB' ? 'y' : 'x';
  const cross = dir === 'TB' ? 'x' : 'y';
  const crossLen = (id: string) => (dir === 'TB' ? sizeOf(id).width : sizeOf(id).height);
  const list = bands(doc, pos, sizeOf, main);
  if (list.length < 4) return pos;
  const viewMain = dir === 'TB' ? viewport.height : viewport.width;
  const viewCross = dir === 'TB' ? viewport.width : viewport.height;
  const crossSpan = (seg: readonly Band[]) => {
    const ids = seg.flatMap((b) => b.ids);
    return Math.max(...ids.map((id) => pos[id][cross] + crossLen(id))) - Math.min(...ids.map((id) => pos[id][cross]));
  };
  // The column count whose result fits the viewport at the largest zoom (capped at 1: never fold more than needed).
  let best: { zoom: number; segs: Band[][] } | null = null;
  for (let k = 1; k <= Math.min(6, list.length); k++) {
    const segs = partition(list, k);
    if (best && segs.length === best.segs.length) continue;
    const mainSpan = Math.max(...segs.map((s) => s[s.length - 1].end - s[0].start));
    const crossTotal = segs.reduce((sum, s) => sum + crossSpan(s), 0) + FOLD_GUTTER * (segs.length - 1);
    const zoom = Math.min(1, viewMain / (mainSpan + 80), viewCross / (crossTotal + 80));
    if (!best || zoom > best.zoom * 1.15) best = { zoom, segs };
    // A flow that already reads well in one line stays one line.
    if (k === 1 && zoom >= 0.8) break;
  }
  if (!best || best.segs.length === 1) return pos;
  const out: Record<string, Point> = { ...pos };
  let offset = 0;
  for (const seg of best.segs) {
    // The axis: the median centre of the nodes that are alone in their band; those nodes are centred on it.
    const singles = seg.filter((b) => b.ids.length === 1).map((b) => pos[b.ids[0]][cross] + crossLen(b.ids[0]) / 2).sort((a, b) => a - b);
    const axis = singles.length > 0 ? singles[Math.floor(singles.length / 2)] : null;
    const startMain = seg[0].start;
    const placed = seg.flatMap((b) => b.ids.map((id) => ({
      id, main: pos[id][main] - startMain, cross: b.ids.length === 1 && axis !== null ? axis - crossLen(id) / 2 : pos[id][cross],
    })));
    const minCross = Math.min(...placed.map((p) => p.cross));
    const width = Math.max(...placed.map((p) => p.cross + crossLen(p.id))) - minCross;
    for (const p of placed) out[p.id] = { [main]: p.main, [cross]: p.cross - minCross + offset } as unknown as Point;
    offset += width + FOLD_GUTTER;
  }
  // Centring single nodes may push them out of the segment's left edge: shift the whole result to start at 0.
  const minX = Math.min(...Object.values(out).map((p) => p.x));
  const minY = Math.min(...Object.values(out).map((p) => p.y));
  for (const id of Object.keys(out)) out[id] = { x: out[id].x - minX, y: out[id].y - minY };
  return out;
}

/**
 * Lays out the document in direction `dir`. `sizes` are the measured node sizes (unmeasured nodes count as
 * DEFAULT_SIZE); with `viewport`, long flows are folded to fit it.
 */
export async function autoLayout(doc: GraphDocument, dir: Direction, sizes: ReadonlyMap<string, Size>,
  options: LayoutOptions = {}): Promise<Record<string, Point>> {
  const sizeOf = (id: string) => sizes.get(id) ?? DEFAULT_SIZE;
  let pos = await layered(doc, dir, sizes);
  pos = fold(doc, pos, dir, sizeOf, options.viewport ?? { width: 1100, height: 760 });
  const rounded: Record<string, Point> = {};
  for (const [id, p] of Object.entries(pos)) rounded[id] = { x: Math.round(p.x), y: Math.round(p.y) };
  return rounded;
}
