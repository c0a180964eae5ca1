/**
 * The graph as an image, drawn from the document itself (node positions and measured sizes) rather than by
 * screenshotting the DOM: an SVG string, and a PNG rasterised from it through an <img> and a canvas.
 */
import type { GraphDocument } from '../../core/graph/types.ts';
import { getSpec } from '../../core/graph/catalogue/index.ts';
import { fmtShape } from '../../core/graph/catalogue/util.ts';
import type { Analysis } from '../../core/graph/validate.ts';
import { admitChips, type Chip } from './chip-registry.ts';
import { routeEdge, type Rect } from './edge-route.ts';
import { DEFAULT_SIZE, portViews, type Direction } from './flow-model.ts';

const PALETTES = {
  dark: { bg: '#14161b', node: '#232733', border: '#3a4150', text: '#e6e8ec', muted: '#9aa3b2', edge: '#7d8698', accent: '#f08a24', frame: '#2a2f3a', error: '#f05252' },
  light: { bg: '#f6f7f9', node: '#ffffff', border: '#c9ced8', text: '#1d2129', muted: '#5d6675', edge: '#8a93a3', accent: '#d66a00', frame: '#eceef2', error: '#d92d20' },
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ImageOptions {
  dir: Direction;
  theme: 'dark' | 'light';
  sizes: ReadonlyMap<string, { width: number; height: number }>;
}

/** An SVG document of the whole graph. */
export function graphToSvg(doc: GraphDocument, analysis: Analysis, opts: ImageOptions): string {
  const c = PALETTES[opts.theme];
  const size = (id: string) => opts.sizes.get(id) ?? DEFAULT_SIZE;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const pad = 40;
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  for (const n of doc.nodes) {
    const s = size(n.id);
    x0 = Math.min(x0, n.position.x); y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + s.width); y1 = Math.max(y1, n.position.y + s.height);
  }
  if (!Number.isFinite(x0)) { x0 = 0; y0 = 0; x1 = 200; y1 = 100; }
  x0 -= pad + 20; y0 -= pad + 30; x1 += pad + 20; y1 += pad + 20;
  const W = Math.ceil(x1 - x0);
  const H = Math.ceil(y1 - y0);
  const horizontal = opts.dir === 'LR';
  const portPoint = (nodeId: string, port: string, input: boolean) => {
    const n = byId.get(nodeId)!;
    const spec = getSpec(n.kind);
    // The same ports as the canvas draws (portViews), so wires leave from the same places.
    const wired = new Set(doc.edges.filter((e) => (input ? e.target === nodeId : e.source === nodeId)).map((e) => (input ? e.targetPort : e.sourcePort)));
    const ports = portViews(n, (input ? spec?.inputs : spec?.outputs) ?? [], wired);
    const i = Math.max(0, ports.findIndex((p) => p.name === port));
    const f = (i + 1) / (ports.length + 1);
    const s = size(nodeId);
    return horizontal
      ? { x: n.position.x + (input ? 0 : s.width), y: n.position.y + s.height * f }
      : { x: n.position.x + s.width * f, y: n.position.y + (input ? 0 : s.height) };
  };
  const parts: string[] = [];
  parts.push(`<rect x="${x0}" y="${y0}" width="${W}" height="${H}" fill="${c.bg}"/>`);
  // Block frames.
  for (const g of doc.groups) {
    const members = doc.nodes.filter((n) => {
      for (let cur = n.group; cur; cur = doc.groups.find((x) => x.id === cur)?.parent) if (cur === g.id) return true;
      return false;
    });
    if (members.length === 0) continue;
    const bx0 = Math.min(...members.map((n) => n.position.x)) - 18;
    const by0 = Math.min(...members.map((n) => n.position.y)) - 48;
    const bx1 = Math.max(...members.map((n) => n.position.x + size(n.id).width)) + 18;
    const by1 = Math.max(...members.map((n) => n.position.y + size(n.id).height)) + 18;
    parts.push(`<rect x="${bx0}" y="${by0}" width="${bx1 - bx0}" height="${by1 - by0}" rx="10" fill="${c.frame}" stroke="${c.border}" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${bx0 + 12}" y="${by0 + 20}" fill="${c.text}" font-weight="600" font-size="13">${esc(g.name)}</text>`);
  }
  // Edges with their shapes, routed around nodes as on the canvas.
  const obstacles: Rect[] = doc.nodes.map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, ...size(n.id) }));
  const chips: Array<Chip & { label: string }> = [];
  for (const e of doc.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    const a = portPoint(e.source, e.sourcePort, false);
    const b = portPoint(e.target, e.targetPort, true);
    const shape = analysis.edges[e.id];
    const label = shape ? fmtShape(shape) : null;
    const w = label ? label.length * 6.6 + 12 : 0;
    const outs = getSpec(byId.get(e.source)!.kind)?.outputs ?? [];
    const kind = outs.find((p) => p.name === e.sourcePort)?.kind;
    const lane = Math.max(0, outs.findIndex((p) => p.name === e.sourcePort));
    const targetLane = Math.max(0, (getSpec(byId.get(e.target)!.kind)?.inputs ?? []).findIndex((p) => p.name === e.targetPort));
    const indices = analysis.nodes[e.source]?.outputs[e.sourcePort]?.dtype === 'int64';
    // Lanes as on the canvas (TensorEdge): labels wires and later outputs beside the common lanes.
    const route = routeEdge(
      { ...a, side: horizontal ? 'right' : 'bottom', node: e.source },
      { ...b, side: horizontal ? 'left' : 'top', node: e.target },
      obstacles, { width: w, height: 18 }, kind === 'labels' ? 14 : lane > 0 ? Math.min(2, lane) * 26 : Math.min(4, targetLane) * 10,
    );
    const bad = analysis.diagnostics.some((x) => x.edgeId === e.id && x.severity === 'error');
    const dash = kind === 'labels' ? ' stroke-dasharray="5 4"' : kind === 'loss' ? ' stroke-dasharray="2 3"' : indices ? ' stroke-dasharray="1 4" stroke-linecap="round"' : '';
    parts.push(`<path d="${route.path}" fill="none" stroke="${bad ? c.error : c.edge}" stroke-width="1.6"${dash}/>`);
    if (label && (route.labelFits || bad)) chips.push({ id: e.id, x: route.labelX, y: route.labelY, width: w, height: 18, rank: bad ? 0 : 1, order: chips.length, label });
  }
  // Shape chips as on the canvas (chip-registry.ts): none covers another.
  const shown = admitChips(chips);
  for (const chip of chips) {
    if (shown.has(chip.id)) {
      const { label, width: w } = chip;
      const mx = chip.x;
      const my = chip.y;
      parts.push(`<rect x="${mx - w / 2}" y="${my - 9}" width="${w}" height="18" rx="9" fill="${c.bg}" stroke="${c.border}"/>`);
      parts.push(`<text x="${mx}" y="${my + 4}" fill="${c.muted}" font-size="11" text-anchor="middle" font-family="ui-monospace, Menlo, monospace">${esc(label)}</text>`);
    }
  }
  // Nodes.
  for (const n of doc.nodes) {
    const s = size(n.id);
    const spec = getSpec(n.kind);
    const na = analysis.nodes[n.id];
    const out = spec?.outputs[0] ? na?.outputs[spec.outputs[0].name] : undefined;
    const { x, y } = n.position;
    const bad = analysis.diagnostics.some((d) => d.nodeId === n.id && d.severity === 'error');
    parts.push(`<rect x="${x}" y="${y}" width="${s.width}" height="${s.height}" rx="8" fill="${c.node}" stroke="${bad ? c.error : c.border}"/>`);
    parts.push(`<rect x="${x}" y="${y}" width="4" height="${s.height}" rx="2" fill="${c.accent}"/>`);
    parts.push(`<text x="${x + 14}" y="${y + 22}" fill="${c.text}" font-weight="600" font-size="13">${esc(n.name)}</text>`);
    parts.push(`<text x="${x + s.width - 12}" y="${y + 22}" fill="${c.muted}" font-size="11" text-anchor="end">${esc(n.kind)}</text>`);
    if (out) parts.push(`<text x="${x + 14}" y="${y + s.height - 12}" fill="${c.muted}" font-size="11" font-family="ui-monospace, Menlo, monospace">${esc(fmtShape(out.shape))}</text>`);
    if (na && na.paramCount > 0) parts.push(`<text x="${x + s.width - 12}" y="${y + s.height - 12}" fill="${c.muted}" font-size="11" text-anchor="end">${na.paramCount.toLocaleString('en-US')}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="${x0} ${y0} ${W} ${H}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">\n<title>${esc(doc.name)}</title>\n${parts.join('\n')}\n</svg>\n`;
}

/** Rasterises an SVG string to PNG bytes at `scale`× its size. */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be loaded as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.width * scale));
    canvas.height = Math.max(1, Math.round(img.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas context');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas produced no PNG');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
