/** Byte-level mutations of valid files: bit flips, truncation, splices, insertions, and "interesting" integers. */
import fc from 'fast-check';

export type Mutation =
  | { kind: 'flip'; at: number; bits: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; from: number; to: number; len: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'u32'; at: number; value: number };

const INTERESTING_U32 = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('splice' as const), from: fc.nat(), to: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: fc.constantFrom(...INTERESTING_U32) }) },
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

/** A mutated copy of `src` (src itself is not touched). */
export function mutate(src: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let b = src.slice();
  for (const m of ms) {
    if (b.length === 0) break;
    switch (m.kind) {
      case 'flip':
        b[m.at % b.length] ^= m.bits;
        break;
      case 'truncate':
        b = b.slice(0, m.at % b.length);
        break;
      case 'splice': {
        const from = m.from % b.length;
        const to = m.to % b.length;
        const chunk = b.slice(from, from + m.len);
        b.set(chunk.subarray(0, b.length - to), to);
        break;
      }
      case 'insert': {
        const at = m.at % (b.length + 1);
        const out = new Uint8Array(b.length + m.bytes.length);
        out.set(b.subarray(0, at), 0);
        out.set(m.bytes, at);
        out.set(b.subarray(at), at + m.bytes.length);
        b = out;
        break;
      }
      case 'u32': {
        if (b.length < 4) break;
        const at = m.at % (b.length - 3);
        new DataView(b.buffer, b.byteOffset).setUint32(at, m.value, true);
        break;
      }
    }
  }
  return b;
}

/** Text-level mutations for JSON / CSV: replace, delete or insert characters from an alphabet. */
export type TextMutation = { kind: 'replace' | 'insert' | 'delete'; at: number; text: string };

export const textMutations = (alphabet: string[]) => fc.array(
  fc.record({
    kind: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const),
    at: fc.nat(),
    text: fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 6 }),
  }),
  { minLength: 1, maxLength: 4 },
);

export function mutateText(src: string, ms: readonly TextMutation[]): string {
  let s = src;
  for (const m of ms) {
    const at = m.at % (s.length + 1);
    if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.text.length);
    else s = s.slice(0, at) + m.text + s.slice(at + m.text.length);
  }
  return s;
}
