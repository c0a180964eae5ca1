import type { Tensor } from './tensor.ts';
import { isFloatingPoint } from './dtype.ts';

/**
 * repr(tensor) as PyTorch prints it (default print options: precision 4, threshold 1000, edgeitems 3,
 * linewidth 80): `tensor([[1., 2.]], requires_grad=True)`.
 */
const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE = 3;
const LINEWIDTH = 80;

function pyExp(v: number): string {
  // Python's '{:.4e}' → 1.2346e+05
  const s = v.toExponential(PRECISION);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function makeFormatter(vals: number[], dtype: Tensor['dtype']): (v: number) => string {
  if (dtype === 'bool') return (v) => (v ? 'True' : 'False');
  if (!isFloatingPoint(dtype)) return (v) => String(v);
  const finite = vals.filter((v) => Number.isFinite(v));
  const nonzero = finite.map(Math.abs).filter((v) => v !== 0);
  const intMode = finite.every((v) => Math.ceil(v) === v);
  let sci = false;
  if (nonzero.length) {
    const mx = Math.max(...nonzero), mn = Math.min(...nonzero);
    if (intMode) sci = mx / mn > 1000 || mx > 1e8;
    else sci = mx / mn > 1000 || mx > 1e8 || mn < 1e-4;
  }
  const fmtNum = (v: number): string => {
    if (v !== v) return 'nan';
    if (v === Infinity) return 'inf';
    if (v === -Infinity) return '-inf';
    if (sci) return pyExp(v);
    if (intMode) return `${Object.is(v, -0) ? '-0' : v.toFixed(0)}.`;
    return v.toFixed(PRECISION);
  };
  return fmtNum;
}

function summarizeIdx(n: number, summarize: boolean): Array<number | null> {
  if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE }, (_, i) => i), null, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
}

export function formatTensor(t: Tensor): string {
  const vals = t._values();
  const shape = t.shape;
  const summarize = vals.length > THRESHOLD;
  // Which values are shown decides the format (as PyTorch does for summarized tensors).
  const fmt = makeFormatter(vals, t.dtype);
  const strs = vals.map(fmt);
  const width = strs.reduce((w, s) => Math.max(w, s.length), 0);
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]; }
  const prefix = 'tensor(';
  const indent = prefix.length;
  const elemsPerLine = Math.max(1, Math.floor((LINEWIDTH - indent) / (width + 2)));
  const rec = (dim: number, base: number, ind: number): string => {
    if (dim === shape.length) return strs[base].padStart(width);
    const idx = summarizeIdx(shape[dim], summarize);
    if (dim === shape.length - 1) {
      const items = idx.map((i) => (i === null ? '...' : strs[base + i].padStart(width)));
      const lines: string[] = [];
      for (let k = 0; k < items.length; k += elemsPerLine) lines.push(items.slice(k, k + elemsPerLine).join(', '));
      return `[${lines.join(',\n' + ' '.repeat(ind + 1))}]`;
    }
    const sep = ',' + '\n'.repeat(shape.length - dim - 1) + ' '.repeat(ind + 1);
    const parts = idx.map((i) => (i === null ? '...' : rec(dim + 1, base + i * strides[dim], ind + 1)));
    return `[${parts.join(sep)}]`;
  };
  let body: string;
  if (shape.length === 0) body = strs[0];
  else if (vals.length === 0) body = '[]';
  else body = rec(0, 0, indent);
  const suffix: string[] = [];
  if (vals.length === 0 && shape.length > 1) suffix.push(`size=(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`);
  const defaultDtype = t.dtype === 'float32' || t.dtype === 'int64' || t.dtype === 'bool';
  if (!defaultDtype || (vals.length === 0 && t.dtype !== 'float32')) suffix.push(`dtype=torch.${t.dtype}`);
  if (t.grad_fn) suffix.push(`grad_fn=<${t.grad_fn.name()}>`);
  else if (t.requires_grad) suffix.push('requires_grad=True');
  return `${prefix}${body}${suffix.length ? ', ' + suffix.join(', ') : ''})`;
}
