/**
 * Proof 4: hostile and broken inputs end in a SerializationError with a message that names the problem, never in
 * another exception or a hang. Files are built here byte by byte (our zip writer + hand-written pickles).
 */
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { load, save, SerializationError } from '../../core/serialize/index.ts';
import { ZipWriter, collectingSink } from '../../core/serialize/zip_writer.ts';
import { ZipReader } from '../../core/serialize/zip_reader.ts';
import { arange, tensor } from './helpers.ts';

/** A torch-style archive with the given data.pkl and extra records. */
function archive(pkl: Uint8Array, records: Record<string, Uint8Array> = {}, version = '3\n'): Uint8Array {
  const c = collectingSink();
  const z = new ZipWriter(c.sink);
  z.add('archive/data.pkl', pkl);
  for (const [k, v] of Object.entries(records)) z.add(`archive/${k}`, v);
  z.add('archive/version', new TextEncoder().encode(version));
  z.finish();
  return c.result();
}

const enc = (s: string): number[] => [...new TextEncoder().encode(s)];
const u32 = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
const binunicode = (s: string): number[] => { const b = enc(s); return [0x58, ...u32(b.length), ...b]; };
const global = (m: string, n: string): number[] => [0x63, ...enc(`${m}\n${n}\n`)];

/** Pickle of `_rebuild_tensor_v2(('storage', FloatStorage, '0', 'cpu', numel), offset, size, stride, False, OrderedDict())`. */
function tensorPickle(numel: number, size: number[], stride: number[], offset = 0): Uint8Array {
  const ints = (xs: number[]): number[] => [0x28, ...xs.flatMap((x) => [0x4a, ...u32(x)]), 0x74];
  return Uint8Array.from([
    0x80, 2, ...global('torch._utils', '_rebuild_tensor_v2'), 0x28,
    0x28, ...binunicode('storage'), ...global('torch', 'FloatStorage'), ...binunicode('0'), ...binunicode('cpu'), 0x4a, ...u32(numel), 0x74, 0x51,
    0x4a, ...u32(offset), ...ints(size), ...ints(stride), 0x89, ...global('collections', 'OrderedDict'), 0x29, 0x52,
    0x74, 0x52, 0x2e,
  ]);
}

function expectError(f: () => unknown, code: string, message: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a SerializationError').toBeInstanceOf(SerializationError);
  expect((err as SerializationError).code).toBe(code);
  expect((err as Error).message).toMatch(message);
}

const good = save(new Map([['w', arange('float32', [3, 4])], ['n', tensor('int64', [], [5])]]));

describe('torch.load refuses broken and hostile files', () => {
  it('a valid hand-built archive loads (the builders below produce real files)', () => {
    const t = load(archive(tensorPickle(4, [2, 2], [2, 1]), { 'data/0': new Uint8Array(16) })) as any;
    expect(t.shape).toEqual([2, 2]);
  });

  it('truncated zip', () => {
    for (const n of [good.length - 1, good.length - 30, 200, 10, 0]) {
      expectError(() => load(good.subarray(0, n)), n === 0 ? 'NOT_A_CHECKPOINT' : 'BAD_ZIP', /truncated|end record|not a PyTorch file/);
    }
  });

  it('wrong CRC is detected and reported', () => {
    const bad = good.slice();
    const data0 = new ZipReader(good).entries.get('archive/data/0')!;
    bad[data0.dataStart + 5] ^= 0x40;
    expectError(() => load(bad), 'BAD_CRC', /CRC-32 mismatch in record 'archive\/data\/0'/);
  });

  it('non-zip, empty zip and zip without data.pkl', () => {
    expectError(() => load(new TextEncoder().encode('hello world, not a checkpoint')), 'NOT_A_CHECKPOINT', /not a PyTorch file/);
    expectError(() => load(zipSync({})), 'MISSING_RECORD', /empty/);
    expectError(() => load(zipSync({ 'archive/other': new Uint8Array(3), 'archive/version': enc('3\n') as any })), 'MISSING_RECORD', /data\.pkl/);
  });

  it('legacy pickle file', () => {
    const legacy = Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
    expectError(() => load(legacy), 'LEGACY_FORMAT', /re-save it with a newer PyTorch \(torch\.save with the default zip format\)/i);
  });

  it('bad version records', () => {
    expectError(() => load(archive(tensorPickle(1, [], []), { 'data/0': new Uint8Array(4) }, '11\n')), 'BAD_VERSION', /only versions 1 to 10/);
    expectError(() => load(archive(tensorPickle(1, [], []), { 'data/0': new Uint8Array(4) }, 'abc')), 'BAD_VERSION', /'abc'/);
  });

  it('pickle calling os.system or builtins.eval, and unknown classes', () => {
    const call = (m: string, n: string): Uint8Array => Uint8Array.from([0x80, 2, ...global(m, n), ...binunicode('echo pwned'), 0x85, 0x52, 0x2e]);
    expectError(() => load(archive(call('os', 'system'))), 'FORBIDDEN_GLOBAL', /'os\.system'/);
    expectError(() => load(archive(call('posix', 'system'))), 'FORBIDDEN_GLOBAL', /'posix\.system'/);
    expectError(() => load(archive(call('builtins', 'eval'))), 'FORBIDDEN_GLOBAL', /'builtins\.eval'/);
    expectError(() => load(archive(call('my_module', 'MyModel'))), 'FORBIDDEN_GLOBAL', /'my_module\.MyModel'/);
    // protocol-4 STACK_GLOBAL is resolved through the same table
    const sg = Uint8Array.from([0x80, 4, 0x8c, 2, ...enc('os'), 0x8c, 6, ...enc('system'), 0x93, 0x2e]);
    expectError(() => load(archive(sg)), 'FORBIDDEN_GLOBAL', /'os\.system'/);
    // opcodes outside the allowlist: INST ('i'), OBJ ('o'), EXT1
    expectError(() => load(archive(Uint8Array.from([0x80, 2, 0x69, ...enc('os\nsystem\n'), 0x2e]))), 'FORBIDDEN_OPCODE', /0x69 'i'/);
    expectError(() => load(archive(Uint8Array.from([0x80, 2, 0x82, 1, 0x2e]))), 'FORBIDDEN_OPCODE', /0x82/);
  });

  it('record size beyond the end of the file', () => {
    const bad = good.slice();
    const dv = new DataView(bad.buffer);
    // find the central directory entry of archive/data/0 and inflate its sizes
    for (let p = bad.length - 22; p > 0; p--) {
      if (dv.getUint32(p, true) === 0x02014b50 && new TextDecoder().decode(bad.subarray(p + 46, p + 46 + dv.getUint16(p + 28, true))) === 'archive/data/0') {
        dv.setUint32(p + 20, 0x7fffffff, true);
        dv.setUint32(p + 24, 0x7fffffff, true);
      }
    }
    expectError(() => load(bad), 'BAD_ZIP', /beyond the end of the \d+-byte file/);
  });

  it('2 GB declared allocations are refused before allocating', () => {
    // a pid claiming 2^29 floats (2 GB) backed by a 16-byte record, viewed as 2^29 elements
    expectError(() => load(archive(tensorPickle(2 ** 29, [2 ** 29], [1]), { 'data/0': new Uint8Array(16) })), 'BAD_TENSOR', /shorter than the tensor/);
    // a deflated record declaring 2 GB of output from a few bytes
    const z = zipSync({ 'archive/data.pkl': tensorPickle(4, [4], [1]), 'archive/data/0': new Uint8Array(16), 'archive/version': Uint8Array.from(enc('3\n')) }, { level: 6 });
    const dv = new DataView(z.buffer);
    for (let p = z.length - 22; p > 0; p--) {
      if (dv.getUint32(p, true) === 0x02014b50 && new TextDecoder().decode(z.subarray(p + 46, p + 46 + dv.getUint16(p + 28, true))) === 'archive/data/0') dv.setUint32(p + 24, 2 ** 31, true);
    }
    expectError(() => load(z), 'BAD_ZIP', /claims to inflate \d+ bytes to 2147483648/);
    // a stride-0 view claiming 2^40 elements of a 1-element storage
    expectError(() => load(archive(tensorPickle(1, [1024, 1024, 1024, 1024], [0, 0, 0, 0]), { 'data/0': new Uint8Array(4) })), 'LIMIT_EXCEEDED', /maxTensorElements/);
    // the total storage budget
    expectError(() => load(good, { limits: { maxTotalBytes: 40 } }), 'LIMIT_EXCEEDED', /maxTotalBytes/);
  });

  it('storage shorter than the tensor extent, and byte counts that are not whole elements', () => {
    expectError(() => load(archive(tensorPickle(12, [3, 4], [4, 1], 1), { 'data/0': new Uint8Array(48) })), 'BAD_TENSOR', /reaches element 12 of storage '0', which holds only 12/);
    expectError(() => load(archive(tensorPickle(3, [3], [1]), { 'data/0': new Uint8Array(10) })), 'BAD_TENSOR', /not a whole number of float32 elements/);
  });

  it('deeply nested pickles: 100k MARKs, 100k nested lists, a self-containing list', () => {
    const marks = new Uint8Array(100_003);
    marks.set([0x80, 2]);
    marks.fill(0x28, 2);
    marks[marks.length - 1] = 0x2e;
    expectError(() => load(archive(marks)), 'LIMIT_EXCEEDED', /MARKs more than 1000 deep \(maxDepth\)/);
    const lists = new Uint8Array(2 + 100_000 + 99_999 + 1);
    lists.set([0x80, 2]);
    lists.fill(0x5d, 2, 100_002); // EMPTY_LIST ×100k
    lists.fill(0x61, 100_002, lists.length - 1); // APPEND ×(100k−1): each list into the one below
    lists[lists.length - 1] = 0x2e;
    expectError(() => load(archive(lists)), 'LIMIT_EXCEEDED', /nested more than 1000 levels deep \(maxDepth\)/);
    const cycle = Uint8Array.from([0x80, 2, 0x5d, 0x71, 0, 0x68, 0, 0x61, 0x2e]); // l = []; l.append(l)
    expectError(() => load(archive(cycle)), 'BAD_PICKLE', /reference cycle/);
  });

  it('memo, stack and string limits say which limit was hit', () => {
    const many = [0x80, 2, 0x4e];
    for (let i = 0; i < 50; i++) many.push(0x72, ...u32(i));
    many.push(0x2e);
    expectError(() => load(archive(Uint8Array.from(many)), { limits: { maxMemo: 10 } }), 'LIMIT_EXCEEDED', /maxMemo/);
    const pushes = [0x80, 2, ...new Array(100).fill(0x4e), 0x2e];
    expectError(() => load(archive(Uint8Array.from(pushes)), { limits: { maxStack: 50 } }), 'LIMIT_EXCEEDED', /maxStack/);
    expectError(() => load(archive(Uint8Array.from([0x80, 2, ...binunicode('x'.repeat(1000)), 0x2e])), { limits: { maxStringBytes: 100 } }), 'LIMIT_EXCEEDED', /maxStringBytes/);
    expectError(() => load(archive(Uint8Array.from([0x80, 2, 0x58, ...u32(0xfffffff0), 0x2e]))), 'LIMIT_EXCEEDED', /maxStringBytes/);
  });

  it('quadratic work from a small file is refused (one big memoized dict copied again and again)', () => {
    const p: number[] = [0x80, 2, 0x7d, 0x71, 0, 0x28]; // d = {} (memo 0); MARK
    for (let i = 0; i < 60_000; i++) p.push(0x4d, i & 255, i >> 8, 0x4e); // d[i] = None
    p.push(0x75, 0x5d); // SETITEMS; out = []
    for (let i = 0; i < 60_000; i++) {
      p.push(...(i === 0 ? [...global('collections', 'OrderedDict'), 0x71, 1] : [0x68, 1])); // OrderedDict (memo 1)
      p.push(0x68, 0, 0x85, 0x52, 0x61); // (d,) REDUCE; out.append(...)
    }
    p.push(0x2e);
    expectError(() => load(archive(Uint8Array.from(p))), 'LIMIT_EXCEEDED', /workPerByte/);
    expectError(() => load(good, { limits: { maxPickleBytes: 10 } }), 'LIMIT_EXCEEDED', /maxPickleBytes/);
  });

  it('malformed pickles: truncated, stack underflow, missing STOP, unknown memo key', () => {
    expectError(() => load(archive(Uint8Array.from([0x80, 2, 0x4a, 1]))), 'BAD_PICKLE', /ends inside an opcode/);
    expectError(() => load(archive(Uint8Array.from([0x80, 2, 0x61, 0x2e]))), 'BAD_PICKLE', /stack underflow/);
    expectError(() => load(archive(Uint8Array.from([0x80, 2, 0x4e]))), 'BAD_PICKLE', /without STOP/);
    expectError(() => load(archive(Uint8Array.from([0x80, 2, 0x68, 9, 0x2e]))), 'BAD_PICKLE', /memo key 9/);
  });

  it('int64 beyond 2^53 names the tensor', () => {
    const words = new Int32Array([0, 0x00400000]); // 2^54
    const obj = save(new Map([['ok', tensor('int64', [1], [1])], ['steps', tensor('int64', [1], [0])]]));
    const r = new ZipReader(obj);
    const c = collectingSink();
    const z = new ZipWriter(c.sink);
    for (const name of r.names) z.add(name, name === 'archive/data/1' ? new Uint8Array(words.buffer) : r.read(name));
    z.finish();
    expectError(() => load(c.result()), 'INT64_RANGE', /\['steps'\] holds 18014398509481984/);
  });
});
