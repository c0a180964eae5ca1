/**
 * torch.load: the bytes of a `.pt` file written by PyTorch ≥ 1.6 (zip format) → JS values (mapping in
 * py_types.ts). Loading is always safe, like `torch.load(weights_only=True)`: the pickle runs in an allowlisting VM
 * (pickle_vm.ts) whose GLOBAL table is below; anything else is refused with the global's name.
 */
import { Tensor } from '../tensor/tensor.ts';
import { Storage } from '../tensor/storage.ts';
import { type DType, isFloatingPoint, itemsize } from '../tensor/dtype.ts';
import { fail, SerializationError } from './errors.ts';
import { DEFAULT_PICKLE_LIMITS, PyGlobal, describe, unpickle, type PickleLimits } from './pickle_vm.ts';
import { OrderedDict, PyTuple } from './py_types.ts';
import { DTYPE_OF_STORAGE_CLASS, bytesToStorage } from './dtype_io.ts';
import { ZipReader } from './zip_reader.ts';
import { latin1Decode } from './utf8.ts';

export interface LoadLimits extends PickleLimits {
  /** Bytes of data.pkl after decompression (state_dicts need kilobytes; big Python lists need more). */
  maxPickleBytes: number;
  /** Total bytes of all storages (after decompression). */
  maxTotalBytes: number;
  /** Elements in one tensor (a stride-0 view can claim far more elements than its storage holds). */
  maxTensorElements: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  ...DEFAULT_PICKLE_LIMITS,
  maxPickleBytes: 256 * 1024 * 1024,
  maxTotalBytes: 2 ** 32,
  maxTensorElements: 2 ** 32,
};

export interface LoadOptions {
  /** Override any safety limit. */
  limits?: Partial<LoadLimits>;
  /**
   * Return integral-valued Python floats (`lr = 1.0`) as PyFloat instead of numbers, so that saving the object
   * again writes floats where the file had floats (a lossless round trip). Default false.
   */
  exact_floats?: boolean;
  /** Verify each record's CRC-32 (default true; CRC 0 means "not computed" and is accepted, as torch does). */
  check_crc?: boolean;
}

/** What BINPERSID yields: one storage record, shared by every tensor that references its key. */
class StorageRef {
  constructor(
    readonly key: string,
    readonly dtype: DType,
    readonly storage: Storage,
    readonly int64Overflow: number,
    readonly int64OverflowValue?: string,
  ) {}
}

const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

/** Reject what is not a zip checkpoint with a message saying what it is and what to do. */
function checkFormat(b: Uint8Array): void {
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return;
  if (startsWith(b, LEGACY_MAGIC)) {
    fail('LEGACY_FORMAT', 'torch.load: this file uses the legacy (pre-1.6) torch.save format, which Netsketch does not read. Re-save it with a newer PyTorch (torch.save with the default zip format): `torch.save(torch.load(path), path2)`.');
  }
  if (startsWith(b, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) {
    fail('TAR_FORMAT', 'torch.load: this file is a tar archive (the PyTorch 0.x torch.save format), which Netsketch does not read. Load it in a PyTorch version that still reads it and re-save it with torch.save (zip format).');
  }
  if (b.length > 0 && b[0] === 0x80) {
    fail('LEGACY_FORMAT', 'torch.load: this file is a bare pickle, not a torch.save zip archive (perhaps the legacy pre-1.6 format or pickle.dump). Re-save it with a newer PyTorch (torch.save with the default zip format).');
  }
  fail('NOT_A_CHECKPOINT', `torch.load: the data (${b.length} bytes, starting ${[...b.subarray(0, 4)].map((x) => x.toString(16).padStart(2, '0')).join(' ')}) is not a PyTorch file; a .pt file written by torch.save is a zip archive starting with 'PK'.`);
}

class Loader {
  private readonly storages = new Map<string, StorageRef>();
  private totalBytes = 0;
  readonly overflowed: StorageRef[] = [];

  constructor(private readonly zip: ZipReader, private readonly prefix: string, private readonly bigEndian: boolean, private readonly limits: LoadLimits) {}

  resolveGlobal = (module: string, name: string): PyGlobal => {
    const g = (call: ((args: unknown[]) => unknown) | null, tag?: unknown): PyGlobal => new PyGlobal(module, name, call, tag);
    const q = `${module}.${name}`;
    switch (q) {
      case 'collections.OrderedDict': return g((a) => this.orderedDict(a));
      case 'torch._utils._rebuild_tensor_v2': return g((a) => this.rebuild(a, 'torch._utils._rebuild_tensor_v2', 6, 7));
      case 'torch._utils._rebuild_tensor': return g((a) => this.rebuild(a, 'torch._utils._rebuild_tensor', 4, 4));
      case 'torch._utils._rebuild_parameter': return g((a) => this.parameter(a, 3));
      case 'torch._utils._rebuild_parameter_with_state': return g((a) => this.parameter(a, 4));
      case 'torch.Size': return g((a) => {
        if (a.length > 1 || (a.length === 1 && !Array.isArray(a[0]))) this.badArgs('torch.Size', a);
        return PyTuple.of_items((a[0] as unknown[] | undefined) ?? []);
      });
      case 'torch.device': return g((a) => {
        if (a.length < 1 || typeof a[0] !== 'string') this.badArgs('torch.device', a);
        return a.length > 1 && a[1] !== null ? `${a[0] as string}:${String(a[1])}` : a[0];
      });
      case '_codecs.encode': return g((a) => encode(a));
      case 'builtins.set': case '__builtin__.set': return g((a) => {
        if (a.length === 0) return new Set();
        if (!Array.isArray(a[0])) this.badArgs(q, a);
        return new Set(a[0] as unknown[]);
      });
    }
    if (module === 'torch') {
      const dtype = DTYPE_OF_STORAGE_CLASS.get(name);
      if (dtype) return g(null, dtype);
      if (/^[A-Za-z0-9]+Storage$/.test(name)) return g(null, null); // e.g. ComplexFloatStorage: refused when used
    }
    if (/^torch\._utils\._rebuild_(sparse|qtensor|meta|wrapper|nested|device|mkldnn)/.test(q) || q === 'torch.serialization._get_layout') {
      return fail('FORBIDDEN_GLOBAL', `torch.load: the file uses '${q}', a PyTorch tensor kind Netsketch does not support (sparse, quantized, meta or device-specific tensors). In PyTorch convert it to a dense CPU tensor (.to_dense(), .dequantize(), .cpu()) and re-save.`);
    }
    return fail('FORBIDDEN_GLOBAL', `torch.load: the file references the global '${q}', which is not allowed when loading safely (like torch.load(weights_only=True)). Only tensors, state_dicts, optimizer state and plain Python containers can be loaded. If you trust the file, load it in Python and re-save its state_dict().`);
  };

  private badArgs(fn: string, a: unknown[]): never {
    return fail('BAD_PICKLE', `torch.load: ${fn} called with unexpected arguments (${a.map(describe).join(', ')}); the file is corrupt.`);
  }

  private orderedDict(a: unknown[]): OrderedDict {
    const d = new OrderedDict();
    if (a.length === 0) return d;
    const src = a[0];
    if (a.length > 1) this.badArgs('collections.OrderedDict', a);
    if (src instanceof Map) {
      for (const [k, v] of src) d.set(k, v);
      return d;
    }
    if (!Array.isArray(src)) this.badArgs('collections.OrderedDict', a);
    for (const pair of src as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) this.badArgs('collections.OrderedDict', a);
      const [k, v] = pair as unknown[];
      if (!(k === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof k) || k instanceof PyTuple)) this.badArgs('collections.OrderedDict', a);
      d.set(k, v);
    }
    return d;
  }

  persistentLoad = (pid: unknown): StorageRef => {
    if (!(pid instanceof PyTuple) || pid.length < 5 || pid[0] !== 'storage') {
      return fail('BAD_PICKLE', `torch.load: persistent id ${describe(pid)} is not a ('storage', type, key, location, numel) tuple; the file is corrupt.`);
    }
    const [, cls, key, location] = pid;
    if (!(cls instanceof PyGlobal) || typeof cls.tag !== 'string') {
      return fail('BAD_TENSOR', `torch.load: storage type ${describe(cls)} is not supported by Netsketch. Supported: Float, Double, Half, BFloat16, Long, Int, Short, Char, Byte and Bool storages (convert the tensor in PyTorch, e.g. .float(), and re-save).`);
    }
    if (typeof key !== 'string' || typeof location !== 'string') return fail('BAD_PICKLE', `torch.load: storage id ${describe(key)} is not a string; the file is corrupt.`);
    const dtype = cls.tag as DType;
    const cached = this.storages.get(key);
    if (cached) {
      if (cached.dtype !== dtype) fail('BAD_TENSOR', `torch.load: storage '${key}' is used as both ${cached.dtype} and ${dtype}; the file is corrupt.`);
      return cached;
    }
    const name = `${this.prefix}data/${key}`;
    if (!this.zip.has(name)) fail('MISSING_RECORD', `torch.load: the record '${name}' for storage '${key}' is missing; the file is truncated or corrupt.`);
    const entry = this.zip.entries.get(name)!;
    const size = itemsize(dtype);
    this.totalBytes += entry.size;
    if (this.totalBytes > this.limits.maxTotalBytes) {
      fail('LIMIT_EXCEEDED', `torch.load: the storages add up to more than ${this.limits.maxTotalBytes} bytes (maxTotalBytes) at '${name}' (${entry.size} bytes).`);
    }
    if (entry.size % size !== 0) fail('BAD_TENSOR', `torch.load: record '${name}' holds ${entry.size} bytes, not a whole number of ${dtype} elements (${size} bytes each); the file is corrupt.`);
    const bytes = this.zip.read(name);
    const decoded = bytesToStorage(bytes, dtype, this.bigEndian);
    const ref = new StorageRef(key, dtype, new Storage(decoded.data), decoded.int64Overflow, decoded.int64OverflowValue);
    if (ref.int64Overflow >= 0) this.overflowed.push(ref);
    this.storages.set(key, ref);
    return ref;
  };

  private intList(v: unknown, fn: string, what: string): number[] {
    if (!Array.isArray(v)) return fail('BAD_TENSOR', `torch.load: ${fn} got ${describe(v)} as ${what}; expected a tuple of ints. The file is corrupt.`);
    return v.map((x) => {
      if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) fail('BAD_TENSOR', `torch.load: ${fn} got ${describe(x)} in ${what}; expected non-negative ints. The file is corrupt.`);
      return x as number;
    });
  }

  private rebuild(a: unknown[], fn: string, min: number, max: number): Tensor {
    if (a.length < min || a.length > max) this.badArgs(fn, a);
    const st = a[0];
    if (!(st instanceof StorageRef)) {
      return fail('BAD_TENSOR', `torch.load: ${fn} got ${describe(st)} instead of a storage; the file is corrupt.`);
    }
    const offset = a[1];
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) return fail('BAD_TENSOR', `torch.load: ${fn} got storage offset ${describe(offset)}; the file is corrupt.`);
    const size = this.intList(a[2], fn, 'size');
    const stride = this.intList(a[3], fn, 'stride');
    if (size.length !== stride.length) fail('BAD_TENSOR', `torch.load: ${fn} got size of ${size.length} dims but stride of ${stride.length}; the file is corrupt.`);
    const requiresGrad = a.length > 4 ? a[4] : false;
    if (typeof requiresGrad !== 'boolean') this.badArgs(fn, a);
    const n = st.storage.data.length;
    let numel = 1;
    for (const d of size) numel = d === 0 || numel === 0 ? 0 : numel * d;
    if (numel > this.limits.maxTensorElements) {
      fail('LIMIT_EXCEEDED', `torch.load: a tensor of size (${size.join(', ')}) has ${numel} elements, beyond the limit of ${this.limits.maxTensorElements} (maxTensorElements).`);
    }
    if (numel > 0) {
      let last = offset;
      for (let i = 0; i < size.length; i++) last += (size[i] - 1) * stride[i];
      if (last >= n) {
        fail('BAD_TENSOR', `torch.load: a tensor of size (${size.join(', ')}), stride (${stride.join(', ')}) and offset ${offset} reaches element ${last} of storage '${st.key}', which holds only ${n} ${st.dtype} elements; the storage is shorter than the tensor. The file is corrupt.`);
      }
    }
    const t = new Tensor(st.storage, size, stride, offset, st.dtype);
    if (requiresGrad) {
      if (!isFloatingPoint(st.dtype)) fail('BAD_TENSOR', `torch.load: a ${st.dtype} tensor is marked requires_grad; only floating point tensors can require gradients. The file is corrupt.`);
      t.requires_grad = true;
    }
    return t;
  }

  private parameter(a: unknown[], n: number): Tensor {
    if (a.length !== n || !(a[0] instanceof Tensor) || typeof a[1] !== 'boolean') this.badArgs('torch._utils._rebuild_parameter', a);
    const t = a[0] as Tensor;
    if (a[1] && !isFloatingPoint(t.dtype)) fail('BAD_TENSOR', `torch.load: a ${t.dtype} Parameter is marked requires_grad; only floating point tensors can require gradients. The file is corrupt.`);
    t.requires_grad = a[1] as boolean;
    t._isParameter = true;
    return t;
  }
}

function encode(a: unknown[]): Uint8Array {
  const [s, enc] = a;
  if (typeof s !== 'string' || a.length > 2 || (a.length === 2 && typeof enc !== 'string')) {
    return fail('BAD_PICKLE', `torch.load: _codecs.encode called with ${a.map(describe).join(', ')}; the file is corrupt.`);
  }
  const e = ((enc as string | undefined) ?? 'utf-8').toLowerCase().replace('_', '-');
  if (e === 'latin1' || e === 'latin-1' || e === 'iso-8859-1' || e === 'ascii') {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > (e === 'ascii' ? 0x7f : 0xff)) fail('BAD_PICKLE', `torch.load: bytes value has character U+${c.toString(16)} that ${e} cannot encode; the file is corrupt.`);
      out[i] = c;
    }
    return out;
  }
  return fail('BAD_PICKLE', `torch.load: _codecs.encode with encoding '${String(enc)}' is not supported (only latin1/ascii, which torch uses for bytes).`);
}

/** Check container nesting (iteratively, so deep nesting cannot overflow our own stack) and reject cycles. */
function checkStructure(root: unknown, maxDepth: number): void {
  const state = new Map<object, number>(); // 1: on path, 2: done
  const height = new Map<object, number>();
  const children = (v: object): unknown[] => {
    if (v instanceof Map) {
      const out: unknown[] = [];
      for (const [k, x] of v) out.push(k, x);
      if (v instanceof OrderedDict) for (const x of v.attributes.values()) out.push(x);
      return out;
    }
    if (v instanceof Set) return [...v];
    if (Array.isArray(v)) return v;
    return [];
  };
  const isContainer = (v: unknown): v is object => {
    if (v instanceof StorageRef) fail('UNSUPPORTED_VALUE', `torch.load: the file holds a bare storage ('${v.key}') outside a tensor; Netsketch loads tensors, not storages. Save tensors instead.`);
    return v instanceof Map || v instanceof Set || Array.isArray(v);
  };
  if (!isContainer(root)) return;
  const stack: { node: object; kids: unknown[]; i: number }[] = [{ node: root, kids: children(root), i: 0 }];
  state.set(root, 1);
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.i < f.kids.length) {
      const c = f.kids[f.i++];
      if (!isContainer(c)) continue;
      const s = state.get(c);
      if (s === 1) fail('BAD_PICKLE', 'torch.load: the object contains itself (a reference cycle); torch.save never writes that. The file is corrupt or hostile.');
      if (s === 2) continue;
      state.set(c, 1);
      stack.push({ node: c, kids: children(c), i: 0 });
      continue;
    }
    let h = 0;
    for (const c of f.kids) if (isContainer(c)) h = Math.max(h, height.get(c)! + 1);
    if (h > maxDepth) fail('LIMIT_EXCEEDED', `torch.load: containers are nested more than ${maxDepth} levels deep (maxDepth).`);
    height.set(f.node, h);
    state.set(f.node, 2);
    stack.pop();
  }
}

/** The path of the first tensor (breadth first) whose storage is `st`, e.g. `['bn.num_batches_tracked']`. */
function findTensorPath(root: unknown, st: Storage): string {
  const seen = new Set<unknown>();
  const queue: [unknown, string][] = [[root, '']];
  for (let head = 0; head < queue.length; head++) {
    const [v, path] = queue[head];
    if (v instanceof Tensor) {
      if (v._storage === st) return path || '(the loaded tensor)';
      continue;
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) queue.push([x, `${path}[${typeof k === 'string' ? `'${k}'` : String(k)}]`]);
    else if (Array.isArray(v)) v.forEach((x, i) => queue.push([x, `${path}[${i}]`]));
  }
  return '(a tensor)';
}

/**
 * torch.load(bytes) → the saved object (Tensor, state_dict as OrderedDict/Map, nested containers). Safe like
 * `weights_only=True`. Errors are SerializationError with a `code`.
 */
export function load(input: Uint8Array | ArrayBuffer, options: LoadOptions = {}): unknown {
  const bytes = input instanceof Uint8Array ? input : input instanceof ArrayBuffer ? new Uint8Array(input) : fail('NOT_A_CHECKPOINT', `torch.load: expected a Uint8Array or ArrayBuffer, got ${describe(input)}.`);
  const limits: LoadLimits = { ...DEFAULT_LOAD_LIMITS, ...options.limits };
  checkFormat(bytes);
  const zip = new ZipReader(bytes, { checkCrc: options.check_crc ?? true, maxRecordBytes: limits.maxTotalBytes, label: 'torch.load' });
  if (zip.names.length === 0) fail('MISSING_RECORD', 'torch.load: the zip archive is empty; a torch.save file holds data.pkl, data/ and version records.');
  const first = zip.names[0];
  const slash = first.indexOf('/');
  const prefix = slash >= 0 ? first.slice(0, slash + 1) : '';
  const pklName = `${prefix}data.pkl`;
  if (!zip.has(pklName)) fail('MISSING_RECORD', `torch.load: the archive has no '${pklName}' record; it is a zip file but not one written by torch.save.`);
  const versionName = zip.has(`${prefix}version`) ? `${prefix}version` : zip.has(`${prefix}.data/version`) ? `${prefix}.data/version` : null;
  if (!versionName) fail('MISSING_RECORD', `torch.load: the archive has no '${prefix}version' record; torch requires it. The file is truncated or not written by torch.save.`);
  const vbytes = zip.read(versionName);
  const vtext = latin1Decode(vbytes, 0, Math.min(vbytes.length, 32)).trim();
  const version = /^\d{1,3}$/.test(vtext) ? Number(vtext) : NaN;
  if (!(version >= 1 && version <= 10)) {
    fail('BAD_VERSION', `torch.load: the archive's version record is '${vtext.slice(0, 20)}', but only versions 1 to 10 exist (PyTorch writes 3). The file is corrupt or from an unknown writer.`);
  }
  let bigEndian = false;
  if (zip.has(`${prefix}byteorder`)) {
    const boBytes = zip.read(`${prefix}byteorder`);
    const bo = latin1Decode(boBytes, 0, Math.min(boBytes.length, 16)).trim();
    if (bo === 'big') bigEndian = true;
    else if (bo !== 'little') fail('BAD_ZIP', `torch.load: byteorder record is '${bo}'; expected 'little' or 'big'.`);
  }
  const pklSize = zip.entries.get(pklName)!.size;
  if (pklSize > limits.maxPickleBytes) {
    fail('LIMIT_EXCEEDED', `torch.load: '${pklName}' is ${pklSize} bytes, beyond the limit of ${limits.maxPickleBytes} (maxPickleBytes).`);
  }
  const loader = new Loader(zip, prefix, bigEndian, limits);
  const result = unpickle(zip.read(pklName), { resolveGlobal: loader.resolveGlobal, persistentLoad: loader.persistentLoad, exactFloats: options.exact_floats ?? false }, limits, pklName);
  checkStructure(result, limits.maxDepth);
  if (loader.overflowed.length > 0) {
    const st = loader.overflowed[0];
    fail('INT64_RANGE', `torch.load: the int64 tensor at ${findTensorPath(result, st.storage)} holds ${st.int64OverflowValue} (element ${st.int64Overflow} of storage '${st.key}'), beyond ±2^53, which JavaScript numbers cannot represent exactly. Netsketch stores int64 as exact integers up to 2^53 only.`);
  }
  return result;
}

export { SerializationError };
