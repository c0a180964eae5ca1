/**
 * The safetensors header reader: strict JSON (core/serialize/json_scan.ts: duplicate keys refused, nesting bounded)
 * with objects as Maps and numbers kept exact (the literal, until the caller checks its range).
 */
import { fail } from './errors.ts';
import { scanJson } from './json_scan.ts';

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

/** Parses a safetensors header: objects become Maps, numbers JsonNumbers (exact literal kept). */
export function parseStrictJson(s: string, what: string): JsonValue {
  const bad = (msg: string, at: number): never => fail('BAD_SAFETENSORS', `${what}: invalid JSON at character ${at}: ${msg}.`);
  return scanJson<JsonNumber, Map<string, JsonValue>>(s, {
    maxDepth: MAX_DEPTH + 1, // the top-level object plus 64 levels inside it
    maxStringLength: s.length,
    syntax: bad,
    tooDeep: (at) => bad(`nested deeper than ${MAX_DEPTH}`, at),
    tooLong: (at) => bad('string too long', at),
    duplicateKey: (k) => fail('BAD_SAFETENSORS', `${what}: the key ${JSON.stringify(k)} appears twice; duplicate names are not allowed.`),
    number: (literal) => new JsonNumber(literal, Number(literal)),
    newObject: () => new Map(),
    has: (m, k) => m.has(k),
    set: (m, k, v) => { m.set(k, v as JsonValue); },
  }) as JsonValue;
}
