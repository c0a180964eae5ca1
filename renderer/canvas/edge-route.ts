/**
 * Wire routing around nodes. A wire between neighbouring layers is a smooth curve; when that curve would cut
 * through another node (a wire that skips layers, the fold from the end of one column to the top of the next, the
 * Dataset's labels going to the loss), it becomes an orthogonal route with rounded corners along a free lane
 * beside the nodes. Pure geometry (no React), so it is easy to test.
 */
import { createContext } from 'react';

export interface Rect { id: string; x: number; y: number; width: number; height: number }
export type Side = 'top' | 'right' | 'bottom' | 'left';
type P = { x: number; y: number };

/** The node rectangles (flow coordinates) wires should avoid; provided by the canvas. */
export const ObstaclesContext = createContext<readonly Rect[]>([]);

export interface Route {
  path: string;
  /** Where the shape label goes: the middle of the curve, or of the route's longest straight run. */
  labelX: number;
  labelY: number;
  /** Whether the route goes around nodes (orthogonal) rather than a direct curve. */
  routed: boolean;
}

const STUB = 18;
const CLEARANCE = 6;
const RADIUS = 8;

const dirOf = (side: Side): P => (side === 'top' ? { x: 0, y: -1 } : side === 'bottom' ? { x: 0, y: 1 } : side === 'left' ? { x: -1, y: 0 } : { x: 1, y: 0 });

function hitsRect(a: P, b: P, r: Rect, pad: number): boolean {
  const x0 = r.x - pad, x1 = r.x + r.width + pad, y0 = r.y - pad, y1 = r.y + r.height + pad;
  // Axis-aligned segments (all orthogonal routes) or a short sampled test for others.
  if (a.x === b.x) return a.x > x0 && a.x < x1 && Math.max(a.y, b.y) > y0 && Math.min(a.y, b.y) < y1;
  if (a.y === b.y) return a.y > y0 && a.y < y1 && Math.max(a.x, b.x) > x0 && Math.min(a.x, b.x) < x1;
  for (let i = 0; i <= 8; i++) {
    const x = a.x + ((b.x - a.x) * i) / 8, y = a.y + ((b.y - a.y) * i) / 8;
    if (x > x0 && x < x1 && y > y0 && y < y1) return true;
  }
  return false;
}

function cubic(s: P, c1: P, c2: P, t: P, u: number): P {
  const v = 1 - u;
  return {
    x: v * v * v * s.x + 3 * v * v * u * c1.x + 3 * v * u * u * c2.x + u * u * u * t.x,
    y: v * v * v * s.y + 3 * v * v * u * c1.y + 3 * v * u * u * c2.y + u * u * u * t.y,
  };
}

function curve(s: P, sd: P, t: P, td: P): { c1: P; c2: P } {
  const dist = Math.abs(sd.x !== 0 ? t.x - s.x : t.y - s.y);
  const k = Math.max(dist * 0.5, 30);
  return { c1: { x: s.x + sd.x * k, y: s.y + sd.y * k }, c2: { x: t.x + td.x * k, y: t.y + td.y * k } };
}

/** Rounded polyline through the points. */
function polyPath(pts: readonly P[]): string {
  let d = `M${pts[0].x} ${pts[0].y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const a = pts[i - 1], b = pts[i], c = pts[i + 1];
    const r = Math.min(RADIUS, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const p1 = { x: b.x - Math.sign(b.x - a.x) * r, y: b.y - Math.sign(b.y - a.y) * r };
    const p2 = { x: b.x + Math.sign(c.x - b.x) * r, y: b.y + Math.sign(c.y - b.y) * r };
    d += ` L${p1.x} ${p1.y} Q${b.x} ${b.y} ${p2.x} ${p2.y}`;
  }
  const last = pts[pts.length - 1];
  return `${d} L${last.x} ${last.y}`;
}

/** Drops repeated points and merges straight runs. */
function simplify(pts: readonly P[]): P[] {
  const out: P[] = [];
  for (const p of pts) {
    const last = out.at(-1);
    if (last && last.x === p.x && last.y === p.y) continue;
    const prev = out.at(-2);
    if (prev && last && ((prev.x === last.x && last.x === p.x) || (prev.y === last.y && last.y === p.y))) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

/**
 * The route of one wire from a source handle to a target handle. `obstacles` are the other nodes; the source and
 * target nodes (by id) are ignored except for the stubs leaving and entering them.
 */
export function routeEdge(source: P & { side: Side; node: string }, target: P & { side: Side; node: string }, obstacles: readonly Rect[],
  label: { width: number; height: number } = { width: 0, height: 0 }): Route {
  const others = obstacles.filter((r) => r.id !== source.node && r.id !== target.node);
  const sd = dirOf(source.side);
  const td = dirOf(target.side);
  const vertical = sd.y !== 0;
  // The plain curve, when it is clear of every other node and goes forward.
  const forward = vertical ? (target.y - source.y) * sd.y > 2 * STUB : (target.x - source.x) * sd.x > 2 * STUB;
  const { c1, c2 } = curve(source, sd, target, td);
  const samples = Array.from({ length: 25 }, (_, i) => cubic(source, c1, c2, target, i / 24));
  const curveClear = samples.every((p, i) => i === 0 || !others.some((r) => hitsRect(samples[i - 1], p, r, CLEARANCE)));
  if (forward && curveClear) {
    const mid = cubic(source, c1, c2, target, 0.5);
    return { path: `M${source.x} ${source.y} C${c1.x} ${c1.y} ${c2.x} ${c2.y} ${target.x} ${target.y}`, labelX: mid.x, labelY: mid.y, routed: false };
  }
  const crossRange = (a: number, b: number, r: Rect) => (vertical
    ? Math.max(a, b) > r.y && Math.min(a, b) < r.y + r.height
    : Math.max(a, b) > r.x && Math.min(a, b) < r.x + r.width);
  // Orthogonal: out of the source, along a lane across the flow, into the target.
  const s1 = { x: source.x + sd.x * STUB, y: source.y + sd.y * STUB };
  const t1 = { x: target.x + td.x * STUB, y: target.y + td.y * STUB };
  const lanes = new Set<number>();
  const key = vertical ? 'x' : 'y';
  lanes.add((s1[key] + t1[key]) / 2);
  lanes.add(s1[key]);
  lanes.add(t1[key]);
  for (const r of obstacles) {
    const lo = vertical ? r.x : r.y;
    const hi = vertical ? r.x + r.width : r.y + r.height;
    lanes.add(lo - 24);
    lanes.add(hi + 24);
  }
  const lanesSorted = [...lanes].sort((a, b) => a - b);
  // The gaps between neighbouring obstacles along the cross axis are lanes too (their middles).
  for (let i = 0; i + 1 < lanesSorted.length; i++) lanes.add((lanesSorted[i] + lanesSorted[i + 1]) / 2);
  let best: { pts: P[]; cost: number } | null = null;
  for (const lane of lanes) {
    const pts = vertical
      ? [source, s1, { x: lane, y: s1.y }, { x: lane, y: t1.y }, t1, target]
      : [source, s1, { x: s1.x, y: lane }, { x: t1.x, y: lane }, t1, target];
    let hits = 0;
    let length = 0;
    for (let i = 1; i < pts.length; i++) {
      length += Math.abs(pts[i].x - pts[i - 1].x) + Math.abs(pts[i].y - pts[i - 1].y);
      const ends = i === 1 || i === pts.length - 1; // the stubs touch their own nodes only
      if (!ends) hits += others.filter((r) => hitsRect(pts[i - 1], pts[i], r, CLEARANCE)).length;
      // The middle runs must not pass through the source or target node either.
      if (!ends) hits += obstacles.filter((r) => (r.id === source.node || r.id === target.node) && hitsRect(pts[i - 1], pts[i], r, 0)).length;
    }
    // Prefer lanes in the middle of a gap over lanes hugging a node (room for the label chip).
    const a = pts[2];
    const b = pts[3];
    let room = 60;
    for (const r of others) {
      if (!crossRange(vertical ? a.y : a.x, vertical ? b.y : b.x, r)) continue;
      const d = vertical ? Math.max(r.x - lane, lane - (r.x + r.width)) : Math.max(r.y - lane, lane - (r.y + r.height));
      room = Math.min(room, Math.max(0, d));
    }
    const cost = hits * 100000 + length + (60 - room) * 3;
    if (!best || cost < best.cost) best = { pts, cost };
  }
  const pts = simplify(best!.pts);
  const at = placeLabel(pts, vertical, others, label);
  return { path: polyPath(pts), labelX: at.x, labelY: at.y, routed: true };
}

/**
 * Where the label chip of a routed wire goes: on a run along the flow (the long lane) rather than across it, the
 * longest first, at the first spot from the middle outwards where the chip covers no node.
 */
function placeLabel(pts: readonly P[], vertical: boolean, others: readonly Rect[], label: { width: number; height: number }): P {
  const runs: { a: P; b: P; score: number }[] = [];
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1], b = pts[i];
    const len = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    const along = vertical ? a.x === b.x : a.y === b.y;
    runs.push({ a, b, score: len * (along ? 2 : 1) });
  }
  runs.sort((x, y) => y.score - x.score);
  const free = (c: P) => !others.some((r) => c.x + label.width / 2 + 2 > r.x && c.x - label.width / 2 - 2 < r.x + r.width
    && c.y + label.height / 2 + 2 > r.y && c.y - label.height / 2 - 2 < r.y + r.height);
  for (const run of runs) {
    for (const f of [0.5, 0.35, 0.65, 0.2, 0.8]) {
      const c = { x: run.a.x + (run.b.x - run.a.x) * f, y: run.a.y + (run.b.y - run.a.y) * f };
      if (free(c)) return c;
    }
  }
  const r = runs[0];
  return { x: (r.a.x + r.b.x) / 2, y: (r.a.y + r.b.y) / 2 };
}
