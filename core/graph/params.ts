// Checking a parameter value against its spec: the inspector's validation and validate()'s invalid_param diagnostics.
import type { ParamSpec } from './catalogue/spec.ts';
import type { ParamValue } from './types.ts';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function range(p: ParamSpec, v: number): string | null {
  if (p.min !== undefined && (p.exclusiveMin ? v <= p.min : v < p.min)) return `must be ${p.exclusiveMin ? 'greater than' : 'at least'} ${p.min}`;
  if (p.max !== undefined && v > p.max) return `must be at most ${p.max}`;
  return null;
}

function describe(p: ParamSpec): string {
  const auto = p.auto ? " or 'auto'" : '';
  const none = p.nullable ? ' or empty' : '';
  switch (p.type) {
    case 'int': return `a whole number${auto}${none}`;
    case 'float': return `a number${none}`;
    case 'bool': return 'true or false';
    case 'enum': return `one of ${p.options!.map((o) => `'${o}'`).join(', ')}`;
    case 'int2': return `a whole number or a pair [h, w]${p.keywords ? ` or ${p.keywords.map((k) => `'${k}'`).join('/')}` : ''}${none}`;
    case 'int3': return `a whole number or a triple [d, h, w]${p.keywords ? ` or ${p.keywords.map((k) => `'${k}'`).join('/')}` : ''}${none}`;
    case 'ints': return `a list of whole numbers${auto}`;
    case 'string': return 'text';
  }
}

/** Why `value` is not allowed for parameter `p`, as "must be …", or null when it is fine. */
export function paramProblem(p: ParamSpec, value: ParamValue | undefined): string | null {
  if (value === undefined) return null;
  if (value === null) return p.nullable ? null : `must be ${describe(p)}`;
  if (value === 'auto' && p.auto) return null;
  const wrong = `must be ${describe(p)}, got ${JSON.stringify(value)}`;
  switch (p.type) {
    case 'int':
      return isInt(value) ? range(p, value) : wrong;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? range(p, value) : wrong;
    case 'bool':
      return typeof value === 'boolean' ? null : wrong;
    case 'enum':
      return typeof value === 'string' && p.options!.includes(value) ? null : wrong;
    case 'string':
      return typeof value === 'string' ? null : wrong;
    case 'int2':
    case 'int3': {
      if (typeof value === 'string') return p.keywords?.includes(value) ? null : wrong;
      const n = p.type === 'int2' ? 2 : 3;
      const list = isInt(value) ? [value] : Array.isArray(value) && (value.length === 1 || value.length === n) && value.every(isInt) ? value : null;
      if (!list) return wrong;
      for (const v of list) { const r = range(p, v); if (r) return r; }
      return null;
    }
    case 'ints': {
      if (!Array.isArray(value) || value.length === 0 || value.length > 8 || !value.every(isInt)) return wrong;
      for (const v of value) { const r = range(p, v); if (r) return r; }
      return null;
    }
  }
}
