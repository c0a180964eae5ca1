/**
 * safetensors (huggingface): 8-byte little-endian header length N, N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}`, then the raw little-endian,
 * row-major tensor bytes. The writer follows the reference implementation exactly (entries sorted by dtype then
 * name, compact JSON, header padded with spaces to a multiple of 8); the reader applies its validation rules
 * (header ≤ 100 MB, offsets contiguous from 0 and covering the buffer exactly, byte counts matching shapes).
 */
import { Tensor } from '../tensor/tensor.ts';
import { Storage } from '../tensor/storage.ts';
import { type DType, itemsize } from '../tensor/dtype.ts';
import { fail, SerializationError } from './errors.ts';
import { bytesToStorage, storageToBytes } from './dtype_io.ts';
import { utf8Decode, utf8Encode } from './utf8.ts';
import { JsonNumber, parseStrictJson, type JsonValue } from './strict_json.ts';

const MAX_HEADER = 100_000_000;

/** Our dtypes and their safetensors names, in the reference's enum order (BOOL < U8 < I8 < … < I64). */
const ST_DTYPE: Record<DType, string> = {
  bool: 'BOOL', uint8: 'U8', int8: 'I8', int16: 'I16', float16: 'F16', bfloat16: 'BF16', int32: 'I32', float32: 'F32', float64: 'F64', int64: 'I64',
};
const ENUM_ORDER = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'];
const FROM_ST = new Map<string, DType>(Object.entries(ST_DTYPE).map(([d, s]) => [s, d as DType]));

/** Compare strings by UTF-8 bytes (Rust's String order), not UTF-16 units. */
function utf8Compare(a: string, b: string): number {
  const x = utf8Encode(a);
  const y = utf8Encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** The tensor's elements as contiguous little-endian bytes (views are materialized). */
function contiguousBytes(t: Tensor, name: string): Uint8Array {
  const shape = [...t.shape];
  const strides = t.stride() as number[];
  const n = shape.reduce((a, b) => a * b, 1);
  const src = t._storage.data;
  const contiguous = t.is_contiguous();
  let data = src;
  if (!(contiguous && t.storage_offset() === 0 && src.length === n)) {
    const Ctor = src.constructor as new (n: number) => typeof src;
    data = new Ctor(n);
    if (n > 0) {
      if (contiguous) data.set(src.subarray(t.storage_offset(), t.storage_offset() + n) as never);
      else {
        const idx = new Array<number>(shape.length).fill(0);
        let off = t.storage_offset();
        for (let k = 0; k < n; k++) {
          data[k] = src[off];
          for (let d = shape.length - 1; d >= 0; d--) {
            idx[d]++;
            off += strides[d];
            if (idx[d] < shape[d]) break;
            off -= strides[d] * shape[d];
            idx[d] = 0;
          }
        }
      }
    }
  }
  const chunks = storageToBytes(data, t.dtype, `safetensors tensor '${name}'`);
  return chunks.length === 1 ? chunks[0] : concat(chunks);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/**
 * safetensors.save(tensors, metadata?) → bytes of a `.safetensors` file. `tensors` is a Map or plain object of
 * name → Tensor; `metadata` optional string → string pairs (stored as `__metadata__`).
 */
export function save(tensors: Map<string, Tensor> | Record<string, Tensor>, metadata?: Record<string, string> | Map<string, string>): Uint8Array {
  const entries = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const items = entries.map(([name, t]) => {
    if (typeof name !== 'string') fail('UNSUPPORTED_VALUE', `safetensors.save: tensor names must be strings, got ${typeof name}.`);
    if (!(t instanceof Tensor)) fail('UNSUPPORTED_VALUE', `safetensors.save: '${name}' is not a Tensor; safetensors holds tensors only (put other values in metadata as strings).`);
    if (name === '__metadata__') fail('UNSUPPORTED_VALUE', "safetensors.save: '__metadata__' is reserved; rename the tensor.");
    return { name, t, st: ST_DTYPE[t.dtype] };
  });
  items.sort((a, b) => ENUM_ORDER.indexOf(b.st) - ENUM_ORDER.indexOf(a.st) || utf8Compare(a.name, b.name));
  const parts: string[] = [];
  if (metadata !== undefined) {
    const md = metadata instanceof Map ? [...metadata.entries()] : Object.entries(metadata);
    for (const [k, v] of md) {
      if (typeof v !== 'string') fail('UNSUPPORTED_VALUE', `safetensors.save: metadata '${k}' is a ${typeof v}; metadata values must be strings (JSON.stringify them).`);
    }
    parts.push(`"__metadata__":{${md.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  }
  const datas: Uint8Array[] = [];
  let offset = 0;
  for (const { name, t, st } of items) {
    const bytes = contiguousBytes(t, name);
    datas.push(bytes);
    parts.push(`${JSON.stringify(name)}:{"dtype":"${st}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${offset + bytes.length}]}`);
    offset += bytes.length;
  }
  const json = utf8Encode(`{${parts.join(',')}}`);
  const pad = (8 - (json.length % 8)) % 8;
  const n = json.length + pad;
  let out: Uint8Array;
  try {
    out = new Uint8Array(8 + n + offset);
  } catch {
    return fail('TOO_LARGE', `safetensors.save: the file would be ${8 + n + offset} bytes, more than one Uint8Array can hold here.`);
  }
  new DataView(out.buffer).setUint32(0, n, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let p = 8 + n;
  for (const d of datas) {
    out.set(d, p);
    p += d.length;
  }
  return out;
}

interface HeaderEntry {
  name: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

function parseHeader(bytes: Uint8Array): { n: number; entries: HeaderEntry[]; metadata: Map<string, string> | null } {
  const badFile = (msg: string): never => fail('BAD_SAFETENSORS', `safetensors.load: ${msg}`);
  if (!(bytes instanceof Uint8Array)) badFile('expected a Uint8Array.');
  if (bytes.length < 8) badFile(`the file is ${bytes.length} bytes, too short for the 8-byte header length; it is truncated.`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hi = v.getUint32(4, true);
  const n = hi * 0x100000000 + v.getUint32(0, true);
  if (n > MAX_HEADER) badFile(`the header claims ${n} bytes, more than the 100,000,000 allowed; this is not a safetensors file or it is corrupt.`);
  if (8 + n > bytes.length) badFile(`the header claims ${n} bytes but the file has only ${bytes.length - 8} after the length; it is truncated.`);
  let text: string;
  try {
    text = utf8Decode(bytes, 8, 8 + n, 'safetensors header');
  } catch (e) {
    if (e instanceof SerializationError) badFile('the header is not valid UTF-8; the file is corrupt.');
    throw e;
  }
  const root = parseStrictJson(text, 'safetensors.load header');
  if (!(root instanceof Map)) return badFile('the header is not a JSON object.');
  let metadata: Map<string, string> | null = null;
  const entries: HeaderEntry[] = [];
  for (const [name, info] of root) {
    if (name === '__metadata__') {
      if (info === null) continue;
      if (!(info instanceof Map)) badFile('__metadata__ must be an object of strings.');
      metadata = new Map();
      for (const [k, x] of info as Map<string, JsonValue>) {
        if (typeof x !== 'string') badFile(`__metadata__['${k}'] is not a string.`);
        metadata.set(k, x as string);
      }
      continue;
    }
    if (!(info instanceof Map)) return badFile(`entry '${name}' is not an object with dtype, shape and data_offsets.`);
    const dt = info.get('dtype');
    const shape = info.get('shape');
    const offs = info.get('data_offsets');
    if (typeof dt !== 'string') return badFile(`entry '${name}' has no dtype string.`);
    const dtype = FROM_ST.get(dt);
    if (!dtype) {
      return ENUM_ORDER.includes(dt)
        ? fail('BAD_SAFETENSORS', `safetensors.load: '${name}' has dtype ${dt}, which Netsketch has no tensor type for (supported: ${Object.values(ST_DTYPE).join(', ')}).`)
        : badFile(`'${name}' has unknown dtype '${dt}'.`);
    }
    const uints = (x: JsonValue | undefined, what: string): number[] => {
      if (!Array.isArray(x)) return badFile(`'${name}' ${what} is not an array.`);
      return x.map((e) => {
        const u = e instanceof JsonNumber ? e.safeUint() : null;
        if (u === null) badFile(`'${name}' ${what} holds ${e instanceof JsonNumber ? e.text : JSON.stringify(e)}; expected non-negative integers.`);
        return u as number;
      });
    };
    const sh = uints(shape, 'shape');
    const o = uints(offs, 'data_offsets');
    if (o.length !== 2) badFile(`'${name}' data_offsets must be [begin, end].`);
    entries.push({ name, dtype, shape: sh, begin: o[0], end: o[1] });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let start = 0;
  for (const e of entries) {
    if (e.begin !== start || e.end < e.begin) badFile(`'${e.name}' data_offsets [${e.begin}, ${e.end}] do not start where the previous tensor ended (${start}); offsets must be contiguous (InvalidOffset).`);
    start = e.end;
    let numel = 1;
    for (const d of e.shape) {
      numel *= d;
      if (numel > Number.MAX_SAFE_INTEGER) badFile(`'${e.name}' shape [${e.shape.join(', ')}] overflows (ValidationOverflow).`);
    }
    const nbytes = numel * itemsize(e.dtype);
    if (!Number.isSafeInteger(nbytes)) badFile(`'${e.name}' byte size overflows (ValidationOverflow).`);
    if (e.end - e.begin !== nbytes) badFile(`'${e.name}' is ${e.dtype} of shape [${e.shape.join(', ')}] (${nbytes} bytes) but data_offsets span ${e.end - e.begin} bytes (TensorInvalidInfo).`);
  }
  if (start + 8 + n !== bytes.length) {
    badFile(`the tensors cover ${start} bytes but the file holds ${bytes.length - 8 - n} after the header (MetadataIncompleteBuffer); it is truncated or has trailing data.`);
  }
  return { n, entries, metadata };
}

/** safetensors.load(bytes) → Map name → Tensor, in file (offset) order. */
export function load(bytes: Uint8Array): Map<string, Tensor> {
  const { n, entries } = parseHeader(bytes);
  const base = 8 + n;
  const out = new Map<string, Tensor>();
  for (const e of entries) {
    const dec = bytesToStorage(bytes.subarray(base + e.begin, base + e.end), e.dtype, false);
    if (dec.int64Overflow >= 0) {
      fail('INT64_RANGE', `safetensors.load: the int64 tensor '${e.name}' holds ${dec.int64OverflowValue} (element ${dec.int64Overflow}), beyond ±2^53, which JavaScript numbers cannot represent exactly.`);
    }
    out.set(e.name, new Tensor(new Storage(dec.data), e.shape, null, 0, e.dtype));
  }
  return out;
}

/** The `__metadata__` string pairs of a safetensors file (null when absent). Validates the whole header. */
export function metadata(bytes: Uint8Array): Map<string, string> | null {
  return parseHeader(bytes).metadata;
}
