/**
 * Draws one sample's values at a node: per-channel maps for C×H×W tensors (up to `maxMaps`), a grid of cells for
 * flat feature vectors. Activations in grey, gradients in the diverging map. Every cell is hoverable.
 */
import { useMemo } from 'react';
import type { TensorStats } from '../../../core/session/stats.ts';
import { TensorImage } from '../training/TensorImage.tsx';

export function TraceView({ values, shape, kind, maxMaps = 16, scale, testId }: { values: Float32Array; shape: number[]; kind: 'activation' | 'gradient'; maxMaps?: number; scale?: number; testId?: string }) {
  const mode = kind === 'gradient' ? 'diverging' : 'gray';
  const flat = useMemo(() => {
    if (shape.length === 3) return null;
    const n = values.length;
    const w = Math.min(n, n <= 16 ? n : Math.ceil(Math.sqrt(n * 2)));
    const h = Math.ceil(n / w);
    const padded = new Float32Array(w * h).fill(NaN);
    padded.set(values);
    return { w, h, padded };
  }, [values, shape]);
  if (shape.length === 3) {
    const [c, h, w] = shape;
    const s = scale ?? Math.max(1, Math.min(4, Math.floor(84 / Math.max(h, w))));
    return (
      <div className="trace-maps" data-testid={testId}>
        {Array.from({ length: Math.min(c, maxMaps) }, (_, k) => (
          <TensorImage key={k} values={values} offset={k * h * w} width={w} height={h} mode={mode} scale={s} label={`#${k}`} />
        ))}
        {c > maxMaps && <span className="muted small">+{c - maxMaps}</span>}
      </div>
    );
  }
  const s = scale ?? Math.max(3, Math.min(14, Math.floor(220 / flat!.w)));
  return (
    <div className="trace-maps" data-testid={testId}>
      <TensorImage values={flat!.padded} width={flat!.w} height={flat!.h} mode={mode} scale={s} label={`${values.length} values`} />
    </div>
  );
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

/** min / max / mean / std (and zeros) of a tensor, as a compact table. */
export function StatsTable({ rows }: { rows: Array<{ name: string; stats: TensorStats | null }> }) {
  return (
    <div className="stats-scroll">
    <table className="stats-table" data-testid="stats-table">
      <thead><tr><th /><th>min</th><th>max</th><th>mean</th><th>std</th><th>zeros</th></tr></thead>
      <tbody>
        {rows.map(({ name, stats }) => (
          <tr key={name}>
            <th>{name}</th>
            {stats ? (
              <>
                <td>{fmt(stats.min)}</td><td>{fmt(stats.max)}</td><td>{fmt(stats.mean)}</td><td>{fmt(stats.std)}</td><td>{(stats.zeros * 100).toFixed(1)}%</td>
              </>
            ) : <td colSpan={5} className="muted">—</td>}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
