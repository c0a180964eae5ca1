/**
 * Fuzz: core/serialize's readers. torch.load (zip container + pickle VM) and safetensors.load each get 10,000
 * cases per run: mutated valid files, mutated inner records re-wrapped with valid CRCs / lengths so the deeper
 * layers are reached, and random bytes. Each yields a value or a SerializationError, within the time budget,
 * leaving the input bytes unchanged.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { load, save, safetensors, SerializationError, OrderedDict, PyTuple } from '../../core/serialize/index.ts';
import { ZipReader } from '../../core/serialize/zip_reader.ts';
import { ZipWriter, collectingSink } from '../../core/serialize/zip_writer.ts';
import { utf8Decode, utf8Encode } from '../../core/serialize/utf8.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { Storage } from '../../core/tensor/storage.ts';
import { f32 } from '../project/helpers.ts';
import { Tally, check, runCase, snapshotBytes } from './harness.ts';
import { mutate, mutateText, mutations, textMutations } from './mutate.ts';

const isSerializationError = (e: unknown) => (e instanceof SerializationError ? e.code : null);
const i64 = (shape: number[], v: number[]) => new Tensor(new Storage(Float64Array.from(v)), shape, null, 0, 'int64');

const base = f32([3, 4], Array.from({ length: 12 }, (_, i) => i / 3));
const sd = new OrderedDict<string, unknown>([
  ['w', base],
  ['w_t', new Tensor(base._storage, [4, 3], [1, 4], 0, 'float32')],
  ['b', f32([4], [1, -1, Infinity, NaN])],
  ['step', i64([], [7])],
  ['empty', f32([0, 3], [])],
]);
const nested = new Map<string, unknown>([
  ['cfg', { lr: 0.5, betas: PyTuple.of_items([0.9, 0.999]), names: ['a', 'β'], big: 2n ** 70n, on: true, none: null }],
  ['list', [i64([2], [1, 2]), f32([1], [3])]],
  ['bytes', Uint8Array.from([0, 255])],
]);
const ptBases = [save(sd), save(nested), save(sd, { zip64: 'always' })];
const pickles = ptBases.map((b) => {
  const z = new ZipReader(b);
  return z.read(z.names.find((n) => n.endsWith('data.pkl'))!).slice();
});

function rewrap(archive: Uint8Array, pkl: Uint8Array): Uint8Array {
  const z = new ZipReader(archive);
  const c = collectingSink();
  const w = new ZipWriter(c.sink);
  for (const n of z.names) w.add(n, n.endsWith('data.pkl') ? pkl : z.read(n));
  w.finish();
  return c.result();
}

const stBases = [
  safetensors.save(new Map([['a', f32([2, 3], [1, 2, 3, 4, 5, 6])], ['b', i64([2], [1, 2])], ['c', f32([0], [])]]), { k: 'v' }),
  safetensors.save(new Map([['weight', f32([1], [0.5])]])),
];
function header(st: Uint8Array): { json: string; data: Uint8Array } {
  const n = Number(new DataView(st.buffer, st.byteOffset).getBigUint64(0, true));
  return { json: utf8Decode(st, 8, 8 + n), data: st.slice(8 + n) };
}
function withHeader(json: string, data: Uint8Array): Uint8Array {
  const h = utf8Encode(json);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}
const stHeaders = stBases.map(header);

describe('fuzz: torch.load yields a value or a SerializationError (10,000 cases)', () => {
  const tally = new Tally();
  const run = (bytes: Uint8Array, crc = true) => runCase(tally, () => load(bytes, { check_crc: crc }), isSerializationError, snapshotBytes(bytes));

  it('mutated archives, CRC checked and unchecked (5,000)', () => {
    check(fc.property(fc.nat({ max: ptBases.length - 1 }), mutations, fc.boolean(), (i, ms, crc) => {
      run(mutate(ptBases[i], ms), crc);
    }), 301, 5000);
  });

  it('mutated data.pkl inside a valid archive: the pickle VM (4,000)', () => {
    check(fc.property(fc.nat({ max: ptBases.length - 1 }), mutations, (i, ms) => {
      run(rewrap(ptBases[i], mutate(pickles[i], ms)));
    }), 302, 4000);
  });

  it('random bytes as a file and as data.pkl (1,000)', () => {
    check(fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, asPickle) => {
      run(asPickle ? rewrap(ptBases[0], Uint8Array.from([0x80, 2, ...bytes])) : bytes);
    }), 303, 1000);
    tally.expectBoth(100);
  });
});

describe('fuzz: safetensors.load yields tensors or a SerializationError (10,000 cases)', () => {
  const tally = new Tally();
  const run = (bytes: Uint8Array) => runCase(tally, () => safetensors.load(bytes), isSerializationError, snapshotBytes(bytes));
  const JSON_ALPHABET = ['{', '}', '[', ']', '"', ':', ',', '0', '1', '2', '4', '8', '-', '.', 'e', ' ', 'F32', 'I64', 'BF16', 'shape', 'data_offsets', 'dtype', '\\u0000', '99999999999999999999'];

  it('mutated files (6,000)', () => {
    check(fc.property(fc.nat({ max: stBases.length - 1 }), mutations, (i, ms) => {
      run(mutate(stBases[i], ms));
    }), 401, 6000);
  });

  it('mutated header JSON with a consistent length prefix (4,000)', () => {
    check(fc.property(fc.nat({ max: stBases.length - 1 }), textMutations(JSON_ALPHABET), (i, ms) => {
      run(withHeader(mutateText(stHeaders[i].json, ms), stHeaders[i].data));
    }), 402, 4000);
    tally.expectBoth(100);
  });
});
