import type { Tensor } from '../tensor/tensor.ts';
import { type DType, parseDType, castScalar, isFloatingPoint } from '../tensor/dtype.ts';
import { record } from '../autograd/function.ts';
import { empty, unaryMap, UnOp } from './_helpers.ts';

function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function f32ToF16(v: number): number {
  const f = new Float32Array([v]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  let mant = u & 0x7fffff;
  if (exp === 255) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let hm = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (hm & 1))) hm++;
    return sign | hm;
  }
  let hm = mant >> 13;
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (hm & 1))) { hm++; if (hm === 0x400) { hm = 0; e++; if (e >= 31) return sign | 0x7c00; } }
  return sign | (e << 10) | hm;
}

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);
function bf16ToF32(h: number): number {
  u32buf[0] = h << 16;
  return f32buf[0];
}
function f32ToBf16(v: number): number {
  f32buf[0] = v;
  const u = u32buf[0];
  if (v !== v) return 0x7fc0;
  const lsb = (u >>> 16) & 1;
  return ((u + 0x7fff + lsb) >>> 16) & 0xffff;
}

/** Read element values as JS numbers regardless of storage encoding. */
export function decodeValue(dtype: DType, raw: number): number {
  if (dtype === 'float16') return f16ToF32(raw);
  if (dtype === 'bfloat16') return bf16ToF32(raw);
  return raw;
}

function encodeValue(dtype: DType, v: number): number {
  if (dtype === 'float16') return f32ToF16(v);
  if (dtype === 'bfloat16') return f32ToBf16(v);
  return castScalar(v, dtype);
}

const FAST = new Set<DType>(['float32', 'float64', 'int64', 'int32', 'uint8', 'bool']);

/** Conversions between dtypes we compute in run through the unary kernel (typed arrays do the narrowing). */
function fast(x: Tensor, d: DType): Tensor | null {
  if (!FAST.has(x.dtype) || !FAST.has(d)) return null;
  let op = UnOp.Copy;
  if (d === 'bool') op = UnOp.NonZero;
  else if (d === 'int64' && isFloatingPoint(x.dtype)) op = UnOp.Trunc;
  return unaryMap(x, d, op, null, 'to');
}

function slow(x: Tensor, d: DType): Tensor {
  const out = empty(x.shape, d);
  const od = out._storage.data;
  const src = x._storage.data;
  let i = 0;
  x._forEachIndex((off) => { od[i++] = encodeValue(d, decodeValue(x.dtype, src[off])); });
  return out;
}

/** x.to(dtype): a converted copy (or x itself when the dtype already matches). Differentiable between float types. */
export function to(x: Tensor, dtype: DType | string, opts: { copy?: boolean } = {}): Tensor {
  const d = typeof dtype === 'string' ? parseDType(dtype) : dtype;
  if (d === x.dtype && !opts.copy) return x;
  const out = fast(x, d) ?? slow(x, d);
  if (!isFloatingPoint(d) || !isFloatingPoint(x.dtype)) return out;
  const from = x.dtype;
  return record('ToCopyBackward0', out, [x], [], (g) => [to(g, from)]);
}
