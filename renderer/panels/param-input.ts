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

/** Parses field text for a parameter: the value, or the reason it is not allowed. */
export function parseParam(p: ParamSpec, text: string): { value: ParamValue } | { error: string } {
  const s = text.trim();
  let value: ParamValue;
  if (s === '' && p.nullable) value = null;
  else if (s === 'auto' && p.auto) value = 'auto';
  else if (p.type === 'string') value = text;
  else if (p.type === 'int' || p.type === 'float') value = s === '' ? NaN : Number(s);
  else if (p.type === 'int2' || p.type === 'ints') {
    if (p.keywords?.includes(s)) value = s;
    else {
      const parts = s.replace(/^[([]|[)\]]$/g, '').split(/[,×x\s]+/).filter(Boolean).map(Number);
      value = p.type === 'int2' && parts.length === 1 ? parts[0] : parts;
    }
  } else value = s;
  if (typeof value === 'number' && Number.isNaN(value)) return { error: `must be ${p.type === 'int' ? 'a whole number' : 'a number'}` };
  const problem = paramProblem(p, value);
  return problem ? { error: problem } : { value };
}

/** "1 … 1024" style hint for numeric parameters. */
export function rangeHint(p: ParamSpec): string {
  if (p.min === undefined && p.max === undefined) return '';
  const lo = p.min === undefined ? '' : `${p.exclusiveMin ? '>' : '≥'} ${p.min}`;
  const hi = p.max === undefined ? '' : `≤ ${p.max.toLocaleString('en-US')}`;
  return [lo, hi].filter(Boolean).join(', ');
}
