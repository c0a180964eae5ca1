/**
 * Metric values in project.json. JSON has no NaN or Infinity, but a run whose loss went NaN is exactly the run a
 * user wants to look at again, so non-finite values are stored as the strings "NaN", "Infinity", "-Infinity".
 */
import type { JsonValue } from './json.ts';

export type EncodedMetric = number | 'NaN' | 'Infinity' | '-Infinity';

export function encodeMetric(x: number): EncodedMetric {
  if (Number.isFinite(x)) return x;
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Infinity' : '-Infinity';
}

/** The number, or null when `v` is not a metric value. */
export function decodeMetric(v: JsonValue): number | null {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return null;
}
