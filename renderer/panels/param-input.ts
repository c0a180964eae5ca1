/** Text ⇄ parameter value for the inspector's typed fields, checked with core/graph's paramProblem. */
import type { ParamSpec } from '../../core/graph/catalogue/index.ts';
import type { ParamValue } from '../../core/graph/types.ts';
import { paramProblem } from '../../core/graph/params.ts';

/** How a value is shown in a text field. */
export function formatParam(v: ParamValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/** Tuple parameters written as "int or tuple": `int2` (h, w) and `int3` (d, h, w), as PyTorch's `_pair`/`_triple`. */
export function tupleSize(p: ParamSpec): number | null {
  const m = /^int(\d)$/.exec(String(p.type));
  return m ? Number(m[1]) : null;
}

/**
 * Parses field text for a parameter: the value, or the reason it is not allowed. Tuples accept "3", "1,3,3",
 * "(1, 3, 3)", "[1 3 3]" and "1×3×3"; a single number stays a number (PyTorch repeats it for every dimension).
 */
export function parseParam(p: ParamSpec, text: string): { value: ParamValue } | { error: string } {
  const s = text.trim();
  let value: ParamValue;
  if (s === '' && p.nullable) value = null;
  else if (s === 'auto' && p.auto) value = 'auto';
  else if (p.type === 'string') value = text;
  else if (p.type === 'int' || p.type === 'float') value = s === '' ? NaN : Number(s);
  else if (tupleSize(p) !== null || p.type === 'ints') {
    if (p.keywords?.includes(s)) value = s;
    else {
      const parts = s.replace(/^[([]|[)\]]$/g, '').split(/[,×x\s]+/).filter(Boolean).map(Number);
      if (parts.some((n) => Number.isNaN(n))) return { error: `must be ${tupleWords(p)}, got "${s}"` };
      const n = tupleSize(p);
      if (n !== null && parts.length !== 1 && parts.length !== n) {
        return { error: `needs 1 or ${n} whole numbers (${tupleWords(p)}), got ${parts.length}` };
      }
      value = n !== null && parts.length === 1 ? parts[0] : parts;
    }
  } else value = s;
  if (typeof value === 'number' && Number.isNaN(value)) return { error: `must be ${p.type === 'int' ? 'a whole number' : 'a number'}` };
  const problem = paramProblem(p, value);
  return problem ? { error: problem } : { value };
}

function tupleWords(p: ParamSpec): string {
  const n = tupleSize(p);
  if (n === 2) return 'a whole number or h, w';
  if (n === 3) return 'a whole number or d, h, w';
  return n === null ? 'whole numbers separated by commas' : `a whole number or ${n} numbers`;
}

/** "1 … 1024" style hint for numeric parameters. */
export function rangeHint(p: ParamSpec): string {
  if (p.min === undefined && p.max === undefined) return '';
  const lo = p.min === undefined ? '' : `${p.exclusiveMin ? '>' : '≥'} ${p.min}`;
  const hi = p.max === undefined ? '' : `≤ ${p.max.toLocaleString('en-US')}`;
  return [lo, hi].filter(Boolean).join(', ');
}
