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
  /** False when the wire is too short for its label chip without covering a node (the chip is then left out). */
  labelFits: boolean;
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
 * The route of one wire from a source handle to a target handle. `bias` shifts the wire's lanes off the common
 * ones (and its label towards its start), so a long wire of another kind (the Dataset's labels) runs beside the
 * fold wires instead of on top of them. `obstacles` are the other nodes; the source and
 * target nodes (by id) are ignored except for the stubs leaving and entering them.
 */
export function routeEdge(source: P & { side: Side; node: string }, target: P & { side: Side; node: string }, obstacles: readonly Rect[],
  label: { width: number; height: number } = { width: 0, height: 0 }, bias = 0): Route {
  // Whole pixels, so the straight runs of a route stay exactly horizontal or vertical.
  source = { ...source, x: Math.round(source.x), y: Math.round(source.y) };
  target = { ...target, x: Math.round(target.x), y: Math.round(target.y) };
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
    const path = `M${source.x} ${source.y} C${c1.x} ${c1.y} ${c2.x} ${c2.y} ${target.x} ${target.y}`;
    for (const u of [0.5, 0.42, 0.58]) {
      const at = cubic(source, c1, c2, target, u);
      if (chipFree(at, label, obstacles)) return { path, labelX: at.x, labelY: at.y, routed: false, labelFits: true };
    }
    const mid = cubic(source, c1, c2, target, 0.5);
    return { path, labelX: mid.x, labelY: mid.y, routed: false, labelFits: false };
  }
  // Orthogonal: out of the source, through the free space between nodes, into the target.
  const s1 = { x: source.x + sd.x * STUB, y: source.y + sd.y * STUB };
  const t1 = { x: target.x + td.x * STUB, y: target.y + td.y * STUB };
  const middle = gridRoute(s1, t1, vertical, obstacles, bias) ?? (vertical
    ? [s1, { x: (s1.x + t1.x) / 2, y: s1.y }, { x: (s1.x + t1.x) / 2, y: t1.y }, t1]
    : [s1, { x: s1.x, y: (s1.y + t1.y) / 2 }, { x: t1.x, y: (s1.y + t1.y) / 2 }, t1]);
  const pts = simplify([source, ...middle, target]);
  const at = placeLabel(pts, vertical, obstacles, label, bias);
  return { path: polyPath(pts), labelX: at.x, labelY: at.y, routed: true, labelFits: at.fits };
}

const BEND = 36;
const NEAR = 34;

/** A small binary heap of [cost, state] pairs. */
class Heap {
  private items: [number, number][] = [];
  get size() { return this.items.length; }
  push(item: [number, number]) {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (a[p][0] <= a[i][0]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): [number, number] {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && a[l][0] < a[m][0]) m = l;
        if (r < a.length && a[r][0] < a[m][0]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The shortest orthogonal path from `s1` to `t1` over a sparse grid of lanes beside and between the obstacles,
 * with a cost per bend and a small extra cost for running close along a node. Null when there is none.
 */
function gridRoute(s1: P, t1: P, vertical: boolean, obstacles: readonly Rect[], bias: number): P[] | null {
  const lanes = (pick: (r: Rect) => [number, number], a: number, b: number) => {
    const set = new Set<number>([Math.round(a), Math.round(b)]);
    for (const r of obstacles) {
      const [lo, hi] = pick(r);
      set.add(Math.round(lo - 20 - bias));
      set.add(Math.round(hi + 20 + bias));
    }
    const sorted = [...set].sort((x, y) => x - y);
    for (let i = 0; i + 1 < sorted.length; i++) set.add(Math.round((sorted[i] + sorted[i + 1]) / 2 + bias));
    return [...set].sort((x, y) => x - y);
  };
  const xs = lanes((r) => [r.x, r.x + r.width], s1.x, t1.x);
  const ys = lanes((r) => [r.y, r.y + r.height], s1.y, t1.y);
  const inside = (x: number, y: number) => obstacles.some((r) => x > r.x - CLEARANCE && x < r.x + r.width + CLEARANCE && y > r.y - CLEARANCE && y < r.y + r.height + CLEARANCE);
  const nx = xs.length;
  const ny = ys.length;
  const blocked = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) blocked[j * nx + i] = inside(xs[i], ys[j]) ? 1 : 0;
  const near = (a: P, b: P) => obstacles.some((r) => (a.x === b.x
    ? Math.max(a.y, b.y) > r.y && Math.min(a.y, b.y) < r.y + r.height && Math.min(Math.abs(a.x - r.x), Math.abs(a.x - r.x - r.width)) < NEAR
    : Math.max(a.x, b.x) > r.x && Math.min(a.x, b.x) < r.x + r.width && Math.min(Math.abs(a.y - r.y), Math.abs(a.y - r.y - r.height)) < NEAR));
  const si = xs.indexOf(Math.round(s1.x)), sj = ys.indexOf(Math.round(s1.y));
  const ti = xs.indexOf(Math.round(t1.x)), tj = ys.indexOf(Math.round(t1.y));
  // States: grid point × the axis we arrived along (0 horizontal, 1 vertical).
  const start = (sj * nx + si) * 2 + (vertical ? 1 : 0);
  const goalAxis = vertical ? 1 : 0;
  const dist = new Float64Array(nx * ny * 2).fill(Infinity);
  const prev = new Int32Array(nx * ny * 2).fill(-1);
  dist[start] = 0;
  const heap = new Heap();
  heap.push([0, start]);
  let found = -1;
  while (heap.size > 0) {
    const [d, st] = heap.pop();
    if (d > dist[st]) continue;
    const cell = st >> 1;
    const axis = st & 1;
    const i = cell % nx, j = (cell / nx) | 0;
    if (i === ti && j === tj) {
      found = st;
      if (axis === goalAxis) break;
    }
    for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const i2 = i + di, j2 = j + dj;
      if (i2 < 0 || j2 < 0 || i2 >= nx || j2 >= ny || blocked[j2 * nx + i2]) continue;
      const a = { x: xs[i], y: ys[j] }, b = { x: xs[i2], y: ys[j2] };
      const nAxis = di !== 0 ? 0 : 1;
      const len = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
      const cost = d + len * (near(a, b) ? 1.4 : 1) + (nAxis !== axis ? BEND : 0);
      const ns = (j2 * nx + i2) * 2 + nAxis;
      if (cost < dist[ns]) {
        dist[ns] = cost;
        prev[ns] = st;
        heap.push([cost, ns]);
      }
    }
  }
  if (si < 0 || ti < 0 || sj < 0 || tj < 0) return null;
  const goal = (tj * nx + ti) * 2;
  const end = dist[goal + goalAxis] <= dist[goal + 1 - goalAxis] + BEND ? goal + goalAxis : goal + 1 - goalAxis;
  if (!Number.isFinite(dist[end]) && found < 0) return null;
  const out: P[] = [];
  for (let st = end; st >= 0; st = prev[st]) {
    const cell = st >> 1;
    out.push({ x: xs[cell % nx], y: ys[(cell / nx) | 0] });
  }
  return out.reverse();
}
/**
 * Where the label chip of a routed wire goes: on a run along the flow (the long lane) rather than across it, the
 * longest first, at the first spot from the middle outwards where the chip covers no node.
 */
/** Whether a label chip centred at `c` stays clear of every node. */
function chipFree(c: P, label: { width: number; height: number }, rects: readonly Rect[]): boolean {
  return !rects.some((r) => c.x + label.width / 2 + 2 > r.x && c.x - label.width / 2 - 2 < r.x + r.width
    && c.y + label.height / 2 + 2 > r.y && c.y - label.height / 2 - 2 < r.y + r.height);
}

function placeLabel(pts: readonly P[], vertical: boolean, rects: readonly Rect[], label: { width: number; height: number }, bias: number): P & { fits: boolean } {
  // A wire in a side lane puts its chip towards its start, and wires in different lanes at different points.
  const early = bias !== 0;
  const shift = (Math.round(Math.abs(bias) / 10) % 3) * 0.1;
  const runs: { a: P; b: P; score: number }[] = [];
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1], b = pts[i];
    const len = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    const along = vertical ? a.x === b.x : a.y === b.y;
    runs.push({ a, b, score: len * (along ? 2 : 1) });
  }
  runs.sort((x, y) => y.score - x.score);
  for (const run of runs) {
    for (const f of early ? [0.25 + shift, 0.15 + shift, 0.35 + shift, 0.5, 0.7] : [0.5, 0.35, 0.65, 0.2, 0.8]) {
      const c = { x: run.a.x + (run.b.x - run.a.x) * f, y: run.a.y + (run.b.y - run.a.y) * f };
      if (chipFree(c, label, rects)) return { ...c, fits: true };
    }
  }
  const r = runs[0];
  return { x: (r.a.x + r.b.x) / 2, y: (r.a.y + r.b.y) / 2, fits: false };
}
