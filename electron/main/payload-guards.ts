/**
 * Hand-written guards for every IPC payload. Each guard takes `unknown`, returns the typed value, or throws a
 * `PayloadError` whose message names the call, the field, what arrived and what is needed. Main checks every
 * request through these before any handler runs (see ipc-router.ts). Pure TypeScript: no Electron import.
 */
import {
  Channels, EXPORT_KINDS, IMPORT_KINDS, MAX_TRANSFER_BYTES, NATIVE_EDIT_ACTIONS,
  type InvokeChannel, type InvokeMap,
} from '../ipc/contract.ts';

/** A payload did not match the IPC contract. */
export class PayloadError extends Error {
  override name = 'PayloadError';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.byteLength} bytes`;
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function fail(where: string, field: string, need: string, value: unknown): never {
  throw new PayloadError(`${where}: ${field} must be ${need}, but got ${describe(value)}.`);
}

/** Checks a plain object with exactly the given keys (extra keys are refused, so typos surface). */
function record(where: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    fail(where, 'the payload', `an object with keys ${keys.join(', ')}`, value);
  }
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length > 0) {
    throw new PayloadError(`${where}: unexpected field(s) ${extra.join(', ')}; the payload has only ${keys.join(', ')}.`);
  }
  return value as Record<string, unknown>;
}

function string(where: string, field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string') fail(where, field, 'a string', value);
  if (value.length > maxLength) fail(where, field, `at most ${maxLength} characters long`, value);
  return value;
}

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A bare file name: no folders, no control characters, not `.`/`..`, at most 255 characters. */
export function fileName(where: string, field: string, value: unknown): string {
  const s = string(where, field, value, 255);
  if (s.trim() === '' || s === '.' || s === '..' || /[/\\]/.test(s) || CONTROL_CHARS.test(s)) {
    fail(where, field, 'a plain file name (no folders, no control characters), e.g. "model.pt"', s);
  }
  return s;
}

function fileId(where: string, value: unknown): string {
  const s = string(where, 'fileId', value, 64);
  if (!/^[A-Za-z0-9-]{1,64}$/.test(s)) fail(where, 'fileId', 'an id returned by openProject/saveProjectAs/getRecentFiles', s);
  return s;
}

function documentId(where: string, value: unknown): string {
  const s = string(where, 'documentId', value, 64);
  if (!/^[A-Za-z0-9-]{1,64}$/.test(s)) fail(where, 'documentId', '1-64 letters, digits or dashes (e.g. a UUID)', s);
  return s;
}

function oneOf<T extends string>(where: string, field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    fail(where, field, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, value);
  }
  return value as T;
}

function bytes(where: string, field: string, value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) fail(where, field, 'a Uint8Array', value);
  if (value.byteLength > MAX_TRANSFER_BYTES) fail(where, field, `at most ${MAX_TRANSFER_BYTES} bytes`, value);
  return value;
}

function nonNegativeInt(where: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(where, field, 'a non-negative integer', value);
  return value;
}

function noPayload(where: string, value: unknown): void {
  if (value !== undefined && value !== null) fail(where, 'the payload', 'empty (this call takes no arguments)', value);
}

type Guards = { [C in InvokeChannel]: (value: unknown) => InvokeMap[C]['req'] };

/** One guard per invoke channel; the mapped type makes a missing or mistyped guard a compile error. */
export const PAYLOAD_GUARDS: Guards = {
  [Channels.openProject]: (v) => noPayload('openProject', v),
  [Channels.getRecentFiles]: (v) => noPayload('getRecentFiles', v),
  [Channels.openRecent]: (v) => {
    const r = record('openRecent', v, ['fileId']);
    return { fileId: fileId('openRecent', r.fileId) };
  },
  [Channels.saveProject]: (v) => {
    const r = record('saveProject', v, ['fileId', 'bytes']);
    return { fileId: fileId('saveProject', r.fileId), bytes: bytes('saveProject', 'bytes', r.bytes) };
  },
  [Channels.saveProjectAs]: (v) => {
    const r = record('saveProjectAs', v, ['bytes', 'suggestedName']);
    return {
      bytes: bytes('saveProjectAs', 'bytes', r.bytes),
      suggestedName: fileName('saveProjectAs', 'suggestedName', r.suggestedName),
    };
  },
  [Channels.exportFile]: (v) => {
    const r = record('exportFile', v, ['kind', 'bytes', 'suggestedName']);
    return {
      kind: oneOf('exportFile', 'kind', r.kind, EXPORT_KINDS),
      bytes: bytes('exportFile', 'bytes', r.bytes),
      suggestedName: fileName('exportFile', 'suggestedName', r.suggestedName),
    };
  },
  [Channels.importFile]: (v) => {
    const r = record('importFile', v, ['kind']);
    return { kind: oneOf('importFile', 'kind', r.kind, IMPORT_KINDS) };
  },
  [Channels.setTitleState]: (v) => {
    const r = record('setTitleState', v, ['fileName', 'dirty']);
    if (typeof r.dirty !== 'boolean') fail('setTitleState', 'dirty', 'a boolean', r.dirty);
    return { fileName: r.fileName === null ? null : fileName('setTitleState', 'fileName', r.fileName), dirty: r.dirty };
  },
  [Channels.closeResponse]: (v) => {
    const r = record('closeResponse', v, ['requestId', 'proceed']);
    if (typeof r.proceed !== 'boolean') fail('closeResponse', 'proceed', 'a boolean', r.proceed);
    return { requestId: nonNegativeInt('closeResponse', 'requestId', r.requestId), proceed: r.proceed };
  },
  [Channels.nativeEdit]: (v) => {
    const r = record('nativeEdit', v, ['action']);
    return { action: oneOf('nativeEdit', 'action', r.action, NATIVE_EDIT_ACTIONS) };
  },
  [Channels.writeRecovery]: (v) => {
    const r = record('writeRecovery', v, ['documentId', 'name', 'fileId', 'bytes']);
    return {
      documentId: documentId('writeRecovery', r.documentId),
      name: fileName('writeRecovery', 'name', r.name),
      fileId: r.fileId === null ? null : fileId('writeRecovery', r.fileId),
      bytes: bytes('writeRecovery', 'bytes', r.bytes),
    };
  },
  [Channels.discardRecovery]: (v) => ({ documentId: documentId('discardRecovery', record('discardRecovery', v, ['documentId']).documentId) }),
  [Channels.listRecoverable]: (v) => noPayload('listRecoverable', v),
  [Channels.openRecovery]: (v) => ({ documentId: documentId('openRecovery', record('openRecovery', v, ['documentId']).documentId) }),
  [Channels.openExternal]: (v) => {
    const r = record('openExternal', v, ['url']);
    return { url: string('openExternal', 'url', r.url, 2048) };
  },
};
