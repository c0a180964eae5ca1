/**
 * A CSV reader that is strict about structure and kind about the mess real files bring: RFC 4180 quoting
 * ("" inside quotes, delimiters and newlines inside quoted fields), CRLF / LF / CR line ends, a UTF-8 BOM,
 * a trailing newline, blank lines (skipped), and the delimiter sniffed from , ; or tab.
 * Every problem is a DataError naming the file and the row (the record number, as a spreadsheet numbers it: the first line is row 1).
 */
import { DataError, quoteForMessage } from './errors.ts';

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvLimits {
  /** Largest input accepted, in bytes (UTF-8). Default 64 MiB. */
  maxBytes?: number;
  /** Most records accepted, the header included. Default 1,000,000. */
  maxRows?: number;
  /** Most fields in one record. Default 10,000. */
  maxColumns?: number;
}

export interface ParseCsvOptions extends CsvLimits {
  /** Name used in error messages (default 'CSV input'). */
  fileName?: string;
  /** Field delimiter, or 'auto' (default) to choose among , ; and tab by consistency over the first rows. */
  delimiter?: CsvDelimiter | 'auto';
}

export interface CsvTable {
  /** Records in file order, blank lines left out; fields are unmodified strings (quotes removed). */
  rows: string[][];
  /** For each record, its 1-based record number in the file (blank lines counted, as a spreadsheet does). */
  rowNumbers: number[];
  delimiter: CsvDelimiter;
}

export const CSV_DEFAULT_LIMITS: Required<CsvLimits> = {
  maxBytes: 64 * 1024 * 1024,
  maxRows: 1_000_000,
  maxColumns: 10_000,
};

const DELIMITERS: CsvDelimiter[] = [',', ';', '\t'];
const SNIFF_CHARS = 64 * 1024;
const SNIFF_ROWS = 50;

export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : `'${d}'`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

type Decoder = new (label: string) => { decode(bytes: Uint8Array): string };

/** Turns bytes or text into text, checking the byte limit first and dropping a BOM. */
export function csvText(input: string | Uint8Array, fileName: string, maxBytes: number): string {
  let text: string;
  if (typeof input === 'string') {
    // UTF-8 never has fewer bytes than UTF-16 code units, so a long string is over without counting
    const size = input.length > maxBytes ? input.length : utf8Length(input);
    if (size > maxBytes) tooLarge(fileName, size, maxBytes);
    text = input;
  } else if (input instanceof Uint8Array) {
    if (input.length > maxBytes) tooLarge(fileName, input.length, maxBytes);
    const TextDecoderCtor = (globalThis as unknown as { TextDecoder: Decoder }).TextDecoder;
    text = new TextDecoderCtor('utf-8').decode(input); // invalid UTF-8 becomes U+FFFD, then fails as "not a number"
  } else {
    throw new DataError('bad_option', `parseCsv: input must be a string or a Uint8Array, got ${typeof input}`, { source: fileName });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function tooLarge(fileName: string, size: number, maxBytes: number): never {
  throw new DataError('too_large',
    `${fileName} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (maxBytes); ` +
    'use a smaller file, sample its rows, or raise maxBytes.', { source: fileName });
}

interface TokenizeResult {
  rows: string[][];
  rowNumbers: number[];
  /** Set in lenient mode when the text stopped parsing cleanly. */
  broken: boolean;
}

/**
 * The RFC 4180 state machine. In strict mode errors throw; in lenient mode (delimiter sniffing) they
 * stop the scan. `maxRecords` stops early (sniffing); limits apply in strict mode only.
 */
function tokenize(
  text: string, delim: CsvDelimiter, strict: boolean, maxRecords: number,
  fileName: string, limits: Required<CsvLimits>,
): TokenizeResult {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const n = text.length;
  const dc = delim.charCodeAt(0);
  let i = 0;
  let record = 1;
  let fields: string[] = [];
  let sawQuote = false;
  const fail = (code: 'unterminated_quote' | 'bad_quote', message: string, row: number): TokenizeResult => {
    if (strict) throw new DataError(code, `${fileName}: row ${row}: ${message}`, { source: fileName, row });
    return { rows, rowNumbers, broken: true };
  };
  const endRecord = () => {
    const blank = fields.length === 1 && fields[0] === '' && !sawQuote;
    if (!blank) {
      if (strict && rows.length >= limits.maxRows) {
        throw new DataError('too_large',
          `${fileName} has more than ${limits.maxRows} rows (maxRows); use fewer rows or raise maxRows.`, { source: fileName, row: record });
      }
      rows.push(fields);
      rowNumbers.push(record);
    }
    fields = [];
    sawQuote = false;
    record++;
  };
  while (i < n && rows.length < maxRecords) {
    let value: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      sawQuote = true;
      const startRecord = record;
      let buf = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          return fail('unterminated_quote',
            'a quoted field opens here but its closing quote (") is missing; close it, or double quotes inside it ("").',
            startRecord);
        }
        buf += text.slice(j, q); // newlines inside quotes belong to the field: still one record (row)
        if (text.charCodeAt(q + 1) === 34) { buf += '"'; j = q + 2; continue; }
        i = q + 1;
        break;
      }
      // spaces after the closing quote are tolerated; anything else is ambiguous
      while (i < n && (text.charCodeAt(i) === 32 || (text.charCodeAt(i) === 9 && dc !== 9))) i++;
      const c = text.charCodeAt(i);
      if (i < n && c !== dc && c !== 10 && c !== 13) {
        return fail('bad_quote',
          `text ${quoteForMessage(text.slice(i, i + 10))} follows the closing quote of field ${fields.length + 1}; ` +
          'a quoted field must end at a delimiter or line end (write "" for a quote inside it).', record);
      }
      value = buf;
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === dc || c === 10 || c === 13) break;
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    fields.push(value);
    if (strict && fields.length > limits.maxColumns) {
      throw new DataError('too_large',
        `${fileName}: row ${record} has more than ${limits.maxColumns} columns (maxColumns); ` +
        'check the delimiter, drop columns, or raise maxColumns.', { source: fileName, row: record });
    }
    if (i >= n) { endRecord(); break; }
    const c = text.charCodeAt(i);
    if (c === dc) {
      i++;
      if (i >= n) { fields.push(''); endRecord(); }
    } else {
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      endRecord();
    }
  }
  return { rows, rowNumbers, broken: false };
}

/** Chooses the delimiter whose field count is > 1 and most consistent across the first rows. */
export function sniffDelimiter(text: string): CsvDelimiter {
  let sample = text.slice(0, SNIFF_CHARS);
  if (text.length > SNIFF_CHARS) {
    const cut = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
    if (cut > 0) sample = sample.slice(0, cut);
  }
  let best: CsvDelimiter = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const { rows } = tokenize(sample, d, false, SNIFF_ROWS, '', CSV_DEFAULT_LIMITS);
    if (rows.length === 0) continue;
    const width = rows[0]!.length;
    if (width < 2) continue;
    const agree = rows.filter((r) => r.length === width).length / rows.length;
    // consistency first, then more columns; ties keep the earlier candidate (',' before ';' before tab)
    const score = agree * 1e6 + Math.min(width, 1e5);
    if (score > bestScore) { best = d; bestScore = score; }
  }
  return best;
}

/** Parses CSV text or UTF-8 bytes into records. Throws DataError for malformed input or exceeded limits. */
export function parseCsv(input: string | Uint8Array, options: ParseCsvOptions = {}): CsvTable {
  const fileName = options.fileName ?? 'CSV input';
  const limits = resolveLimits(options, fileName);
  const text = csvText(input, fileName, limits.maxBytes);
  let delimiter: CsvDelimiter;
  if (options.delimiter === undefined || options.delimiter === 'auto') {
    delimiter = sniffDelimiter(text);
  } else if (DELIMITERS.includes(options.delimiter)) {
    delimiter = options.delimiter;
  } else {
    throw new DataError('bad_option',
      `parseCsv: delimiter must be ',', ';', '\\t' or 'auto', got ${JSON.stringify(options.delimiter)}`, { source: fileName });
  }
  const { rows, rowNumbers } = tokenize(text, delimiter, true, Infinity, fileName, limits);
  return { rows, rowNumbers, delimiter };
}

export function resolveLimits(options: CsvLimits, fileName: string): Required<CsvLimits> {
  const limits = { ...CSV_DEFAULT_LIMITS };
  for (const key of Object.keys(CSV_DEFAULT_LIMITS) as (keyof CsvLimits)[]) {
    const v = options[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1) {
      throw new DataError('bad_option', `CSV limit ${key} must be a positive integer, got ${v}`, { source: fileName });
    }
    limits[key] = v;
  }
  return limits;
}
