/**
 * A small canvas drawing one 2-D slice of a tensor (an input image, a conv filter, an activation map), scaled up
 * with crisp pixels. Grey scale for images and activations, a blue–white–red diverging map for signed values
 * (weights, gradients). Hovering reads out the value under the pointer.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { useThemeVersion } from './theme-version.ts';

export type ColorMode = 'gray' | 'diverging' | 'rgb';

export interface TensorImageProps {
  values: ArrayLike<number>;
  /** Offset of the slice in `values`. */
  offset?: number;
  width: number;
  height: number;
  /** 'rgb' reads three planes (C×H×W). */
  mode?: ColorMode;
  /** Display size of one value in CSS pixels. */
  scale?: number;
  /** Fixed value range; default: the slice's own min/max (or ±max|v| when diverging). */
  range?: [number, number];
  label?: string;
  className?: string;
  testId?: string;
}

export function sliceRange(values: ArrayLike<number>, offset: number, count: number, diverging: boolean): [number, number] {
  let mn = Infinity, mx = -Infinity;
  for (let i = offset; i < offset + count; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  if (!Number.isFinite(mn)) return [0, 1];
  if (diverging) {
    const m = Math.max(Math.abs(mn), Math.abs(mx)) || 1;
    return [-m, m];
  }
  return mn === mx ? [mn - 0.5, mx + 0.5] : [mn, mx];
}

const BLUE = [37, 99, 235];
const RED = [220, 38, 38];

/** t in [0,1]: 0 → blue, 0.5 → the neutral colour (near white, or near black in the dark theme), 1 → red. */
function diverging(t: number, mid: readonly number[]): [number, number, number] {
  const c = Math.max(0, Math.min(1, t));
  const [from, to, f] = c < 0.5 ? [BLUE, mid, c / 0.5] : [mid, RED, (c - 0.5) / 0.5];
  return [0, 1, 2].map((k) => Math.round(from[k] + (to[k] - from[k]) * f)) as [number, number, number];
}

function neutral(): readonly number[] {
  return typeof document !== 'undefined' && document.documentElement.dataset.theme === 'dark' ? [38, 42, 52] : [243, 244, 246];
}

export const TensorImage = memo(function TensorImage({ values, offset = 0, width, height, mode = 'gray', scale = 3, range, label, className, testId }: TensorImageProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useThemeVersion();
  const [hover, setHover] = useState<string | null>(null);
  const planes = mode === 'rgb' ? 3 : 1;
  const [lo, hi] = range ?? sliceRange(values, offset, width * height * planes, mode === 'diverging');

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(width, height);
    const span = hi - lo || 1;
    const n = width * height;
    const mid = neutral();
    for (let i = 0; i < n; i++) {
      let r: number, g: number, b: number;
      if (mode === 'rgb') {
        r = Math.round(((values[offset + i] - lo) / span) * 255);
        g = Math.round(((values[offset + n + i] - lo) / span) * 255);
        b = Math.round(((values[offset + 2 * n + i] - lo) / span) * 255);
      } else if (mode === 'diverging') {
        [r, g, b] = diverging((values[offset + i] - lo) / span, mid);
      } else {
        r = g = b = Math.round(Math.max(0, Math.min(1, (values[offset + i] - lo) / span)) * 255);
      }
      img.data[i * 4] = r;
      img.data[i * 4 + 1] = g;
      img.data[i * 4 + 2] = b;
      // Padding (NaN) stays transparent.
      img.data[i * 4 + 3] = Number.isNaN(values[offset + i]) ? 0 : 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [values, offset, width, height, mode, lo, hi, theme]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = Math.floor(((e.clientX - rect.left) / rect.width) * width);
    const y = Math.floor(((e.clientY - rect.top) / rect.height) * height);
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const v = values[offset + y * width + x];
    setHover(`[${y}, ${x}] = ${Number.isFinite(v) ? v.toPrecision(4) : String(v)}`);
  };

  return (
    <figure className={`tensor-image ${className ?? ''}`} data-testid={testId}>
      <canvas
        ref={ref}
        width={width}
        height={height}
        style={{ width: width * scale, height: height * scale }}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        title={hover ?? undefined}
      />
      {label !== undefined && <figcaption>{hover ?? label}</figcaption>}
    </figure>
  );
});
