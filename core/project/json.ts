/**
 * A bounded JSON reader for project.json. Unlike JSON.parse it enforces a nesting depth and a string length,
 * refuses duplicate keys (JSON.parse silently keeps the last one, so two readers could disagree about a file),
 * and stores a "__proto__" key as an ordinary property so a file cannot change an object's prototype.
 * Errors say where (character offset) and what was expected.
 */
import { ProjectError, projectFail } from './errors.ts';

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface JsonReadLimits {
  maxDepth: number;
  maxStringLength: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

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
  let i = 0;
  const n = text.length;
  const bad = (msg: string): never => projectFail('BAD_JSON', `${what} is not valid JSON: ${i >= n ? 'unexpected end of the text (it is truncated)' : msg} at character ${i}. The file is damaged; open a recovery snapshot or an older copy.`);
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const str = (): string => {
    const start = ++i;
    let out = '';
    let chunk = start;
    while (true) {
      if (i >= n) bad('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunk, i);
        i++;
        break;
      }
      if (c < 0x20) bad('control character inside a string');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(chunk, i);
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const h = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) bad('bad \\u escape');
          out += String.fromCharCode(parseInt(h, 16));
          i += 4;
          break;
        }
        default: bad('bad escape sequence');
      }
      chunk = i;
      if (out.length > limits.maxStringLength) break;
    }
    if (out.length > limits.maxStringLength || i - start > limits.maxStringLength * 6 + 2) {
      throw new ProjectError('LIMIT_EXCEEDED', `${what}: a string starting at character ${start} is longer than ${limits.maxStringLength} characters (maxStringLength). The file is damaged or was not written by Netsketch.`);
    }
    return out;
  };
  // Recursion is safe here: the depth check below bounds it long before the call stack could overflow.
  const value = (depth: number): JsonValue => {
    if (depth > limits.maxDepth) {
      throw new ProjectError('LIMIT_EXCEEDED', `${what}: nesting deeper than ${limits.maxDepth} levels (maxJsonDepth) at character ${i}. The file is damaged or was not written by Netsketch.`);
    }
    ws();
    if (i >= n) bad('unexpected end of data');
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      i++;
      const obj: JsonObject = {};
      const seen = new Set<string>();
      ws();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return obj;
      }
      while (true) {
        ws();
        if (text.charCodeAt(i) !== 0x22) bad('expected a string key');
        const k = str();
        if (seen.has(k)) bad(`the key ${JSON.stringify(k.slice(0, 40))} appears twice in one object`);
        seen.add(k);
        ws();
        if (text.charCodeAt(i) !== 0x3a) bad("expected ':'");
        i++;
        defineKey(obj, k, value(depth + 1));
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) { i++; continue; }
        if (d === 0x7d) { i++; return obj; }
        bad("expected ',' or '}'");
      }
    }
    if (c === 0x5b) {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return arr;
      }
      while (true) {
        arr.push(value(depth + 1));
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) { i++; continue; }
        if (d === 0x5d) { i++; return arr; }
        bad("expected ',' or ']'");
      }
    }
    if (c === 0x22) return str();
    if (text.startsWith('true', i)) { i += 4; return true; }
    if (text.startsWith('false', i)) { i += 5; return false; }
    if (text.startsWith('null', i)) { i += 4; return null; }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0].length > 400) return bad('unexpected character');
    i += m[0].length;
    const x = Number(m[0]);
    if (!Number.isFinite(x)) bad(`the number ${m[0].slice(0, 40)} is too large`);
    return x;
  };
  const v = value(1);
  ws();
  if (i !== n) bad('unexpected characters after the end of the JSON value');
  return v;
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
