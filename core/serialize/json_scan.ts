/**
 * The one strict JSON scanner behind both of our JSON readers (safetensors headers and project.json): RFC 8259
 * syntax only, duplicate keys refused (JSON.parse silently keeps the last one, so two readers could disagree about
 * a file), nesting and string length bounded. What a number or an object becomes, and which error is thrown, is the
 * caller's choice through `JsonScanOptions`.
 */

export interface JsonScanOptions<N, O> {
  /** Deepest nesting allowed; the top-level value is at depth 1. */
  maxDepth: number;
  /** Longest string (decoded UTF-16 units) allowed. */
  maxStringLength: number;
  /** Throws the caller's error for a syntax problem found at character `at` (`atEnd`: the text ran out). */
  syntax(message: string, at: number, atEnd: boolean): never;
  /** Throws for nesting deeper than maxDepth. */
  tooDeep(at: number): never;
  /** Throws for a string longer than maxStringLength. */
  tooLong(start: number): never;
  /** Throws for a key that appears twice in one object. */
  duplicateKey(key: string, at: number): never;
  /** The value of a number literal (may throw through `syntax`). */
  number(literal: string, at: number): N;
  newObject(): O;
  has(o: O, key: string): boolean;
  set(o: O, key: string, value: unknown): void;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses `text`; arrays become arrays, objects and numbers what the options build. */
export function scanJson<N, O>(text: string, o: JsonScanOptions<N, O>): unknown {
  let i = 0;
  const n = text.length;
  const bad = (msg: string): never => o.syntax(msg, i, i >= n);
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
      if (e === 'u') {
        const h = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) bad('bad \\u escape');
        out += String.fromCharCode(parseInt(h, 16));
        i += 4;
      } else if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
        out += ESCAPES[e];
      } else {
        bad('bad escape sequence');
      }
      chunk = i;
      if (out.length > o.maxStringLength) break;
    }
    if (out.length > o.maxStringLength || i - start > o.maxStringLength * 6 + 2) o.tooLong(start);
    return out;
  };
  // Recursion is safe: the depth check bounds it long before the call stack could overflow.
  const value = (depth: number): unknown => {
    if (depth > o.maxDepth) o.tooDeep(i);
    ws();
    if (i >= n) bad('unexpected end of data');
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      i++;
      const obj = o.newObject();
      ws();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return obj;
      }
      while (true) {
        ws();
        if (text.charCodeAt(i) !== 0x22) bad('expected a string key');
        const at = i;
        const k = str();
        if (o.has(obj, k)) o.duplicateKey(k, at);
        ws();
        if (text.charCodeAt(i) !== 0x3a) bad("expected ':'");
        i++;
        o.set(obj, k, value(depth + 1));
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) { i++; continue; }
        if (d === 0x7d) { i++; return obj; }
        bad("expected ',' or '}'");
      }
    }
    if (c === 0x5b) {
      i++;
      const arr: unknown[] = [];
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
    const at = i;
    i += m[0].length;
    return o.number(m[0], at);
  };
  const v = value(1);
  ws();
  if (i !== n) bad('unexpected characters after the end of the JSON value');
  return v;
}
