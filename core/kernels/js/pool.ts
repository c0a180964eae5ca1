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

/**
 * The common case of max pooling, float32 with every window inside the plane (no padding, dilation 1, windows
 * k×k at stride s): the same scan order and NaN rule as maxPoolForward, without bounds checks or window tables.
 */
export function maxPoolDenseF32(planes: number, H: number, W: number, oH: number, oW: number, kH: number, kW: number, sH: number, sW: number,
  x: Float32Array, out: Float32Array, idx: Float64Array): void {
  for (let p = 0; p < planes; p++) {
    const xb = p * H * W;
    let o = p * oH * oW;
    for (let oh = 0; oh < oH; oh++) {
      const h0 = oh * sH;
      for (let ow = 0; ow < oW; ow++, o++) {
        const w0 = ow * sW;
        let best = x[xb + h0 * W + w0];
        let bi = h0 * W + w0;
        for (let kh = 0; kh < kH; kh++) {
          const rowIdx = (h0 + kh) * W;
          for (let kw = kh === 0 ? 1 : 0; kw < kW; kw++) {
            const v = x[xb + rowIdx + w0 + kw];
            if (v > best || v !== v) { best = v; bi = rowIdx + w0 + kw; }
          }
        }
        out[o] = best;
        idx[o] = bi;
      }
    }
  }
}

/** dx (N·C planes of H×W, zero-filled) += g at each output's arg-max position (idx: flat h·W + w per plane). */
export function maxPoolScatterF32(planes: number, plane: number, per: number, g: Float32Array, gOff: number, idx: Float64Array, dx: Float32Array): void {
  let i = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let k = 0; k < per; k++, i++) dx[base + idx[i]] += g[gOff + i];
  }
}
