/**
 * Every failure of torch.save / torch.load / safetensors is a SerializationError with a stable `code`, so callers
 * (the UI, the CLI) can branch on the kind of problem and show the message, which says what was found, what was
 * expected and how to fix it.
 */
export type SerializationErrorCode =
  | 'NOT_A_CHECKPOINT' // neither zip, legacy pickle nor tar: not a PyTorch file at all
  | 'LEGACY_FORMAT' // pre-1.6 torch.save format (_use_new_zipfile_serialization=False)
  | 'TAR_FORMAT' // the PyTorch 0.x tar format
  | 'BAD_ZIP' // the zip container is malformed or truncated
  | 'BAD_CRC' // a record's CRC-32 does not match its bytes
  | 'UNSUPPORTED_ZIP' // encryption, multi-disk archives, compression other than stored/deflate
  | 'MISSING_RECORD' // data.pkl, version or a data/<key> record is absent
  | 'BAD_VERSION' // version record out of 1..10 or not a number
  | 'BAD_PICKLE' // malformed pickle stream (stack underflow, truncated, wrong argument types)
  | 'FORBIDDEN_OPCODE' // a pickle opcode outside the weights_only allowlist
  | 'FORBIDDEN_GLOBAL' // a pickle GLOBAL outside the allowlist (os.system, builtins.eval, unknown classes)
  | 'LIMIT_EXCEEDED' // a safety limit (memo, depth, string length, allocation, element count) was hit
  | 'BAD_TENSOR' // a tensor whose size/stride/offset does not fit its storage, or an unknown storage type
  | 'INT64_RANGE' // an int64 value beyond +-2^53 (JS numbers cannot hold it exactly)
  | 'UNSUPPORTED_VALUE' // torch.save was given something that has no Python equivalent here
  | 'BAD_SAFETENSORS' // safetensors header or layout invalid
  | 'TOO_LARGE'; // output would not fit in one Uint8Array: use the streaming writer

export class SerializationError extends Error {
  readonly code: SerializationErrorCode;
  constructor(code: SerializationErrorCode, message: string) {
    super(message);
    this.name = 'SerializationError';
    this.code = code;
  }
}

/** Shorthand used throughout core/serialize. */
export function fail(code: SerializationErrorCode, message: string): never {
  throw new SerializationError(code, message);
}
