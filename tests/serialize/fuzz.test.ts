/**
 * Property: 10,000 random and mutated files (byte flips, truncation, splices, random bytes; both the whole archive
 * and data.pkl re-wrapped with valid CRCs so the pickle VM itself is exercised) → torch.load / safetensors.load
 * either succeed or throw SerializationError. Any other exception fails the test.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { load, save, safetensors, SerializationError, OrderedDict, PyTuple } from '../../core/serialize/index.ts';
import { ZipReader } from '../../core/serialize/zip_reader.ts';
import { ZipWriter, collectingSink } from '../../core/serialize/zip_writer.ts';
import { arange, tensor, view } from './helpers.ts';

const base = arange('float32', [3, 4]);
const sd = new OrderedDict<string, unknown>([
  ['w', view(base, [4, 3], [1, 4], 0)],
  ['v', view(base, [2, 2], [4, 1], 6)],
  ['n', tensor('int64', [], [7])],
  ['h', tensor('float16', [2], [0x3c00, 0x7c00])],
  ['e', tensor('float32', [0, 3], [])],
]);
sd._metadata = new OrderedDict([['', new Map([['version', 1]])]]);
const nested = new Map<string, unknown>([
  ['cfg', { lr: 0.5, betas: PyTuple.of_items([0.9, 0.999]), names: ['a', 'β'], big: 2n ** 80n, on: true, none: null }],
  ['t', tensor('bool', [3], [1, 0, 1])],
  ['set', new Set([1, 2])],
  ['bytes', Uint8Array.from([0, 255])],
]);

function deflated(bytes: Uint8Array): Uint8Array {
  const r = new ZipReader(bytes);
  const files: Record<string, Uint8Array> = {};
  for (const n of r.names) files[n] = r.read(n).slice();
  return zipSync(files, { level: 6 });
}

function rewrap(bytes: Uint8Array, pkl: Uint8Array): Uint8Array {
  const r = new ZipReader(bytes);
  const c = collectingSink();
  const z = new ZipWriter(c.sink);
  for (const n of r.names) z.add(n, n.endsWith('data.pkl') ? pkl : r.read(n));
  z.finish();
  return c.result();
}

const bases = [save(sd), save(nested), deflated(save(sd)), save(sd, { zip64: 'always' })];
const pickles = bases.slice(0, 2).map((b) => new ZipReader(b).read('archive/data.pkl').slice());
const stBase = safetensors.save(new Map([['a', arange('float32', [2, 3])], ['b', tensor('int64', [2], [1, 2])], ['c', tensor('bool', [0], [])]]), { k: 'v' });

type Mutation = { kind: 'flip'; at: number[]; bits: number[] } | { kind: 'truncate'; at: number } | { kind: 'splice'; from: number; to: number; len: number } | { kind: 'insert'; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), bits: fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 8, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), from: fc.nat(), to: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
);

function mutate(src: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = src.slice();
  for (const m of ms) {
    if (b.length === 0) break;
    if (m.kind === 'flip') m.at.forEach((a, i) => { b[a % b.length] ^= m.bits[i]; });
    else if (m.kind === 'truncate') b = b.slice(0, m.at % b.length);
    else if (m.kind === 'splice') {
      const from = m.from % b.length;
      const chunk = b.slice(from, from + m.len);
      b.set(chunk.subarray(0, Math.max(0, b.length - (m.to % b.length))), m.to % b.length);
    } else {
      const at = m.at % (b.length + 1);
      b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
    }
  }
  return b;
}

function onlySerializationErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof SerializationError)) throw new Error(`non-SerializationError: ${(e as Error)?.stack ?? String(e)}`);
  }
}

describe('fuzz: loaders only ever throw SerializationError', () => {
  it('mutated torch.save archives (CRC checked and unchecked)', () => {
    fc.assert(fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (i, ms, crc) => {
      onlySerializationErrors(() => load(mutate(bases[i], ms), { check_crc: crc }));
    }), { numRuns: 4000, seed: 42 });
  });

  it('mutated data.pkl inside a valid archive (exercises the pickle VM)', () => {
    fc.assert(fc.property(fc.nat({ max: pickles.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, ms) => {
      onlySerializationErrors(() => load(rewrap(bases[i], mutate(pickles[i], ms))));
    }), { numRuns: 3000, seed: 7 });
  });

  it('random bytes as data.pkl, as a whole file, and mutated safetensors', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      onlySerializationErrors(() => load(rewrap(bases[0], Uint8Array.from([0x80, 2, ...bytes]))));
      onlySerializationErrors(() => load(bytes));
    }), { numRuns: 1500, seed: 3 });
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
      onlySerializationErrors(() => safetensors.load(mutate(stBase, ms)));
    }), { numRuns: 1500, seed: 11 });
  });

  it('the unmutated bases load (the property is not vacuous)', () => {
    for (const b of bases) expect(load(b)).toBeInstanceOf(Map);
    expect(safetensors.load(stBase).size).toBe(3);
  });
});
