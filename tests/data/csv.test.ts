// CSV import: RFC 4180 parsing, delimiter sniffing, label handling, normalisation, and every error message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, sniffDelimiter } from '../../core/data/sources/csv.ts';
import { csvToDataset } from '../../core/data/sources/csv-dataset.ts';
import { DataError } from '../../core/data/sources/errors.ts';

function expectDataError(fn: () => unknown, pattern: RegExp, fields: Partial<DataError> = {}) {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught, 'expected a DataError').toBeInstanceOf(DataError);
  expect((caught as Error).message).toMatch(pattern);
  for (const [k, v] of Object.entries(fields)) expect((caught as Record<string, unknown>)[k], k).toEqual(v);
}

const IRIS = 'sepal_length,sepal_width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n4.9,3.0,setosa\n';

describe('parseCsv', () => {
  it('handles RFC 4180 quoting: delimiters, doubled quotes and newlines inside quotes', () => {
    const t = parseCsv('a,b,c\r\n"x, y","say ""hi""","line1\r\nline2"\r\n1,,3');
    expect(t.rows).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'line1\r\nline2'], ['1', '', '3']]);
    expect(t.rowNumbers).toEqual([1, 2, 3]);
  });

  it('accepts LF, CRLF and lone CR line ends, a BOM, and with or without a trailing newline', () => {
    const want = [['a', 'b'], ['1', '2']];
    for (const text of ['a,b\n1,2', 'a,b\n1,2\n', 'a,b\r\n1,2\r\n', 'a,b\r1,2\r', '\ufeffa,b\n1,2\n']) {
      expect(parseCsv(text).rows, JSON.stringify(text)).toEqual(want);
    }
    expect(parseCsv(new TextEncoder().encode('\ufeffa,b\n1,2\n')).rows).toEqual(want);
  });

  it('skips blank lines but keeps counting rows, and keeps a trailing empty field', () => {
    const t = parseCsv('a,b\n\n1,2\n\r\n3,\n');
    expect(t.rows).toEqual([['a', 'b'], ['1', '2'], ['3', '']]);
    expect(t.rowNumbers).toEqual([1, 3, 5]);
    expect(parseCsv('a,b\n1,').rows).toEqual([['a', 'b'], ['1', '']]);
    expect(parseCsv('a\n""\n').rows).toEqual([['a'], ['']]); // a quoted empty value is data, not a blank line
  });

  it('tolerates spaces after a closing quote', () => {
    expect(parseCsv('"a" ,b\n').rows).toEqual([['a', 'b']]);
  });

  it('sniffs , ; and tab', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1,5;2,5;3\n')).toBe(';'); // decimal commas do not fool it
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(sniffDelimiter('"x;y",b\n"1;2",3\n')).toBe(','); // quoted semicolons are not delimiters
    expect(sniffDelimiter('single\n1\n2\n')).toBe(',');
    expect(parseCsv('a;b\n1;2').delimiter).toBe(';');
    expect(parseCsv('a;b\n1;2', { delimiter: ',' }).rows).toEqual([['a;b'], ['1;2']]);
  });

  it('names the row of structural errors', () => {
    expectDataError(() => parseCsv('a,b\n1,"2\n3,4\n', { fileName: 'data.csv' }),
      /^data\.csv: row 2: a quoted field opens here but its closing quote \("\) is missing; close it, or double quotes inside it \(""\)\.$/,
      { code: 'unterminated_quote', row: 2, source: 'data.csv' });
    expectDataError(() => parseCsv('a,b\n"1"x,2\n', { fileName: 'data.csv' }),
      /^data\.csv: row 2: text 'x,2\\u000a' follows the closing quote of field 1; a quoted field must end at a delimiter or line end \(write "" for a quote inside it\)\.$/,
      { code: 'bad_quote', row: 2 });
  });

  it('enforces size limits and says which limit', () => {
    expectDataError(() => parseCsv('a,b\n1,2\n', { fileName: 'big.csv', maxBytes: 4 }),
      /^big\.csv is 8 bytes, over the 4 bytes limit \(maxBytes\); use a smaller file, sample its rows, or raise maxBytes\.$/, { code: 'too_large' });
    expectDataError(() => parseCsv(new Uint8Array(3 * 1024 * 1024), { fileName: 'big.csv', maxBytes: 2 * 1024 * 1024 }),
      /big\.csv is 3\.0 MiB, over the 2\.0 MiB limit \(maxBytes\)/);
    expectDataError(() => parseCsv('é'.repeat(3), { maxBytes: 5 }), /is 6 bytes, over the 5 bytes limit/); // counted as UTF-8
    expectDataError(() => parseCsv('a\n1\n2\n3\n', { fileName: 'f.csv', maxRows: 3 }),
      /^f\.csv has more than 3 rows \(maxRows\); use fewer rows or raise maxRows\.$/);
    expect(parseCsv('a\n1\n2\n', { maxRows: 3 }).rows).toHaveLength(3);
    expectDataError(() => parseCsv('a,b,c\n', { fileName: 'f.csv', maxColumns: 2 }),
      /^f\.csv: row 1 has more than 2 columns \(maxColumns\); check the delimiter, drop columns, or raise maxColumns\.$/);
    expectDataError(() => parseCsv('a', { maxRows: 0 }), /CSV limit maxRows must be a positive integer, got 0/);
    expectDataError(() => parseCsv('a', { delimiter: '|' as ',' }), /delimiter must be ',', ';', '\\t' or 'auto', got "\|"/);
    expectDataError(() => parseCsv(42 as unknown as string), /input must be a string or a Uint8Array, got number/);
  });
});

describe('csvToDataset', () => {
  it('reads features and maps text labels to sorted class indices', () => {
    const d = csvToDataset(IRIS, { fileName: 'iris.csv' });
    expect(d.featureNames).toEqual(['sepal_length', 'sepal_width']);
    expect(d.labelName).toBe('species');
    expect(d.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(d.labels)).toEqual([0, 1, 2, 0]);
    expect(d.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(d.features)).toEqual([5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0].map(Math.fround));
    expect([d.kind, d.numFeatures, d.numClasses, d.rowCount, d.delimiter]).toEqual(['classification', 2, 3, 4, ',']);
    expect(d.notes).toContain('classes (3): setosa=0, versicolor=1, virginica=2');
    expect(d.notes).toContain("delimiter: ',' (detected)");
    expect(d.normalization).toBeNull();
  });

  it('chooses the label by name (case-insensitive fallback), index, or negative index', () => {
    const reg = csvToDataset(IRIS, { label: 'sepal_width', dropColumns: ['species'], task: 'regression' });
    expect([reg.featureNames, Array.from(reg.labels)]).toEqual([['sepal_length'], [3.5, 3.2, 3.3, 3.0].map(Math.fround)]);
    const byName = csvToDataset('x,y,Target\n1,2,a\n3,4,b\n', { label: 'target' });
    expect(byName.labelName).toBe('Target');
    const byIndex = csvToDataset('cls,x,y\nb,1,2\na,3,4\n', { label: 0 });
    expect([byIndex.labelName, byIndex.featureNames, Array.from(byIndex.labels)]).toEqual(['cls', ['x', 'y'], [1, 0]]);
    expect(csvToDataset('x,cls,y\n1,a,2\n', { label: -2 }).labelName).toBe('cls');
  });

  it('sorts numeric class labels numerically ("2" before "10"); task decides classification or regression', () => {
    const d = csvToDataset('x,y\n0.5,10\n1.5,2\n2.5,1\n3.5,2.0\n');
    expect(d.kind).toBe('classification');
    expect(d.classNames).toEqual(['1', '2', '10']);
    expect(Array.from(d.labels)).toEqual([2, 1, 0, 1]); // "2" and "2.0" are the same class
    const r = csvToDataset('x,y\n1,0.25\n2,1.5\n');
    expect([r.kind, r.numClasses, Array.from(r.labels)]).toEqual(['regression', 0, [0.25, 1.5]]);
    expect(r.labels).toBeInstanceOf(Float32Array);
    const forced = csvToDataset('x,y\n1,3\n2,4\n', { task: 'regression' });
    expect(forced.kind).toBe('regression');
    const many = 'x,y\n' + Array.from({ length: 60 }, (_, i) => `${i},${i}`).join('\n');
    expect(csvToDataset(many).kind).toBe('regression'); // 60 distinct integers: more than 50 → regression
    expect(csvToDataset(many, { task: 'classification' }).numClasses).toBe(60);
  });

  it('z-score normalises with the population std and reports mean/std (hand-computed)', () => {
    // column a: 1, 2, 3, 6 → mean 3, population var (4+1+0+9)/4 = 3.5; column b constant 5
    const d = csvToDataset('a,b,y\n1,5,0\n2,5,1\n3,5,0\n6,5,1\n', { normalize: 'zscore' });
    expect(d.normalization!.mean).toEqual([3, 5]);
    expect(d.normalization!.std[0]).toBeCloseTo(Math.sqrt(3.5), 12);
    expect(d.normalization!.std[1]).toBe(1);
    const s = Math.sqrt(3.5);
    expect(Array.from(d.features)).toEqual([(1 - 3) / s, 0, (2 - 3) / s, 0, 0, 0, (6 - 3) / s, 0].map(Math.fround));
    expect(d.notes.some((n) => n.includes('constant columns') && n.includes('b'))).toBe(true);
  });

  it('reads files without a header, drops columns, decimal commas in ; files, tab files', () => {
    const h = csvToDataset('1,2,a\n3,4,b\n', { header: false });
    expect([h.featureNames, h.labelName, h.rowCount]).toEqual([['1', '2'], '3', 2]);
    const dropped = csvToDataset('id,name,x,y\n1,ann,0.5,a\n2,bob,1.5,b\n', { dropColumns: ['name', 0] });
    expect(dropped.featureNames).toEqual(['x']);
    const eu = csvToDataset('a;b;y\n1,5;2;x\n-0,25;3e2;y\n');
    expect(Array.from(eu.features)).toEqual([1.5, 2, -0.25, 300]);
    const tsv = csvToDataset('a\tb\ty\n1\t2\tp\n');
    expect([tsv.delimiter, Array.from(tsv.features)]).toEqual(['\t', [1, 2]]);
    expect(csvToDataset(' a , b ,y\n 1 , 2 ,k\n\n   \n').featureNames).toEqual(['a', 'b']); // trimmed, blank lines skipped
  });

  it("reports a non-numeric cell with file, row and column: row 17, column 'age'", () => {
    const rows = Array.from({ length: 15 }, (_, i) => `${20 + i},${i % 2}`);
    const text = ['age,label', ...rows, 'n/a,1'].join('\n');
    expectDataError(() => csvToDataset(text, { fileName: 'people.csv' }),
      /^people\.csv: row 17, column 'age': 'n\/a' is not a number; clean it or drop the column\.$/,
      { code: 'not_a_number', row: 17, column: 'age', source: 'people.csv' });
    expectDataError(() => csvToDataset('a,b,y\n1,,0\n', { fileName: 'f.csv' }),
      /^f\.csv: row 2, column 'b': '' \(empty\) is not a number; clean it or drop the column\.$/);
    expectDataError(() => csvToDataset('a,y\nNaN,0\n'), /column 'a': 'NaN' is not a number/);
    expectDataError(() => csvToDataset('a,y\n1e39,0\n'), /row 2, column 'a': '1e39' is too large for float32 \(max ±3\.4e38\); rescale the column\./);
    expectDataError(() => csvToDataset(new Uint8Array([0x61, 0x2c, 0x79, 0x0a, 0xff, 0x2c, 0x31]), { fileName: 'bin.csv' }),
      /^bin\.csv: row 2, column 'a': '\ufffd' is not a number/);
  });

  it('reports ragged rows, missing labels and a regression label that is not a number', () => {
    expectDataError(() => csvToDataset('a,b,y\n1,2,0\n\n3,4\n', { fileName: 'r.csv' }),
      /^r\.csv: row 4 has 2 fields but the header has 3; look for a missing or extra delimiter \(','\), or quote values that contain it\.$/,
      { code: 'ragged_row', row: 4 });
    expectDataError(() => csvToDataset('a,y\n1,x\n2, \n', { fileName: 'm.csv' }),
      /^m\.csv: row 3: the label column 'y' is empty; every row needs a label \(fill it in or delete the row\)\.$/,
      { code: 'missing_label', row: 3, column: 'y' });
    expectDataError(() => csvToDataset('a,y\n1,2\n2,oops\n', { task: 'regression', fileName: 'g.csv' }),
      /^g\.csv: row 3, column 'y': 'oops' is not a number, but a regression label must be; clean it, or use task 'classification'\.$/);
  });

  it('reports empty files, missing columns and unusable layouts', () => {
    expectDataError(() => csvToDataset('', { fileName: 'e.csv' }),
      /^e\.csv is empty; a CSV needs a header row and at least one data row\.$/, { code: 'empty' });
    expectDataError(() => csvToDataset('\ufeff\r\n\n', { fileName: 'e.csv' }), /e\.csv is empty/);
    expectDataError(() => csvToDataset('a,b\n', { fileName: 'h.csv' }), /^h\.csv has a header but no data rows\.$/);
    expectDataError(() => csvToDataset('a,b\n1,2\n', { label: 'price', fileName: 'c.csv' }),
      /^c\.csv: there is no column 'price' for the label column\. The columns are: 'a', 'b'\.$/, { code: 'missing_column' });
    expectDataError(() => csvToDataset('a,b\n1,2\n', { label: 5 }), /label column index 5 is out of range; the file has 2 columns \(0 to 1, or -1 for the last\)\./);
    expectDataError(() => csvToDataset('1,2\n', { header: false, label: 'x' }), /refer to columns by 0-based index/);
    expectDataError(() => csvToDataset('a,a,y\n1,2,3\n', { label: 'a' }), /label column 'a' names 2 columns \(indices 0, 1\); choose one by index\./);
    expectDataError(() => csvToDataset('y\n1\n', { fileName: 'o.csv' }),
      /^o\.csv has no feature columns besides the label 'y'; a data set needs at least one input column \(the file was read with delimiter ','; is that right\?\)\.$/);
    expectDataError(() => csvToDataset('a,y\n1,2\n', { dropColumns: ['y'] }), /column 'y' is both the label and dropped/);
    const ids = 'x,id\n' + Array.from({ length: 1001 }, (_, i) => `1,id${i}`).join('\n');
    expectDataError(() => csvToDataset(ids, { fileName: 'ids.csv' }),
      /^ids\.csv: label column 'id' has 1001 distinct values, over the 1000-class limit; is it really the label\?/);
    expectDataError(() => csvToDataset(IRIS, { task: 'cluster' as 'auto' }), /task must be 'auto', 'classification' or 'regression', got "cluster"/);
    expectDataError(() => csvToDataset(IRIS, { normalize: 'minmax' as 'zscore' }), /normalize must be 'none' or 'zscore', got "minmax"/);
  });
});

describe('property tests', () => {
  const serialize = (rows: string[][], d: string) => rows.map((r) => r.map((f) =>
    /[",;\t\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f).join(d)).join('\r\n');

  it('round trip: any table written with RFC 4180 quoting parses back to itself', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '\t', '"', '\n', '\r', 'é', '1'), maxLength: 6 });
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 6 })),
      fc.constantFrom<',' | ';' | '\t'>(',', ';', '\t'),
      (rows, d) => {
        expect(parseCsv(serialize(rows, d), { delimiter: d }).rows).toEqual(rows);
      },
    ), { numRuns: 2000, seed: 7 });
  });

  it('10,000 random CSV-ish texts and byte strings: a result or a DataError, never another exception', () => {
    const unit = fc.constantFrom('a', '1', '2', '.', '-', 'e', ',', ';', '\t', '"', '\n', '\r', ' ', '\ufeff', 'x', 'é');
    // CSV-shaped text (rows of mostly numeric cells, some messy) so that many inputs parse, plus raw noise
    const cellArb = fc.oneof(
      { arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String), weight: 12 },
      { arbitrary: fc.integer({ min: 0, max: 3 }).map(String), weight: 12 },
      { arbitrary: fc.constantFrom('', ' ', 'n/a', '"q"', '"a,b"', '"x""y"', 'cat', 'dog', '1,5', '1e40', '"', '\ufeff'), weight: 1 },
    );
    const shaped = fc.tuple(
      fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(fc.array(cellArb, { minLength: w, maxLength: w + (w > 2 ? 1 : 0) }), { maxLength: 8 })),
      fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(),
    ).map(([rows, d, nl, trailing]) => rows.map((r) => r.join(d)).join(nl) + (trailing ? nl : ''));
    const input = fc.oneof(shaped, shaped, fc.string({ unit, maxLength: 60 }), fc.uint8Array({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 }));
    let parsed = 0;
    const opts = fc.record({
      label: fc.option(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', '1', 'x')), { nil: undefined }),
      header: fc.boolean(),
      task: fc.constantFrom('auto', 'classification', 'regression' as const),
      normalize: fc.constantFrom('none', 'zscore' as const),
      maxRows: fc.integer({ min: 1, max: 20 }),
    });
    fc.assert(fc.property(input, opts, (text, o) => {
      for (const run of [() => parseCsv(text), () => csvToDataset(text, o as Parameters<typeof csvToDataset>[1])]) {
        try {
          const out = run();
          if ('features' in out) {
            parsed++;
            expect(out.features.length).toBe(out.rowCount * out.numFeatures);
            expect(out.labels.length).toBe(out.rowCount);
            expect(out.features.every(Number.isFinite)).toBe(true);
          }
        } catch (e) {
          if (!(e instanceof DataError)) throw e;
          expect(e.message.length).toBeGreaterThan(10);
        }
      }
    }), { numRuns: 10_000, seed: 11 });
    expect(parsed).toBeGreaterThan(300); // the generator reaches the success paths, not only the errors
  });
});
