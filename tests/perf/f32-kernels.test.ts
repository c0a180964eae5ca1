/**
 * The float32 fast paths (core/kernels/js/f32.ts) against plain scalar definitions: ReLU and its gradient on every
 * special bit pattern (both zeros, NaNs of either sign, infinities, denormals), and the coalesced binary kernel
 * against a naive index-by-index loop over broadcast and strided operands.
 */
import { describe, expect, it } from 'vitest';
import { reluF32, reluGradF32, coalesceDims } from '../../core/kernels/js/f32.ts';
import { binaryKernel, BinOp } from '../../core/kernels/js/elementwise.ts';

const specialBits = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001,
  0x7f800000, 0xff800000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x7f7fffff, 0xff7fffff, 0x3f000000];

function f32FromBits(bits: number[]): Float32Array {
  const u = new Uint32Array(bits.map((b) => b >>> 0));
  return new Float32Array(u.buffer);
}

const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('ReLU float32 kernels', () => {
  it('relu keeps positives and NaNs (payload and sign), sends negatives and -0 to +0', () => {
    const x = f32FromBits(specialBits);
    const out = new Float32Array(x.length);
    reluF32(x, 0, out, x.length);
    const expected = Array.from(x, (v, i) => (v !== v ? specialBits[i] >>> 0 : v > 0 ? specialBits[i] >>> 0 : 0));
    expect(bitsOf(out)).toEqual(expected);
  });

  it('the gradient passes g exactly where y > 0 and gives +0 elsewhere (NaN y included)', () => {
    const n = specialBits.length;
    const y = new Float32Array(n * n), g = new Float32Array(n * n);
    const sy = f32FromBits(specialBits);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { y[i * n + j] = sy[i]; g[i * n + j] = sy[j]; }
    // Offsets into larger arrays must be honoured.
    const gBig = new Float32Array(n * n + 3); gBig.set(g, 3);
    const yBig = new Float32Array(n * n + 5); yBig.set(y, 5);
    const out = new Float32Array(n * n);
    reluGradF32(gBig, 3, yBig, 5, out, n * n);
    const got = bitsOf(out);
    const gBits = bitsOf(g);
    for (let k = 0; k < n * n; k++) expect(got[k]).toBe(y[k] > 0 ? gBits[k] : 0);
  });
});

describe('coalesced binary kernel', () => {
  function naive(op: (a: number, b: number) => number, shape: number[], a: Float32Array, aOff: number, aStr: number[], b: Float32Array, bOff: number, bStr: number[]): Float32Array {
    const total = shape.reduce((p, s) => p * s, 1);
    const out = new Float32Array(total);
    const idx = new Array(shape.length).fill(0);
    for (let k = 0; k < total; k++) {
      let r = k;
      for (let d = shape.length - 1; d >= 0; d--) { idx[d] = r % shape[d]; r = Math.floor(r / shape[d]); }
      let ai = aOff, bi = bOff;
      for (let d = 0; d < shape.length; d++) { ai += idx[d] * aStr[d]; bi += idx[d] * bStr[d]; }
      out[k] = op(a[ai], b[bi]);
    }
    return out;
  }

  const cases: Array<{ shape: number[]; aStr: number[]; bStr: number[]; aOff: number; bOff: number }> = [
    { shape: [4, 6, 5, 7], aStr: [210, 35, 7, 1], bStr: [0, 1, 0, 0], aOff: 0, bOff: 2 }, // conv bias add
    { shape: [8, 16], aStr: [16, 1], bStr: [0, 1], aOff: 1, bOff: 0 }, // linear bias add
    { shape: [3, 1, 4], aStr: [4, 0, 1], bStr: [1, 0, 0], aOff: 0, bOff: 0 }, // size-1 dim, column broadcast
    { shape: [5, 4], aStr: [1, 5], bStr: [4, 1], aOff: 0, bOff: 0 }, // transposed operand
    { shape: [2, 3, 4], aStr: [0, 0, 0], bStr: [12, 4, 1], aOff: 3, bOff: 0 }, // scalar on the left
    { shape: [6], aStr: [2], bStr: [1], aOff: 0, bOff: 0 }, // strided
  ];
  const ops: Array<[BinOp, (a: number, b: number) => number]> = [[BinOp.Add, (a, b) => a + b], [BinOp.Sub, (a, b) => a - b], [BinOp.Mul, (a, b) => a * b], [BinOp.Div, (a, b) => a / b]];

  for (const c of cases) {
    it(`shape [${c.shape}] with strides [${c.aStr}] and [${c.bStr}]`, () => {
      const a = Float32Array.from({ length: 400 }, (_, i) => Math.sin(i) * 3);
      const b = Float32Array.from({ length: 400 }, (_, i) => Math.cos(i * 0.7) + 2);
      for (const [op, f] of ops) {
        const out = new Float32Array(c.shape.reduce((p, s) => p * s, 1));
        binaryKernel(op, null, c.shape, a, c.aOff, c.aStr, b, c.bOff, c.bStr, out);
        expect(Array.from(out)).toEqual(Array.from(naive(f, c.shape, a, c.aOff, c.aStr, b, c.bOff, c.bStr)));
      }
    });
  }

  it('merges only dims every operand walks as one', () => {
    expect(coalesceDims([4, 6, 5, 7], [[210, 35, 7, 1], [0, 1, 0, 0]])).toEqual({ shape: [4, 6, 35], strides: [[210, 35, 1], [0, 1, 0]] });
    expect(coalesceDims([2, 3], [[3, 1], [1, 2]])).toEqual({ shape: [2, 3], strides: [[3, 1], [1, 2]] });
    expect(coalesceDims([1, 1], [[5, 5]])).toEqual({ shape: [1], strides: [[0]] });
  });
});
