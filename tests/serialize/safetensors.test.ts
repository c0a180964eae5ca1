/**
 * safetensors: the writer reproduces the reference implementation's test vectors byte for byte and its ordering
 * rule; an independent Python reader (struct + json + torch.frombuffer) reads our files to the same values; the
 * reader enforces the reference's validation rules.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safetensors, SerializationError } from '../../core/serialize/index.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { arange, compare, runPy, tempDir, tensor, tensorHex, view } from './helpers.ts';

const f32 = (shape: number[]): Tensor => arange('float32', shape);

function header(json: string, data: Uint8Array = new Uint8Array(0), pad = true): Uint8Array {
  let h = new TextEncoder().encode(json);
  if (pad) {
    const p = (8 - (h.length % 8)) % 8;
    h = Uint8Array.from([...h, ...new Array(p).fill(0x20)]);
  }
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

function expectError(f: () => unknown, message: RegExp, code = 'BAD_SAFETENSORS'): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SerializationError);
  expect((err as SerializationError).code).toBe(code);
  expect((err as Error).message).toMatch(message);
}

describe('safetensors writer', () => {
  // Byte vectors from the reference crate's tests (safetensors/src/tensor.rs: test_serialization,
  // test_serialization_forced_alignement, test_empty).
  it('matches the reference test vectors', () => {
    expect([...safetensors.save(new Map([['attn.0', f32([1, 2, 3])]]))]).toEqual([
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
      116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
      58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
      101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
      0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ]);
    expect([...safetensors.save(new Map([['attn0', f32([1, 1, 2, 3])]]))]).toEqual([
      72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116,
      121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58,
      91, 49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102,
      115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32,
      32, 32, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0,
      160, 64,
    ]);
    expect([...safetensors.save(new Map())]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
    expect([...safetensors.save(new Map(), { framework: 'pt' })]).toEqual([
      40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
      95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
      116, 34, 125, 125, 32, 32, 32, 32, 32,
    ]);
  });

  it('orders entries by dtype (reference enum order, descending) then name', () => {
    // enum order BOOL < U8 < I8 < I16 < F16 < BF16 < I32 < F32 < F64 < I64: descending gives I64, F64, F32, …, BOOL
    const bytes = safetensors.save({ z: tensor('bool', [1], [1]), b: f32([1]), a: tensor('float64', [1], [1]), y: f32([2]), c: tensor('int64', [1], [1]), h: tensor('bfloat16', [1], [1]), g: tensor('float16', [1], [1]) });
    const n = new DataView(bytes.buffer).getUint32(0, true);
    const json = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect([...json.matchAll(/"(\w)":\{/g)].map((m) => m[1])).toEqual(['c', 'a', 'b', 'y', 'h', 'g', 'z']);
    expect(n % 8).toBe(0);
    expect(json.trimEnd()).not.toMatch(/\s/);
  });

  it('an independent Python reader loads every dtype, views (materialized), 0-dim, empty and unicode names', () => {
    const base = f32([3, 4]);
    const tensors = new Map<string, Tensor>([
      ['w.T', view(base, [4, 3], [1, 4], 0)],
      ['w.slice', view(base, [2, 2], [4, 1], 6)],
      ['scalar', tensor('float32', [], [NaN])],
      ['empty', tensor('float32', [0, 5], [])],
      ['ünï/κλειδί.🙂', tensor('float64', [2], [-0, Infinity])],
      ['i64', tensor('int64', [3], [2 ** 53, -(2 ** 53), 123456789012])],
      ['i32', tensor('int32', [1], [-7])],
      ['i16', tensor('int16', [1], [-300])],
      ['i8', tensor('int8', [1], [-3])],
      ['u8', tensor('uint8', [1], [250])],
      ['b', tensor('bool', [2], [1, 0])],
      ['f16', tensor('float16', [2], [0x3c00, 0xfc00])],
      ['bf16', tensor('bfloat16', [2], [0x3f80, 0x7fc0])],
    ]);
    const f = join(tempDir(), 'all.safetensors');
    writeFileSync(f, safetensors.save(tensors, { format: 'pt', note: 'α' }));
    const r = runPy('read_safetensors.py', [f]);
    expect(r.header.__metadata__).toEqual({ format: 'pt', note: 'α' });
    const inFileOrder = new Map([...tensors].sort((a, b) => Object.keys(r.header).indexOf(a[0]) - Object.keys(r.header).indexOf(b[0])));
    const errs = compare(inFileOrder, r.desc);
    // views were materialized, so the file has separate storages: only sharing may differ
    expect(errs.filter((e) => !e.includes('sharing'))).toEqual([]);
    // and our reader returns the same values
    const back = safetensors.load(new Uint8Array(readFileSync(f)));
    for (const [k, t] of tensors) expect(tensorHex(back.get(k)!)).toBe(tensorHex(t));
    expect(safetensors.metadata(safetensors.save(tensors, { a: 'b' }))).toEqual(new Map([['a', 'b']]));
  });
});

describe('safetensors reader rules', () => {
  const e = (name: string, dtype: string, shape: number[], b: number, end: number): string => `"${name}":{"dtype":"${dtype}","shape":[${shape}],"data_offsets":[${b},${end}]}`;

  it('accepts any entry order, scalars and zero-size tensors', () => {
    const m = safetensors.load(header(`{${e('b', 'F32', [1], 4, 8)},${e('a', 'F32', [], 0, 4)},${e('z', 'F32', [0, 3], 8, 8)}}`, new Uint8Array(8)));
    expect([...m.keys()]).toEqual(['a', 'b', 'z']);
    expect(m.get('z')!.shape).toEqual([0, 3]);
  });

  it('refuses invalid layouts with the reference error names', () => {
    const d = new Uint8Array(8);
    expectError(() => safetensors.load(new Uint8Array(5)), /too short/);
    expectError(() => safetensors.load(Uint8Array.from([1, 0xe1, 0xf5, 0x05, 0, 0, 0, 0])), /more than the 100,000,000/);
    expectError(() => safetensors.load(Uint8Array.from([100, 0, 0, 0, 0, 0, 0, 0, 123, 125])), /truncated/);
    expectError(() => safetensors.load(header(`{${e('a', 'F32', [1], 0, 4)},${e('b', 'F32', [1], 5, 9)}}`, new Uint8Array(9))), /InvalidOffset/);
    expectError(() => safetensors.load(header(`{${e('a', 'F32', [1], 0, 4)},${e('b', 'F32', [1], 2, 6)}}`, new Uint8Array(6))), /InvalidOffset/);
    expectError(() => safetensors.load(header(`{${e('a', 'F32', [3], 0, 8)}}`, d)), /TensorInvalidInfo/);
    expectError(() => safetensors.load(header(`{${e('a', 'F32', [1], 0, 4)}}`, d)), /MetadataIncompleteBuffer/);
    expectError(() => safetensors.load(header(`{${e('a', 'F32', [1], 0, 4)},${e('a', 'F32', [1], 4, 8)}}`, d)), /appears twice/);
    expectError(() => safetensors.load(header(`{${e('a', 'F9', [1], 0, 4)}}`, d.subarray(0, 4))), /unknown dtype 'F9'/);
    expectError(() => safetensors.load(header(`{${e('a', 'U32', [1], 0, 4)}}`, d.subarray(0, 4))), /dtype U32, which Netsketch has no tensor type for/);
    expectError(() => safetensors.load(header(`{${e('a', 'F32', [-1], 0, 4)}}`, d.subarray(0, 4))), /non-negative integers/);
    expectError(() => safetensors.load(header(`{${e('a', 'F32', [1.5], 0, 4)}}`, d.subarray(0, 4))), /non-negative integers/);
    expectError(() => safetensors.load(header(`{${e('a', 'F32', [4294967296, 4294967296, 4294967296], 0, 4)}}`, d.subarray(0, 4))), /overflows/);
    expectError(() => safetensors.load(header('{"a":', d)), /invalid JSON/);
    expectError(() => safetensors.load(Uint8Array.from([2, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe])), /not valid UTF-8/);
    expectError(() => safetensors.load(header(`{${e('a', 'I64', [1], 0, 8)}}`, Uint8Array.from([0, 0, 0, 0, 0, 0, 0x40, 0]))), /'a' holds 18014398509481984/, 'INT64_RANGE');
  });

  it('the writer refuses what safetensors cannot hold', () => {
    expectError(() => safetensors.save({ a: 1 as unknown as Tensor }), /not a Tensor/, 'UNSUPPORTED_VALUE');
    expectError(() => safetensors.save({ a: f32([1]) }, { n: 3 as unknown as string }), /metadata values must be strings/, 'UNSUPPORTED_VALUE');
  });
});
