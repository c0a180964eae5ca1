import type { TypedArray } from '../../tensor/dtype.ts';

/**
 * Pooling kernels over planes (N·C planes of H×W, contiguous). Windows are described per axis so that one kernel
 * serves ordinary, dilated, padded, ceil-mode and adaptive pooling:
 *   rows of output row oh: h = hStart[oh] + k·hStep for k < hCount[oh] (positions outside [0, H) are skipped),
 *   and likewise for columns.
 */
export interface PoolWindows {
  H: number; W: number; oH: number; oW: number;
  hStart: Int32Array; hCount: Int32Array; hStep: number;
  wStart: Int32Array; wCount: Int32Array; wStep: number;
}

/** Max over each window; indices are flat positions h·W + w inside the plane. NaN wins, as in PyTorch. */
export function maxPoolForward(win: PoolWindows, planes: number, x: TypedArray, out: TypedArray, idx: Float64Array): void {
  const { H, W, oH, oW, hStart, hCount, hStep, wStart, wCount, wStep } = win;
  for (let p = 0; p < planes; p++) {
    const xb = p * H * W;
    const ob = p * oH * oW;
    for (let oh = 0; oh < oH; oh++) {
      const h0 = hStart[oh], hc = hCount[oh];
      for (let ow = 0; ow < oW; ow++) {
        const w0 = wStart[ow], wc = wCount[ow];
        let best = -Infinity;
        let bi = -1;
        for (let kh = 0; kh < hc; kh++) {
          const h = h0 + kh * hStep;
          if (h < 0 || h >= H) continue;
          const row = xb + h * W;
          for (let kw = 0; kw < wc; kw++) {
            const w = w0 + kw * wStep;
            if (w < 0 || w >= W) continue;
            const v = x[row + w];
            if (v > best || v !== v || bi < 0) {
              best = v;
              bi = h * W + w;
            }
          }
        }
        out[ob + oh * oW + ow] = best;
        idx[ob + oh * oW + ow] = bi;
      }
    }
  }
}

/** out[o] = Σ_window x / divisor[o] (divisor per output position oh·oW + ow). */
export function avgPoolForward(win: PoolWindows, planes: number, x: TypedArray, divisor: Float64Array, out: TypedArray): void {
  const { H, W, oH, oW, hStart, hCount, hStep, wStart, wCount, wStep } = win;
  for (let p = 0; p < planes; p++) {
    const xb = p * H * W;
    const ob = p * oH * oW;
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++) {
        let s = 0;
        for (let kh = 0; kh < hCount[oh]; kh++) {
          const h = hStart[oh] + kh * hStep;
          if (h < 0 || h >= H) continue;
          for (let kw = 0; kw < wCount[ow]; kw++) {
            const w = wStart[ow] + kw * wStep;
            if (w < 0 || w >= W) continue;
            s += x[xb + h * W + w];
          }
        }
        out[ob + oh * oW + ow] = s / divisor[oh * oW + ow];
      }
    }
  }
}

/** The adjoint of avgPoolForward: dx (zeroed by the caller) += g / divisor over each window. */
export function avgPoolBackward(win: PoolWindows, planes: number, g: TypedArray, divisor: Float64Array, dx: TypedArray): void {
  const { H, W, oH, oW, hStart, hCount, hStep, wStart, wCount, wStep } = win;
  for (let p = 0; p < planes; p++) {
    const xb = p * H * W;
    const ob = p * oH * oW;
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++) {
        const v = g[ob + oh * oW + ow] / divisor[oh * oW + ow];
        for (let kh = 0; kh < hCount[oh]; kh++) {
          const h = hStart[oh] + kh * hStep;
          if (h < 0 || h >= H) continue;
          for (let kw = 0; kw < wCount[ow]; kw++) {
            const w = wStart[ow] + kw * wStep;
            if (w < 0 || w >= W) continue;
            dx[xb + h * W + w] += v;
          }
        }
      }
    }
  }
}
