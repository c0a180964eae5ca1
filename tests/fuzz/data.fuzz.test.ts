/**
 * Fuzz: the data-source parsers of core/data/sources. CSV import (parseCsv + csvToDataset), image-folder import
 * (buildImageFolder) and the MNIST asset decoder each get 10,000 cases per run; each yields a dataset or a
 * DataError with a message, within the time budget, leaving its input (bytes, image buffers, entries) unchanged.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DataError, buildImageFolder, csvToDataset, decodeMnistAsset, encodeMnistAsset, parseCsv,
  type ImageFileEntry, type ImageFolderOptions,
} from '../../core/data/sources/index.ts';
import { Tally, check, runCase, snapshotBytes } from './harness.ts';
import { mutate, mutations } from './mutate.ts';

const isDataError = (e: unknown) => (e instanceof DataError ? e.code : null);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('fuzz: CSV import (10,000 cases)', () => {
  const tally = new Tally();
  const unit = fc.constantFrom('a', 'b', '1', '2', '0.5', '-3e2', ',', ';', '\t', '"', '\n', '\r\n', '\r', ' ', '\ufeff', 'é', 'NaN', '', 'x,y');
  const cell = fc.oneof(
    { weight: 6, arbitrary: fc.oneof(fc.integer({ min: -5, max: 5 }).map(String), fc.double({ min: -1e3, max: 1e3, noNaN: true }).map(String)) },
    { weight: 2, arbitrary: fc.constantFrom('cat', 'dog', '"a,b"', '"x""y"', 'n/a', '1,5', '') },
    { weight: 1, arbitrary: fc.string({ unit, maxLength: 4 }) },
  );
  const table = fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 12 }));
  const options = fc.record({
    label: fc.option(fc.oneof(fc.integer({ min: -6, max: 6 }), fc.constantFrom('1', 'label', 'b')), { nil: undefined }),
    header: fc.option(fc.boolean(), { nil: undefined }),
    task: fc.option(fc.constantFrom('auto' as const, 'classification' as const, 'regression' as const), { nil: undefined }),
    normalize: fc.option(fc.constantFrom('none' as const, 'zscore' as const), { nil: undefined }),
    delimiter: fc.option(fc.constantFrom('auto' as const, ',' as const, ';' as const, '\t' as const), { nil: undefined }),
    dropColumns: fc.option(fc.array(fc.oneof(fc.integer({ min: -3, max: 5 }), fc.constantFrom('a', '1')), { maxLength: 2 }), { nil: undefined }),
    maxRows: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  }, { requiredKeys: [] });

  it('CSV-shaped tables with random options, as text and as bytes (7,000)', () => {
    check(fc.property(table, fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n'), fc.boolean(), options, (rows, d, eol, asBytes, opts) => {
      const text = rows.map((r) => r.join(d)).join(eol);
      const input = asBytes ? utf8(text) : text;
      runCase(tally, () => csvToDataset(input, { fileName: 'fuzz.csv', ...opts }), isDataError, asBytes ? snapshotBytes(input as Uint8Array) : () => undefined);
    }), 501, 7000);
  });

  it('arbitrary text and bytes through parseCsv and csvToDataset (3,000)', () => {
    check(fc.property(fc.oneof(fc.string({ unit, maxLength: 60 }), fc.uint8Array({ maxLength: 120 })), (input) => {
      const guard = input instanceof Uint8Array ? snapshotBytes(input) : () => undefined;
      runCase(tally, () => parseCsv(input, { maxColumns: 50 }), isDataError, guard);
      runCase(tally, () => csvToDataset(input), isDataError, guard);
    }), 502, 3000);
    tally.expectBoth(500);
  });
});

describe('fuzz: image-folder import (10,000 cases)', () => {
  const tally = new Tally();
  // Two regimes, half the cases each: well-formed folders (exercising resizing, grayscale, class ordering) and
  // wild ones (bad sizes, wrong buffer lengths, undecodable files, hostile options).
  const entryArb = (wild: boolean): fc.Arbitrary<ImageFileEntry> => {
    const dim = wild
      ? fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, NaN, 9000, 2 ** 31) })
      : fc.integer({ min: 1, max: 6 });
    return fc.record({
      path: fc.string({ maxLength: 12 }),
      className: wild ? fc.constantFrom('cat', 'dog', 'bird', '', 'é') : fc.constantFrom('cat', 'dog', 'é'),
      width: dim,
      height: dim,
      consistent: wild ? fc.integer({ min: 0, max: 9 }) : fc.constant(9),
      error: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
      seed: fc.integer({ min: 0, max: 255 }),
    }).map(({ consistent, seed, ...e }) => {
      const good = Number.isInteger(e.width) && Number.isInteger(e.height) && e.width > 0 && e.height > 0 && e.width * e.height <= 64;
      const len = consistent === 0 ? seed % 50 : good ? e.width * e.height * 4 : seed % 50;
      const rgba = consistent === 1 ? null : Uint8Array.from({ length: len }, (_, i) => (i * 37 + seed) & 255);
      return { ...e, rgba };
    });
  };
  const optsArb = (wild: boolean): fc.Arbitrary<ImageFolderOptions> => wild
    ? fc.record({
      size: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })), fc.constantFrom<any>(0, -2, 2.5, 5000, [3], 'big', null)),
      channels: fc.option(fc.constantFrom<any>(1, 3, 2, 0), { nil: undefined }),
      classFolders: fc.option(fc.array(fc.constantFrom('cat', 'dog', 'fish'), { maxLength: 3 }), { nil: undefined }),
      maxDimension: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      maxImages: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      maxOutputBytes: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
    }, { requiredKeys: ['size'] })
    : fc.record({
      size: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }))),
      channels: fc.constantFrom<1 | 3>(1, 3),
    });
  const caseArb = fc.boolean().chain((wild) => fc.tuple(fc.array(entryArb(wild), { minLength: wild ? 0 : 1, maxLength: 8 }), optsArb(wild)));

  it('random folders and options', () => {
    check(fc.property(caseArb, ([entries, options]) => {
      const meta = JSON.stringify([entries.map((e) => ({ ...e, rgba: e.rgba?.length ?? null })), options]);
      const bytes = snapshotBytes(...entries.map((e) => e.rgba));
      const out = runCase(tally, () => buildImageFolder(entries, options), isDataError, () => {
        bytes();
        expect(JSON.stringify([entries.map((e) => ({ ...e, rgba: e.rgba?.length ?? null })), options])).toBe(meta);
      });
      if (out) {
        expect(out.images.length).toBe(out.count * out.channels * out.height * out.width);
        expect(out.labels.length).toBe(out.count);
      }
    }), 601, 10_000);
    tally.expectBoth(2000);
  });
});

describe('fuzz: MNIST asset decoder (10,000 cases)', () => {
  const tally = new Tally();
  const asset = encodeMnistAsset({
    images: Uint8Array.from({ length: 6 * 4 * 4 }, (_, i) => (i * 13) & 255),
    labels: Uint8Array.from([0, 1, 2, 3, 1, 0]),
    height: 4, width: 4, numClasses: 4, trainCount: 4,
  });

  it('mutated assets and random bytes', () => {
    check(fc.property(fc.oneof({ weight: 9, arbitrary: mutations.map((ms) => mutate(asset, ms)) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) }), (bytes) => {
      runCase(tally, () => decodeMnistAsset(bytes), isDataError, snapshotBytes(bytes));
    }), 701, 10_000);
    tally.expectBoth(1);
    expect(decodeMnistAsset(asset).count).toBe(6);
  });
});
