/**
 * The kernel interface. Ops (core/ops) decide shapes, dtypes and autograd; a kernel only fills a buffer.
 * The reference JS kernels (core/kernels/js) are the oracle every fast kernel is tested against.
 *
 * Arrays are plain typed arrays (they may sit on a SharedArrayBuffer). Offsets and leading dimensions are in
 * elements, row-major (C order), like BLAS with CblasRowMajor.
 */
export type FloatArray = Float32Array | Float64Array;

export interface GemmArgs {
  /** op(A) is M×K, op(B) is K×N, C is M×N. transA means A is stored K×M (and we use its transpose). */
  transA: boolean;
  transB: boolean;
  M: number;
  N: number;
  K: number;
  /** C = alpha * op(A) · op(B) + beta * C. With beta = 0, C's previous contents are ignored (NaN included). */
  alpha: number;
  beta: number;
  A: FloatArray;
  aOffset: number;
  lda: number;
  B: FloatArray;
  bOffset: number;
  ldb: number;
  C: FloatArray;
  cOffset: number;
  ldc: number;
}

/** 2-D convolution geometry shared by the conv kernels (NCHW input, OIHW weight). */
export interface Conv2dGeometry {
  N: number; C: number; H: number; W: number;
  O: number; kH: number; kW: number;
  strideH: number; strideW: number;
  padH: number; padW: number;
  dilationH: number; dilationW: number;
  groups: number;
  outH: number; outW: number;
}

export interface Backend {
  readonly name: string;
  /** Batched calls loop over gemm; a backend may parallelise large ones. */
  gemm(args: GemmArgs): void;
  /**
   * Optional fast paths. When absent, ops compose them from gemm + reference JS loops.
   * x: N·C·H·W, w: O·(C/groups)·kH·kW, out: N·O·outH·outW (bias added by the op).
   */
  conv2dForward?(g: Conv2dGeometry, x: Float32Array, w: Float32Array, out: Float32Array): void;
  /** dx (N·C·H·W, overwritten) from dy and w. */
  conv2dBackwardInput?(g: Conv2dGeometry, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  /** dw (O·C/groups·kH·kW, overwritten) from x and dy. */
  conv2dBackwardWeight?(g: Conv2dGeometry, x: Float32Array, dy: Float32Array, dw: Float32Array): void;
}

let active: Backend | null = null;
const registry = new Map<string, Backend>();

export function registerBackend(b: Backend): void {
  registry.set(b.name, b);
}

/** Switch the backend used by every op from now on (e.g. 'js' for the reference, 'wasm' for SIMD kernels). */
export function setBackend(name: string): void {
  const b = registry.get(name);
  if (!b) throw new Error(`setBackend: unknown backend '${name}'. Registered backends: ${[...registry.keys()].join(', ') || 'none'}.`);
  active = b;
}

export function getBackend(): Backend {
  if (!active) throw new Error('No kernel backend is registered. Import core/index.ts, which registers the JS reference backend.');
  return active;
}

export function listBackends(): string[] {
  return [...registry.keys()];
}
