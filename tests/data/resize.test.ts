// Bilinear resize vs real torch.nn.functional.interpolate(mode='bilinear', align_corners=False, antialias=False).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { resizeBilinear, resizeBilinearUint8, roundHalfEven } from '../../core/data/sources/resize.ts';
import { Rng } from '../../core/data/sources/rng.ts';

interface Case { channels: number; inH: number; inW: number; outH: number; outW: number; data: number[] }
interface Oracle { float: number[]; uint8: number[] }

const ORACLE = fileURLToPath(new URL('./resize_oracle.py', import.meta.url));

function torchResize(cases: Case[]): Oracle[] {
  const r = spawnSync('/usr/bin/python3', [ORACLE], { input: JSON.stringify(cases), maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`torch oracle failed: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString());
}

const rng = new Rng(2024);
const fixed: Case[] = [
  [1, 28, 28, 14, 14], [1, 28, 28, 56, 56], [3, 5, 7, 5, 7], [1, 1, 5, 1, 11], [3, 3, 4, 32, 32],
  [1, 40, 30, 1, 1], [3, 17, 9, 8, 23], [1, 2, 2, 3, 3],
].map(([channels, inH, inW, outH, outW]) => ({ channels, inH, inW, outH, outW, data: [] }));
const randomCases: Case[] = Array.from({ length: 150 }, () => ({
  channels: 1 + rng.randint(3), inH: 1 + rng.randint(33), inW: 1 + rng.randint(33),
  outH: 1 + rng.randint(33), outW: 1 + rng.randint(33), data: [],
}));
const uintCases = [...fixed, ...randomCases].map((c) => ({ ...c, data: Array.from({ length: c.channels * c.inH * c.inW }, () => rng.randint(256)) }));
const floatCases = randomCases.slice(0, 60).map((c) => ({ ...c, data: Array.from({ length: c.channels * c.inH * c.inW }, () => Math.fround(rng.uniform(-3, 3))) }));

let uintOut: Oracle[];
let floatOut: Oracle[];
beforeAll(() => {
  uintOut = torchResize(uintCases);
  floatOut = torchResize(floatCases);
});

describe('resizeBilinear vs torch', () => {
  it('float results agree within a few float32 ulps (uint8-valued inputs)', () => {
    let compared = 0;
    uintCases.forEach((c, i) => {
      const got = resizeBilinear(Float32Array.from(c.data), c.channels, c.inH, c.inW, c.outH, c.outW);
      const want = uintOut[i]!.float;
      expect(got.length).toBe(want.length);
      for (let j = 0; j < got.length; j++) {
        expect(Math.abs(got[j]! - want[j]!), `case ${i} ${JSON.stringify({ ...c, data: undefined })} index ${j}`).toBeLessThanOrEqual(1e-4);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(10_000);
  });

  it('float results agree for real-valued inputs (negative included)', () => {
    floatCases.forEach((c, i) => {
      const got = resizeBilinear(Float32Array.from(c.data), c.channels, c.inH, c.inW, c.outH, c.outW);
      const want = floatOut[i]!.float;
      for (let j = 0; j < got.length; j++) expect(Math.abs(got[j]! - want[j]!)).toBeLessThanOrEqual(2e-6);
    });
  });

  it('uint8 results equal torch.round(interpolate(x.float())) except within 1e-4 of a .5 tie', () => {
    let differ = 0;
    let total = 0;
    uintCases.forEach((c, i) => {
      const got = resizeBilinearUint8(Uint8Array.from(c.data), c.channels, c.inH, c.inW, c.outH, c.outW);
      const { uint8: want, float } = uintOut[i]!;
      for (let j = 0; j < got.length; j++) {
        total++;
        if (got[j] === want[j]) continue;
        differ++;
        const frac = float[j]! - Math.floor(float[j]!);
        expect(Math.abs(frac - 0.5), `case ${i} index ${j}: ${got[j]} vs torch ${want[j]} (float ${float[j]})`).toBeLessThan(1e-4);
        expect(Math.abs(got[j]! - want[j]!)).toBe(1);
      }
    });
    expect(differ / total).toBeLessThan(0.01);
  });

  it('same size is an exact copy', () => {
    const src = Uint8Array.from({ length: 3 * 4 * 5 }, (_, i) => i * 3);
    expect(Array.from(resizeBilinearUint8(src, 3, 4, 5, 4, 5))).toEqual(Array.from(src));
  });

  it('rejects inconsistent sizes', () => {
    expect(() => resizeBilinear(new Float32Array(5), 1, 2, 2, 3, 3)).toThrow(/input has 5 values, expected channels×inH×inW = 4/);
    expect(() => resizeBilinear(new Float32Array(4), 1, 2, 2, 0, 3)).toThrow(/outH must be a positive integer, got 0/);
  });
});

describe('roundHalfEven (torch.round semantics)', () => {
  it('rounds ties to even and everything else to nearest', () => {
    // hand-computed: numpy.round([0.5, 1.5, 2.5, 2.4999, 2.5001, 254.5, 255.5]) = [0, 2, 2, 2, 3, 254, 256]
    expect([0.5, 1.5, 2.5, 2.4999, 2.5001, 254.5, 255.5].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 254, 256]);
  });
});
