// Packed, cache-blocked SGEMM for WebAssembly SIMD128 (GotoBLAS/BLIS loop structure).
//   C = alpha·op(A)·op(B) + beta·C, row-major, leading dimensions in elements, pointers in bytes.
// Loops: jc over N (NC) › pc over K (KC, packs a KC×NC slab of B into NR-wide panels) › ic over M (MC, packs an
// MC×KC block of A into MR-tall panels, alpha folded in) › jr › ir › MR×NR register-blocked micro-kernel.
// Edge tiles run the same micro-kernel into a small tile buffer and merge only the valid part.
import { madd } from './madd';

export const MR: i32 = 4;
export const NR: i32 = 8;
export const MC: i32 = 128;
export const KC: i32 = 256;
export const NC: i32 = 2048;
// Matrix-vector calls need K + len floats of scratch; longer ones take the packed path.
const GEMV_MAX_K: i32 = 65536;
const GEMV_MAX_LEN: i32 = 65536;

/** Bytes of per-thread scratch one gemm call needs (packed A block, packed B slab, one edge tile). */
export function gemmScratchBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4 + 64;
}

// 4×8 micro-kernel: 8 accumulators, one broadcast A value and two B vectors per row and k step.
// mode 0: C = acc; 1: C = acc + beta·C; 2: C += acc.
function kernel(kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize, beta: f32, mode: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    pa += 16;
    pb += 32;
  }
  storeRow(c, c00, c01, beta, mode);
  storeRow(c + ldcBytes, c10, c11, beta, mode);
  storeRow(c + 2 * ldcBytes, c20, c21, beta, mode);
  storeRow(c + 3 * ldcBytes, c30, c31, beta, mode);
}

function storeRow(p: usize, v0: v128, v1: v128, beta: f32, mode: i32): void {
  if (mode == 0) {
    v128.store(p, v0);
    v128.store(p, v1, 16);
  } else if (mode == 1) {
    const bv = f32x4.splat(beta);
    v128.store(p, f32x4.add(v0, f32x4.mul(bv, v128.load(p))));
    v128.store(p, f32x4.add(v1, f32x4.mul(bv, v128.load(p, 16))), 16);
  } else {
    v128.store(p, f32x4.add(v0, v128.load(p)));
    v128.store(p, f32x4.add(v1, v128.load(p, 16)), 16);
  }
}

function mergeTile(tile: usize, c: usize, ldc: i32, mr: i32, nr: i32, beta: f32, mode: i32): void {
  for (let i = 0; i < mr; i++) {
    const src = tile + <usize>(i * NR * 4);
    const dst = c + <usize>(i * ldc * 4);
    for (let j = 0; j < nr; j++) {
      const t = load<f32>(src + <usize>(j * 4));
      const p = dst + <usize>(j * 4);
      if (mode == 0) store<f32>(p, t);
      else if (mode == 1) store<f32>(p, t + beta * load<f32>(p));
      else store<f32>(p, load<f32>(p) + t);
    }
  }
}

// Transposes the 4×4 block held in rows r0..r3 and stores its columns at dst, dst+stride, dst+2·stride, dst+3·stride.
function transpose4Store(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize, scale: v128): void {
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, f32x4.mul(scale, f32x4.shuffle(t0, t2, 0, 1, 4, 5)));
  v128.store(dst + stride, f32x4.mul(scale, f32x4.shuffle(t0, t2, 2, 3, 6, 7)));
  v128.store(dst + 2 * stride, f32x4.mul(scale, f32x4.shuffle(t1, t3, 0, 1, 4, 5)));
  v128.store(dst + 3 * stride, f32x4.mul(scale, f32x4.shuffle(t1, t3, 2, 3, 6, 7)));
}

// Packs op(A)[ic:ic+mc, pc:pc+kc]·alpha into MR-row panels: panel p holds, for each k, MR consecutive floats.
function packA(transA: i32, a: usize, lda: i32, ic: i32, pc: i32, mc: i32, kc: i32, alpha: f32, dst: usize): void {
  const av = f32x4.splat(alpha);
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const panel = dst + <usize>(ir * kc * 4);
    if (rows == MR && transA != 0) {
      // stored K×M: op(A)[i, k] = a[k·lda + i]; MR consecutive i are contiguous.
      let src = a + <usize>((pc * lda + ic + ir) * 4);
      for (let k = 0; k < kc; k++) {
        v128.store(panel + <usize>(k * 16), f32x4.mul(av, v128.load(src)));
        src += <usize>(lda * 4);
      }
    } else if (rows == MR) {
      // stored M×K: read 4 rows along k, transpose 4×4 blocks.
      const s0 = a + <usize>(((ic + ir) * lda + pc) * 4);
      const ld = <usize>(lda * 4);
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const o = <usize>(k * 4);
        transpose4Store(v128.load(s0 + o), v128.load(s0 + ld + o), v128.load(s0 + 2 * ld + o),
          v128.load(s0 + 3 * ld + o), panel + <usize>(k * 16), 16, av);
      }
      for (; k < kc; k++) {
        for (let r = 0; r < MR; r++) {
          store<f32>(panel + <usize>((k * MR + r) * 4), alpha * load<f32>(s0 + <usize>(r) * ld + <usize>(k * 4)));
        }
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let r = 0; r < MR; r++) {
          let v: f32 = 0;
          if (r < rows) {
            const i = ic + ir + r;
            const kk = pc + k;
            v = alpha * load<f32>(a + <usize>((transA != 0 ? kk * lda + i : i * lda + kk) * 4));
          }
          store<f32>(panel + <usize>((k * MR + r) * 4), v);
        }
      }
    }
  }
}

// Packs op(B)[pc:pc+kc, jc:jc+nc] into NR-column panels: panel p holds, for each k, NR consecutive floats.
function packB(transB: i32, b: usize, ldb: i32, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize): void {
  const one = f32x4.splat(1);
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const panel = dst + <usize>(jr * kc * 4);
    if (cols == NR && transB == 0) {
      let src = b + <usize>((pc * ldb + jc + jr) * 4);
      for (let k = 0; k < kc; k++) {
        const d = panel + <usize>(k * 32);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
        src += <usize>(ldb * 4);
      }
    } else if (cols == NR) {
      // stored N×K: op(B)[k, j] = b[j·ldb + k]; 8 rows of b along k, transposed 4×4 at a time.
      const s0 = b + <usize>(((jc + jr) * ldb + pc) * 4);
      const ld = <usize>(ldb * 4);
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const o = <usize>(k * 4);
        const d = panel + <usize>(k * 32);
        transpose4Store(v128.load(s0 + o), v128.load(s0 + ld + o), v128.load(s0 + 2 * ld + o),
          v128.load(s0 + 3 * ld + o), d, 32, one);
        const s4 = s0 + 4 * ld;
        transpose4Store(v128.load(s4 + o), v128.load(s4 + ld + o), v128.load(s4 + 2 * ld + o),
          v128.load(s4 + 3 * ld + o), d + 16, 32, one);
      }
      for (; k < kc; k++) {
        for (let j = 0; j < NR; j++) {
          store<f32>(panel + <usize>((k * NR + j) * 4), load<f32>(s0 + <usize>(j) * ld + <usize>(k * 4)));
        }
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let j = 0; j < NR; j++) {
          let v: f32 = 0;
          if (j < cols) {
            const jj = jc + jr + j;
            const kk = pc + k;
            v = load<f32>(b + <usize>((transB != 0 ? jj * ldb + kk : kk * ldb + jj) * 4));
          }
          store<f32>(panel + <usize>((k * NR + j) * 4), v);
        }
      }
    }
  }
}

/** C = beta·C for K = 0 (beta = 0 writes zeros, ignoring NaN in C). */
function scaleC(c: usize, ldc: i32, M: i32, N: i32, beta: f32): void {
  for (let i = 0; i < M; i++) {
    const row = c + <usize>(i * ldc * 4);
    for (let j = 0; j < N; j++) {
      const p = row + <usize>(j * 4);
      store<f32>(p, beta == 0 ? 0 : beta * load<f32>(p));
    }
  }
}

// Σ x[i]·y[i] over n contiguous floats.
export function dot(x: usize, y: usize, n: i32): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>(i * 4);
    acc0 = madd(v128.load(x + o), v128.load(y + o), acc0);
    acc1 = madd(v128.load(x + o, 16), v128.load(y + o, 16), acc1);
  }
  const acc = f32x4.add(acc0, acc1);
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; i < n; i++) s += load<f32>(x + <usize>(i * 4)) * load<f32>(y + <usize>(i * 4));
  return s;
}

// y[i] += s·x[i] over n contiguous floats.
export function axpy(y: usize, x: usize, s: f32, n: i32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>(i * 4);
    v128.store(y + o, madd(sv, v128.load(x + o), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = <usize>(i * 4);
    store<f32>(y + o, load<f32>(y + o) + s * load<f32>(x + o));
  }
}

// Copies n floats with element stride `stride` into contiguous dst (returns src itself when already contiguous).
function gather(src: usize, stride: i32, n: i32, dst: usize): usize {
  if (stride == 1) return src;
  for (let i = 0; i < n; i++) store<f32>(dst + <usize>(i * 4), load<f32>(src + <usize>(i * stride * 4)));
  return dst;
}

// Matrix-vector products (M = 1 or N = 1): packing would cost as much as the arithmetic, so stream the matrix once.
// y (len entries, element stride yStride) = alpha·op(Mat)·x + beta·y, where op(Mat) is len×K. matRowMajor means
// op(Mat)[i, k] = mat[i·ld + k] (dot products), otherwise mat[k·ld + i] (axpy over rows).
function gemv(len: i32, K: i32, alpha: f32, beta: f32, mat: usize, ld: i32, matRowMajor: bool,
  x: usize, xStride: i32, y: usize, yStride: i32, scratch: usize): void {
  const xs = gather(x, xStride, K, scratch);
  const acc = (scratch + <usize>(K * 4) + 15) & ~<usize>(15);
  if (matRowMajor) {
    for (let i = 0; i < len; i++) store<f32>(acc + <usize>(i * 4), dot(mat + <usize>(i * ld * 4), xs, K));
  } else {
    memory.fill(acc, 0, <usize>(len * 4));
    for (let k = 0; k < K; k++) axpy(acc, mat + <usize>(k * ld * 4), load<f32>(xs + <usize>(k * 4)), len);
  }
  for (let i = 0; i < len; i++) {
    const p = y + <usize>(i * yStride * 4);
    const v = alpha * load<f32>(acc + <usize>(i * 4));
    store<f32>(p, beta == 0 ? v : v + beta * load<f32>(p));
  }
}

/** Single-threaded SGEMM on byte pointers; scratch must hold gemmScratchBytes(). */
export function gemm(transA: i32, transB: i32, M: i32, N: i32, K: i32, alpha: f32, beta: f32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, scratch: usize): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (beta != 1) scaleC(c, ldc, M, N, beta);
    return;
  }
  if ((M == 1 || N == 1) && K <= GEMV_MAX_K && max(M, N) <= GEMV_MAX_LEN) {
    if (M == 1) {
      // C[0, j] = Σ_k A(0, k)·B(k, j): rows of op(B)ᵀ are B's rows when transB, else columns.
      gemv(N, K, alpha, beta, b, ldb, transB != 0, a, transA != 0 ? lda : 1, c, 1, scratch);
    } else {
      gemv(M, K, alpha, beta, a, lda, transA == 0, b, transB != 0 ? 1 : ldb, c, ldc, scratch);
    }
    return;
  }
  const pA = (scratch + 15) & ~<usize>(15);
  const pB = pA + <usize>(MC * KC * 4);
  const tile = pB + <usize>(KC * NC * 4);
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      packB(transB, b, ldb, pc, jc, kc, nc, pB);
      const mode = pc > 0 || beta == 1 ? 2 : (beta == 0 ? 0 : 1);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(transA, a, lda, ic, pc, mc, kc, alpha, pA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pb = pB + <usize>(jr * kc * 4);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pa = pA + <usize>(ir * kc * 4);
            const cp = c + <usize>(((ic + ir) * ldc + jc + jr) * 4);
            if (mr == MR && nr == NR) {
              kernel(kc, pa, pb, cp, <usize>(ldc * 4), beta, mode);
            } else {
              kernel(kc, pa, pb, tile, <usize>(NR * 4), 0, 0);
              mergeTile(tile, cp, ldc, mr, nr, beta, mode);
            }
          }
        }
      }
    }
  }
}
