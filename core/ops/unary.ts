import { Tensor } from '../tensor/tensor.ts';
import { isFloatingPoint } from '../tensor/dtype.ts';
import { record } from '../autograd/function.ts';
import { unaryMap, floatType, UnOp } from './_helpers.ts';
import { reluBackward } from './relu_grad.ts';
import { reluF32 } from '../kernels/js/f32.ts';

/**
 * Elementwise unary primitives. Each entry is one op: its forward (a kernel code or a scalar function) next to its
 * backward, written with differentiable ops so higher-order gradients work.
 */
interface UnarySpec {
  name: string;
  backwardName: string;
  code: UnOp;
  f: ((x: number) => number) | null;
  /** Integer inputs produce floats (exp, log, …) or keep their dtype (neg, abs). */
  floatOut: boolean;
  grad: ((g: Tensor, x: Tensor, out: Tensor) => Tensor) | null;
}

/** Error function with float64 accuracy (W. J. Cody's rational approximations). */
export function erfScalar(x: number): number {
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = x * x;
    const p = (((0.1857777061846031526730 * t + 3.161123743870565596947) * t + 113.8641541510501556495) * t + 377.4852376853020208137) * t + 3209.377589138469472562;
    const q = (((t + 23.60129095234412093499) * t + 244.0246379344441733056) * t + 1282.616526077372275645) * t + 2844.236833439170622273;
    return x * p / q;
  }
  return x < 0 ? -(1 - erfcPos(ax)) : 1 - erfcPos(ax);
}

function erfcPos(x: number): number {
  if (x < 4) {
    const p = (((((((0.5641884969886700891 * x + 8.883149794388375941) * x + 66.11919063714162948) * x + 298.6351381974001311) * x + 881.9522212417690904) * x + 1712.047612634070583) * x + 2051.078377826071465) * x + 1230.339354797997253);
    const q = (((((((x + 15.74492611070983473) * x + 117.6939508913124993) * x + 537.1811018620098575) * x + 1621.389574566690189) * x + 3290.799235733459627) * x + 4362.619090143247158) * x + 3439.367674143721637) * x + 1230.339354803749420;
    return Math.exp(-x * x) * p / q;
  }
  const z = 1 / (x * x);
  const p = ((((0.02307344176494017303 * z + 0.2153505019889373413) * z + 0.1274011611602473639) * z + 0.02223192459334018450) * z + 0.001421619193227893466) * z + 0.00002858687539417570;
  const q = ((((z + 1.284260096144911006) * z + 0.4682382124808651) * z + 0.06592197558298062) * z + 0.003780960815428131) * z + 0.0000864928998393089;
  return (Math.exp(-x * x) / x) * (0.5641895835477562869 - z * p / q);
}

const SQRT_PI_2 = 2 / Math.sqrt(Math.PI);

const SPECS: Record<string, UnarySpec> = {
  neg: { name: 'neg', backwardName: 'NegBackward0', code: UnOp.Neg, f: null, floatOut: false, grad: (g) => g.neg() },
  exp: { name: 'exp', backwardName: 'ExpBackward0', code: UnOp.Exp, f: null, floatOut: true, grad: (g, _x, out) => g.mul(out) },
  log: { name: 'log', backwardName: 'LogBackward0', code: UnOp.Log, f: null, floatOut: true, grad: (g, x) => g.div(x) },
  sqrt: { name: 'sqrt', backwardName: 'SqrtBackward0', code: UnOp.Sqrt, f: null, floatOut: true, grad: (g, _x, out) => g.div(out.mul(2)) },
  abs: { name: 'abs', backwardName: 'AbsBackward0', code: UnOp.Abs, f: null, floatOut: false, grad: (g, x) => g.mul(x.sign()) },
  sigmoid: { name: 'sigmoid', backwardName: 'SigmoidBackward0', code: UnOp.Sigmoid, f: null, floatOut: true, grad: (g, _x, out) => g.mul(out.mul(out.neg().add(1))) },
  tanh: { name: 'tanh', backwardName: 'TanhBackward0', code: UnOp.Tanh, f: null, floatOut: true, grad: (g, _x, out) => g.mul(out.mul(out).neg().add(1)) },
  relu: { name: 'relu', backwardName: 'ReluBackward0', code: UnOp.Relu, f: null, floatOut: false, grad: (g, _x, out) => reluBackward(g, out) },
  sin: { name: 'sin', backwardName: 'SinBackward0', code: UnOp.Custom, f: Math.sin, floatOut: true, grad: (g, x) => g.mul(x.cos()) },
  cos: { name: 'cos', backwardName: 'CosBackward0', code: UnOp.Custom, f: Math.cos, floatOut: true, grad: (g, x) => g.mul(x.sin().neg()) },
  log1p: { name: 'log1p', backwardName: 'Log1PBackward0', code: UnOp.Custom, f: Math.log1p, floatOut: true, grad: (g, x) => g.div(x.add(1)) },
  expm1: { name: 'expm1', backwardName: 'Expm1Backward0', code: UnOp.Custom, f: Math.expm1, floatOut: true, grad: (g, _x, out) => g.mul(out.add(1)) },
  rsqrt: { name: 'rsqrt', backwardName: 'RsqrtBackward0', code: UnOp.Custom, f: (v) => 1 / Math.sqrt(v), floatOut: true, grad: (g, _x, out) => g.mul(out.pow(3).mul(-0.5)) },
  reciprocal: { name: 'reciprocal', backwardName: 'ReciprocalBackward0', code: UnOp.Custom, f: (v) => 1 / v, floatOut: true, grad: (g, _x, out) => g.mul(out.mul(out).neg()) },
  erf: { name: 'erf', backwardName: 'ErfBackward0', code: UnOp.Custom, f: erfScalar, floatOut: true, grad: (g, x) => g.mul(x.mul(x).neg().exp().mul(SQRT_PI_2)) },
  sign: { name: 'sign', backwardName: 'SignBackward0', code: UnOp.Custom, f: (v) => (v > 0 ? 1 : v < 0 ? -1 : v), floatOut: false, grad: (g) => g.mul(0) },
  floor: { name: 'floor', backwardName: 'FloorBackward0', code: UnOp.Custom, f: Math.floor, floatOut: false, grad: (g) => g.mul(0) },
  ceil: { name: 'ceil', backwardName: 'CeilBackward0', code: UnOp.Custom, f: Math.ceil, floatOut: false, grad: (g) => g.mul(0) },
  round: { name: 'round', backwardName: 'RoundBackward0', code: UnOp.Custom, f: roundHalfEven, floatOut: false, grad: (g) => g.mul(0) },
  trunc: { name: 'trunc', backwardName: 'TruncBackward0', code: UnOp.Custom, f: Math.trunc, floatOut: false, grad: (g) => g.mul(0) },
  tan: { name: 'tan', backwardName: 'TanBackward0', code: UnOp.Custom, f: Math.tan, floatOut: true, grad: (g, _x, out) => g.mul(out.mul(out).add(1)) },
  asin: { name: 'asin', backwardName: 'AsinBackward0', code: UnOp.Custom, f: Math.asin, floatOut: true, grad: (g, x) => g.div(x.mul(x).neg().add(1).sqrt()) },
  acos: { name: 'acos', backwardName: 'AcosBackward0', code: UnOp.Custom, f: Math.acos, floatOut: true, grad: (g, x) => g.neg().div(x.mul(x).neg().add(1).sqrt()) },
  atan: { name: 'atan', backwardName: 'AtanBackward0', code: UnOp.Custom, f: Math.atan, floatOut: true, grad: (g, x) => g.div(x.mul(x).add(1)) },
  sinh: { name: 'sinh', backwardName: 'SinhBackward0', code: UnOp.Custom, f: Math.sinh, floatOut: true, grad: (g, x) => g.mul(x.cosh()) },
  cosh: { name: 'cosh', backwardName: 'CoshBackward0', code: UnOp.Custom, f: Math.cosh, floatOut: true, grad: (g, x) => g.mul(x.sinh()) },
  asinh: { name: 'asinh', backwardName: 'AsinhBackward0', code: UnOp.Custom, f: Math.asinh, floatOut: true, grad: (g, x) => g.div(x.mul(x).add(1).sqrt()) },
  acosh: { name: 'acosh', backwardName: 'AcoshBackward0', code: UnOp.Custom, f: Math.acosh, floatOut: true, grad: (g, x) => g.div(x.sub(1).sqrt().mul(x.add(1).sqrt())) },
  atanh: { name: 'atanh', backwardName: 'AtanhBackward0', code: UnOp.Custom, f: Math.atanh, floatOut: true, grad: (g, x) => g.div(x.mul(x).neg().add(1)) },
  log2: { name: 'log2', backwardName: 'Log2Backward0', code: UnOp.Custom, f: Math.log2, floatOut: true, grad: (g, x) => g.div(x.mul(Math.LN2)) },
  log10: { name: 'log10', backwardName: 'Log10Backward0', code: UnOp.Custom, f: Math.log10, floatOut: true, grad: (g, x) => g.div(x.mul(Math.LN10)) },
  exp2: { name: 'exp2', backwardName: 'Exp2Backward0', code: UnOp.Custom, f: (v) => 2 ** v, floatOut: true, grad: (g, _x, out) => g.mul(out.mul(Math.LN2)) },
};

/** Round half to even, as torch.round does. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function makeUnary(spec: UnarySpec): (x: Tensor) => Tensor {
  return (x: Tensor) => {
    if (x.dtype === 'bool' && spec.name === 'neg') {
      throw new TypeError('neg: Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
    }
    const outDtype = spec.floatOut && !isFloatingPoint(x.dtype) ? floatType(x.dtype) : x.dtype;
    let out: Tensor;
    if (spec.code === UnOp.Relu && x.dtype === 'float32' && x.is_contiguous()) {
      out = Tensor._empty(x.shape, 'float32');
      reluF32(x._storage.data as Float32Array, x._offset, out._storage.data as Float32Array, out.numel());
    } else out = unaryMap(x, outDtype, spec.code, spec.f, spec.name);
    if (!spec.grad) return out;
    const grad = spec.grad;
    return record(spec.backwardName, out, [x], [x, out], (g, [xs, o]) => [grad(g, xs, o)]);
  };
}

export const neg = makeUnary(SPECS.neg);
export const exp = makeUnary(SPECS.exp);
export const log = makeUnary(SPECS.log);
export const sqrt = makeUnary(SPECS.sqrt);
export const abs = makeUnary(SPECS.abs);
export const sigmoid = makeUnary(SPECS.sigmoid);
export const tanh = makeUnary(SPECS.tanh);
export const relu = makeUnary(SPECS.relu);
export const sin = makeUnary(SPECS.sin);
export const cos = makeUnary(SPECS.cos);
export const log1p = makeUnary(SPECS.log1p);
export const expm1 = makeUnary(SPECS.expm1);
export const rsqrt = makeUnary(SPECS.rsqrt);
export const reciprocal = makeUnary(SPECS.reciprocal);
export const erf = makeUnary(SPECS.erf);
export const sign = makeUnary(SPECS.sign);
export const floor = makeUnary(SPECS.floor);
export const ceil = makeUnary(SPECS.ceil);
export const round = makeUnary(SPECS.round);
export const trunc = makeUnary(SPECS.trunc);
export const tan = makeUnary(SPECS.tan);
export const asin = makeUnary(SPECS.asin);
export const acos = makeUnary(SPECS.acos);
export const atan = makeUnary(SPECS.atan);
export const sinh = makeUnary(SPECS.sinh);
export const cosh = makeUnary(SPECS.cosh);
export const asinh = makeUnary(SPECS.asinh);
export const acosh = makeUnary(SPECS.acosh);
export const atanh = makeUnary(SPECS.atanh);
export const log2 = makeUnary(SPECS.log2);
export const log10 = makeUnary(SPECS.log10);
export const exp2 = makeUnary(SPECS.exp2);
