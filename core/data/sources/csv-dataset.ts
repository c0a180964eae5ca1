/**
 * CSV file → numeric features and labels for training (tabular data, like reading a DataFrame and calling
 * torch.tensor on it). One column is the label; every other kept column must be numeric.
 * Class labels (text, or a few integer values) become indices 0..k-1 in sorted order, like torchvision's
 * ImageFolder sorts class names; the mapping is returned. Optional z-score normalisation returns the mean
 * and std so the exported PyTorch code can apply `(x - mean) / std` to new data.
 */
import { delimiterName, parseCsv, type CsvDelimiter, type CsvLimits } from './csv.ts';
import { DataError, quoteForMessage } from './errors.ts';
import type { TabularData } from './synthetic.ts';

export interface CsvDatasetOptions extends CsvLimits {
  /** Name in error messages, usually the file name (default 'CSV input'). */
  fileName?: string;
  /** Label column: header name, or 0-based index (negative counts from the end). Default: the last column. */
  label?: string | number;
  /** Whether the first row holds column names (default true). Without it columns are named '1', '2', … */
  header?: boolean;
  /** Columns to ignore (names or 0-based indices), e.g. an id or a text column. */
  dropColumns?: (string | number)[];
  /**
   * 'classification': labels are classes; 'regression': labels are numbers; 'auto' (default):
   * classification if any label is text or all are integers with at most 50 distinct values.
   */
  task?: 'auto' | 'classification' | 'regression';
  /** 'zscore': per feature (x - mean) / std with the population std (ddof 0, as scikit-learn's StandardScaler). */
  normalize?: 'none' | 'zscore';
  delimiter?: CsvDelimiter | 'auto';
}

export interface Normalization {
  kind: 'zscore';
  /** Per feature, in featureNames order. */
  mean: number[];
  /** Per feature; 1 where a column is constant (so it maps to 0 rather than NaN). */
  std: number[];
}

export interface CsvDataset extends TabularData {
  featureNames: string[];
  labelName: string;
  /** Class index → original label text (classification); [] for regression. */
  classNames: string[];
  normalization: Normalization | null;
  /** Data rows read (the header not counted). */
  rowCount: number;
  delimiter: CsvDelimiter;
  /** Human-readable facts worth showing: detected delimiter, task decision, class mapping, constant columns. */
  notes: string[];
}

const MAX_AUTO_CLASSES = 50;
const MAX_CLASSES = 1000;
const FLOAT32_MAX = 3.4028234663852886e38;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** Parses a numeric cell; with ';' files a decimal comma ("3,14") is accepted. NaN when it is not a number. */
function parseNumber(cell: string, decimalComma: boolean): number {
  const t = cell.trim();
  if (NUMBER.test(t)) return Number(t);
  if (decimalComma && DECIMAL_COMMA.test(t)) return Number(t.replace(',', '.'));
  return NaN;
}

function resolveColumn(
  ref: string | number, names: string[], what: string, fileName: string, hasHeader: boolean,
): number {
  if (typeof ref === 'number') {
    const idx = ref < 0 ? names.length + ref : ref;
    if (!Number.isInteger(ref) || idx < 0 || idx >= names.length) {
      throw new DataError('missing_column',
        `${fileName}: ${what} index ${ref} is out of range; the file has ${names.length} columns (0 to ${names.length - 1}, or -1 for the last).`,
        { source: fileName });
    }
    return idx;
  }
  const hits = names.flatMap((n, i) => (n === ref ? [i] : []));
  const loose = hits.length ? hits : names.flatMap((n, i) => (n.trim().toLowerCase() === ref.trim().toLowerCase() ? [i] : []));
  if (loose.length === 1) return loose[0]!;
  const list = names.map((n) => quoteForMessage(n, 30)).join(', ');
  if (loose.length > 1) {
    throw new DataError('missing_column',
      `${fileName}: ${what} ${quoteForMessage(ref)} names ${loose.length} columns (indices ${loose.join(', ')}); choose one by index.`,
      { source: fileName, column: ref });
  }
  throw new DataError('missing_column',
    `${fileName}: there is no column ${quoteForMessage(ref)} for the ${what}. ` +
    (hasHeader ? `The columns are: ${list}.` : 'The file has no header, so refer to columns by 0-based index.'),
    { source: fileName, column: ref });
}

/** Reads a CSV file into features and labels. Throws DataError naming the file, row and column of any problem. */
export function csvToDataset(input: string | Uint8Array, options: CsvDatasetOptions = {}): CsvDataset {
  const fileName = options.fileName ?? 'CSV input';
  const hasHeader = options.header ?? true;
  const task = options.task ?? 'auto';
  const normalize = options.normalize ?? 'none';
  if (!['auto', 'classification', 'regression'].includes(task)) {
    throw new DataError('bad_option', `csvToDataset: task must be 'auto', 'classification' or 'regression', got ${JSON.stringify(task)}`);
  }
  if (normalize !== 'none' && normalize !== 'zscore') {
    throw new DataError('bad_option', `csvToDataset: normalize must be 'none' or 'zscore', got ${JSON.stringify(normalize)}`);
  }
  const table = parseCsv(input, { ...options, fileName });
  const { delimiter } = table;
  const notes: string[] = [];
  if (options.delimiter === undefined || options.delimiter === 'auto') notes.push(`delimiter: ${delimiterName(delimiter)} (detected)`);
  let records = table.rows;
  let rowNumbers = table.rowNumbers;
  if (records.length === 0) {
    throw new DataError('empty', `${fileName} is empty; a CSV needs ${hasHeader ? 'a header row and ' : ''}at least one data row.`, { source: fileName });
  }
  const width = records[0]!.length;
  const names = hasHeader
    ? records[0]!.map((n, i) => (n.trim() === '' ? String(i + 1) : n.trim()))
    : Array.from({ length: width }, (_, i) => String(i + 1));
  if (hasHeader) { records = records.slice(1); rowNumbers = rowNumbers.slice(1); }
  // a whitespace-only line in a multi-column file is a blank line, not a ragged row
  const keep = records.map((r) => !(width > 1 && r.length === 1 && r[0]!.trim() === ''));
  records = records.filter((_, i) => keep[i]);
  rowNumbers = rowNumbers.filter((_, i) => keep[i]);
  if (records.length === 0) {
    throw new DataError('empty', `${fileName} has a header but no data rows.`, { source: fileName });
  }
  const labelCol = resolveColumn(options.label ?? -1, names, 'label column', fileName, hasHeader);
  const dropped = new Set((options.dropColumns ?? []).map((c) => resolveColumn(c, names, 'dropped column', fileName, hasHeader)));
  if (dropped.has(labelCol)) {
    throw new DataError('bad_option', `${fileName}: column ${quoteForMessage(names[labelCol]!)} is both the label and dropped; keep it or pick another label.`, { source: fileName });
  }
  const featureCols = names.map((_, i) => i).filter((i) => i !== labelCol && !dropped.has(i));
  if (featureCols.length === 0) {
    throw new DataError('bad_format',
      `${fileName} has no feature columns besides the label ${quoteForMessage(names[labelCol]!)}; ` +
      `a data set needs at least one input column (the file was read with delimiter ${delimiterName(delimiter)}; is that right?).`,
      { source: fileName });
  }
  const n = records.length;
  const d = featureCols.length;
  const decimalComma = delimiter === ';';
  const features = new Float32Array(n * d);
  const labelText: string[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const rec = records[r]!;
    const row = rowNumbers[r]!;
    if (rec.length !== width) {
      throw new DataError('ragged_row',
        `${fileName}: row ${row} has ${rec.length} field${rec.length === 1 ? '' : 's'} but ${hasHeader ? 'the header' : 'the first row'} has ${width}; ` +
        `look for a missing or extra delimiter (${delimiterName(delimiter)}), or quote values that contain it.`,
        { source: fileName, row });
    }
    for (let k = 0; k < d; k++) {
      const c = featureCols[k]!;
      const cell = rec[c]!;
      const v = parseNumber(cell, decimalComma);
      if (Number.isNaN(v)) {
        const shown = cell.trim() === '' ? "'' (empty)" : quoteForMessage(cell);
        throw new DataError('not_a_number',
          `${fileName}: row ${row}, column ${quoteForMessage(names[c]!)}: ${shown} is not a number; clean it or drop the column.`,
          { source: fileName, row, column: names[c] });
      }
      if (Math.abs(v) > FLOAT32_MAX) {
        throw new DataError('not_a_number',
          `${fileName}: row ${row}, column ${quoteForMessage(names[c]!)}: ${quoteForMessage(cell)} is too large for float32 (max ±3.4e38); rescale the column.`,
          { source: fileName, row, column: names[c] });
      }
      features[r * d + k] = v;
    }
    const lab = rec[labelCol]!.trim();
    if (lab === '') {
      throw new DataError('missing_label',
        `${fileName}: row ${row}: the label column ${quoteForMessage(names[labelCol]!)} is empty; every row needs a label (fill it in or delete the row).`,
        { source: fileName, row, column: names[labelCol] });
    }
    labelText[r] = lab;
  }

  const labelName = names[labelCol]!;
  const numeric = labelText.map((t) => parseNumber(t, decimalComma));
  const allNumeric = numeric.every((v) => !Number.isNaN(v));
  let kind: 'classification' | 'regression';
  if (task === 'auto') {
    const distinct = allNumeric ? new Set(numeric).size : 0;
    kind = !allNumeric || (numeric.every(Number.isInteger) && distinct <= MAX_AUTO_CLASSES) ? 'classification' : 'regression';
    notes.push(kind === 'classification'
      ? `task: classification (label ${quoteForMessage(labelName)} is ${allNumeric ? `integer with ${distinct} distinct values` : 'text'}; set task 'regression' to predict it as a number)`
      : `task: regression (label ${quoteForMessage(labelName)} has numbers that are not a few integers; set task 'classification' to treat them as classes)`);
  } else {
    kind = task;
  }

  let labels: Int32Array | Float32Array;
  let classNames: string[] = [];
  if (kind === 'regression') {
    labels = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      const v = numeric[r]!;
      if (Number.isNaN(v) || Math.abs(v) > FLOAT32_MAX) {
        const row = rowNumbers[r]!;
        throw new DataError('not_a_number',
          `${fileName}: row ${row}, column ${quoteForMessage(labelName)}: ${quoteForMessage(labelText[r]!)} is not a number, ` +
          "but a regression label must be; clean it, or use task 'classification'.",
          { source: fileName, row, column: labelName });
      }
      labels[r] = v;
    }
  } else {
    // numbers sort numerically ("2" before "10"), text by code point, as Python's sorted() does
    const keyOf = (r: number) => (allNumeric ? String(numeric[r]) : labelText[r]!);
    const uniq = [...new Set(labelText.map((_, r) => keyOf(r)))];
    uniq.sort(allNumeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (uniq.length > MAX_CLASSES) {
      throw new DataError('bad_format',
        `${fileName}: label column ${quoteForMessage(labelName)} has ${uniq.length} distinct values, over the ${MAX_CLASSES}-class limit; ` +
        "is it really the label? Choose another label column, or use task 'regression' for numbers.",
        { source: fileName, column: labelName });
    }
    const index = new Map(uniq.map((u, i) => [u, i]));
    labels = new Int32Array(n);
    for (let r = 0; r < n; r++) labels[r] = index.get(keyOf(r))!;
    classNames = uniq;
    const shown = uniq.slice(0, 12).map((u, i) => `${u}=${i}`).join(', ');
    notes.push(`classes (${uniq.length}): ${shown}${uniq.length > 12 ? ', …' : ''}`);
    if (uniq.length === 1) notes.push(`every row has the same label ${quoteForMessage(uniq[0]!)}; a classifier cannot learn anything from it`);
  }

  let normalization: Normalization | null = null;
  if (normalize === 'zscore') {
    normalization = zscore(features, n, d);
    const constant = normalization.std.flatMap((s, k) => (s === 1 && isConstant(features, n, d, k) ? [featureCols[k]!] : []));
    if (constant.length) notes.push(`constant columns (std 0, left at 0 after normalising): ${constant.map((c) => names[c]).join(', ')}`);
  }
  return {
    features, labels, numFeatures: d, numClasses: classNames.length, kind,
    featureNames: featureCols.map((c) => names[c]!), labelName, classNames, normalization,
    rowCount: n, delimiter, notes,
  };
}

function isConstant(x: Float32Array, n: number, d: number, k: number): boolean {
  for (let r = 1; r < n; r++) if (x[r * d + k] !== x[k]) return false;
  return true;
}

/** Normalises x (n × d) in place per column with the population std; returns the statistics used. */
export function zscore(x: Float32Array, n: number, d: number): Normalization {
  const mean: number[] = [];
  const std: number[] = [];
  for (let k = 0; k < d; k++) {
    let sum = 0;
    for (let r = 0; r < n; r++) sum += x[r * d + k]!;
    const m = sum / n;
    let ss = 0;
    for (let r = 0; r < n; r++) { const t = x[r * d + k]! - m; ss += t * t; }
    let s = Math.sqrt(ss / n);
    if (!(s > 0) || isConstant(x, n, d, k)) s = 1;
    for (let r = 0; r < n; r++) x[r * d + k] = (x[r * d + k]! - m) / s;
    mean.push(m);
    std.push(s);
  }
  return { kind: 'zscore', mean, std };
}
