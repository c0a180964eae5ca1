// Readability checks of a drawn graph, shared by the layout and catalogue specs: nodes apart and on screen, no wire
// through a node, no long diagonal wire, shape labels clear of nodes, port names and each other.
import assert from 'node:assert/strict';

export const intersects = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
export const rectOf = (el) => {
  const r = el.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
};

/** Everything the checks need, measured in the page (screen pixels). */
export async function measure(page) {
  return page.evaluate(() => {
    const rect = (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const visible = (el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0;
    const nodes = [...document.querySelectorAll('[data-testid="layer-node"]')].map((el) => ({ name: el.dataset.name, ...rect(el) }));
    const edges = [...document.querySelectorAll('.react-flow__edge-path')].map((p) => {
      const m = p.getScreenCTM();
      const len = p.getTotalLength();
      const points = [];
      for (let d = 0; d <= len; d += 4) {
        const q = new DOMPoint(p.getPointAtLength(d).x, p.getPointAtLength(d).y).matrixTransform(m);
        points.push({ x: q.x, y: q.y, d, len });
      }
      return { id: p.closest('.react-flow__edge')?.getAttribute('data-id') ?? p.id, routed: p.classList.contains('is-routed'), box: rect(p), points };
    });
    const labels = [...document.querySelectorAll('[data-testid="edge-label"]')].filter(visible).map((el) => ({ text: el.textContent, ...rect(el) }));
    const ports = [...document.querySelectorAll('.port__label')].filter(visible).map((el) => ({ text: el.textContent, ...rect(el) }));
    const canvas = rect(document.querySelector('[data-testid="canvas"]'));
    const minimapEl = document.querySelector('.react-flow__minimap');
    const controlsEl = document.querySelector('.react-flow__controls');
    return { nodes, edges, labels, ports, canvas, minimap: minimapEl ? rect(minimapEl) : null, controls: controlsEl ? rect(controlsEl) : null };
  });
}

/** The readability checks shared by every template and window size. */
export function checkDrawing(m, where) {
  assert.ok(m.nodes.length > 0, `${where}: no nodes drawn`);
  const pairs = (list, fn) => list.forEach((a, i) => list.slice(i + 1).forEach((b) => fn(a, b)));
  pairs(m.nodes, (a, b) => assert.ok(!intersects(a, b), `${where}: nodes ${a.name} and ${b.name} overlap`));
  // Every node is inside the canvas after fit view, and clear of the minimap and the zoom buttons.
  for (const n of m.nodes) {
    assert.ok(n.x >= m.canvas.x && n.y >= m.canvas.y && n.x + n.width <= m.canvas.x + m.canvas.width && n.y + n.height <= m.canvas.y + m.canvas.height,
      `${where}: node ${n.name} is outside the visible canvas after fit view`);
    if (m.minimap) assert.ok(!intersects(n, m.minimap), `${where}: the minimap covers node ${n.name}`);
    if (m.controls) assert.ok(!intersects(n, m.controls), `${where}: the zoom buttons cover node ${n.name}`);
  }
  // No wire passes through a node (its own ends touch their nodes' borders only: the rectangles are shrunk a little).
  for (const e of m.edges) {
    for (const p of e.points) {
      if (p.d < 3 || p.d > p.len - 3) continue;
      const hit = m.nodes.find((n) => p.x > n.x + 3 && p.x < n.x + n.width - 3 && p.y > n.y + 3 && p.y < n.y + n.height - 3);
      assert.ok(!hit, `${where}: wire ${e.id} passes through node ${hit?.name} at (${Math.round(p.x)}, ${Math.round(p.y)})`);
    }
    // A wire that spans far in both directions is routed along lanes, never a long diagonal.
    const tall = Math.max(...m.nodes.map((n) => n.height));
    if (e.box.width > 2 * tall && e.box.height > 2 * tall) assert.ok(e.routed, `${where}: wire ${e.id} is a long diagonal (${Math.round(e.box.width)}×${Math.round(e.box.height)} px)`);
  }
  // Shape labels: clear of nodes, of port names and of each other.
  for (const l of m.labels) {
    for (const n of m.nodes) assert.ok(!intersects(l, n), `${where}: label ${l.text} covers node ${n.name}`);
    for (const p of m.ports) assert.ok(!intersects(l, p), `${where}: label ${l.text} covers the port name ${p.text}`);
  }
  pairs(m.labels, (a, b) => assert.ok(!intersects(a, b), `${where}: labels ${a.text} and ${b.text} overlap`));
}

/** Waits until the canvas stops moving (a graph is laid out twice, estimated then measured sizes, and fitted). */
export async function settled(page) {
  let last = '';
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(150);
    const now = await page.evaluate(() => `${document.querySelector('.react-flow__viewport')?.style.transform}|${[...document.querySelectorAll('.react-flow__node')].map((e) => e.style.transform).join()}`);
    if (now === last) return;
    last = now;
  }
}
