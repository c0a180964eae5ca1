export type GraphFileErrorCode = 'malformed_json' | 'invalid_document' | 'newer_version' | 'older_version';

/** A graph file that cannot be opened; the message says why and what to do. */
export class GraphFileError extends Error {
  readonly code: GraphFileErrorCode;
  constructor(code: GraphFileErrorCode, message: string) {
    super(message);
    this.name = 'GraphFileError';
    this.code = code;
  }
}
