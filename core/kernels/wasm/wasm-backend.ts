import type { Backend, Conv2dGeometry, GemmArgs } from '../backend.ts';
import { gemmRef } from '../js/gemm.ts';
import type { WasmArena } from './arena.ts';
import type { KernelPool } from './pool.ts';

/** The exports of the AssemblyScript kernel module (kernels-as/index.as). Pointers are byte offsets. */
export interface KernelExports {
  heapBase(): number;
  gemm(transA: number, transB: number, M: number, N: number, K: number, alpha: number, beta: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number, scratch: number): void;
  gemmScratchBytes(): number;
  convScratchBytes(Cg: number, kH: number, kW: number, oH: number, oW: number, padPlane: number): number;
  addInto(dst: number, src: number, count: number): void;
  gemmThread(args: number, tid: number, nt: number): void;
  conv2dForwardThread(args: number, tid: number, nt: number): void;
  conv2dBackwardInputThread(args: number, tid: number, nt: number): void;
  conv2dBackwardWeightThread(args: number, tid: number, nt: number): void;
}

/** The *Thread exports the pool dispatches by name (order is the wire format between pool and workers). */
export const THREAD_KERNELS = ['gemmThread', 'conv2dForwardThread', 'conv2dBackwardInputThread', 'conv2dBackwardWeightThread'] as const;
type ThreadKernel = (typeof THREAD_KERNELS)[number];

export interface WasmTuning {
  /**
   * gemm calls with fewer multiply-adds (M·N·K) than this run the JS reference instead: below it, copying the
   * operands into wasm memory and back costs about as much as the arithmetic (measured by bench/copy-threshold.ts).
   */
  minWasmWork: number;
  /** Multiply-adds each thread must get before a call is split across threads (waking a worker costs ~10-50 µs). */
  minThreadWork: number;
}

export const DEFAULT_TUNING: WasmTuning = { minWasmWork: 256, minThreadWork: 1 << 19 };

/**
 * SGEMM and 2-D convolution on WebAssembly SIMD128 kernels (relaxed-SIMD FMA where the engine has it), optionally
 * spread over a pool of workers sharing one linear memory. Operands are copied into the module's memory arena, the
 * kernel runs, results are copied out; Float64 operands and tiny problems go to the JS reference kernels.
 * Create it with createWasmBackend() (core/kernels/wasm/index.ts).
 */
export class WasmBackend implements Backend {
  readonly name = 'wasm';
  private readonly gemmScratch: number;

  constructor(
    private readonly ex: KernelExports,
    private readonly arena: WasmArena,
    private pool: KernelPool | null,
    /** True when the relaxed-SIMD (FMA) build is running. */
    readonly relaxed: boolean,
    readonly tuning: WasmTuning = DEFAULT_TUNING,
  ) {
    this.gemmScratch = align64(ex.gemmScratchBytes());
  }

  /** Threads a large call may use (1 + pool workers). */
  get threads(): number {
    return this.pool?.alive ? this.pool.threads : 1;
  }

  /** Bytes of wasm linear memory in use (grows only when a call needs more than any call before it). */
  get memoryBytes(): number {
    return this.arena.byteLength;
  }

  /** Stop the worker pool; the backend keeps working single-threaded. */
  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
  }

  gemm(g: GemmArgs): void {
    const { transA, transB, M, N, K, A, B, C } = g;
    if (M <= 0 || N <= 0) return;
    if (!(A instanceof Float32Array) || !(B instanceof Float32Array) || !(C instanceof Float32Array) ||
        K <= 0 || M * N * K < this.tuning.minWasmWork) {
      gemmRef(g);
      return;
    }
    const aSpan = span(transA ? K : M, transA ? M : K, g.lda);
    const bSpan = span(transB ? N : K, transB ? K : N, g.ldb);
    const cSpan = span(M, N, g.ldc);
    checkSpan('A', A, g.aOffset, aSpan, g.lda, transA ? M : K);
    checkSpan('B', B, g.bOffset, bSpan, g.ldb, transB ? K : N);
    checkSpan('C', C, g.cOffset, cSpan, g.ldc, N);
    const ar = this.arena;
    ar.reset();
    const pa = this.input(A, g.aOffset, aSpan);
    const pb = this.input(B, g.bOffset, bSpan);
    let pc = ar.ptrOf(C, g.cOffset);
    const inPlace = pc >= 0;
    if (!inPlace) pc = g.beta !== 0 || g.ldc !== N ? ar.copyIn(C, g.cOffset, cSpan) : ar.alloc(cSpan * 4);
    const nt = this.threadsFor(M * N * K, Math.max(Math.ceil(M / 4), Math.ceil(N / 8)));
    const scratch = ar.alloc(this.gemmScratch * nt);
    if (nt <= 1) {
      this.ex.gemm(transA ? 1 : 0, transB ? 1 : 0, M, N, K, g.alpha, g.beta, pa, g.lda, pb, g.ldb, pc, g.ldc, scratch);
    } else {
      const args = ar.argsOffset;
      const i32 = ar.I32;
      const f32 = ar.F32;
      const w = args >> 2;
      i32[w] = transA ? 1 : 0; i32[w + 1] = transB ? 1 : 0;
      i32[w + 2] = M; i32[w + 3] = N; i32[w + 4] = K;
      f32[w + 5] = g.alpha; f32[w + 6] = g.beta;
      i32[w + 7] = pa; i32[w + 8] = g.lda; i32[w + 9] = pb; i32[w + 10] = g.ldb; i32[w + 11] = pc; i32[w + 12] = g.ldc;
      i32[w + 13] = scratch; i32[w + 14] = this.gemmScratch;
      this.runThreads('gemmThread', args, nt);
    }
    if (!inPlace) C.set(ar.F32.subarray(pc >> 2, (pc >> 2) + cSpan), g.cOffset);
  }

  conv2dForward(g: Conv2dGeometry, x: Float32Array, w: Float32Array, out: Float32Array): void {
    const s = convSizes('conv2dForward', g);
    checkLen('conv2dForward', 'x', x, s.x); checkLen('conv2dForward', 'w', w, s.w); checkLen('conv2dForward', 'out', out, s.y);
    const ar = this.arena;
    ar.reset();
    const px = this.input(x, 0, s.x);
    const pw = this.input(w, 0, s.w);
    const py = ar.alloc(s.y * 4);
    this.runConv('conv2dForwardThread', g, s, px, pw, py);
    out.set(ar.F32.subarray(py >> 2, (py >> 2) + s.y));
  }

  conv2dBackwardInput(g: Conv2dGeometry, dy: Float32Array, w: Float32Array, dx: Float32Array): void {
    const s = convSizes('conv2dBackwardInput', g);
    checkLen('conv2dBackwardInput', 'dy', dy, s.y); checkLen('conv2dBackwardInput', 'w', w, s.w); checkLen('conv2dBackwardInput', 'dx', dx, s.x);
    const ar = this.arena;
    ar.reset();
    const pdy = this.input(dy, 0, s.y);
    const pdx = ar.alloc(s.x * 4);
    const padH = g.dilationH * (g.kH - 1) - g.padH, padW = g.dilationW * (g.kW - 1) - g.padW;
    // Stride 1 with 'same'-like padding: dx is the forward convolution of dy with the flipped, in/out-swapped weight
    // and padding d·(k − 1) − p, which skips col2im's scattered adds and its column buffer round trip. With little
    // padding (dx larger than dy) that convolution would multiply mostly zeros, and with O ≫ C its im2col is large
    // next to the arithmetic; col2im wins there (LeNet's 5×5 convs: 3-9× faster that way).
    const flipped = g.strideH === 1 && g.strideW === 1 && padH >= 0 && padW >= 0 &&
      g.H * g.W <= 1.25 * g.outH * g.outW && g.O <= 2 * g.C;
    if (flipped) {
      const wt = ar.alloc(s.w * 4);
      flipWeight(g, w, ar.F32, wt >> 2);
      const gt: Conv2dGeometry = { ...g, C: g.O, O: g.C, H: g.outH, W: g.outW, outH: g.H, outW: g.W, padH, padW };
      this.runConv('conv2dForwardThread', gt, convSizes('conv2dBackwardInput', gt), pdy, wt, pdx);
    } else {
      const pw = this.input(w, 0, s.w);
      this.runConv('conv2dBackwardInputThread', g, s, pdy, pw, pdx);
    }
    dx.set(ar.F32.subarray(pdx >> 2, (pdx >> 2) + s.x));
  }

  conv2dBackwardWeight(g: Conv2dGeometry, x: Float32Array, dy: Float32Array, dw: Float32Array): void {
    const s = convSizes('conv2dBackwardWeight', g);
    checkLen('conv2dBackwardWeight', 'x', x, s.x); checkLen('conv2dBackwardWeight', 'dy', dy, s.y); checkLen('conv2dBackwardWeight', 'dw', dw, s.w);
    const ar = this.arena;
    ar.reset();
    const px = this.input(x, 0, s.x);
    const pdy = this.input(dy, 0, s.y);
    const pdw = ar.alloc(s.w * 4);
    this.runConv('conv2dBackwardWeightThread', g, s, px, pdy, pdw);
    dw.set(ar.F32.subarray(pdw >> 2, (pdw >> 2) + s.w));
  }

  /** Pointer to `count` floats of `arr` from `offset` in wasm memory: in place if they live there, else a copy. */
  private input(arr: Float32Array, offset: number, count: number): number {
    const p = this.arena.ptrOf(arr, offset);
    return p >= 0 ? p : this.arena.copyIn(arr, offset, count);
  }

  private threadsFor(work: number, units: number): number {
    if (!this.pool?.alive) return 1;
    return Math.max(1, Math.min(this.pool.threads, units, Math.floor(work / this.tuning.minThreadWork)));
  }

  private runThreads(kernel: ThreadKernel, args: number, nt: number): void {
    const local = this.ex[kernel];
    if (nt <= 1 || !this.pool) local(args, 0, 1);
    else this.pool.run(kernel, args, nt, (tid, n) => local(args, tid, n));
  }

  private runConv(kernel: ThreadKernel, g: Conv2dGeometry, s: ConvSizes, in0: number, in1: number, out: number): void {
    const ar = this.arena;
    const Cg = g.C / g.groups;
    const macs = g.N * g.O * Cg * g.kH * g.kW * g.outH * g.outW;
    // Split the batch when it has a slice for every thread; otherwise split channels (see kernels-as/conv.as).
    const channels = kernel === 'conv2dBackwardInputThread' ? Cg : g.O / g.groups;
    const byBatch = g.N >= this.threads || g.N >= channels;
    const nt = this.threadsFor(macs, byBatch ? g.N : channels);
    const padPlane = (g.H + 2 * g.padH) * (g.W + 2 * g.padW);
    const stride = align64(this.ex.convScratchBytes(Cg, g.kH, g.kW, g.outH, g.outW, padPlane));
    const scratch = ar.alloc(stride * nt);
    const isWeight = kernel === 'conv2dBackwardWeightThread';
    const partial = isWeight && byBatch && nt > 1 ? ar.alloc(s.w * 4 * (nt - 1)) : 0;
    const w = ar.argsOffset >> 2;
    const i32 = ar.I32;
    const geo = [g.N, g.C, g.H, g.W, g.O, g.kH, g.kW, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW,
      g.groups, g.outH, g.outW, in0, in1, out, scratch, stride, partial, byBatch ? 0 : 1];
    for (let i = 0; i < geo.length; i++) i32[w + i] = geo[i];
    this.runThreads(kernel, ar.argsOffset, nt);
    if (partial) for (let t = 1; t < nt; t++) this.ex.addInto(out, partial + (t - 1) * s.w * 4, s.w);
  }
}

/** out[g·Cg + c, o, kh, kw] = w[g·Og + o, c, kH − 1 − kh, kW − 1 − kw]: the weight of the transposed convolution. */
function flipWeight(g: Conv2dGeometry, w: Float32Array, out: Float32Array, base: number): void {
  const Cg = g.C / g.groups, Og = g.O / g.groups, kk = g.kH * g.kW;
  for (let gr = 0; gr < g.groups; gr++) {
    for (let o = 0; o < Og; o++) {
      for (let c = 0; c < Cg; c++) {
        const src = ((gr * Og + o) * Cg + c) * kk;
        const dst = base + ((gr * Cg + c) * Og + o) * kk;
        for (let t = 0; t < kk; t++) out[dst + t] = w[src + kk - 1 - t];
      }
    }
  }
}

interface ConvSizes { x: number; w: number; y: number }

function convSizes(fn: string, g: Conv2dGeometry): ConvSizes {
  const ints = ['N', 'C', 'H', 'W', 'O', 'kH', 'kW', 'strideH', 'strideW', 'padH', 'padW', 'dilationH', 'dilationW', 'groups', 'outH', 'outW'] as const;
  for (const k of ints) {
    const v = g[k];
    const min = k.startsWith('pad') || k === 'N' ? 0 : 1;
    if (!Number.isInteger(v) || v < min) throw new Error(`${fn}: geometry.${k} must be an integer ≥ ${min}, got ${v}.`);
  }
  if (g.C % g.groups !== 0 || g.O % g.groups !== 0) {
    throw new Error(`${fn}: groups=${g.groups} must divide both in_channels (${g.C}) and out_channels (${g.O}).`);
  }
  const oh = Math.floor((g.H + 2 * g.padH - g.dilationH * (g.kH - 1) - 1) / g.strideH) + 1;
  const ow = Math.floor((g.W + 2 * g.padW - g.dilationW * (g.kW - 1) - 1) / g.strideW) + 1;
  if (oh !== g.outH || ow !== g.outW) {
    throw new Error(`${fn}: outH×outW is ${g.outH}×${g.outW} but the input ${g.H}×${g.W}, kernel ${g.kH}×${g.kW}, stride, ` +
      `padding and dilation give ${oh}×${ow}. Compute out = floor((in + 2·pad − dilation·(k − 1) − 1) / stride) + 1.`);
  }
  return { x: g.N * g.C * g.H * g.W, w: g.O * (g.C / g.groups) * g.kH * g.kW, y: g.N * g.O * g.outH * g.outW };
}

function checkLen(fn: string, name: string, arr: Float32Array, need: number): void {
  if (!(arr instanceof Float32Array)) throw new Error(`${fn}: ${name} must be a Float32Array, got ${Object.prototype.toString.call(arr)}.`);
  if (arr.length < need) throw new Error(`${fn}: ${name} has ${arr.length} elements but the geometry needs ${need}.`);
}

function checkSpan(name: string, arr: Float32Array, offset: number, n: number, ld: number, cols: number): void {
  if (ld < cols) throw new Error(`gemm: leading dimension of ${name} is ${ld} but each stored row has ${cols} elements; ld${name.toLowerCase()} must be ≥ ${cols}.`);
  if (offset < 0 || offset + n > arr.length) {
    throw new Error(`gemm: ${name} needs elements [${offset}, ${offset + n}) but has length ${arr.length}. Check the offset, shape and leading dimension.`);
  }
}

function span(rows: number, cols: number, ld: number): number {
  return rows <= 0 || cols <= 0 ? 0 : (rows - 1) * ld + cols;
}

function align64(n: number): number {
  return Math.ceil(n / 64) * 64;
}
