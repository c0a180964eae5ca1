/** Test helpers: build tensors directly, run real PyTorch, compare our values with Python's description. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tensor } from '../../core/tensor/tensor.ts';
import { Storage } from '../../core/tensor/storage.ts';
import { type DType, typedArrayFor, itemsize } from '../../core/tensor/dtype.ts';
import { OrderedDict, PyFloat, PyTuple } from '../../core/serialize/index.ts';

export const PYTHON = '/usr/bin/python3';
export const PY_DIR = join(dirname(fileURLToPath(import.meta.url)), 'py');
const INSTALL = 'install python3-torch: apt-get install -y python3-torch python3-numpy';

const torchChecked = new Set<string>();
/** Fail (never skip) when real PyTorch is missing. */
export function requireTorch(python = PYTHON): void {
  if (torchChecked.has(python)) return;
  try {
    execFileSync(python, ['-c', 'import torch, numpy'], { stdio: 'pipe' });
  } catch {
    throw new Error(INSTALL);
  }
  torchChecked.add(python);
}

/** Run tests/serialize/py/<script> with args; parse its stdout as JSON. */
export function runPy(script: string, args: string[], timeout = 120_000): any {
  requireTorch();
  let out: string;
  try {
    out = execFileSync(PYTHON, [join(PY_DIR, script), ...args], { cwd: PY_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout, maxBuffer: 256 * 1024 * 1024 });
  } catch (e: any) {
    throw new Error(`${script} failed: ${e.stderr || e.message}`);
  }
  return JSON.parse(out);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'netsketch-serialize-'));
}

/** A contiguous tensor from values (int64 values may be bigints; float16/bfloat16 values are raw bit patterns). */
export function tensor(dtype: DType, shape: number[], values: ArrayLike<number | bigint>): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (values.length !== n) throw new Error(`tensor helper: ${values.length} values for shape ${shape}`);
  const data = typedArrayFor(dtype, n);
  for (let i = 0; i < n; i++) data[i] = Number(values[i]);
  return new Tensor(new Storage(data), shape, null, 0, dtype);
}

export function arange(dtype: DType, shape: number[], scale = 1, shift = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(dtype, shape, Array.from({ length: n }, (_, i) => i * scale + shift));
}

/** A strided view over t's storage. */
export function view(t: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  return new Tensor(t._storage, shape, strides, offset, t.dtype);
}

/** The tensor's elements in row-major order as the little-endian bytes torch would hold (hex), gathered by hand. */
export function tensorHex(t: Tensor): string {
  const shape = [...t.shape];
  const strides = t.stride() as number[];
  const n = shape.reduce((a, b) => a * b, 1);
  const data = t._storage.data;
  const size = itemsize(t.dtype);
  const out = new Uint8Array(n * size);
  const dv = new DataView(out.buffer);
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const idx = new Array(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let off = t.storage_offset();
    for (let d = 0; d < shape.length; d++) off += idx[d] * strides[d];
    if (t.dtype === 'int64') dv.setBigInt64(k * 8, BigInt(data[off]), true);
    else out.set(raw.subarray(off * size, off * size + size), k * size);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return Buffer.from(out).toString('hex');
}

function floatHex(x: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(x);
  return b.toString('hex');
}

export interface CompareContext {
  /** true when `js` came from our torch.load (dict vs OrderedDict must match exactly). */
  loaded: boolean;
  groups: Map<number, Storage>;
  owners: Map<Storage, number>;
}

export function loadedContext(): CompareContext {
  return { loaded: true, groups: new Map(), owners: new Map() };
}

/**
 * Compare a JS value with Python's description (describe.py). Returns a list of mismatches (empty = equal).
 * `groups` maps Python storage groups to our Storage objects, so sharing must match in both directions.
 */
export function compare(js: unknown, d: any, path = 'obj', ctx: CompareContext = { loaded: false, groups: new Map(), owners: new Map() }): string[] {
  const { groups, owners } = ctx;
  const bad = (msg: string): string[] => [`${path}: ${msg}`];
  switch (d.t) {
    case 'tensor': {
      if (!(js instanceof Tensor)) return bad(`expected a tensor, got ${String(js)}`);
      const errs: string[] = [];
      if (js.dtype !== d.dtype) errs.push(`${path}: dtype ${js.dtype} vs ${d.dtype}`);
      if (JSON.stringify([...js.shape]) !== JSON.stringify(d.shape)) errs.push(`${path}: shape ${js.shape} vs ${d.shape}`);
      if (errs.length) return errs;
      const hex = tensorHex(js);
      if (hex !== d.hex) errs.push(`${path}: values differ: ${hex.slice(0, 80)} vs ${d.hex.slice(0, 80)}`);
      if (ctx.loaded && js._isParameter !== d.parameter) errs.push(`${path}: parameter ${js._isParameter} vs ${d.parameter}`);
      if (js.requires_grad !== d.requires_grad) errs.push(`${path}: requires_grad ${js.requires_grad} vs ${d.requires_grad}`);
      if (js.numel() > 0) {
        const g = groups.get(d.group);
        const o = owners.get(js._storage);
        if ((g !== undefined && g !== js._storage) || (o !== undefined && o !== d.group)) errs.push(`${path}: storage sharing differs from PyTorch's`);
        groups.set(d.group, js._storage);
        owners.set(js._storage, d.group);
      }
      return errs;
    }
    case 'int': {
      const ok = (typeof js === 'number' && Number.isInteger(js) && BigInt(js) === BigInt(d.v)) || (typeof js === 'bigint' && js === BigInt(d.v));
      return ok ? [] : bad(`int ${String(js)} vs ${d.v}`);
    }
    case 'float': {
      const x = js instanceof PyFloat ? js.value : js;
      if (typeof x !== 'number') return bad(`expected float, got ${String(js)}`);
      return floatHex(x) === d.hex || (Number.isNaN(x) && Number.isNaN(Buffer.from(d.hex, 'hex').readDoubleBE())) ? [] : bad(`float ${x} (${floatHex(x)}) vs ${d.hex}`);
    }
    case 'str': return js === d.v ? [] : bad(`${JSON.stringify(js)} vs ${JSON.stringify(d.v)}`);
    case 'bool': return js === d.v ? [] : bad(`${String(js)} vs ${d.v}`);
    case 'none': return js === null ? [] : bad(`${String(js)} vs None`);
    case 'bytes': return js instanceof Uint8Array && Buffer.from(js).toString('hex') === d.hex ? [] : bad('bytes differ');
    case 'tuple':
    case 'list': {
      if (!Array.isArray(js)) return bad(`expected a ${d.t}, got ${String(js)}`);
      if ((d.t === 'tuple') !== (js instanceof PyTuple)) return bad(`expected a ${d.t}, got ${js instanceof PyTuple ? 'PyTuple' : 'array'}`);
      if (js.length !== d.items.length) return bad(`length ${js.length} vs ${d.items.length}`);
      return js.flatMap((x, i) => compare(x, d.items[i], `${path}[${i}]`, ctx));
    }
    case 'dict':
    case 'ordereddict': {
      let entries: [unknown, unknown][];
      if (js instanceof Map) entries = [...js.entries()];
      else if (js && typeof js === 'object') entries = Object.entries(js);
      else return bad(`expected a dict, got ${String(js)}`);
      const errs: string[] = [];
      // loaded values: exactly OrderedDict; values we save: also a Map of tensors (save writes those as OrderedDict)
      const isOrdered = js instanceof OrderedDict || (!ctx.loaded && js instanceof Map && js.size > 0 && [...js.values()].every((v) => v instanceof Tensor));
      if (isOrdered !== (d.t === 'ordereddict')) errs.push(`${path}: ${d.t} expected`);
      if (entries.length !== d.items.length) return [...errs, `${path}: ${entries.length} entries vs ${d.items.length}`];
      entries.forEach(([k, v], i) => {
        errs.push(...compare(k, d.items[i][0], `${path}.key${i}`, ctx));
        errs.push(...compare(v, d.items[i][1], `${path}[${String(k)}]`, ctx));
      });
      const md = js instanceof OrderedDict ? js._metadata : (js as any)._metadata;
      if ((md === undefined) !== (d.metadata === undefined)) errs.push(`${path}: _metadata presence differs`);
      else if (md !== undefined) errs.push(...compare(md, d.metadata, `${path}._metadata`, ctx));
      return errs;
    }
    default:
      return bad(`unknown description ${JSON.stringify(d).slice(0, 60)}`);
  }
}
