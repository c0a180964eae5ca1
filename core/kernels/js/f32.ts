/**
 * Monomorphic float32 loops for the hottest elementwise work of a training step (ReLU and its gradient, bias adds,
 * contiguous adds/multiplies). The generic kernels in elementwise.ts see every storage type (Float32Array,
 * Float64Array, Uint8Array, …), so V8's element accesses there are megamorphic and several times slower; these
 * functions only ever see Float32Array and stay fast. They compute exactly what the generic kernels compute.
 */

/** out[i] = relu(x[xOff + i]) (NaN propagates, as torch.relu). */
export function reluF32(x: Float32Array, xOff: number, out: Float32Array, n: number): void {
  // Branch-free on the bit patterns (a data-dependent `v > 0 ? v : 0` mispredicts on half the elements): clear
  // values whose sign bit is set unless they are NaN (NaN propagates; -0 becomes +0).
  const xb = bits(x), ob = bits(out);
  for (let i = 0; i < n; i++) {
    const b = xb[xOff + i];
    const nan = (0x7f800000 - (b & 0x7fffffff)) >> 31;
    ob[i] = b & ~((b >> 31) & ~nan);
  }
}

function bits(a: Float32Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length);
}

/**
 * out[i] = y[i] > 0 ? g[i] : 0 — ReLU's gradient from its output y — computed branch-free on the bit patterns:
 * y > 0 (and not NaN) exactly when its bits b, read as an int32, lie in [1, 0x7f800000]; the mask keeps g's bits
 * there and gives +0 elsewhere.
 */
export function reluGradF32(g: Float32Array, gOff: number, y: Float32Array, yOff: number, out: Float32Array, n: number): void {
  const gb = bits(g), yb = bits(y), ob = bits(out);
  for (let i = 0; i < n; i++) {
    const b = yb[yOff + i];
    const drop = ((0x7f800000 - b) | (b - 1)) >> 31;
    ob[i] = gb[gOff + i] & ~drop;
  }
}

/** One run of a binary Add/Sub/Mul over float32: o[oi+k] = a[ai+k·as] ∘ b[bi+k·bs]. op: 0 add, 1 sub, 2 mul. */
export function inner2F32(op: number, a: Float32Array, ai: number, as: number, b: Float32Array, bi: number, bs: number, o: Float32Array, oi: number, n: number): void {
  if (as === 1 && bs === 1) {
    if (op === 0) for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] + b[bi + k];
    else if (op === 1) for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] - b[bi + k];
    else for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] * b[bi + k];
  } else if (as === 1 && bs === 0) {
    const bv = b[bi];
    if (op === 0) for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] + bv;
    else if (op === 1) for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] - bv;
    else for (let k = 0; k < n; k++) o[oi + k] = a[ai + k] * bv;
  } else if (as === 0 && bs === 1) {
    const av = a[ai];
    if (op === 0) for (let k = 0; k < n; k++) o[oi + k] = av + b[bi + k];
    else if (op === 1) for (let k = 0; k < n; k++) o[oi + k] = av - b[bi + k];
    else for (let k = 0; k < n; k++) o[oi + k] = av * b[bi + k];
  } else {
    if (op === 0) for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] + b[bi + k * bs];
    else if (op === 1) for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] - b[bi + k * bs];
    else for (let k = 0; k < n; k++) o[oi + k] = a[ai + k * as] * b[bi + k * bs];
  }
}

/**
 * Merge adjacent dims that every operand walks as one (stride[d-1] = stride[d]·shape[d] for all of them, broadcast
 * stride 0 included), so the innermost loop runs as long as possible. Size-1 dims are dropped. Returns new arrays.
 */
export function coalesceDims(shape: readonly number[], strides: ReadonlyArray<readonly number[]>): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const s = shape[d];
    if (s === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((st, j) => outStrides[j][last] === st[d] * s)) {
      outShape[last] *= s;
      for (let j = 0; j < strides.length; j++) outStrides[j][last] = strides[j][d];
      continue;
    }
    outShape.push(s);
    for (let j = 0; j < strides.length; j++) outStrides[j].push(strides[j][d]);
  }
  if (outShape.length === 0) { outShape.push(1); for (const st of outStrides) st.push(0); }
  return { shape: outShape, strides: outStrides };
}
