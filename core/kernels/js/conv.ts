import type { FloatArray, GemmArgs } from '../backend.ts';
import { getBackend } from '../backend.ts';

/**
 * Convolution kernels for 1–3 spatial dims, expressed on a 3-D geometry (1-D and 2-D convolutions use size-1
 * leading dims). Each pass is im2col (or col2im) plus one GEMM per sample and group, through the active backend's
 * gemm; 2-D float32 convolutions use the backend's conv2d fast paths when it has them.
 *
 * Layouts: x N·C·D·H·W, w O·(C/groups)·kD·kH·kW, y N·O·oD·oH·oW, all contiguous.
 */
export interface ConvGeometry {
  N: number; C: number; O: number; groups: number;
  D: number; H: number; W: number;
  kD: number; kH: number; kW: number;
  sD: number; sH: number; sW: number;
  pD: number; pH: number; pW: number;
  dD: number; dH: number; dW: number;
  oD: number; oH: number; oW: number;
}

/** col[(c·K + kd·kH·kW + kh·kW + kw)·L + (od·oH·oW + oh·oW + ow)] = x[c, od·sD − pD + kd·dD, …] (0 outside). */
export function im2col(g: ConvGeometry, x: FloatArray, xOff: number, channels: number, col: FloatArray): void {
  const { D, H, W, kD, kH, kW, sD, sH, sW, pD, pH, pW, dD, dH, dW, oD, oH, oW } = g;
  const L = oD * oH * oW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const xc = xOff + c * D * H * W;
    for (let kd = 0; kd < kD; kd++) for (let kh = 0; kh < kH; kh++) for (let kw = 0; kw < kW; kw++, row++) {
      const base = row * L;
      // Output columns ow whose input column iw = ow·sW − pW + kw·dW lies in [0, W).
      const off = kw * dW - pW;
      const owLo = Math.max(0, Math.ceil(-off / sW));
      const owHi = Math.min(oW, Math.floor((W - 1 - off) / sW) + 1);
      for (let od = 0; od < oD; od++) {
        const id = od * sD - pD + kd * dD;
        for (let oh = 0; oh < oH; oh++) {
          const o = base + (od * oH + oh) * oW;
          const ih = oh * sH - pH + kh * dH;
          if (id < 0 || id >= D || ih < 0 || ih >= H || owLo >= owHi) {
            for (let ow = 0; ow < oW; ow++) col[o + ow] = 0;
            continue;
          }
          const xr = xc + (id * H + ih) * W + off;
          for (let ow = 0; ow < owLo; ow++) col[o + ow] = 0;
          if (sW === 1) for (let ow = owLo; ow < owHi; ow++) col[o + ow] = x[xr + ow];
          else for (let ow = owLo; ow < owHi; ow++) col[o + ow] = x[xr + ow * sW];
          for (let ow = owHi; ow < oW; ow++) col[o + ow] = 0;
        }
      }
    }
  }
}

/** The adjoint of im2col: dx[c, …] += col[row, l] for every (row, l) that im2col read from there. */
export function col2im(g: ConvGeometry, col: FloatArray, channels: number, dx: FloatArray, dxOff: number): void {
  const { D, H, W, kD, kH, kW, sD, sH, sW, pD, pH, pW, dD, dH, dW, oD, oH, oW } = g;
  const L = oD * oH * oW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const xc = dxOff + c * D * H * W;
    for (let kd = 0; kd < kD; kd++) for (let kh = 0; kh < kH; kh++) for (let kw = 0; kw < kW; kw++, row++) {
      const base = row * L;
      const off = kw * dW - pW;
      const owLo = Math.max(0, Math.ceil(-off / sW));
      const owHi = Math.min(oW, Math.floor((W - 1 - off) / sW) + 1);
      if (owLo >= owHi) continue;
      for (let od = 0; od < oD; od++) {
        const id = od * sD - pD + kd * dD;
        if (id < 0 || id >= D) continue;
        for (let oh = 0; oh < oH; oh++) {
          const ih = oh * sH - pH + kh * dH;
          if (ih < 0 || ih >= H) continue;
          const o = base + (od * oH + oh) * oW;
          const xr = xc + (id * H + ih) * W + off;
          if (sW === 1) for (let ow = owLo; ow < owHi; ow++) dx[xr + ow] += col[o + ow];
          else for (let ow = owLo; ow < owHi; ow++) dx[xr + ow * sW] += col[o + ow];
        }
      }
    }
  }
}

function is2d(g: ConvGeometry): boolean {
  return g.D === 1 && g.kD === 1 && g.oD === 1 && g.pD === 0;
}

function as2d(g: ConvGeometry) {
  return {
    N: g.N, C: g.C, H: g.H, W: g.W, O: g.O, kH: g.kH, kW: g.kW, strideH: g.sH, strideW: g.sW, padH: g.pH, padW: g.pW,
    dilationH: g.dH, dilationW: g.dW, groups: g.groups, outH: g.oH, outW: g.oW,
  };
}

/** A 1×1, stride-1, unpadded kernel reads x directly: no im2col needed. */
function isPointwise(g: ConvGeometry): boolean {
  return g.kD * g.kH * g.kW === 1 && g.sD === 1 && g.sH === 1 && g.sW === 1 && g.pD === 0 && g.pH === 0 && g.pW === 0;
}

function gemm(a: Omit<GemmArgs, 'alpha'> & { alpha?: number }): void {
  getBackend().gemm({ alpha: 1, ...a } as GemmArgs);
}

function scratch(n: number, like: FloatArray): FloatArray {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/** y = conv(x, w) (no bias). y is overwritten. */
export function convForward(g: ConvGeometry, x: FloatArray, w: FloatArray, y: FloatArray): void {
  const be = getBackend();
  if (be.conv2dForward && is2d(g) && x instanceof Float32Array && w instanceof Float32Array && y instanceof Float32Array) {
    be.conv2dForward(as2d(g), x, w, y);
    return;
  }
  const Cg = g.C / g.groups, Og = g.O / g.groups;
  const K = Cg * g.kD * g.kH * g.kW;
  const L = g.oD * g.oH * g.oW;
  const S = g.D * g.H * g.W;
  const pointwise = isPointwise(g);
  const col = pointwise ? null : scratch(K * L, x);
  for (let n = 0; n < g.N; n++) {
    for (let gr = 0; gr < g.groups; gr++) {
      const xOff = (n * g.C + gr * Cg) * S;
      if (col) im2col(g, x, xOff, Cg, col);
      gemm({
        transA: false, transB: false, M: Og, N: L, K, beta: 0,
        A: w, aOffset: gr * Og * K, lda: K,
        B: col ?? x, bOffset: col ? 0 : xOff, ldb: L,
        C: y, cOffset: (n * g.O + gr * Og) * L, ldc: L,
      });
    }
  }
}

/** dx = conv_transpose(dy, w): the gradient of conv with respect to its input. dx is overwritten. */
export function convBackwardInput(g: ConvGeometry, dy: FloatArray, w: FloatArray, dx: FloatArray): void {
  const be = getBackend();
  if (be.conv2dBackwardInput && is2d(g) && dy instanceof Float32Array && w instanceof Float32Array && dx instanceof Float32Array) {
    be.conv2dBackwardInput(as2d(g), dy, w, dx);
    return;
  }
  const Cg = g.C / g.groups, Og = g.O / g.groups;
  const K = Cg * g.kD * g.kH * g.kW;
  const L = g.oD * g.oH * g.oW;
  const S = g.D * g.H * g.W;
  const pointwise = isPointwise(g);
  const col = pointwise ? null : scratch(K * L, dx);
  if (!pointwise) dx.fill(0);
  for (let n = 0; n < g.N; n++) {
    for (let gr = 0; gr < g.groups; gr++) {
      const xOff = (n * g.C + gr * Cg) * S;
      gemm({
        transA: true, transB: false, M: K, N: L, K: Og, beta: 0,
        A: w, aOffset: gr * Og * K, lda: K,
        B: dy, bOffset: (n * g.O + gr * Og) * L, ldb: L,
        C: col ?? dx, cOffset: col ? 0 : xOff, ldc: L,
      });
      if (col) col2im(g, col, Cg, dx, xOff);
    }
  }
}

/** dst (cols × rows) = srcᵀ, in 32×32 tiles so both sides stay in cache. */
function transpose(src: FloatArray, off: number, rows: number, cols: number, dst: FloatArray): void {
  const T = 32;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(r0 + T, rows);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(c0 + T, cols);
      for (let r = r0; r < r1; r++) {
        const sr = off + r * cols;
        for (let c = c0; c < c1; c++) dst[c * rows + r] = src[sr + c];
      }
    }
  }
}

/** dw = the gradient of conv with respect to its weight, from x and dy. dw is overwritten. */
export function convBackwardWeight(g: ConvGeometry, x: FloatArray, dy: FloatArray, dw: FloatArray): void {
  const be = getBackend();
  if (be.conv2dBackwardWeight && is2d(g) && x instanceof Float32Array && dy instanceof Float32Array && dw instanceof Float32Array) {
    be.conv2dBackwardWeight(as2d(g), x, dy, dw);
    return;
  }
  const Cg = g.C / g.groups, Og = g.O / g.groups;
  const K = Cg * g.kD * g.kH * g.kW;
  const L = g.oD * g.oH * g.oW;
  const S = g.D * g.H * g.W;
  const col = scratch(K * L, x);
  // colT (L × K) makes dw = dy · colT a plain non-transposed GEMM with contiguous inner loops.
  const colT = scratch(K * L, x);
  const pointwise = isPointwise(g);
  dw.fill(0);
  for (let n = 0; n < g.N; n++) {
    for (let gr = 0; gr < g.groups; gr++) {
      const xOff = (n * g.C + gr * Cg) * S;
      const src = pointwise ? x : col;
      const srcOff = pointwise ? xOff : 0;
      if (!pointwise) im2col(g, x, xOff, Cg, col);
      transpose(src, srcOff, K, L, colT);
      gemm({
        transA: false, transB: false, M: Og, N: K, K: L, beta: 1,
        A: dy, aOffset: (n * g.O + gr * Og) * L, lda: L,
        B: colT, bOffset: 0, ldb: K,
        C: dw, cOffset: gr * Og * K, ldc: K,
      });
    }
  }
}
