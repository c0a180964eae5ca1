// The shared strict JSON scanner: on any JSON.stringify output both readers give what JSON.parse gives, and both
// refuse what JSON.parse refuses (plus duplicate keys, which JSON.parse silently accepts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJson } from '../../core/project/json.ts';
import { JsonNumber, parseStrictJson, type JsonValue as StrictValue } from '../../core/serialize/strict_json.ts';

const LIMITS = { maxDepth: 100, maxStringLength: 1_000_000 };

/** A strict-reader value as plain JSON (Maps → objects, JsonNumbers → numbers). */
function plain(v: StrictValue): unknown {
  if (v instanceof JsonNumber) return v.value;
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

describe('strict JSON scanner', () => {
  it('agrees with JSON.parse on valid documents, in both readers', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
      const text = JSON.stringify(v, null, pretty ? 2 : undefined);
      const expected = JSON.parse(text);
      expect(parseJson(text, 'x.json', LIMITS)).toEqual(expected);
      expect(plain(parseStrictJson(text, 'header'))).toEqual(expected);
    }), { numRuns: 2000, seed: 7 });
  });

  it('refuses what JSON.parse refuses', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (text) => {
      let ok = true;
      try { JSON.parse(text); } catch { ok = false; }
      fc.pre(!ok);
      expect(() => parseJson(text, 'x.json', LIMITS)).toThrow(/x\.json is not valid JSON|x\.json: nesting deeper/);
      expect(() => parseStrictJson(text, 'header')).toThrow(/header: invalid JSON at character \d+/);
    }), { numRuns: 2000, seed: 8 });
    for (const bad of ['{"a":1,}', '[1,]', '"\\x"', '01', '1.', '.5', '"a\nb"', 'tru', '{"a" 1}', '[1 2]', '"\\u12g4"']) {
      expect(() => parseJson(bad, 'x.json', LIMITS), bad).toThrow(/not valid JSON/);
      expect(() => parseStrictJson(bad, 'header'), bad).toThrow(/invalid JSON/);
    }
  });

  it('refuses duplicate keys, too-deep nesting and long strings with each reader\'s own message', () => {
    expect(() => parseJson('{"k": 1, "k": 2}', 'x.json', LIMITS)).toThrow(/x\.json is not valid JSON: the key "k" appears twice in one object at character 9/);
    expect(() => parseStrictJson('{"k": 1, "k": 2}', 'header')).toThrow(/header: the key "k" appears twice/);
    expect(() => parseJson('[[[1]]]', 'x.json', { ...LIMITS, maxDepth: 3 })).toThrow(/nesting deeper than 3 levels \(maxJsonDepth\)/);
    expect(parseJson('[[[1]]]', 'x.json', { ...LIMITS, maxDepth: 4 })).toEqual([[[1]]]);
    expect(() => parseStrictJson('['.repeat(66) + ']'.repeat(66), 'header')).toThrow(/nested deeper than 64/);
    expect(plain(parseStrictJson('['.repeat(65) + ']'.repeat(65), 'header'))).toBeDefined();
    expect(() => parseJson('"abcdef"', 'x.json', { ...LIMITS, maxStringLength: 5 })).toThrow(/longer than 5 characters \(maxStringLength\)/);
    expect(() => parseJson('1e999', 'x.json', LIMITS)).toThrow(/the number 1e999 is too large/);
    expect((parseStrictJson('{"n": 9007199254740993}', 'header') as Map<string, JsonNumber>).get('n')!.text).toBe('9007199254740993');
    const proto = parseJson('{"__proto__": {"polluted": true}}', 'x.json', LIMITS) as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
  });
});
