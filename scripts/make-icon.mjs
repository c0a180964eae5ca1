#!/usr/bin/env node
// Draws the Netsketch icon (a small 2-3-1 network on a rounded square) as SVG and as a 512×512 PNG.
// One geometry feeds both files; the PNG is rasterised here with 4×4 supersampling and written with pngjs.
// Usage: node scripts/make-icon.mjs   (writes assets/icons/icon.svg and assets/icons/icon.png)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 512;
const RADIUS = 104;
const BG = [28, 31, 38];
const EDGE = [154, 163, 178];
const NODE = [240, 138, 36];
const OUT_NODE = [230, 232, 236];
const EDGE_WIDTH = 12;
const NODE_R = 38;

const layers = [
  [[128, 184], [128, 328]],
  [[256, 128], [256, 256], [256, 384]],
  [[384, 256]],
];
const edges = [];
for (let l = 0; l + 1 < layers.length; l++) {
  for (const a of layers[l]) for (const b of layers[l + 1]) edges.push([a, b]);
}
const nodes = layers.flatMap((layer, l) => layer.map((p) => ({ p, color: l === layers.length - 1 ? OUT_NODE : NODE })));

const hex = (c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

function svg() {
  const lines = edges.map(([a, b]) => `    <line x1="${a[0]}" y1="${a[1]}" x2="${b[0]}" y2="${b[1]}"/>`).join('\n');
  const circles = nodes.map(({ p, color }) => `  <circle cx="${p[0]}" cy="${p[1]}" r="${NODE_R}" fill="${hex(color)}"/>`).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <rect width="${SIZE}" height="${SIZE}" rx="${RADIUS}" fill="${hex(BG)}"/>
  <g stroke="${hex(EDGE)}" stroke-width="${EDGE_WIDTH}" stroke-linecap="round">
${lines}
  </g>
${circles}
</svg>
`;
}

function insideRoundedRect(x, y) {
  const cx = Math.min(Math.max(x, RADIUS), SIZE - RADIUS);
  const cy = Math.min(Math.max(y, RADIUS), SIZE - RADIUS);
  return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2;
}

function segmentDistance(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Colour at one sample point, or null when outside the icon (transparent). */
function sample(x, y) {
  if (!insideRoundedRect(x, y)) return null;
  for (const { p, color } of nodes) if ((x - p[0]) ** 2 + (y - p[1]) ** 2 <= NODE_R ** 2) return color;
  for (const [a, b] of edges) if (segmentDistance(x, y, a, b) <= EDGE_WIDTH / 2) return EDGE;
  return BG;
}

function png() {
  const image = new PNG({ width: SIZE, height: SIZE });
  const S = 4;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = sample(px + (sx + 0.5) / S, py + (sy + 0.5) / S);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
        }
      }
      const i = (py * SIZE + px) * 4;
      image.data[i] = a ? Math.round(r / a) : 0;
      image.data[i + 1] = a ? Math.round(g / a) : 0;
      image.data[i + 2] = a ? Math.round(b / a) : 0;
      image.data[i + 3] = Math.round((255 * a) / (S * S));
    }
  }
  return PNG.sync.write(image);
}

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'icons');
writeFileSync(path.join(outDir, 'icon.svg'), svg());
writeFileSync(path.join(outDir, 'icon.png'), png());
console.log(`wrote ${path.join(outDir, 'icon.svg')} and icon.png (${SIZE}×${SIZE})`);
