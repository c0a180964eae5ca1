/**
 * A strict JSON parser for safetensors headers: rejects duplicate object keys (JSON.parse silently keeps the last),
 * bounds nesting, and keeps integers exact (as strings until the caller checks their range).
 */
import { fail } from './errors.ts';

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | Map<string, JsonValue>;

/** A number as written: `text` is the literal, `value` its double. */
export class JsonNumber {
  constructor(readonly text: string, readonly value: number) {}
  /** The value if the literal is a non-negative integer ≤ 2^53, else null. */
  safeUint(): number | null {
    return /^(0|[1-9]\d{0,15})$/.test(this.text) && Number.isSafeInteger(this.value) ? this.value : null;
  }
}

const MAX_DEPTH = 64;

export function parseStrictJson(s: string, what: string): JsonValue {
  let i = 0;
  const bad = (msg: string): never => fail('BAD_SAFETENSORS', `${what}: invalid JSON at character ${i}: ${msg}.`);
  const ws = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    while (true) {
      if (i >= s.length) bad('unterminated string');
      const c = s.charCodeAt(i);
      if (c === 0x22) { i++; return out; }
      if (c < 0x20) bad('control character in string');
      if (c !== 0x5c) { out += s[i++]; continue; }
      const e = s[i + 1];
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
          const h = s.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) bad('bad \\u escape');
          out += String.fromCharCode(parseInt(h, 16));
          i += 4;
          break;
        }
        default: bad('bad escape');
      }
    }
  };
  const value = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) bad(`nested deeper than ${MAX_DEPTH}`);
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      const m = new Map<string, JsonValue>();
      ws();
      if (s[i] === '}') { i++; return m; }
      while (true) {
        ws();
        if (s[i] !== '"') bad('expected a string key');
        const k = str();
        if (m.has(k)) fail('BAD_SAFETENSORS', `${what}: the key ${JSON.stringify(k)} appears twice; duplicate names are not allowed.`);
        ws();
        if (s[i] !== ':') bad("expected ':'");
        i++;
        m.set(k, value(depth + 1));
        ws();
        if (s[i] === ',') { i++; continue; }
        if (s[i] === '}') { i++; return m; }
        bad("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const a: JsonValue[] = [];
      ws();
      if (s[i] === ']') { i++; return a; }
      while (true) {
        a.push(value(depth + 1));
        ws();
        if (s[i] === ',') { i++; continue; }
        if (s[i] === ']') { i++; return a; }
        bad("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (s.startsWith('true', i)) { i += 4; return true; }
    if (s.startsWith('false', i)) { i += 5; return false; }
    if (s.startsWith('null', i)) { i += 4; return null; }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (!m) return bad('unexpected character');
    i += m[0].length;
    return new JsonNumber(m[0], Number(m[0]));
  };
  const v = value(0);
  ws();
  if (i !== s.length) bad('trailing characters');
  return v;
}
