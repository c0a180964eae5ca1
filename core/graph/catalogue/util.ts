// Small helpers shared by the specs: reading parameters, formatting shapes, PyTorch's output-size arithmetic.
import type { ParamValue, Shape } from '../types.ts';
import { GraphIssue, type InferContext, type PortSpec, type ValueInfo } from './spec.ts';

/** "16×5×5" (the sample dims, batch left out) — how messages and the canvas show a shape. */
export function fmtSample(shape: Shape): string {
  const s = shape.slice(1);
  return s.length === 0 ? 'scalar' : s.join('×');
}

/** "N×16×5×5". */
export function fmtShape(shape: Shape): string {
  return shape.map((d) => (d < 0 ? 'N' : String(d))).join('×');
}

export function num(p: Record<string, ParamValue>, name: string): number {
  const v = p[name];
  if (typeof v !== 'number') throw new GraphIssue('invalid_param', `internal: parameter ${name} is not a number`, { param: name });
  return v;
}

/** PyTorch's "int or (int, int)": 5 → [5, 5]. */
export function pair(v: ParamValue): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2) return [v[0], v[1]];
  if (Array.isArray(v) && v.length === 1) return [v[0], v[0]];
  throw new GraphIssue('invalid_param', `expected a number or a pair, got ${JSON.stringify(v)}`);
}

/** PyTorch's "int or (int, int, int)" (`_triple`): 3 → [3, 3, 3]. */
export function triple(v: ParamValue): [number, number, number] {
  if (typeof v === 'number') return [v, v, v];
  if (Array.isArray(v) && v.length === 3) return [v[0], v[1], v[2]];
  if (Array.isArray(v) && v.length === 1) return [v[0], v[0], v[0]];
  throw new GraphIssue('invalid_param', `expected a number or a triple, got ${JSON.stringify(v)}`);
}

/** The single value on an input port (validation has already reported missing/extra edges). */
export function one(ctx: InferContext, port = 'input'): ValueInfo {
  const v = ctx.inputs[port];
  if (!v || v.length === 0) throw new GraphIssue('missing_input', `${ctx.label} has nothing connected to its '${port}' input.`, { port });
  return v[0];
}

export function needRank(ctx: InferContext, x: ValueInfo, ranks: number[], what: string, fix: string, port = 'input'): void {
  if (!ranks.includes(x.shape.length)) {
    throw new GraphIssue('shape_mismatch',
      `${ctx.label} expects ${what} but receives a ${x.shape.length}-D tensor (${fmtShape(x.shape)}).`, { fix, port });
  }
}

/** floor((size + 2·pad − dil·(k − 1) − 1) / stride + 1), with PyTorch's ceil_mode rule. */
export function convOut(size: number, k: number, stride: number, pad: number, dil: number, ceil = false): number {
  const span = size + 2 * pad - dil * (k - 1) - 1;
  if (!ceil) return Math.floor(span / stride) + 1;
  let out = Math.ceil(span / stride) + 1;
  // PyTorch: the last pooling window must start inside the input or left padding.
  if ((out - 1) * stride >= size + pad) out--;
  return out;
}

/** Resolves an "auto" parameter to the inferred value, or checks that the given value matches it. */
export function autoOrCheck(
  ctx: InferContext, param: string, actual: number, what: string, detail: string,
): number {
  const v = ctx.params[param];
  if (v === 'auto') return actual;
  if (v !== actual) {
    const issue = new GraphIssue('shape_mismatch',
      `${ctx.label} expects ${v} ${what} but receives ${actual}${detail}.`,
      { fix: `Set ${param} to ${actual} or 'auto'.`, param, port: 'input' });
    if (!ctx.deferred) throw issue;
    ctx.deferred.push(issue);
  }
  return actual;
}

/** Python literal for a parameter value. */
export function pyValue(v: ParamValue, float = false): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyValue(v[0], float)},)` : `(${v.map((x) => pyValue(x, float)).join(', ')})`;
  if (Number.isNaN(v)) return "float('nan')";
  if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "float('-inf')";
  if (float && Number.isInteger(v)) return `${v}.0`;
  return String(v);
}

export function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The int64 rule, checked by validate on every edge into a tensor port: integer indices (a token Dataset's x,
 * MaxPool2d's indices) go only into ports that look rows up by index (`PortSpec.indices`), and those ports take
 * nothing else. Returns the issue for the receiving node, or null when the edge is fine.
 */
export function checkIndexDtype(
  port: PortSpec, value: ValueInfo, label: string, from: { label: string; port: string; isData: boolean },
): GraphIssue | null {
  if (port.kind !== 'tensor') return null;
  const ints = value.dtype === 'int64';
  if (port.indices && !ints) {
    return new GraphIssue('needs_indices', `${label} ${port.indices.what}, but receives float activations from ${from.label}.`,
      { port: port.name, fix: port.indices.fix });
  }
  if (!port.indices && ints) {
    const what = from.isData ? 'integer token indices' : `integer indices (its '${from.port}' output)`;
    return new GraphIssue('int64_input', `${label} computes with float numbers, but receives ${what} from ${from.label}.`,
      { port: port.name, fix: from.isData
        ? `Put an Embedding first: connect ${from.label} to an Embedding, and the Embedding's output here. It turns each token into a learned vector.`
        : `Connect '${from.port}' only to the 'indices' input of a MaxUnpool2d; feed this layer the 'output' of ${from.label} instead.` });
  }
  return null;
}
