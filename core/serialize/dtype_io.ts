/**
 * Conversions between our in-memory storage arrays and the raw little-endian bytes of a PyTorch storage record.
 * int64 lives in a Float64Array in memory but is real 8-byte two's complement in files.
 */
import { type DType, type TypedArray, itemsize, typedArrayFor } from '../tensor/dtype.ts';
import { fail } from './errors.ts';

/** torch.<Class>Storage name per dtype, as torch.save writes it (torch-format.md §2). */
export const STORAGE_CLASS: Record<DType, string> = {
  float32: 'FloatStorage', float64: 'DoubleStorage', float16: 'HalfStorage', bfloat16: 'BFloat16Storage',
  int64: 'LongStorage', int32: 'IntStorage', int16: 'ShortStorage', int8: 'CharStorage', uint8: 'ByteStorage', bool: 'BoolStorage',
};

export const DTYPE_OF_STORAGE_CLASS: ReadonlyMap<string, DType> = new Map(
  Object.entries(STORAGE_CLASS).map(([d, c]) => [c, d as DType]),
);

export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const TWO32 = 4294967296;
const HI_LIMIT = 2097152; // 2^21: |int64| <= 2^53 iff hi is in [-2^21, 2^21) (plus exactly 2^53)

/** Elements per chunk when converting storages for writing: keeps every Uint8Array well under 2^31 bytes. */
const CHUNK_ELEMENTS = 1 << 26;

/**
 * The storage's bytes as torch stores them (little-endian), as one or more chunks (large storages are split so no
 * single array exceeds what a Uint8Array may hold). Chunks may alias `data` when no conversion is needed.
 */
export function storageToBytes(data: TypedArray, dtype: DType, where: string): Uint8Array[] {
  if (!LITTLE_ENDIAN_HOST) fail('UNSUPPORTED_VALUE', 'torch.save: big-endian hosts are not supported.');
  const expected = dtype === 'int64' ? 8 : itemsize(dtype);
  if (dtype !== 'int64' && data.BYTES_PER_ELEMENT !== expected) {
    fail('UNSUPPORTED_VALUE', `torch.save: ${where} has dtype ${dtype} but its storage is a ${data.constructor.name}; the tensor is inconsistent.`);
  }
  if (data.length === 0) return [new Uint8Array(0)];
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < data.length; start += CHUNK_ELEMENTS) {
    chunks.push(chunkBytes(data.subarray(start, Math.min(data.length, start + CHUNK_ELEMENTS)), dtype, where, start));
  }
  return chunks;
}

function chunkBytes(data: TypedArray, dtype: DType, where: string, base: number): Uint8Array {
  if (dtype === 'int64') {
    const n = data.length;
    const out = new Int32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (!Number.isInteger(v) || v >= 9223372036854775807 || v < -9223372036854775808) {
        fail('UNSUPPORTED_VALUE', `torch.save: ${where} is an int64 tensor holding ${v} at storage index ${base + i}, which is not an int64 value.`);
      }
      const hi = Math.floor(v / TWO32);
      out[2 * i] = (v - hi * TWO32) | 0;
      out[2 * i + 1] = hi;
    }
    return new Uint8Array(out.buffer);
  }
  if (dtype === 'bool') {
    const u = data as Uint8Array;
    if (u.some((x) => x > 1)) return Uint8Array.from(u, (x) => (x ? 1 : 0));
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Result of decoding a storage record; `int64Overflow` is the first element index beyond ±2^53 (else -1). */
export interface DecodedStorage {
  data: TypedArray;
  int64Overflow: number;
  /** The exact overflowing value, in decimal. */
  int64OverflowValue?: string;
}

/** Copy a storage record into a fresh typed array of `dtype`, byte-swapping when the file says `byteorder=big`. */
export function bytesToStorage(bytes: Uint8Array, dtype: DType, bigEndian: boolean): DecodedStorage {
  const size = itemsize(dtype);
  const n = bytes.length / size;
  const raw = new Uint8Array(bytes.length);
  raw.set(bytes);
  if (bigEndian !== !LITTLE_ENDIAN_HOST && size > 1) {
    for (let i = 0; i < raw.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) {
        const t = raw[a];
        raw[a] = raw[b];
        raw[b] = t;
      }
    }
  }
  if (dtype === 'int64') {
    const words = new Int32Array(raw.buffer);
    const out = new Float64Array(n);
    let overflow = -1;
    for (let i = 0; i < n; i++) {
      const lo = words[2 * i] >>> 0;
      const hi = words[2 * i + 1];
      if ((hi < -HI_LIMIT || hi >= HI_LIMIT) && !(hi === HI_LIMIT && lo === 0) && overflow < 0) overflow = i;
      out[i] = hi * TWO32 + lo;
    }
    if (overflow < 0) return { data: out, int64Overflow: -1 };
    const exact = (BigInt(words[2 * overflow + 1]) << 32n) + BigInt(words[2 * overflow] >>> 0);
    return { data: out, int64Overflow: overflow, int64OverflowValue: exact.toString() };
  }
  const out = typedArrayFor(dtype, 0);
  const Ctor = out.constructor as unknown as new (b: ArrayBuffer) => TypedArray;
  return { data: new Ctor(raw.buffer), int64Overflow: -1 };
}
