import type { Tensor } from './tensor.ts';
import { isFloatingPoint } from './dtype.ts';

/**
 * repr(tensor) as PyTorch 1.13 prints it, under torch.set_printoptions (default: precision 4, threshold 1000,
 * edgeitems 3, linewidth 80): `tensor([[1., 2.]], requires_grad=True)`. The steps follow torch/_tensor_str.py: one formatter
 * chosen from the (summarised) values — integer mode, fixed or scientific notation and a common width — then
 * nested brackets with line wrapping, then suffixes (dtype, grad_fn) wrapped at the line width.
 */
/** torch.set_printoptions state (PyTorch's PRINT_OPTS). */
export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  /** null: chosen per tensor; true/false forces scientific / fixed notation. */
  sci_mode: boolean | null;
}

const PROFILES: Record<'default' | 'short' | 'full', Omit<PrintOptions, 'sci_mode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

const opts: PrintOptions = { ...PROFILES.default, sci_mode: null };

/**
 * torch.set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
 * sci_mode=None). As in PyTorch, sci_mode is reset to automatic unless given.
 */
export function set_printoptions(o: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' } = {}): void {
  if (o.profile !== undefined) {
    if (!(o.profile in PROFILES)) throw new RangeError(`set_printoptions: profile must be 'default', 'short' or 'full', got '${o.profile}'`);
    Object.assign(opts, PROFILES[o.profile]);
  }
  for (const k of ['precision', 'threshold', 'edgeitems', 'linewidth'] as const) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || Number.isNaN(v) || v < 0) throw new RangeError(`set_printoptions: ${k} must be a non-negative number, got ${String(v)}`);
    opts[k] = v;
  }
  opts.sci_mode = o.sci_mode ?? null;
}

/** The current print options (a copy). */
export function get_printoptions(): PrintOptions {
  return { ...opts };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Stored float16 / bfloat16 bits → value (PyTorch prints half tensors through float). */
function halfToNumber(h: number, brain: boolean): number {
  if (brain) { u32[0] = h << 16; return f32[0]; }
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Python's '{:.Nf}'.format(v): round half to even on the exact binary value, '-0.0000' for negative zero. */
export function pyFixed(v: number, digits: number): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  let s = v.toFixed(digits);
  // toFixed breaks exact ties upwards in magnitude; Python rounds them to even.
  const scale = 10 ** digits;
  const scaled = Math.abs(v) * scale;
  const fl = Math.floor(scaled);
  if (scaled - fl === 0.5 && (fl + 0.5) / scale === Math.abs(v)) {
    const even = fl % 2 === 0 ? fl : fl + 1;
    s = (v < 0 ? '-' : '') + (even / scale).toFixed(digits);
  }
  if (Object.is(v, -0)) s = '-' + s;
  return s;
}

/** Python's '{:.Ne}'.format(v): 1.2346e+05 (at least two exponent digits). */
export function pyExp(v: number, digits: number): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  let s = v.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');
  if (Object.is(v, -0)) s = '-' + s;
  return s;
}

interface Formatter {
  width: number;
  format(v: number): string;
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** torch._tensor_str._Formatter, built from the values that will be shown. */
function makeFormatter(vals: number[], dtype: Tensor['dtype']): Formatter {
  if (!isFloatingPoint(dtype)) {
    const str = dtype === 'bool' ? (v: number) => (v ? 'True' : 'False') : (v: number) => String(v);
    const width = vals.reduce((w, v) => Math.max(w, str(v).length), 1);
    return { width, format: (v) => pad(str(v), width) };
  }
  const nz: number[] = [];
  for (const v of vals) if (Number.isFinite(v) && v !== 0) nz.push(v);
  let intMode = true;
  let sci = false;
  let width = 1;
  if (nz.length) {
    let mn = Infinity, mx = 0;
    for (const v of nz) { const a = Math.abs(v); if (a < mn) mn = a; if (a > mx) mx = a; }
    intMode = nz.every((v) => Math.ceil(v) === v);
    if (intMode) {
      sci = mx / mn > 1000 || mx > 1e8;
      for (const v of nz) width = Math.max(width, sci ? pyExp(v, opts.precision).length : pyFixed(v, 0).length + 1);
    } else {
      sci = mx / mn > 1000 || mx > 1e8 || mn < 1e-4;
      for (const v of nz) width = Math.max(width, sci ? pyExp(v, opts.precision).length : pyFixed(v, opts.precision).length);
    }
  }
  // A forced sci_mode changes the notation but not the width computed above (as in PyTorch).
  if (opts.sci_mode !== null) sci = opts.sci_mode;
  const format = (v: number): string => {
    let s: string;
    if (sci) s = pyExp(v, opts.precision);
    else if (intMode) s = pyFixed(v, 0) + (Number.isFinite(v) ? '.' : '');
    else s = pyFixed(v, opts.precision);
    return pad(s, width);
  };
  return { width, format };
}

/** Indices shown along a dim: all, or the first and last EDGE around a null (the '...'). */
function shownIndices(n: number, summarize: boolean): Array<number | null> {
  const e = opts.edgeitems;
  if (!summarize || n <= 2 * e) return Array.from({ length: n }, (_, i) => i);
  // PyTorch takes the tail as x[-edgeitems:], which for edgeitems = 0 is the whole dim.
  const tail = e === 0 ? n : e;
  return [...Array.from({ length: e }, (_, i) => i), null, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
}

function body(vals: number[], shape: readonly number[], summarize: boolean, fmt: Formatter, indent: number): string {
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]; }
  const rec = (dim: number, base: number, ind: number): string => {
    const idx = shownIndices(shape[dim], summarize);
    if (dim === shape.length - 1) {
      const perLine = Math.max(1, Math.floor((opts.linewidth - ind) / (fmt.width + 2)));
      const items = idx.map((i) => (i === null ? ' ...' : fmt.format(vals[base + i])));
      const lines: string[] = [];
      for (let k = 0; k < items.length; k += perLine) lines.push(items.slice(k, k + perLine).join(', '));
      return `[${lines.join(',\n' + ' '.repeat(ind + 1))}]`;
    }
    const sep = ',' + '\n'.repeat(shape.length - dim - 1) + ' '.repeat(ind + 1);
    return `[${idx.map((i) => (i === null ? '...' : rec(dim + 1, base + i * strides[dim], ind + 1))).join(sep)}]`;
  };
  return rec(0, 0, indent);
}

/** The values the formatter looks at: all of them, or only the shown corners of a summarised tensor. */
function shownValues(vals: number[], shape: readonly number[], summarize: boolean): number[] {
  if (!summarize) return vals;
  const out: number[] = [];
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]; }
  const rec = (dim: number, base: number): void => {
    if (dim === shape.length) { out.push(vals[base]); return; }
    for (const i of shownIndices(shape[dim], true)) if (i !== null) rec(dim + 1, base + i * strides[dim]);
  };
  rec(0, 0);
  return out;
}

/** PyTorch's _add_suffixes: ', suffix' while it fits in the line width, else a new indented line. */
function addSuffixes(text: string, suffixes: string[], indent: number): string {
  let lastLine = text.length - text.lastIndexOf('\n') + 1;
  let out = text;
  for (const s of suffixes) {
    if (lastLine + s.length + 2 > opts.linewidth) {
      out += ',\n' + ' '.repeat(indent) + s;
      lastLine = indent + s.length;
    } else {
      out += ', ' + s;
      lastLine += s.length + 2;
    }
  }
  return out + ')';
}

export function formatTensor(t: Tensor): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const shape = t.shape;
  const n = t.numel();
  const suffixes: string[] = [];
  let text: string;
  if (n === 0) {
    if (shape.length !== 1) suffixes.push(`size=(${shape.join(', ')})`);
    if (t.dtype !== 'float32') suffixes.push(`dtype=torch.${t.dtype}`);
    text = '[]';
  } else {
    if (t.dtype !== 'float32' && t.dtype !== 'int64' && t.dtype !== 'bool') suffixes.push(`dtype=torch.${t.dtype}`);
    const vals = t.dtype === 'float16' || t.dtype === 'bfloat16' ? t._values().map((v) => halfToNumber(v, t.dtype === 'bfloat16')) : t._values();
    const summarize = n > opts.threshold;
    const fmt = makeFormatter(shownValues(vals, shape, summarize), t.dtype);
    text = shape.length === 0 ? fmt.format(vals[0]) : body(vals, shape, summarize, fmt, indent);
  }
  if (t.grad_fn) suffixes.push(`grad_fn=<${t.grad_fn.name()}>`);
  else if (t.requires_grad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + text, suffixes, indent);
}
