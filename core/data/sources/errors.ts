/**
 * The one error type every data source throws for bad input (files, bytes, options).
 * Anything else escaping a data source is a bug in Netsketch, not in the user's data.
 *
 * `message` is the full sentence to show the user; the optional fields let a UI point at the culprit.
 */
export type DataErrorCode =
  | 'bad_option'
  | 'empty'
  | 'too_large'
  | 'bad_format'
  | 'bad_checksum'
  | 'unterminated_quote'
  | 'bad_quote'
  | 'ragged_row'
  | 'not_a_number'
  | 'missing_label'
  | 'missing_column'
  | 'bad_image';

export interface DataErrorDetails {
  /** File or image name the problem is in. */
  source?: string;
  /** 1-based row as a spreadsheet shows it (the header row is row 1). */
  row?: number;
  /** Column name (or its 1-based number for a file without header). */
  column?: string;
}

export class DataError extends Error {
  override readonly name = 'DataError';
  readonly code: DataErrorCode;
  readonly source?: string;
  readonly row?: number;
  readonly column?: string;

  constructor(code: DataErrorCode, message: string, details: DataErrorDetails = {}) {
    super(message);
    this.code = code;
    this.source = details.source;
    this.row = details.row;
    this.column = details.column;
  }
}

/** Shows a cell or name in a message: quoted, control characters escaped, long text shortened. */
export function quoteForMessage(text: string, max = 40): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return `'${shown.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}
