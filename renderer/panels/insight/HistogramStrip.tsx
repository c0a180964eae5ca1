/**
 * Histograms over time as a heat strip: one column per measured step, rows spanning the value range of the whole
 * history (each snapshot's 32 bins are re-binned onto that common axis), brighter = more values.
 */
import { memo, useEffect, useRef } from 'react';
import type { TensorStats } from '../../../core/session/stats.ts';
import { fmt } from './TraceView.tsx';

const ROWS = 40;

export const HistogramStrip = memo(function HistogramStrip({ series, color, label, testId }: { series: Array<TensorStats | null>; color: [number, number, number]; label: string; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const valid = series.filter((s): s is TensorStats => s !== null && Number.isFinite(s.min) && Number.isFinite(s.max));
  const lo = valid.length ? Math.min(...valid.map((s) => s.min)) : 0;
  const hi = valid.length ? Math.max(...valid.map((s) => s.max)) : 1;
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const cols = Math.max(1, series.length);
    c.width = cols;
    c.height = ROWS;
    const img = ctx.createImageData(cols, ROWS);
    const span = hi - lo || 1;
    series.forEach((s, x) => {
      if (!s || !Number.isFinite(s.min)) return;
      const col = new Float64Array(ROWS);
      const bins = s.histogram.length;
      const w = (s.max - s.min) / bins;
      // Spread each bin over the rows it covers, in proportion to the overlap.
      s.histogram.forEach((count, b) => {
        if (!count) return;
        const a = ((s.min + b * w - lo) / span) * ROWS;
        const z = w > 0 ? ((s.min + (b + 1) * w - lo) / span) * ROWS : a + 1e-9;
        for (let r = Math.max(0, Math.floor(a)); r < Math.min(ROWS, Math.ceil(z)); r++) {
          const overlap = Math.min(z, r + 1) - Math.max(a, r);
          if (overlap > 0) col[r] += (count * overlap) / (z - a);
        }
      });
      const peak = Math.max(...col) || 1;
      for (let r = 0; r < ROWS; r++) {
        const a = Math.sqrt(col[r] / peak);
        const y = ROWS - 1 - r;
        const o = (y * cols + x) * 4;
        img.data[o] = color[0];
        img.data[o + 1] = color[1];
        img.data[o + 2] = color[2];
        img.data[o + 3] = Math.round(a * 255);
      }
    });
    ctx.putImageData(img, 0, 0);
  }, [series, lo, hi, color]);
  return (
    <figure className="hist-strip" data-testid={testId}>
      <figcaption>{label}</figcaption>
      <div className="hist-strip__body">
        <div className="hist-strip__axis"><span>{fmt(hi)}</span><span>{fmt(lo)}</span></div>
        <canvas ref={ref} />
      </div>
    </figure>
  );
});
