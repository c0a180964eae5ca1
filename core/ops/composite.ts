import { Tensor } from '../tensor/tensor.ts';
import { isFloatingPoint, scalarTypeName, type DType } from '../tensor/dtype.ts';
import { normalizeDim, broadcastShapes } from '../tensor/shape.ts';
import { reduceDims, type Dims } from './sum.ts';
import { mm, bmm } from './mm.ts';
import { where } from './where.ts';
import { renameGradFn } from '../autograd/function.ts';
import { isOptions } from './_helpers.ts';

/**
 * Composite functions: built from primitives, so their gradients (and gradients of gradients) come for free.
 */

function requireFloat(x: Tensor, fn: string): void {
  if (!isFloatingPoint(x.dtype)) {
    throw new TypeError(`${fn}(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(x.dtype)}. Convert with .float() first.`);
  }
}

/** torch.mean(input, dim=None, keepdim=False) */
export function mean(x: Tensor, dim?: Dims | MeanOptions, opts: MeanOptions | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = undefined; }
  const xf = opts.dtype ? x.to(opts.dtype) : x;
  requireFloat(xf, 'mean');
  const dims = reduceDims(dim, x.dim(), 'mean');
  const n = dims.reduce((a, d) => a * x.shape[d], 1);
  return renameGradFn(xf.sum(dims, { keepdim: opts.keepdim ?? false }).div(n), dim == null ? 'MeanBackward0' : 'MeanBackward1');
}

type MeanOptions = { keepdim?: boolean; dtype?: DType };
type VarOptions = { keepdim?: boolean; correction?: number; unbiased?: boolean };

/** torch.var(input, dim=None, *, correction=1, keepdim=False); unbiased=false means correction 0. */
export function var_(x: Tensor, dim?: Dims | VarOptions, opts: VarOptions | boolean = {}, keepdim?: boolean): Tensor {
  // PyTorch's positional form var(dim, unbiased, keepdim).
  if (typeof opts === 'boolean') opts = { unbiased: opts, keepdim };
  if (isOptions(dim)) { opts = dim; dim = undefined; }
  if (!isFloatingPoint(x.dtype)) throw new TypeError(`var/std: std and var only support floating point and complex dtypes (got torch.${x.dtype}). Convert with .float() first.`);
  const dims = reduceDims(dim, x.dim(), 'var');
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  const n = dims.reduce((a, d) => a * x.shape[d], 1);
  const mu = x.mean(dims, { keepdim: true });
  const dev = x.sub(mu);
  return renameGradFn(dev.mul(dev).sum(dims, { keepdim: opts.keepdim ?? false }).div(Math.max(n - correction, 0)), 'VarBackward0');
}

/** torch.std: the square root of var (same arguments). */
export function std(x: Tensor, dim?: Dims | VarOptions, opts: VarOptions | boolean = {}, keepdim?: boolean): Tensor {
  return renameGradFn(var_(x, dim, opts, keepdim).sqrt(), 'StdBackward0');
}

/** torch.logsumexp(input, dim, keepdim=False), stable against overflow. */
export function logsumexp(x: Tensor, dim: Dims, opts: { keepdim?: boolean } | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  const xf = isFloatingPoint(x.dtype) ? x : x.to('float32');
  const dims = reduceDims(dim, x.dim(), 'logsumexp');
  if (xf.numel() === 0) return xf.exp().sum(dims, { keepdim: opts.keepdim ?? false }).log();
  const m = xf.amax(dims, { keepdim: true }).detach();
  const mSafe = where(m.isinf(), 0, m);
  const r = xf.sub(mSafe).exp().sum(dims, { keepdim: true }).log().add(mSafe);
  return renameGradFn(opts.keepdim ? r : r.squeeze(dims), 'LogsumexpBackward0');
}

/** torch.softmax(input, dim) */
export function softmax(x: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor {
  const xf = opts.dtype ? x.to(opts.dtype) : x;
  if (!isFloatingPoint(xf.dtype)) throw new TypeError(`softmax: "softmax_lastdim_kernel_impl" not implemented for '${scalarTypeName(xf.dtype)}'. Convert with .float() or pass { dtype: 'float32' }.`);
  if (xf.dim() === 0) return renameGradFn(xf.sub(xf).exp(), 'SoftmaxBackward0');
  const d = normalizeDim(dim, xf.dim(), 'softmax');
  const m = xf.amax(d, { keepdim: true }).detach();
  const e = xf.sub(where(m.isinf(), 0, m)).exp();
  return renameGradFn(e.div(e.sum(d, { keepdim: true })), 'SoftmaxBackward0');
}

/** torch.log_softmax(input, dim) */
export function log_softmax(x: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor {
  const xf = opts.dtype ? x.to(opts.dtype) : x;
  if (!isFloatingPoint(xf.dtype)) throw new TypeError(`log_softmax: "log_softmax_lastdim_kernel_impl" not implemented for '${scalarTypeName(xf.dtype)}'. Convert with .float() or pass { dtype: 'float32' }.`);
  if (xf.dim() === 0) return renameGradFn(xf.sub(xf), 'LogSoftmaxBackward0');
  const d = normalizeDim(dim, xf.dim(), 'log_softmax');
  return renameGradFn(xf.sub(logsumexp(xf, d, { keepdim: true })), 'LogSoftmaxBackward0');
}

/** torch.norm / linalg.vector_norm with p in {number, 'fro', inf, -inf}. */
export function norm(x: Tensor, p: number | 'fro' | null = 'fro', dim?: Dims | { keepdim?: boolean }, opts: { keepdim?: boolean } | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = undefined; }
  if (!isFloatingPoint(x.dtype)) {
    throw new TypeError(`norm(): input dtype should be either floating point or complex. Got ${scalarTypeName(x.dtype)} instead. Convert with .float() first.`);
  }
  return renameGradFn(pNorm(x, p ?? 'fro', dim, opts.keepdim ?? false), 'NormBackward1');
}

function pNorm(x: Tensor, p: number | 'fro', dim: Dims, keepdim: boolean): Tensor {
  const ord = p === 'fro' ? 2 : p;
  if (ord === Infinity) return x.abs().amax(dim ?? null, { keepdim });
  if (ord === -Infinity) return x.abs().amin(dim ?? null, { keepdim });
  if (ord === 0) return x.ne(0).to(x.dtype).sum(dim, { keepdim });
  if (ord === 1) return x.abs().sum(dim, { keepdim });
  if (ord === 2) {
    // sqrt(sum x²) with a zero-safe gradient at x = 0 (PyTorch gives 0 there).
    const s = x.mul(x).sum(dim, { keepdim });
    return s.sqrt();
  }
  return x.abs().pow(ord).sum(dim, { keepdim }).pow(1 / ord);
}

/** torch.matmul: 1-D/2-D/batched product with broadcasting of batch dims. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.dim(), db = b.dim();
  // PyTorch's grad_fn names for each dispatch path of matmul.
  const name = da === 1 && db === 1 ? 'DotBackward0' : da === 2 && db === 1 ? 'MvBackward0' : da === 1 && db === 2 ? 'SqueezeBackward3'
    : da === 2 && db === 2 ? 'MmBackward0' : da === 2 && db >= 3 ? 'CloneBackward0' : 'UnsafeViewBackward0';
  return renameGradFn(matmulImpl(a, b, da, db), name);
}

function matmulImpl(a: Tensor, b: Tensor, da: number, db: number): Tensor {
  if (da === 0 || db === 0) throw new RangeError(`matmul: both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1) {
    if (a.shape[0] !== b.shape[0]) throw new RangeError(`matmul: inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
    return a.mul(b).sum();
  }
  if (da === 2 && db === 1) return mm(a, b.unsqueeze(1)).squeeze(1);
  if (da === 1 && db === 2) return mm(a.unsqueeze(0), b).squeeze(0);
  if (da === 2 && db === 2) return mm(a, b);
  if (da >= 3 && db <= 2) {
    // Fold batch into rows: (..., n, m) @ (m, p)
    const bb = db === 1 ? b.unsqueeze(1) : b;
    if (a.shape[da - 1] !== bb.shape[0]) {
      throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (${a.numel() / a.shape[da - 1]}x${a.shape[da - 1]} and ${bb.shape[0]}x${bb.shape[1]})`);
    }
    const lead = a.shape.slice(0, -1);
    const r = mm(a.reshape([-1, a.shape[da - 1]]), bb).reshape([...lead, bb.shape[1]]);
    return db === 1 ? r.squeeze(-1) : r;
  }
  const a3 = da === 1 ? a.unsqueeze(0) : a;
  const b3 = db === 1 ? b.unsqueeze(1) : b;
  const batchA = a3.shape.slice(0, -2), batchB = b3.shape.slice(0, -2);
  const n = Math.max(batchA.length, batchB.length);
  const batch: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = batchA[i - (n - batchA.length)] ?? 1, y = batchB[i - (n - batchB.length)] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new RangeError(`matmul: The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`);
    batch.push(Math.max(x, y));
  }
  const [rn, m] = a3.shape.slice(-2);
  const [m2, p] = b3.shape.slice(-2);
  if (m !== m2) throw new RangeError(`matmul: Expected size for first two dimensions of batch2 tensor to be: [${batch.reduce((q, s) => q * s, 1)}, ${m}] but got: [${batch.reduce((q, s) => q * s, 1)}, ${m2}].`);
  const bsz = batch.reduce((q, s) => q * s, 1);
  const A = a3.expand([...batch, rn, m]).reshape([bsz, rn, m]);
  const B = b3.expand([...batch, m, p]).reshape([bsz, m, p]);
  let r = bmm(A, B).reshape([...batch, rn, p]);
  if (da === 1) r = r.squeeze(-2);
  if (db === 1) r = r.squeeze(-1);
  return r;
}

/** torch.split(tensor, split_size_or_sections, dim=0) */
export function split(x: Tensor, size: number | number[], dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.dim(), 'split');
  const n = x.shape[d];
  const sizes: number[] = [];
  if (Array.isArray(size)) {
    if (size.reduce((a, b) => a + b, 0) !== n) throw new RangeError(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=[${size.join(', ')}]`);
    sizes.push(...size);
  } else {
    if (!(size > 0) && n > 0) throw new RangeError(`split expects split_size be non-negative, but got split_size=${size}`);
    for (let s = 0; s < n; s += size) sizes.push(Math.min(size, n - s));
    if (n === 0) sizes.push(0);
  }
  let start = 0;
  const name = Array.isArray(size) ? 'SplitWithSizesBackward0' : 'SplitBackward0';
  return sizes.map((s) => { const p = renameGradFn(x.narrow(d, start, s), name); start += s; return p; });
}

/** torch.chunk(input, chunks, dim=0) */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normalizeDim(dim, x.dim(), 'chunk');
  // An empty dim still gives `chunks` (empty) pieces, as PyTorch's split_with_sizes path does.
  if (x.shape[d] === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(x.shape[d] / chunks), d);
}

/** torch.unbind(input, dim=0) */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.dim(), 'unbind');
  return Array.from({ length: x.shape[d] }, (_, i) => renameGradFn(x.select(d, i), 'UnbindBackward0'));
}

/** torch.nn.functional.one_hot(tensor, num_classes=-1) → int64 */
export function one_hot(x: Tensor, num_classes = -1): Tensor {
  if (x.dtype !== 'int64') throw new TypeError('one_hot is only applicable to index tensor of type LongTensor.');
  const vals = x._values();
  if (vals.some((v) => v < 0)) throw new RangeError('one_hot: Class values must be non-negative.');
  const maxv = vals.length ? Math.max(...vals) : -1;
  const nc = num_classes === -1 ? maxv + 1 : num_classes;
  if (num_classes === -1 && vals.length === 0) throw new RangeError('one_hot: Can not infer total number of classes from empty tensor. Pass num_classes.');
  if (maxv >= nc) throw new RangeError(`one_hot: Class values must be smaller than num_classes. (got class ${maxv} with num_classes=${nc})`);
  const out = Tensor._empty([...x.shape, nc], 'int64');
  vals.forEach((v, i) => { out._storage.data[i * nc + v] = 1; });
  return out;
}

/** torch.prod over all elements or one dim, via exp(sum(log|x|)) sign-corrected — kept simple: repeated mul. */
export function prod(x: Tensor, dim?: number | { keepdim?: boolean }, opts: { keepdim?: boolean } | boolean = {}): Tensor {
  if (typeof opts === 'boolean') opts = { keepdim: opts };
  if (isOptions(dim)) { opts = dim; dim = undefined; }
  if (dim === undefined) {
    const r = unbind(x.reshape([-1]), 0).reduce((acc: Tensor | null, v) => (acc ? acc.mul(v) : v), null) ?? x.sum().mul(0).add(1);
    return renameGradFn(r, 'ProdBackward0');
  }
  const parts = unbind(x, dim);
  const r = parts.reduce((acc: Tensor | null, v) => (acc ? acc.mul(v) : v), null) ?? x.sum(dim).mul(0).add(1);
  return renameGradFn(opts.keepdim ? r.unsqueeze(normalizeDim(dim, x.dim(), 'prod')) : r, 'ProdBackward1');
}

/** torch.addmm(input, mat1, mat2, *, beta=1, alpha=1): beta·input + alpha·(mat1 @ mat2); input broadcasts. */
export function addmm(input: Tensor, m1: Tensor, m2: Tensor, opts: { beta?: number; alpha?: number } = {}): Tensor {
  const beta = opts.beta ?? 1, alpha = opts.alpha ?? 1;
  const p = mm(m1, m2);
  let r = alpha === 1 ? p : p.mul(alpha);
  // beta = 0 ignores input entirely (NaN and inf in it included), as PyTorch does.
  const shape = broadcastShapes(input.shape, r.shape, 'addmm');
  if (shape.length !== 2 || shape[0] !== r.shape[0] || shape[1] !== r.shape[1]) {
    throw new RangeError(`addmm: input of shape [${input.shape.join(', ')}] does not broadcast to the product's shape [${r.shape.join(', ')}]`);
  }
  if (beta !== 0) r = (beta === 1 ? input : input.mul(beta)).add(r);
  return renameGradFn(r, 'AddmmBackward0');
}

/** torch.dot(input, other): inner product of two 1-D tensors of equal length and dtype. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 1 || b.dim() !== 1) throw new RangeError(`dot: 1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  if (a.dtype !== b.dtype) throw new TypeError(`dot : expected both vectors to have same dtype, but found ${scalarTypeName(a.dtype)} and ${scalarTypeName(b.dtype)}`);
  if (a.shape[0] !== b.shape[0]) {
    throw new RangeError(`dot: inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
  }
  return renameGradFn(a.mul(b).sum(), 'DotBackward0');
}
