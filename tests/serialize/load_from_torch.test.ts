/**
 * Proof 2: files written by real PyTorch (torch.save, plus zip-level variants) load with our torch.load to the same
 * values, dtypes, shapes, strides and storage sharing; hostile or unsupported files raise the right
 * SerializationError.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, save, SerializationError } from '../../core/serialize/index.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { compare, loadedContext, runPy, tempDir } from './helpers.ts';

let manifest: Map<string, any>;
beforeAll(() => {
  const entries: any[] = runPy('make_fixtures.py', [tempDir()]);
  manifest = new Map(entries.map((e) => [e.name, e]));
});

function fixture(name: string): { bytes: Uint8Array; entry: any } {
  const m = manifest.get(name);
  if (!m) throw new Error(`make_fixtures.py wrote no fixture '${name}'`);
  const entry = JSON.parse(readFileSync(m.expected, 'utf8'));
  return { bytes: new Uint8Array(readFileSync(m.file)), entry };
}

const GOOD = ['state_dict', 'tensor', 'parameter', 'views', 'tied', 'dtypes', 'special', 'nested', 'protocol4', 'adam', 'checkpoint', 'deflated', 'crc0', 'style27', 'bigendian', 'pyzip64'];

describe('real torch.save → our torch.load', () => {
  for (const name of GOOD) {
    it(`loads '${name}' exactly`, () => {
      const { bytes, entry } = fixture(name);
      const obj = load(bytes);
      expect(compare(obj, entry.desc, 'obj', loadedContext())).toEqual([]);
    });
  }

  it('the comparison itself catches a wrong value, dtype, sharing or container type', () => {
    const { bytes, entry } = fixture('views');
    const obj = load(bytes) as Map<string, Tensor>;
    (obj.get('row')!._storage.data as Float32Array)[11] += 1;
    expect(compare(obj, entry.desc, 'obj', loadedContext()).length).toBeGreaterThan(0);
    const sd = load(fixture('dtypes').bytes) as Map<string, Tensor>;
    const f64 = sd.get('float64')!;
    sd.set('float64', new Tensor(f64._storage, f64.shape, null, 0, 'int64'));
    expect(compare(sd, fixture('dtypes').entry.desc, 'obj', loadedContext()).length).toBeGreaterThan(0);
    const tied = load(fixture('tied').bytes) as Map<string, Tensor>;
    const dec = tied.get('decoder.weight')!;
    const copy = new Tensor(new (dec._storage.constructor as any)(dec._storage.data.slice()), dec.shape, null, 0, dec.dtype);
    tied.set('decoder.weight', copy);
    expect(compare(tied, fixture('tied').entry.desc, 'obj', loadedContext())).toEqual(['obj[decoder.weight]: storage sharing differs from PyTorch\'s']);
  });

  it('load → save gives files PyTorch reads back identically (dict types, _metadata, tuples, sharing, floats)', () => {
    const dir = tempDir();
    const files = GOOD.map((name) => {
      const f = join(dir, `${name}.resaved.pt`);
      writeFileSync(f, save(load(fixture(name).bytes, { exact_floats: true })));
      return f;
    });
    const r = runPy('describe_many.py', files);
    GOOD.forEach((name, i) => expect([name, r[files[i]]]).toEqual([name, fixture(name).entry.desc]));
    // without exact_floats, the float 1.0 becomes the number 1 and would be written back as an int
    const nested = load(fixture('nested').bytes) as Map<string, unknown>;
    expect(nested.get('lr')).toBe(1);
  });

  it('views share storage: writing through one is visible through the others', () => {
    const obj = load(fixture('views').bytes) as Map<string, Tensor>;
    const base = obj.get('base')!;
    const slice = obj.get('slice')!;
    expect(slice._storage).toBe(base._storage);
    expect(slice.storage_offset()).toBe(6);
    expect(obj.get('T')!.stride()).toEqual([1, 4]);
    (base._storage.data as Float32Array)[6] = 100;
    expect(slice._values()[0]).toBe(100);
  });

  it('keeps the state_dict _metadata (module versions) for load_state_dict and re-saving', () => {
    const sd = load(fixture('state_dict').bytes) as any;
    const md = sd._metadata as Map<string, Map<string, number>>;
    expect(md.get('1')!.get('version')).toBe(2);
    expect(sd.get('1.num_batches_tracked')._values()).toEqual([123456789012]);
  });
});

const BAD: [string, string, RegExp][] = [
  ['os_system', 'FORBIDDEN_GLOBAL', /'(posix|os)\.system'/],
  ['builtins_eval', 'FORBIDDEN_GLOBAL', /'(__builtin__|builtins)\.eval'/],
  ['legacy', 'LEGACY_FORMAT', /re-save it with a newer PyTorch \(torch\.save with the default zip format\)/i],
  ['tar', 'TAR_FORMAT', /tar/],
  ['int64_huge', 'INT64_RANGE', /\['huge'\].*1152921504606846976/],
  ['no_version', 'MISSING_RECORD', /version/],
  ['no_pkl', 'MISSING_RECORD', /data\.pkl/],
  ['missing_storage', 'MISSING_RECORD', /data\/0/],
  ['short_storage', 'BAD_TENSOR', /shorter than the tensor/],
  ['sparse', 'FORBIDDEN_GLOBAL', /'torch\._utils\._rebuild_sparse_tensor', a PyTorch tensor kind Netsketch does not support/],
  ['complex', 'BAD_TENSOR', /torch\.ComplexFloatStorage is not supported by Netsketch/],
];

describe('files real torch.save wrote that we must refuse', () => {
  for (const [name, code, message] of BAD) {
    it(`refuses '${name}' with ${code}`, () => {
      const { bytes, entry } = fixture(name);
      expect(entry.error).toBe(code);
      let err: unknown;
      try {
        load(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SerializationError);
      expect((err as SerializationError).code).toBe(code);
      expect((err as Error).message).toMatch(message);
    });
  }
});
