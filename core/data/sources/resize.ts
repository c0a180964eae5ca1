/**
 * Bilinear resizing with the semantics of torch.nn.functional.interpolate(x, size, mode='bilinear',
 * align_corners=False, antialias=False), which is what torchvision's Resize(size, antialias=False) does to
 * tensors: scale = float32(in / out), source coordinate `scale·(dst + 0.5) − 0.5` clamped at 0, its integer
 * part the first neighbour, the fraction (rounded to float32) the weight; interpolated along the width first,
 * then the height, in float32 (Math.fround at each step). PyTorch's vectorised kernel rounds some sums in a
 * different order, so results agree to a few float32 ulps (≤ 1e-4 for 0–255 data), not bit for bit
 * (tests/data/resize.test.ts checks this against real torch).
 *
 * uint8 images are converted to float, interpolated, then rounded half to even (torch.round) and clamped
 * to 0–255, as torchvision does for integer tensors. Because of the ulp-level differences above, a uint8
 * value can differ from torchvision's by 1 only where the float result lies within 1e-4 of an x.5 boundary.
 */
const f32 = Math.fround;

interface Axis {
  i0: Int32Array;
  i1: Int32Array;
  w0: Float32Array;
  w1: Float32Array;
}

function axis(inSize: number, outSize: number): Axis {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w0 = new Float32Array(outSize);
  const w1 = new Float32Array(outSize);
  const scale = f32(inSize / outSize);
  for (let d = 0; d < outSize; d++) {
    if (inSize === outSize) { i0[d] = d; i1[d] = d; w0[d] = 1; w1[d] = 0; continue; }
    let real = scale * (d + 0.5) - 0.5; // kept in double: PyTorch's index/lambda split happens before float rounding
    if (real < 0) real = 0;
    const lo = Math.trunc(real);
    i0[d] = lo;
    i1[d] = lo + (lo < inSize - 1 ? 1 : 0);
    const lambda = f32(real - lo);
    w1[d] = lambda;
    w0[d] = f32(1 - lambda);
  }
  return { i0, i1, w0, w1 };
}

function checkSizes(fn: string, length: number, channels: number, inH: number, inW: number, outH: number, outW: number) {
  for (const [name, v] of [['channels', channels], ['inH', inH], ['inW', inW], ['outH', outH], ['outW', outW]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be a positive integer, got ${v}`);
  }
  if (length !== channels * inH * inW) {
    throw new RangeError(`${fn}: input has ${length} values, expected channels×inH×inW = ${channels * inH * inW}`);
  }
}

/** Resizes a CHW float image; returns a new CHW Float32Array of channels × outH × outW. */
export function resizeBilinear(
  src: Float32Array, channels: number, inH: number, inW: number, outH: number, outW: number,
): Float32Array {
  checkSizes('resizeBilinear', src.length, channels, inH, inW, outH, outW);
  const out = new Float32Array(channels * outH * outW);
  const ax = axis(inW, outW);
  const ay = axis(inH, outH);
  for (let c = 0; c < channels; c++) {
    const base = c * inH * inW;
    const obase = c * outH * outW;
    for (let y = 0; y < outH; y++) {
      const r0 = base + ay.i0[y]! * inW;
      const r1 = base + ay.i1[y]! * inW;
      const h0 = ay.w0[y]!;
      const h1 = ay.w1[y]!;
      for (let x = 0; x < outW; x++) {
        const a = ax.i0[x]!;
        const b = ax.i1[x]!;
        const v0 = ax.w0[x]!;
        const v1 = ax.w1[x]!;
        const top = f32(f32(src[r0 + a]! * v0) + f32(src[r0 + b]! * v1));
        const bottom = f32(f32(src[r1 + a]! * v0) + f32(src[r1 + b]! * v1));
        out[obase + y * outW + x] = f32(f32(top * h0) + f32(bottom * h1));
      }
    }
  }
  return out;
}

/** Rounds half to even, like torch.round / numpy.round. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Resizes a CHW uint8 image (float math, then round half to even and clamp), as torchvision does. */
export function resizeBilinearUint8(
  src: Uint8Array, channels: number, inH: number, inW: number, outH: number, outW: number,
): Uint8Array {
  checkSizes('resizeBilinearUint8', src.length, channels, inH, inW, outH, outW);
  if (inH === outH && inW === outW) return src.slice();
  const f = resizeBilinear(Float32Array.from(src), channels, inH, inW, outH, outW);
  const out = new Uint8Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Math.min(255, Math.max(0, roundHalfEven(f[i]!)));
  return out;
}
