// A naive direct convolution (the oracle for the conv kernels), written from the definition.
import type { Conv2dGeometry } from '../../core/kernels/backend.ts';

export function geometry(N: number, C: number, H: number, W: number, O: number, kH: number, kW: number,
  s: [number, number], p: [number, number], d: [number, number], groups: number): Conv2dGeometry {
  const outH = Math.floor((H + 2 * p[0] - d[0] * (kH - 1) - 1) / s[0]) + 1;
  const outW = Math.floor((W + 2 * p[1] - d[1] * (kW - 1) - 1) / s[1]) + 1;
  return { N, C, H, W, O, kH, kW, strideH: s[0], strideW: s[1], padH: p[0], padW: p[1], dilationH: d[0], dilationW: d[1], groups, outH, outW };
}

/**
 * Visits every (output position, weight tap) pair whose input position is inside the image:
 * f(xIndex, wIndex, yIndex). Forward, grad-input and grad-weight are all sums over exactly these triples.
 */
function forEachTap(g: Conv2dGeometry, f: (xi: number, wi: number, yi: number) => void): void {
  const Cg = g.C / g.groups, Og = g.O / g.groups;
  for (let n = 0; n < g.N; n++) for (let o = 0; o < g.O; o++) {
    const grp = Math.floor(o / Og);
    for (let oh = 0; oh < g.outH; oh++) for (let ow = 0; ow < g.outW; ow++) {
      const yi = ((n * g.O + o) * g.outH + oh) * g.outW + ow;
      for (let c = 0; c < Cg; c++) for (let kh = 0; kh < g.kH; kh++) for (let kw = 0; kw < g.kW; kw++) {
        const ih = oh * g.strideH - g.padH + kh * g.dilationH;
        const iw = ow * g.strideW - g.padW + kw * g.dilationW;
        if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
        f(((n * g.C + grp * Cg + c) * g.H + ih) * g.W + iw, ((o * Cg + c) * g.kH + kh) * g.kW + kw, yi);
      }
    }
  }
}

/** Direct convolution and its two adjoints in float64, plus Σ|terms| bounds for the tolerance. */
export function naive(g: Conv2dGeometry, x: Float32Array, w: Float32Array, dy: Float32Array) {
  const y = new Float64Array(dy.length), yB = new Float64Array(dy.length);
  const dx = new Float64Array(x.length), dxB = new Float64Array(x.length);
  const dw = new Float64Array(w.length), dwB = new Float64Array(w.length);
  forEachTap(g, (xi, wi, yi) => {
    y[yi] += x[xi] * w[wi]; yB[yi] += Math.abs(x[xi] * w[wi]);
    dx[xi] += dy[yi] * w[wi]; dxB[xi] += Math.abs(dy[yi] * w[wi]);
    dw[wi] += dy[yi] * x[xi]; dwB[wi] += Math.abs(dy[yi] * x[xi]);
  });
  return { y, yB, dx, dxB, dw, dwB };
}

