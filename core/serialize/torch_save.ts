/**
 * torch.save: any supported JS value (see py_types.ts for the mapping) → PyTorch's zip format, byte for byte the
 * layout torch writes (torch-format.md §8): `archive/data.pkl` (pickle protocol 2, tensors as
 * `torch._utils._rebuild_tensor_v2` over persistent storage ids), `archive/byteorder`, one `archive/data/<key>`
 * record per storage (views share a record), `archive/version` = `3\n`.
 */
import { Tensor } from '../tensor/tensor.ts';
import type { Storage } from '../tensor/storage.ts';
import type { DType } from '../tensor/dtype.ts';
import { fail } from './errors.ts';
import { PickleWriter } from './pickle_writer.ts';
import { OP } from './pickle_ops.ts';
import { OrderedDict, PyDict, PyFloat, PyTuple, isPlainObject } from './py_types.ts';
import { STORAGE_CLASS, storageToBytes } from './dtype_io.ts';
import { ZipWriter, collectingSink, type ByteSink } from './zip_writer.ts';

export interface SaveOptions {
  /**
   * Refuse values that PyTorch 1.13's `torch.load(weights_only=True)` cannot read (Python floats, bytes, sets), so
   * the file loads safely on every PyTorch version. Use for exported weights.
   */
  weights_only?: boolean;
  /** The archive's top folder (torch uses `archive` for buffers, the file stem for paths). */
  archive_name?: string;
  /**
   * Write every tensor as a plain detached tensor (requires_grad False, never nn.Parameter), as a PyTorch
   * `state_dict()` holds them. save_weights and save_checkpoint set it.
   */
  detach?: boolean;
  /** Testing aid: 'always' writes zip64 structures even for small files; a number lowers the 4 GiB threshold. */
  zip64?: 'auto' | 'always' | number;
}

const MAX_DEPTH = 1000;
const BATCH = 1000;

interface StorageEntry {
  key: string;
  dtype: DType;
  storage: Storage;
  where: string;
}

class Saver {
  readonly w = new PickleWriter();
  readonly storages = new Map<Storage, StorageEntry>();
  private readonly active = new Set<object>();

  constructor(private readonly weightsOnly: boolean, private readonly detach: boolean) {}

  private refuse(where: string, what: string): never {
    return fail('UNSUPPORTED_VALUE', `torch.save(weights_only): ${where} is ${what}, which PyTorch 1.13's torch.load(weights_only=True) cannot read. Remove it from the weights file (save it in a checkpoint instead) or save without weights_only.`);
  }

  value(v: unknown, where: string, depth: number): void {
    const w = this.w;
    if (depth > MAX_DEPTH) fail('UNSUPPORTED_VALUE', `torch.save: ${where} is nested more than ${MAX_DEPTH} levels deep.`);
    if (v === null) return w.none();
    switch (typeof v) {
      case 'boolean': return w.bool(v);
      case 'string': return w.str(v);
      case 'bigint': return w.bigint(v);
      case 'number':
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) return w.int(v);
        if (this.weightsOnly) this.refuse(where, `the float ${v}`);
        return w.float(v);
      case 'undefined':
        return fail('UNSUPPORTED_VALUE', `torch.save: ${where} is undefined, which has no Python equivalent. Use null (None) or remove the entry.`);
      case 'object':
        break;
      default:
        return fail('UNSUPPORTED_VALUE', `torch.save: ${where} is a ${typeof v}, which cannot be saved. Save tensors, numbers, strings, booleans, null, arrays, Maps and plain objects.`);
    }
    if (v instanceof PyFloat) {
      if (this.weightsOnly) this.refuse(where, `the float ${v.value}`);
      return w.float(v.value);
    }
    if (v instanceof Tensor) return this.tensor(v, where);
    if (this.active.has(v)) fail('UNSUPPORTED_VALUE', `torch.save: ${where} contains itself (a reference cycle); it cannot be saved.`);
    this.active.add(v);
    try {
      if (v instanceof PyTuple) this.tuple(v, where, depth);
      else if (Array.isArray(v)) this.list(v, where, depth);
      else if (v instanceof Map) this.map(v, where, depth);
      else if (v instanceof Set) this.set(v, where, depth);
      else if (v instanceof Uint8Array) this.bytes(v, where);
      else if (isPlainObject(v)) this.dict(Object.entries(v), false, where, depth);
      else fail('UNSUPPORTED_VALUE', `torch.save: ${where} is a ${(v as object).constructor?.name ?? 'object'}, which has no Python equivalent here. Save tensors, numbers, strings, booleans, null, arrays, PyTuple, Maps and plain objects.`);
    } finally {
      this.active.delete(v);
    }
  }

  private tuple(t: readonly unknown[], where: string, depth: number): void {
    if (t.length > 3) this.w.op(OP.MARK);
    t.forEach((x, i) => this.value(x, `${where}[${i}]`, depth + 1));
    this.w.tupleEnd(t.length);
  }

  private list(a: readonly unknown[], where: string, depth: number): void {
    this.w.op(OP.EMPTY_LIST);
    for (let s = 0; s < a.length; s += BATCH) {
      const n = Math.min(BATCH, a.length - s);
      if (n > 1) this.w.op(OP.MARK);
      for (let i = s; i < s + n; i++) this.value(a[i], `${where}[${i}]`, depth + 1);
      this.w.op(n > 1 ? OP.APPENDS : OP.APPEND);
    }
  }

  private set(s: Set<unknown>, where: string, depth: number): void {
    if (this.weightsOnly) this.refuse(where, 'a Set');
    this.w.global('builtins', 'set');
    this.list([...s], where, depth);
    this.w.tupleEnd(1);
    this.w.op(OP.REDUCE);
  }

  private bytes(b: Uint8Array, where: string): void {
    if (this.weightsOnly) this.refuse(where, 'a Uint8Array (Python bytes)');
    let s = '';
    for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
    this.w.global('_codecs', 'encode');
    this.w.str(s);
    this.w.str('latin1');
    this.w.tupleEnd(2);
    this.w.op(OP.REDUCE);
  }

  private map(m: Map<unknown, unknown>, where: string, depth: number): void {
    const own = m instanceof OrderedDict ? undefined : (m as unknown as { _metadata?: unknown })._metadata;
    let ordered = m instanceof OrderedDict;
    if (!ordered && !(m instanceof PyDict)) ordered = own !== undefined || (m.size > 0 && [...m.values()].every((x) => x instanceof Tensor));
    this.dict([...m.entries()], ordered, where, depth);
    const attrs = m instanceof OrderedDict ? m.attributes : new Map<string, unknown>();
    if (own !== undefined) attrs.set('_metadata', own);
    if (attrs.size > 0) {
      if (!ordered) fail('UNSUPPORTED_VALUE', `torch.save: ${where} is a plain dict with attributes (_metadata); only an OrderedDict can carry them. Use OrderedDict.`);
      this.dict([...attrs.entries()], false, `${where}.__dict__`, depth);
      this.w.op(OP.BUILD);
    }
  }

  private dict(entries: [unknown, unknown][], ordered: boolean, where: string, depth: number): void {
    const w = this.w;
    if (ordered) {
      w.global('collections', 'OrderedDict');
      w.tupleEnd(0);
      w.op(OP.REDUCE);
    } else {
      w.op(OP.EMPTY_DICT);
    }
    for (let s = 0; s < entries.length; s += BATCH) {
      const n = Math.min(BATCH, entries.length - s);
      if (n > 1) w.op(OP.MARK);
      for (let i = s; i < s + n; i++) {
        const [k, v] = entries[i];
        const kw = `${where}[${typeof k === 'string' ? JSON.stringify(k) : String(k)}]`;
        if (!(k === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof k) || k instanceof PyTuple || k instanceof PyFloat)) {
          fail('UNSUPPORTED_VALUE', `torch.save: ${where} has a key of type ${typeof k}; dict keys must be strings, numbers, booleans, null or PyTuple.`);
        }
        this.value(k, `${kw} (key)`, depth + 1);
        this.value(v, kw, depth + 1);
      }
      w.op(n > 1 ? OP.SETITEMS : OP.SETITEM);
    }
  }

  private tensor(t: Tensor, where: string): void {
    const w = this.w;
    const dtype = t.dtype;
    if (!(dtype in STORAGE_CLASS)) fail('UNSUPPORTED_VALUE', `torch.save: ${where} has unsupported dtype ${String(dtype)}.`);
    const st = t._storage;
    let entry = this.storages.get(st);
    if (!entry) {
      entry = { key: String(this.storages.size), dtype, storage: st, where };
      this.storages.set(st, entry);
    } else if (entry.dtype !== dtype) {
      fail('UNSUPPORTED_VALUE', `torch.save: ${where} (${dtype}) shares its storage with ${entry.where} (${entry.dtype}); a storage has one dtype.`);
    }
    const shape = [...t.shape];
    const strides = t.stride() as number[];
    const offset = t.storage_offset();
    checkExtent(shape, strides, offset, st.data.length, where);
    const param = !this.detach && (t as unknown as { _isParameter?: boolean })._isParameter === true;
    if (param) w.global('torch._utils', '_rebuild_parameter');
    w.global('torch._utils', '_rebuild_tensor_v2');
    // args: (pid, offset, size, stride, requires_grad, backward_hooks); pid = ('storage', cls, key, 'cpu', numel)
    w.op(OP.MARK);
    w.op(OP.MARK);
    w.str('storage');
    w.global('torch', STORAGE_CLASS[dtype]);
    w.str(entry.key);
    w.str('cpu');
    w.int(st.data.length);
    w.op(OP.TUPLE);
    w.op(OP.BINPERSID);
    w.int(offset);
    w.intTuple(shape);
    w.intTuple(strides);
    w.bool(param || this.detach ? false : t.requires_grad);
    this.emptyOrderedDict();
    w.op(OP.TUPLE);
    w.op(OP.REDUCE);
    if (param) {
      w.bool(t.requires_grad);
      this.emptyOrderedDict();
      w.tupleEnd(3);
      w.op(OP.REDUCE);
    }
  }

  private emptyOrderedDict(): void {
    this.w.global('collections', 'OrderedDict');
    this.w.tupleEnd(0);
    this.w.op(OP.REDUCE);
  }
}

function checkExtent(shape: number[], strides: number[], offset: number, length: number, where: string): void {
  if (shape.some((d) => d === 0)) return;
  let last = offset;
  for (let i = 0; i < shape.length; i++) {
    if (strides[i] < 0) fail('UNSUPPORTED_VALUE', `torch.save: ${where} has a negative stride ${strides[i]}; PyTorch tensors cannot. Call .contiguous() first.`);
    last += (shape[i] - 1) * strides[i];
  }
  if (last >= length) fail('UNSUPPORTED_VALUE', `torch.save: ${where} reaches storage element ${last} but its storage has ${length}; the tensor is inconsistent.`);
}

/** Stream torch.save's bytes into `sink` (use for files that may exceed what one Uint8Array holds). */
export function save_to_sink(obj: unknown, sink: ByteSink, options: SaveOptions = {}): void {
  const saver = new Saver(options.weights_only ?? false, options.detach ?? false);
  saver.w.proto();
  saver.value(obj, 'obj', 0);
  const pkl = saver.w.finish();
  const root = options.archive_name ?? 'archive';
  if (!/^[^/\\]+$/.test(root)) fail('UNSUPPORTED_VALUE', `torch.save: archive_name '${root}' must be one folder name without slashes.`);
  const zip = new ZipWriter(sink, { zip64: options.zip64 ?? 'auto' });
  zip.add(`${root}/data.pkl`, pkl);
  zip.add(`${root}/byteorder`, Uint8Array.from([0x6c, 0x69, 0x74, 0x74, 0x6c, 0x65])); // 'little'
  for (const e of saver.storages.values()) {
    zip.add(`${root}/data/${e.key}`, storageToBytes(e.storage.data, e.dtype, e.where));
  }
  zip.add(`${root}/version`, Uint8Array.from([0x33, 0x0a])); // '3\n'
  zip.finish();
}

/**
 * torch.save(obj) → the bytes of a `.pt` file that `torch.load` reads. `obj` may be a Tensor, a state_dict
 * (`Map<string, Tensor>`), an optimizer state_dict, or nested Maps/objects/arrays/PyTuples of strings, numbers,
 * booleans, null and tensors. Views sharing a storage stay shared after loading.
 */
export function save(obj: unknown, options: SaveOptions = {}): Uint8Array {
  const c = collectingSink();
  save_to_sink(obj, c.sink, options);
  return c.result();
}
