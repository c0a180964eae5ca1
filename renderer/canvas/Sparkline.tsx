/** A tiny line chart on a log scale: recent gradient norms (vanishing and exploding both show), a run's learning rates. */
import { memo } from 'react';

export interface SparklineProps {
  values: readonly number[];
  width?: number;
  height?: number;
  testId?: string;
}

function SparklineView({ values, width = 72, height = 18, testId = 'grad-sparkline' }: SparklineProps) {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length < 2) return null;
  const logs = finite.map((v) => Math.log10(v));
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  const span = hi - lo || 1;
  const pts = logs.map((v, i) => `${((i / (logs.length - 1)) * (width - 2) + 1).toFixed(1)},${(height - 1 - ((v - lo) / span) * (height - 2)).toFixed(1)}`);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" data-testid={testId}>
      <polyline points={pts.join(' ')} fill="none" stroke="currentColor" strokeWidth="1.25" />
    </svg>
  );
}

export const Sparkline = memo(SparklineView);
