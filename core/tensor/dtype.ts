/**
 * Data types, named as torch's (`torch.float32` is 'float32'). Computation happens in float32, float64, int64, int32,
 * uint8 and bool. float16/bfloat16/int16/int8 exist so PyTorch files load faithfully; convert them with `.float()`.
 *
 * int64 is stored in a Float64Array: exact for integers up to 2^53, which covers indices, labels and counters.
 * Files carry real 8-byte int64 (core/serialize converts).
 */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export type TypedArray = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'];

const ITEMSIZE: Record<DType, number> = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};

/** Bytes per element in PyTorch's storage (what a .pt file holds), not in our in-memory array. */
export function itemsize(dtype: DType): number {
  return ITEMSIZE[dtype];
}

export function typedArrayFor(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'float64': case 'int64': return new Float64Array(n);
    case 'float16': case 'bfloat16': return new Uint16Array(n);
    case 'int32': return new Int32Array(n);
    case 'int16': return new Int16Array(n);
    case 'int8': return new Int8Array(n);
    case 'uint8': case 'bool': return new Uint8Array(n);
  }
}

export function isFloatingPoint(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

export function isIntegral(dtype: DType, includeBool = false): boolean {
  return !isFloatingPoint(dtype) && (includeBool || dtype !== 'bool');
}

/** dtypes our kernels compute in; others must be converted first. */
export function isComputable(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'int64' || dtype === 'int32' || dtype === 'uint8' || dtype === 'bool';
}

export function assertComputable(dtype: DType, fn: string): void {
  if (!isComputable(dtype)) {
    throw new TypeError(`${fn}: tensors of dtype torch.${dtype} are stored but not computed on in Netsketch. Convert first with .float() (or .to('float64')).`);
  }
}

const CATEGORY: Record<DType, number> = {
  bool: 0, uint8: 1, int8: 1, int16: 1, int32: 1, int64: 1, float16: 2, bfloat16: 2, float32: 2, float64: 2,
};
const RANK: Record<DType, number> = {
  bool: 0, uint8: 1, int8: 2, int16: 3, int32: 4, int64: 5, float16: 6, bfloat16: 7, float32: 8, float64: 9,
};

/** torch.promote_types for the dtypes we compute in. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if ((a === 'float16' && b === 'bfloat16') || (a === 'bfloat16' && b === 'float16')) return 'float32';
  if ((a === 'uint8' && b === 'int8') || (a === 'int8' && b === 'uint8')) return 'int16';
  return RANK[a] >= RANK[b] ? a : b;
}

export type Scalar = number | boolean;

export function scalarCategory(s: Scalar): number {
  if (typeof s === 'boolean') return 0;
  return Number.isInteger(s) ? 1 : 2;
}

/**
 * torch.result_type(tensor, scalar): a Python scalar only raises the category (bool < integer < float), never the
 * width, so float32 + 2.5 stays float32 and int64 + 2.5 becomes the default float dtype.
 */
export function resultTypeWithScalar(t: DType, s: Scalar): DType {
  const sc = scalarCategory(s);
  if (sc <= CATEGORY[t]) return t;
  return sc === 1 ? 'int64' : 'float32';
}

export function dtypeCategory(d: DType): number {
  return CATEGORY[d];
}

/** The name PyTorch prints: torch.float32 etc. */
export function dtypeName(d: DType): string {
  return `torch.${d}`;
}

/** c10's ScalarType names, used in PyTorch's messages: Float, Double, Long, Bool, … */
export function scalarTypeName(d: DType): string {
  const m: Record<DType, string> = {
    float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int64: 'Long', int32: 'Int', int16: 'Short',
    int8: 'Char', uint8: 'Byte', bool: 'Bool',
  };
  return m[d];
}

/** Legacy type names used in some PyTorch messages, e.g. torch.FloatTensor. */
export function legacyTypeName(d: DType): string {
  const m: Record<DType, string> = {
    float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor', int64: 'LongTensor',
    int32: 'IntTensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
  };
  return `torch.${m[d]}`;
}

const ALIASES: Record<string, DType> = {
  float: 'float32', float32: 'float32', double: 'float64', float64: 'float64', half: 'float16', float16: 'float16',
  bfloat16: 'bfloat16', long: 'int64', int64: 'int64', int: 'int32', int32: 'int32', short: 'int16', int16: 'int16',
  int8: 'int8', uint8: 'uint8', bool: 'bool',
};

/** Accepts 'float32', 'torch.float32', 'float', 'long', … */
export function parseDType(d: string): DType {
  const key = d.startsWith('torch.') ? d.slice(6) : d;
  const r = ALIASES[key];
  if (!r) throw new TypeError(`Unknown dtype '${d}'. Use one of: ${DTYPES.join(', ')}.`);
  return r;
}

/** Cast a JS number to what a dtype can hold (truncation toward zero for integers, like PyTorch's casts). */
export function castScalar(v: number, dtype: DType): number {
  switch (dtype) {
    case 'bool': return v !== 0 && !Number.isNaN(v) ? 1 : (Number.isNaN(v) ? 1 : 0);
    case 'uint8': return (Math.trunc(v) & 0xff);
    case 'int8': return (Math.trunc(v) << 24) >> 24;
    case 'int16': return (Math.trunc(v) << 16) >> 16;
    case 'int32': return Math.trunc(v) | 0;
    case 'int64': return Number.isFinite(v) ? Math.trunc(v) : v;
    case 'float32': return Math.fround(v);
    default: return v;
  }
}
