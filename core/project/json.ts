/**
 * A bounded JSON reader for project.json, on the shared strict scanner (core/serialize/json_scan.ts: nesting
 * depth and string length bounded, duplicate keys refused), storing a "__proto__" key as an ordinary property so
 * a file cannot change an object's prototype.
 * Errors say where (character offset) and what was expected.
 */
import { ProjectError, projectFail } from './errors.ts';
import { scanJson } from '../serialize/json_scan.ts';

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface JsonReadLimits {
  maxDepth: number;
  maxStringLength: number;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets obj[key] = value as an own data property, also for "__proto__". */
export function defineKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Parses `text` (what = the file name for messages) within the limits. */
export function parseJson(text: string, what: string, limits: JsonReadLimits): JsonValue {
  const bad = (msg: string, at: number, atEnd: boolean): never => projectFail('BAD_JSON',
    `${what} is not valid JSON: ${atEnd ? 'unexpected end of the text (it is truncated)' : msg} at character ${at}. The file is damaged; open a recovery snapshot or an older copy.`);
  return scanJson<number, JsonObject>(text, {
    maxDepth: limits.maxDepth,
    maxStringLength: limits.maxStringLength,
    syntax: bad,
    tooDeep: (at) => {
      throw new ProjectError('LIMIT_EXCEEDED', `${what}: nesting deeper than ${limits.maxDepth} levels (maxJsonDepth) at character ${at}. The file is damaged or was not written by Netsketch.`);
    },
    tooLong: (start) => {
      throw new ProjectError('LIMIT_EXCEEDED', `${what}: a string starting at character ${start} is longer than ${limits.maxStringLength} characters (maxStringLength). The file is damaged or was not written by Netsketch.`);
    },
    duplicateKey: (k, at) => bad(`the key ${JSON.stringify(k.slice(0, 40))} appears twice in one object`, at, false),
    number: (literal, at) => {
      const x = Number(literal);
      return Number.isFinite(x) ? x : bad(`the number ${literal.slice(0, 40)} is too large`, at, false);
    },
    newObject: () => ({}),
    has: (obj, k) => Object.prototype.hasOwnProperty.call(obj, k),
    set: (obj, k, v) => defineKey(obj, k, v as JsonValue),
  }) as JsonValue;
}

/**
 * Checks that `v` is plain JSON that survives JSON.stringify unchanged (finite numbers, no undefined, functions,
 * class instances or cycles) within the limits. `path` names the field in messages, e.g. "project.graph".
 */
export function checkPlainJson(v: unknown, path: string, limits: JsonReadLimits, fn: string, depth = 1): asserts v is JsonValue {
  const invalid = (msg: string): never => projectFail('INVALID_PROJECT', `${fn}: ${path} ${msg}`, path);
  if (depth > limits.maxDepth) {
    throw new ProjectError('LIMIT_EXCEEDED', `${fn}: ${path} is nested deeper than ${limits.maxDepth} levels (maxJsonDepth); such a file could not be opened again.`, { path });
  }
  if (v === null || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) invalid(`is ${v}; JSON cannot store NaN or Infinity. Replace it with a finite number or null.`);
    return;
  }
  if (typeof v === 'string') {
    if (v.length > limits.maxStringLength) {
      throw new ProjectError('LIMIT_EXCEEDED', `${fn}: ${path} is a string of ${v.length} characters, over the ${limits.maxStringLength}-character limit (maxStringLength).`, { path });
    }
    return;
  }
  if (Array.isArray(v)) {
    for (let k = 0; k < v.length; k++) checkPlainJson(v[k], `${path}[${k}]`, limits, fn, depth + 1);
    return;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) invalid(`is a ${proto?.constructor?.name ?? 'class instance'}; only plain objects, arrays, strings, finite numbers, booleans and null can be saved.`);
    for (const k of Object.keys(v)) {
      if (k.length > limits.maxStringLength) invalid(`has a key of ${k.length} characters, over the ${limits.maxStringLength}-character limit (maxStringLength).`);
      checkPlainJson((v as Record<string, unknown>)[k], `${path}.${k}`, limits, fn, depth + 1);
    }
    return;
  }
  invalid(`is ${typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`}; only plain JSON values can be saved.`);
}

/** A deep copy of plain JSON (so a loaded project shares nothing with the caller's objects). */
export function cloneJson<T extends JsonValue>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) defineKey(out, k, cloneJson((v as JsonObject)[k]));
  return out as T;
}
