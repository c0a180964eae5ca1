/**
 * UTF-8 without TextEncoder/TextDecoder (core has no DOM or Node types). Decoding follows Python pickle's
 * 'surrogatepass' so a lone surrogate written by Python survives; anything else malformed is rejected.
 */
import { fail } from './errors.ts';

export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Decode bytes[start, end). `what` names the field in the error message. */
export function utf8Decode(bytes: Uint8Array, start = 0, end = bytes.length, what = 'string'): string {
  let ascii = true;
  for (let i = start; i < end; i++) if (bytes[i] >= 0x80) { ascii = false; break; }
  if (ascii) {
    let s = '';
    for (let i = start; i < end; i += 4096) s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
    return s;
  }
  const units: number[] = [];
  let s = '';
  let i = start;
  const bad = (): never => fail('BAD_PICKLE', `${what}: invalid UTF-8 at byte ${i - start}; the file is corrupt.`);
  while (i < end) {
    const b = bytes[i];
    let c: number;
    let n: number;
    if (b < 0x80) { c = b; n = 0; } else if (b >= 0xc2 && b < 0xe0) { c = b & 31; n = 1; } else if (b >= 0xe0 && b < 0xf0) { c = b & 15; n = 2; } else if (b >= 0xf0 && b < 0xf5) { c = b & 7; n = 3; } else return bad();
    if (i + n > end - 1 && n > 0) return bad();
    for (let k = 1; k <= n; k++) {
      const cb = bytes[i + k];
      if ((cb & 0xc0) !== 0x80) return bad();
      c = (c << 6) | (cb & 63);
    }
    if ((n === 2 && c < 0x800) || (n === 3 && (c < 0x10000 || c > 0x10ffff))) return bad();
    i += n + 1;
    if (c >= 0x10000) {
      c -= 0x10000;
      units.push(0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
    } else units.push(c);
    if (units.length >= 4096) { s += String.fromCharCode(...units); units.length = 0; }
  }
  return s + String.fromCharCode(...units);
}

/** Bytes as Latin-1 characters (never fails): for short ASCII records and non-UTF-8 zip names. */
export function latin1Decode(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = start; i < end; i += 4096) s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  return s;
}
