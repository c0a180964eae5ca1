/**
 * Proof 1: files written by our torch.save load in real PyTorch 1.13 with weights_only=True, bit-exact, and
 * load_state_dict(strict=True) into the matching architecture succeeds.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { save, save_weights, OrderedDict } from '../../core/serialize/index.ts';
import { ZipReader } from '../../core/serialize/zip_reader.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { arange, compare, runPy, tempDir, tensor, view } from './helpers.ts';

const dir = tempDir();

function versions(entries: [string, number][]): OrderedDict<string, unknown> {
  const md = new OrderedDict<string, unknown>();
  for (const [k, v] of entries) md.set(k, new Map([['version', v]]));
  return md;
}

/** nn.Sequential(nn.Linear(3,4), nn.BatchNorm1d(4), nn.Linear(4,2)) state_dict, with awkward values. */
function seq3(): Map<string, Tensor> {
  const w0T = arange('float32', [3, 4], 0.25, -1); // stored transposed: 0.weight is its (4,3) transpose
  (w0T._storage.data as Float32Array).set([NaN, Infinity, -Infinity, -0], 0);
  const sd = new Map<string, Tensor>([
    ['0.weight', view(w0T, [4, 3], [1, 4], 0)],
    ['0.bias', tensor('float32', [4], [1e-7, -2.5, 3.25, 1 / 3])],
    ['1.weight', tensor('float32', [4], [1, 1, 1, 1])],
    ['1.bias', tensor('float32', [4], [0, 0, 0, 0])],
    ['1.running_mean', tensor('float32', [4], [0.1, 0.2, 0.3, 0.4])],
    ['1.running_var', tensor('float32', [4], [1, 2, 3, 4])],
    ['1.num_batches_tracked', tensor('int64', [], [123456789012])],
    ['2.weight', arange('float32', [2, 4], 0.5)],
    ['2.bias', tensor('float32', [2], [-1, 1])],
  ]);
  (sd as any)._metadata = versions([['', 1], ['0', 1], ['1', 2], ['2', 1]]);
  return sd;
}

describe('torch.save → real torch.load', () => {
  it('a Sequential(Linear, BatchNorm1d, Linear) state_dict loads with weights_only=True and load_state_dict(strict=True)', () => {
    const sd = seq3();
    const bytes = save(sd);
    const f = join(dir, 'seq3.pt');
    writeFileSync(f, bytes);
    const r = runPy('load_describe.py', [f, '--weights-only', '--arch', 'seq3']);
    expect(r.testzip).toBeNull();
    expect(compare(sd, r.desc)).toEqual([]);
    expect(r.desc.items.map((kv: any) => kv[0].v)).toEqual([...sd.keys()]);
    expect(r.load_state_dict).toBe('ok');
    expect(r.state_equal).toBe(false); // NaN != NaN in torch.equal: the NaN weight arrived as NaN
    expect(r.names.every((n: string) => n.startsWith('archive/'))).toBe(true);
  });

  it('without NaN the loaded model state equals the file exactly', () => {
    const sd = seq3();
    (sd.get('0.weight')!._storage.data as Float32Array).set([1, 2, 3, -0], 0);
    const f = join(dir, 'seq3b.pt');
    writeFileSync(f, save(sd));
    const r = runPy('load_describe.py', [f, '--weights-only', '--arch', 'seq3']);
    expect(r.load_state_dict).toBe('ok');
    expect(r.state_equal).toBe(true);
  });

  it('every dtype, views sharing storage, 0-dim, empty, unicode keys and numeric key order', () => {
    const base = arange('float32', [3, 4]);
    const sd = new Map<string, Tensor>([
      ['conv.weight', arange('float32', [2, 1, 3, 3], 0.1, -0.9)],
      ['scalar', tensor('float32', [], [3.5])],
      ['empty', tensor('float32', [0, 5], [])],
      ['base', base],
      ['base_view', view(base, [2, 2], [4, 1], 6)],
      ['base_T', view(base, [4, 3], [1, 4], 0)],
      ['ünï/κλειδί.🙂', tensor('float64', [3], [Math.PI, -0, 1e300])],
      ['9', tensor('int32', [2], [-2147483648, 2147483647])],
      ['10', tensor('int16', [2], [-32768, 32767])],
      ['f16', tensor('float16', [4], [0x3c00, 0x7c00, 0x7e00, 0x8000])],
      ['bf16', tensor('bfloat16', [4], [0x3f80, 0xff80, 0x7fc0, 0x0001])],
      ['i64', tensor('int64', [4], [2 ** 53, -(2 ** 53), -1, 0])],
      ['i8', tensor('int8', [3], [-128, 127, 0])],
      ['u8', tensor('uint8', [3], [0, 255, 7])],
      ['b', tensor('bool', [3], [1, 0, 1])],
      ['long0d', tensor('int64', [], [7])],
    ]);
    const f = join(dir, 'many.pt');
    writeFileSync(f, save(sd));
    const r = runPy('load_describe.py', [f, '--weights-only']);
    expect(r.testzip).toBeNull();
    expect(compare(sd, r.desc)).toEqual([]);
    // the three base tensors share one storage in PyTorch too
    const groups = r.desc.items.filter((kv: any) => kv[0].v.startsWith('base')).map((kv: any) => kv[1].group);
    expect(new Set(groups).size).toBe(1);
    expect(r.desc.items[4][1].offset).toBe(6);
    expect(r.desc.items[5][1].stride).toEqual([1, 4]);
  });

  it('nested containers of strings, numbers, booleans, null and tensors', () => {
    const obj = new Map<string, unknown>([
      ['epoch', 3],
      ['loss', 0.125],
      ['flags', [true, false, null]],
      ['name', 'run-α'],
      ['big', 2n ** 70n],
      ['neg', -5],
      ['t', arange('float32', [2, 2])],
      ['nested', { a: [1, 2, { b: 'c' }] }],
    ]);
    const f = join(dir, 'nested.pt');
    writeFileSync(f, save(obj));
    const r = runPy('load_describe.py', [f]);
    expect(r.testzip).toBeNull();
    expect(compare(obj, r.desc)).toEqual([]);
  });

  it('a bare tensor, a requires_grad tensor and an nn.Parameter', () => {
    const plain = arange('float64', [2, 3]);
    const grad = arange('float32', [2], 1.5);
    grad.requires_grad = true;
    const param = arange('float32', [3], -1);
    param.requires_grad = true;
    param._isParameter = true;
    const files = [plain, grad, param].map((t, i) => {
      const f = join(dir, `bare${i}.pt`);
      writeFileSync(f, save(t));
      return f;
    });
    const r = runPy('describe_many.py', files);
    expect(compare(plain, r[files[0]])).toEqual([]);
    expect(compare(grad, r[files[1]])).toEqual([]);
    expect(r[files[1]]).toMatchObject({ requires_grad: true, parameter: false });
    expect(compare(param, r[files[2]])).toEqual([]);
    expect(r[files[2]]).toMatchObject({ requires_grad: true, parameter: true });
  });

  it('a weights file uses only the opcodes and globals every weights_only loader accepts (torch-format.md §4)', () => {
    const sd = seq3();
    for (const t of sd.values()) if (t.dtype === 'float32') { t.requires_grad = true; t._isParameter = true; }
    const f = join(dir, 'weights.pt');
    writeFileSync(f, save_weights({ state_dict: () => sd }));
    const r = runPy('opcodes.py', [f]);
    const allowed = ['PROTO', 'GLOBAL', 'MARK', 'EMPTY_TUPLE', 'TUPLE', 'TUPLE1', 'TUPLE2', 'TUPLE3', 'REDUCE', 'BINUNICODE', 'BININT', 'BININT1', 'BININT2', 'LONG1',
      'NEWFALSE', 'BINPERSID', 'EMPTY_DICT', 'SETITEM', 'SETITEMS', 'BUILD', 'STOP', 'BINPUT', 'LONG_BINPUT', 'BINGET', 'LONG_BINGET'];
    expect(r.opcodes.filter((op: string) => !allowed.includes(op))).toEqual([]);
    expect(r.globals).toEqual(['collections.OrderedDict', 'torch.FloatStorage', 'torch.LongStorage', 'torch._utils._rebuild_tensor_v2']);
    expect(r.weights_only).toBe('ok');
  });

  it('lays records out like torch: archive/ prefix, data.pkl first, 64-byte aligned data, version 3, same bytes every time', () => {
    const a = save(seq3());
    const b = save(seq3());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const z = new ZipReader(a);
    expect(z.names).toEqual(['archive/data.pkl', 'archive/byteorder', ...Array.from({ length: 9 }, (_, i) => `archive/data/${i}`), 'archive/version']);
    for (const n of z.names) expect(z.entries.get(n)!.dataStart % 64).toBe(0);
    expect(new TextDecoder().decode(z.read('archive/version'))).toBe('3\n');
    expect(new TextDecoder().decode(z.read('archive/byteorder'))).toBe('little');
    expect([...a.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(new DataView(a.buffer).getUint16(6, true)).toBe(0x0808);
  });

  it('the mixed zip64 layout of a > 4 GiB file (threshold lowered to 2000 bytes) is accepted by zipfile and torch', () => {
    // 'big' becomes archive/data/0, a 2400-byte record starting below 2000: zip64 sizes only; records that start
    // past 2000 get zip64 offsets; data.pkl and byteorder need neither
    const sd = new Map<string, Tensor>([['big', arange('float32', [600], 0.5)], ...seq3()]);
    const bytes = save(sd, { zip64: 2000 });
    const z = new ZipReader(bytes);
    expect(z.entries.get('archive/data/0')!.localOffset).toBeLessThan(2000);
    expect(z.entries.get('archive/data/1')!.localOffset).toBeGreaterThan(2000);
    const f = join(dir, 'zip64-mixed.pt');
    writeFileSync(f, bytes);
    const r = runPy('load_describe.py', [f, '--weights-only']);
    expect(r.testzip).toBeNull();
    expect(compare(sd, r.desc)).toEqual([]);
    // local header of the big record carries the zip64 extra; the classic end record is saturated
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const zip64Local = (name: string): boolean => dv.getUint16(z.entries.get(name)!.localOffset + 30 + name.length, true) === 0x0001;
    expect(zip64Local('archive/data.pkl')).toBe(false);
    expect(zip64Local('archive/byteorder')).toBe(false);
    expect(zip64Local('archive/data/0')).toBe(true);
    expect(zip64Local('archive/version')).toBe(true);
    expect(dv.getUint32(bytes.length - 6, true)).toBe(0xffffffff);
  });

  it('forced zip64 structures are accepted by Python zipfile and torch', () => {
    const sd = seq3();
    const f = join(dir, 'zip64.pt');
    const bytes = save(sd, { zip64: 'always' });
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // classic EOCD saturated (so readers must follow the zip64 locator), first local header has a zip64 extra
    expect(dv.getUint32(bytes.length - 22, true)).toBe(0x06054b50);
    expect(dv.getUint32(bytes.length - 6, true)).toBe(0xffffffff);
    expect(dv.getUint16(30 + 'archive/data.pkl'.length, true)).toBe(0x0001);
    writeFileSync(f, bytes);
    const r = runPy('load_describe.py', [f, '--weights-only', '--arch', 'seq3']);
    expect(r.testzip).toBeNull();
    expect(compare(sd, r.desc)).toEqual([]);
    expect(r.load_state_dict).toBe('ok');
  });
});
