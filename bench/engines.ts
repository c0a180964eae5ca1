// The engines the kernel benchmark compares. Each engine prepares its inputs once per workload and returns a
// closure that runs the workload to completion (results read back, so lazy engines cannot cheat).
import { gemmRef } from '../core/kernels/js/gemm.ts';
import type { Conv2dGeometry } from '../core/kernels/backend.ts';
import type { WasmBackend } from '../core/kernels/wasm/index.ts';

export type Workload =
  | { kind: 'gemm'; name: string; n: number }
  | { kind: 'conv'; name: string; g: Conv2dGeometry; pass: 'forward' | 'input' | 'weight' };

export interface Engine {
  name: string;
  /** null when the engine has no such kernel (then the table shows '—'). */
  prepare(w: Workload): (() => void) | null;
}

export function flops(w: Workload): number {
  if (w.kind === 'gemm') return 2 * w.n ** 3;
  const g = w.g;
  return 2 * g.N * g.O * (g.C / g.groups) * g.kH * g.kW * g.outH * g.outW;
}

function rand(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5;
  return a;
}

function convArrays(g: Conv2dGeometry) {
  return { x: rand(g.N * g.C * g.H * g.W), w: rand(g.O * (g.C / g.groups) * g.kH * g.kW), y: rand(g.N * g.O * g.outH * g.outW) };
}

/** im2col for one sample, groups = 1 (the bench's JS reference conv follows the engine's JS path: im2col + gemm). */
function im2col(g: Conv2dGeometry, x: Float32Array, xOff: number, col: Float32Array): void {
  const P = g.outH * g.outW;
  for (let c = 0; c < g.C; c++) for (let kh = 0; kh < g.kH; kh++) for (let kw = 0; kw < g.kW; kw++) {
    const row = ((c * g.kH + kh) * g.kW + kw) * P;
    for (let oh = 0; oh < g.outH; oh++) {
      const ih = oh * g.strideH - g.padH + kh * g.dilationH;
      for (let ow = 0; ow < g.outW; ow++) {
        const iw = ow * g.strideW - g.padW + kw * g.dilationW;
        col[row + oh * g.outW + ow] = ih >= 0 && ih < g.H && iw >= 0 && iw < g.W ? x[xOff + (c * g.H + ih) * g.W + iw] : 0;
      }
    }
  }
}

export function jsReferenceEngine(): Engine {
  return {
    name: 'JS reference',
    prepare(w) {
      if (w.kind === 'gemm') {
        const A = rand(w.n * w.n), B = rand(w.n * w.n), C = new Float32Array(w.n * w.n);
        return () => gemmRef({ transA: false, transB: false, M: w.n, N: w.n, K: w.n, alpha: 1, beta: 0, A, aOffset: 0, lda: w.n, B, bOffset: 0, ldb: w.n, C, cOffset: 0, ldc: w.n });
      }
      if (w.pass !== 'forward' || w.g.groups !== 1) return null;
      const g = w.g, { x, w: wt, y } = convArrays(g);
      const Kd = g.C * g.kH * g.kW, P = g.outH * g.outW;
      const col = new Float32Array(Kd * P);
      return () => {
        for (let n = 0; n < g.N; n++) {
          im2col(g, x, n * g.C * g.H * g.W, col);
          gemmRef({ transA: false, transB: false, M: g.O, N: P, K: Kd, alpha: 1, beta: 0, A: wt, aOffset: 0, lda: Kd, B: col, bOffset: 0, ldb: P, C: y, cOffset: n * g.O * P, ldc: P });
        }
      };
    },
  };
}

export function wasmEngine(name: string, be: WasmBackend): Engine {
  return {
    name,
    prepare(w) {
      if (w.kind === 'gemm') {
        const A = rand(w.n * w.n), B = rand(w.n * w.n), C = new Float32Array(w.n * w.n);
        return () => be.gemm({ transA: false, transB: false, M: w.n, N: w.n, K: w.n, alpha: 1, beta: 0, A, aOffset: 0, lda: w.n, B, bOffset: 0, ldb: w.n, C, cOffset: 0, ldc: w.n });
      }
      const g = w.g, { x, w: wt, y } = convArrays(g);
      if (w.pass === 'forward') return () => be.conv2dForward(g, x, wt, y);
      if (w.pass === 'input') return () => be.conv2dBackwardInput(g, y, wt, x);
      const dw = new Float32Array(wt.length);
      return () => be.conv2dBackwardWeight(g, x, y, dw);
    },
  };
}

type Tf = typeof import('@tensorflow/tfjs-core');

/** tfjs-core with the given backend ('cpu' or 'wasm'); conv runs NHWC, as tfjs expects. */
export function tfjsEngine(name: string, tf: Tf, backend: string): Engine {
  return {
    name,
    prepare(w) {
      const use = () => { if (tf.getBackend() !== backend) void tf.setBackend(backend); };
      use();
      if (w.kind === 'gemm') {
        const a = tf.tensor2d(rand(w.n * w.n), [w.n, w.n]), b = tf.tensor2d(rand(w.n * w.n), [w.n, w.n]);
        return () => { use(); const c = tf.matMul(a, b); c.dataSync(); c.dispose(); };
      }
      const g = w.g;
      if (g.groups !== 1 || g.strideH !== g.strideW || g.dilationH !== 1 || g.dilationW !== 1) return null;
      const x = tf.tensor4d(rand(g.N * g.H * g.W * g.C), [g.N, g.H, g.W, g.C]);
      const f = tf.tensor4d(rand(g.kH * g.kW * g.C * g.O), [g.kH, g.kW, g.C, g.O]);
      const dy = tf.tensor4d(rand(g.N * g.outH * g.outW * g.O), [g.N, g.outH, g.outW, g.O]);
      if (g.padH !== g.padW) return null;
      const s = g.strideH, pad = g.padH;
      if (w.pass === 'forward') return () => { use(); const y = tf.conv2d(x, f, s, pad); y.dataSync(); y.dispose(); };
      const kernel = w.pass === 'input' ? 'Conv2DBackpropInput' : 'Conv2DBackpropFilter';
      const inputs: import('@tensorflow/tfjs-core').NamedTensorMap = w.pass === 'input' ? { dy, filter: f } : { x, dy };
      const attrs = { strides: [s, s], pad, dataFormat: 'NHWC', dimRoundingMode: undefined,
        inputShape: [g.N, g.H, g.W, g.C], filterShape: [g.kH, g.kW, g.C, g.O] };
      return () => {
        use();
        const r = tf.engine().runKernel(kernel, inputs, attrs as never) as import('@tensorflow/tfjs-core').Tensor;
        r.dataSync();
        r.dispose();
      };
    },
  };
}
