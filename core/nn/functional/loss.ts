/**
 * torch.nn.functional losses. Every loss is a composite of differentiable primitives (so gradients, and gradients of
 * gradients, come from the ops), except ctc_loss which has its own forward/backward like PyTorch's. Arguments and
 * defaults follow PyTorch; keyword arguments are a trailing options object:
 * `F.cross_entropy(logits, target, { label_smoothing: 0.1 })`.
 */
import { Tensor } from '../../tensor/tensor.ts';
import { isFloatingPoint, type DType } from '../../tensor/dtype.ts';
import { broadcastShapes, shapeStr } from '../../tensor/shape.ts';
import { record } from '../../autograd/function.ts';
import { no_grad } from '../../autograd/grad_mode.ts';
import { tensor, zeros } from '../../ops/creation.ts';
import { where } from '../../ops/where.ts';
import { minimum } from '../../ops/minmax.ts';
import '../../ops/methods.ts';

export type Reduction = 'none' | 'mean' | 'sum';
export interface ReductionOptions { reduction?: Reduction }

// ---------------------------------------------------------------------------------------------------------------
// Helpers: argument checks with teaching messages, and the reduction step.

/** Throw a TypeError/RangeError whose message starts with the loss's name. */
function fail(loss: string, msg: string, type: 'type' | 'range' = 'range'): never {
  const text = `${loss}: ${msg}`;
  throw type === 'type' ? new TypeError(text) : new RangeError(text);
}

function checkReduction(loss: string, reduction: string, extra: string[] = []): void {
  const ok = ['none', 'mean', 'sum', ...extra];
  if (!ok.includes(reduction)) fail(loss, `'${reduction}' is not a valid value for reduction; use one of ${ok.map((r) => `'${r}'`).join(', ')}.`, 'type');
}

function reduce(loss: Tensor, reduction: string): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  return loss.mean();
}

function checkTensor(loss: string, arg: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) fail(loss, `${arg} must be a Tensor, but got ${x === null ? 'null' : typeof x}.`, 'type');
}

function checkFloat(loss: string, arg: string, x: Tensor): void {
  checkTensor(loss, arg, x);
  if (!isFloatingPoint(x.dtype)) {
    fail(loss, `${arg} must be a floating point tensor, but got dtype ${x.dtype}. Convert it with ${arg}.float().`, 'type');
  }
}

/** Elementwise losses broadcast input and target like PyTorch (which warns when their sizes differ). */
function checkPair(loss: string, input: Tensor, target: Tensor, targetName = 'target'): void {
  checkFloat(loss, 'input', input);
  checkTensor(loss, targetName, target);
  try {
    broadcastShapes(input.shape, target.shape);
  } catch {
    fail(loss, `input has shape ${shapeStr(input.shape)} but ${targetName} has shape ${shapeStr(target.shape)}; they must have the same shape. Reshape the ${targetName} (e.g. ${targetName}.view(${shapeStr(input.shape)})) or fix the model's output size.`);
  }
}

function checkSameShape(loss: string, input: Tensor, target: Tensor, pyMsg: string): void {
  checkFloat(loss, 'input', input);
  checkTensor(loss, 'target', target);
  if (input.dim() !== target.dim() || input.shape.some((s, i) => s !== target.shape[i])) {
    fail(loss, `${pyMsg} Got input ${shapeStr(input.shape)} and target ${shapeStr(target.shape)}; reshape the target to ${shapeStr(input.shape)} (for a [N] target and a [N, 1] output use target.unsqueeze(1)).`);
  }
}

function floatTarget(loss: string, target: Tensor, dtype: DType): Tensor {
  if (target.dtype === 'bool') return target.to(dtype);
  if (!isFloatingPoint(target.dtype)) {
    fail(loss, `target must be a floating point tensor of the same dtype as input (${dtype}), but got ${target.dtype}. Use target.float().`, 'type');
  }
  return target;
}

function asLengths(name: string, arg: string, v: Tensor | number[] | ArrayLike<number>): number[] {
  if (v instanceof Tensor) {
    if (isFloatingPoint(v.dtype)) fail(name, `${arg} must be integers (int64), but got dtype ${v.dtype}. Use ${arg}.long().`, 'type');
    return v._values();
  }
  return Array.from(v);
}

/** The logarithm of sigmoid, stable for large |x|, with gradient sigmoid(-x). */
function logsigmoid(x: Tensor): Tensor {
  const out = no_grad(() => x.clamp_max(0).sub(x.abs().neg().exp().log1p()));
  return record('LogSigmoidBackward0', out, [x], [x], (g, [xs]) => [g.mul(xs.neg().sigmoid())]);
}

/** clamp(min) whose gradient is the identity (PyTorch clamps var in place under no_grad in gaussian_nll_loss). */
function clampNoGrad(x: Tensor, min: number): Tensor {
  const out = no_grad(() => x.clamp_min(min));
  return record('CloneBackward0', out, [x], [], (g) => [g]);
}

/** Legacy size_average/reduce arguments → reduction, as torch.nn._reduction.legacy_get_string does. */
export function legacyReduction(size_average?: boolean | null, reduce?: boolean | null): Reduction {
  const sa = size_average ?? true;
  const r = reduce ?? true;
  if (sa && r) return 'mean';
  if (r) return 'sum';
  return 'none';
}

// ---------------------------------------------------------------------------------------------------------------
// Regression losses.

/** F.l1_loss(input, target, reduction='mean'): |input - target|. */
export function l1_loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  checkReduction('L1Loss', reduction);
  checkPair('L1Loss', input, target);
  return reduce(input.sub(target).abs(), reduction);
}

/** F.mse_loss(input, target, reduction='mean'): (input - target)². */
export function mse_loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  checkReduction('MSELoss', reduction);
  checkPair('MSELoss', input, target);
  const d = input.sub(target);
  return reduce(d.mul(d), reduction);
}

/** F.smooth_l1_loss(input, target, reduction='mean', beta=1.0): quadratic below beta, linear above. */
export function smooth_l1_loss(input: Tensor, target: Tensor, opts: ReductionOptions & { beta?: number } = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  const beta = opts.beta ?? 1.0;
  checkReduction('SmoothL1Loss', reduction);
  checkPair('SmoothL1Loss', input, target);
  if (beta < 0) fail('SmoothL1Loss', `beta must be non-negative, but got ${beta}.`);
  const ad = input.sub(target).abs();
  if (beta === 0) return reduce(ad, reduction);
  return reduce(where(ad.lt(beta), ad.mul(ad).mul(0.5 / beta), ad.sub(0.5 * beta)), reduction);
}

/** F.huber_loss(input, target, reduction='mean', delta=1.0): 0.5·d² below delta, delta·(|d| − delta/2) above. */
export function huber_loss(input: Tensor, target: Tensor, opts: ReductionOptions & { delta?: number } = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  const delta = opts.delta ?? 1.0;
  checkReduction('HuberLoss', reduction);
  checkPair('HuberLoss', input, target);
  if (!(delta > 0)) fail('HuberLoss', `delta must be positive, but got ${delta}.`);
  const ad = input.sub(target).abs();
  return reduce(where(ad.lt(delta), ad.mul(ad).mul(0.5), ad.sub(0.5 * delta).mul(delta)), reduction);
}

/** F.poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-8, reduction='mean'). */
export function poisson_nll_loss(input: Tensor, target: Tensor, opts: ReductionOptions & { log_input?: boolean; full?: boolean; eps?: number } = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  checkReduction('PoissonNLLLoss', reduction);
  checkPair('PoissonNLLLoss', input, target);
  const eps = opts.eps ?? 1e-8;
  let loss = (opts.log_input ?? true) ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
  if (opts.full) {
    const t = target.detach();
    const safe = where(t.gt(1), t, 1);
    const stirling = safe.mul(safe.log()).sub(safe).add(safe.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(where(t.gt(1), stirling, 0));
  }
  return reduce(loss, reduction);
}

/** F.gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction='mean'): 0.5·(log var + (input−target)²/var). */
export function gaussian_nll_loss(input: Tensor, target: Tensor, variance: Tensor, opts: ReductionOptions & { full?: boolean; eps?: number } = {}): Tensor {
  const name = 'GaussianNLLLoss';
  const reduction = opts.reduction ?? 'mean';
  checkReduction(name, reduction);
  checkPair(name, input, target);
  checkFloat(name, 'var', variance);
  let v = variance;
  const sameShape = v.dim() === input.dim() && v.shape.every((s, i) => s === input.shape[i]);
  if (!sameShape) {
    const lead = input.shape.slice(0, -1);
    if (v.dim() === lead.length && v.shape.every((s, i) => s === lead[i])) v = v.unsqueeze(-1);
    else if (!(v.dim() === input.dim() && v.shape[v.dim() - 1] === 1 && v.shape.slice(0, -1).every((s, i) => s === lead[i]))) {
      fail(name, `var is of incorrect size: got ${shapeStr(variance.shape)} for input ${shapeStr(input.shape)}. var must have the input's shape, or the input's shape with the last dimension 1 or removed (one variance per sample).`);
    }
  }
  if (v._values().some((x) => x < 0)) fail(name, 'var has negative entry/entries; variances must be ≥ 0 (e.g. pass softplus(raw) or exp(log_var)).');
  const vc = clampNoGrad(v, opts.eps ?? 1e-6);
  const d = input.sub(target);
  let loss = vc.log().add(d.mul(d).div(vc)).mul(0.5);
  if (opts.full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, reduction);
}

/** F.kl_div(input, target, reduction='mean', log_target=False); input holds log-probabilities. */
export function kl_div(input: Tensor, target: Tensor, opts: { reduction?: Reduction | 'batchmean'; log_target?: boolean } = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  checkReduction('KLDivLoss', reduction, ['batchmean']);
  checkPair('KLDivLoss', input, target);
  let loss: Tensor;
  if (opts.log_target) loss = target.exp().mul(target.sub(input));
  else {
    // xlogy(target, target) − target·input, with 0·log 0 = 0
    const pos = target.gt(0);
    loss = where(pos, target.mul(where(pos, target, 1).log()), 0).sub(target.mul(input));
  }
  if (reduction === 'batchmean') return input.dim() === 0 ? loss.sum() : loss.sum().div(input.shape[0]);
  return reduce(loss, reduction);
}

// ---------------------------------------------------------------------------------------------------------------
// Classification losses.

interface NllOptions { weight?: Tensor | null; ignore_index?: number; reduction?: Reduction }

/** Flatten (N, C, d1, …) / (C) inputs to (M, C) rows and check the index target. */
function classRows(loss: string, input: Tensor, target: Tensor, weight: Tensor | null | undefined, ignoreIndex: number) {
  checkFloat(loss, 'input', input);
  checkTensor(loss, 'target', target);
  if (input.dim() < 1) fail(loss, 'input must have at least 1 dimension (C) or (N, C, …), but got a 0-dim tensor.');
  if (target.dtype !== 'int64') {
    const hint = loss === 'CrossEntropyLoss' && isFloatingPoint(target.dtype)
      ? ` A floating point target is read as class probabilities and must then have the input's shape ${shapeStr(input.shape)}.`
      : '';
    fail(loss, `expected a target of class indices with dtype int64 (torch.long), but got ${target.dtype}. Use target.long().${hint}`, 'type');
  }
  const C = input.dim() === 1 ? input.shape[0] : input.shape[1];
  if (input.dim() === 1) {
    if (target.dim() !== 0) fail(loss, `an unbatched input of shape ${shapeStr(input.shape)} needs a 0-dim target, but got target ${shapeStr(target.shape)}.`);
  } else {
    if (target.dim() === 0 || target.shape[0] !== input.shape[0]) {
      fail(loss, `Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.dim() === 0 ? 0 : target.shape[0]}). Input is ${shapeStr(input.shape)} (N, C, …) and target ${shapeStr(target.shape)} (N, …).`);
    }
    const expected = [input.shape[0], ...input.shape.slice(2)];
    if (target.dim() !== expected.length || target.shape.some((s, i) => s !== expected[i])) {
      fail(loss, `Expected target size ${shapeStr(expected)}, got ${shapeStr(target.shape)} (input is ${shapeStr(input.shape)}; the class dimension is dim 1).`);
    }
  }
  if (weight != null) {
    checkFloat(loss, 'weight', weight);
    if (weight.dim() !== 1 || weight.shape[0] !== C) {
      fail(loss, `weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${shapeStr(weight.shape)}.`);
    }
  }
  const tv = target._values();
  const valid = tv.map((t) => t !== ignoreIndex);
  tv.forEach((t, i) => {
    if (valid[i] && (t < 0 || t >= C)) {
      fail(loss, `Target ${t} is out of bounds: the input has ${C} classes, so targets must be in [0, ${C - 1}]${ignoreIndex < 0 || ignoreIndex >= C ? ` (or ignore_index=${ignoreIndex})` : ''}. Check the number of output units or the labels.`);
    }
  });
  const rows = input.dim() === 1 ? input.unsqueeze(0) : input.dim() === 2 ? input : input.permute([0, ...input.shape.slice(2).map((_, i) => i + 2), 1]).reshape([-1, C]);
  const safeIdx = tensor(tv.map((t, i) => (valid[i] ? t : 0)), { dtype: 'int64' });
  const validMask = tensor(valid, { dtype: 'bool' });
  return { rows, C, safeIdx, validMask, validList: valid };
}

/** F.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean'); input holds log-probabilities. */
export function nll_loss(input: Tensor, target: Tensor, opts: NllOptions = {}): Tensor {
  return nllImpl('NLLLoss', input, target, opts);
}

function nllImpl(name: string, input: Tensor, target: Tensor, opts: NllOptions): Tensor {
  const reduction = opts.reduction ?? 'mean';
  const ignore = opts.ignore_index ?? -100;
  checkReduction(name, reduction);
  const { rows, C, safeIdx, validMask, validList } = classRows(name, input, target, opts.weight, ignore);
  if (rows.numel() > 0) {
    // one node: loss_i = −w_i·x[i, t_i]; the gradient is the constant −w_i·one_hot (nll is linear in its input)
    const M = rows.shape[0];
    const X = rows._toTypedArray();
    const tv = target._values();
    const wv = opts.weight ? opts.weight._values() : null;
    const dt = input.dtype;
    const w = new Float64Array(M), per = new Float64Array(M);
    let total = 0, wsum = 0;
    for (let i = 0; i < M; i++) {
      if (!validList[i]) continue;
      w[i] = wv ? wv[tv[i]] : 1;
      per[i] = -w[i] * X[i * C + tv[i]];
      total += per[i];
      wsum += w[i];
    }
    const out = reduction === 'none'
      ? Tensor._fromArray(dt === 'float64' ? per : Float32Array.from(per), [...target.shape], dt)
      : tensor(reduction === 'sum' ? total : total / wsum, { dtype: dt });
    const negW = Tensor._empty([M, C], dt);
    for (let i = 0; i < M; i++) if (validList[i]) negW._storage.data[i * C + tv[i]] = -w[i];
    return record('NllLossBackward0', out, [rows], [], (g) => {
      const scale = reduction === 'none' ? g.reshape([M, 1]) : reduction === 'sum' ? g : g.div(wsum);
      return [negW.mul(scale)];
    });
  }
  const picked = rows.gather(1, safeIdx.unsqueeze(1)).squeeze(1);
  const w = (opts.weight ? opts.weight.index_select(0, safeIdx) : zeros([safeIdx.shape[0]], { dtype: input.dtype }).add(1)).mul(validMask.to(input.dtype));
  const losses = picked.neg().mul(w);
  if (reduction === 'none') return losses.reshape([...target.shape]);
  if (reduction === 'sum') return losses.sum();
  return losses.sum().div(w.sum());
}

/**
 * F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0).
 * input holds unnormalised logits (N, C, d1, …); target holds class indices (N, d1, …) or, as a float tensor of the
 * input's shape, class probabilities.
 */
export function cross_entropy(input: Tensor, target: Tensor, opts: NllOptions & { label_smoothing?: number } = {}): Tensor {
  const name = 'CrossEntropyLoss';
  const reduction = opts.reduction ?? 'mean';
  const ls = opts.label_smoothing ?? 0;
  checkReduction(name, reduction);
  checkFloat(name, 'input', input);
  checkTensor(name, 'target', target);
  if (!(ls >= 0 && ls <= 1)) fail(name, `label_smoothing must be between 0.0 and 1.0, but got ${ls}.`);
  if (input.dim() < 1) fail(name, 'input must have at least 1 dimension (C) or (N, C, …), but got a 0-dim tensor.');
  const classDim = input.dim() === 1 ? 0 : 1;
  const C = input.shape[classDim];
  if (opts.weight != null) {
    checkFloat(name, 'weight', opts.weight);
    if (opts.weight.dim() !== 1 || opts.weight.shape[0] !== C) {
      fail(name, `weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${shapeStr(opts.weight.shape)}.`);
    }
  }
  if (!isFloatingPoint(target.dtype) && ls === 0 && input.numel() > 0) return fusedCrossEntropy(input, target, opts, reduction);
  const logp = input.log_softmax(classDim);
  const weightView = opts.weight ? opts.weight.reshape(input.shape.map((s, i) => (i === classDim ? C : 1))) : null;

  if (isFloatingPoint(target.dtype)) {
    if (target.dim() !== input.dim() || target.shape.some((s, i) => s !== input.shape[i])) {
      fail(name, `a floating point target is read as class probabilities and must have the input's shape ${shapeStr(input.shape)}, but got ${shapeStr(target.shape)}. For class indices pass an int64 target of shape ${shapeStr(input.dim() === 1 ? [] : [input.shape[0], ...input.shape.slice(2)])} (target.long()).`);
    }
    const t = ls > 0 ? target.mul(1 - ls).add(ls / C) : target;
    let prod = logp.mul(t);
    if (weightView) prod = prod.mul(weightView);
    if (reduction === 'none') return prod.sum(classDim).neg();
    if (reduction === 'sum') return prod.sum().neg();
    return prod.sum().neg().div(input.numel() / C);
  }

  const nll = nllImpl(name, logp, target, { ...opts, reduction });
  if (ls === 0) return nll;
  const ignore = opts.ignore_index ?? -100;
  const ignoreMask = target.eq(ignore);
  const smooth = where(ignoreMask, 0, (weightView ? logp.mul(weightView) : logp).sum(classDim).neg());
  let ret: Tensor;
  if (reduction === 'none') ret = smooth;
  else if (reduction === 'sum') ret = smooth.sum();
  else if (opts.weight) {
    const tv = target._values().filter((v) => v !== ignore);
    ret = smooth.sum().div(opts.weight.index_select(0, tensor(tv, { dtype: 'int64' })).sum());
  } else ret = smooth.sum().div(target.numel() - ignoreMask.to('float32').sum().item());
  return nll.mul(1 - ls).add(ret.mul(ls / C));
}

/**
 * Cross-entropy with class-index targets and no label smoothing (the common case) as one op: the forward is
 * logsumexp − x[target] per row (in float64, rounded to the input dtype); the backward, (softmax − one_hot)·weight,
 * is written with differentiable ops, so double backward still works.
 */
function fusedCrossEntropy(input: Tensor, target: Tensor, opts: NllOptions, reduction: Reduction): Tensor {
  const ignore = opts.ignore_index ?? -100;
  const { rows, C, validList } = classRows('CrossEntropyLoss', input, target, opts.weight, ignore);
  const M = rows.shape[0];
  const X = rows._toTypedArray();
  const tv = target._values();
  const wv = opts.weight ? opts.weight._values() : null;
  const w = new Float64Array(M);
  const per = new Float64Array(M);
  let total = 0, wsum = 0;
  for (let i = 0; i < M; i++) {
    if (!validList[i]) continue;
    const t = tv[i];
    w[i] = wv ? wv[t] : 1;
    let mx = -Infinity;
    for (let c = 0; c < C; c++) mx = Math.max(mx, X[i * C + c]);
    let se = 0;
    for (let c = 0; c < C; c++) se += Math.exp(X[i * C + c] - mx);
    const lse = (mx === -Infinity || mx === Infinity ? 0 : mx) + Math.log(mx === Infinity ? Infinity : se);
    per[i] = w[i] * (lse - X[i * C + t]);
    total += per[i];
    wsum += w[i];
  }
  const dt = input.dtype;
  const out = reduction === 'none'
    ? Tensor._fromArray(dt === 'float64' ? per : Float32Array.from(per), [...target.shape], dt)
    : tensor(reduction === 'sum' ? total : total / wsum, { dtype: dt });
  const oneHot = Tensor._empty([M, C], dt);
  for (let i = 0; i < M; i++) if (validList[i]) oneHot._storage.data[i * C + tv[i]] = 1;
  const wT = Tensor._fromArray(dt === 'float64' ? w : Float32Array.from(w), [M, 1], dt);
  return record('NllLossBackward0', out, [rows], [rows], (g, [r]) => {
    const scale = reduction === 'none' ? g.reshape([M, 1]) : reduction === 'sum' ? g : g.div(wsum);
    return [r.softmax(1).sub(oneHot).mul(wT).mul(scale)];
  });
}

/** F.binary_cross_entropy(input, target, weight=None, reduction='mean'); input holds probabilities in [0, 1]. */
export function binary_cross_entropy(input: Tensor, target: Tensor, opts: ReductionOptions & { weight?: Tensor | null } = {}): Tensor {
  const name = 'BCELoss';
  const reduction = opts.reduction ?? 'mean';
  checkReduction(name, reduction);
  checkSameShape(name, input, target, 'Using a target size that is different to the input size is deprecated. Please ensure they have the same size.');
  const y = floatTarget(name, target, input.dtype);
  if (input._values().some((v) => !(v >= 0 && v <= 1))) {
    fail(name, 'all elements of input should be between 0 and 1. BCELoss expects probabilities: apply a Sigmoid first, or use BCEWithLogitsLoss on the raw outputs (numerically safer).');
  }
  let loss = y.mul(input.log().clamp_min(-100)).add(y.rsub(1).mul(input.rsub(1).log().clamp_min(-100))).neg();
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, reduction);
}

/** F.binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean', pos_weight=None). */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, opts: ReductionOptions & { weight?: Tensor | null; pos_weight?: Tensor | null } = {}): Tensor {
  const name = 'BCEWithLogitsLoss';
  const reduction = opts.reduction ?? 'mean';
  checkReduction(name, reduction);
  checkSameShape(name, input, target, 'Target size must be the same as input size.');
  const y = floatTarget(name, target, input.dtype);
  const ls = logsigmoid(input);
  let loss: Tensor;
  if (opts.pos_weight) {
    const lw = opts.pos_weight.sub(1).mul(y).add(1);
    loss = y.rsub(1).mul(input).sub(lw.mul(ls));
  } else loss = y.rsub(1).mul(input).sub(ls);
  if (opts.weight) loss = loss.mul(opts.weight);
  return reduce(loss, reduction);
}

/** F.soft_margin_loss(input, target, reduction='mean'): log(1 + exp(−y·x)), y ∈ {1, −1}. */
export function soft_margin_loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  checkReduction('SoftMarginLoss', opts.reduction ?? 'mean');
  checkPair('SoftMarginLoss', input, target);
  return reduce(input.neg().mul(target).exp().log1p(), opts.reduction ?? 'mean');
}

/** F.multilabel_soft_margin_loss(input, target, weight=None, reduction='mean'): per-class BCE with logits, averaged over classes. */
export function multilabel_soft_margin_loss(input: Tensor, target: Tensor, opts: ReductionOptions & { weight?: Tensor | null } = {}): Tensor {
  const name = 'MultiLabelSoftMarginLoss';
  checkReduction(name, opts.reduction ?? 'mean');
  checkPair(name, input, target);
  const y = floatTarget(name, target, input.dtype);
  let loss = y.mul(logsigmoid(input)).add(y.rsub(1).mul(logsigmoid(input.neg()))).neg();
  if (opts.weight) loss = loss.mul(opts.weight);
  const classDim = input.dim() - 1;
  loss = loss.sum(classDim).div(input.shape[classDim]);
  return reduce(loss, opts.reduction ?? 'mean');
}

function marginRows(name: string, input: Tensor, target: Tensor, sameShapeTarget: boolean) {
  checkFloat(name, 'input', input);
  checkTensor(name, 'target', target);
  if (input.dim() > 2 || input.dim() < 1) fail(name, `input must be 1-D (C) or 2-D (N, C), but got ${shapeStr(input.shape)}.`);
  if (target.dtype !== 'int64') fail(name, `target must hold class indices of dtype int64, but got ${target.dtype}. Use target.long().`, 'type');
  const x = input.dim() === 1 ? input.unsqueeze(0) : input;
  const want = sameShapeTarget ? [...input.shape] : input.dim() === 1 ? [] : [input.shape[0]];
  if (target.dim() !== want.length || target.shape.some((s, i) => s !== want[i])) {
    fail(name, `inconsistent target size: got ${shapeStr(target.shape)} for input of size ${shapeStr(input.shape)}; expected ${shapeStr(want)}.`);
  }
  return x;
}

/** F.multi_margin_loss(input, target, p=1, margin=1, weight=None, reduction='mean'): multi-class hinge loss. */
export function multi_margin_loss(input: Tensor, target: Tensor, opts: ReductionOptions & { p?: number; margin?: number; weight?: Tensor | null } = {}): Tensor {
  const name = 'MultiMarginLoss';
  const reduction = opts.reduction ?? 'mean';
  const p = opts.p ?? 1;
  const margin = opts.margin ?? 1;
  checkReduction(name, reduction);
  if (p !== 1 && p !== 2) fail(name, `only p == 1 and p == 2 supported, but got p=${p}.`);
  const x = marginRows(name, input, target, false);
  const C = x.shape[1];
  const tv = target._values();
  tv.forEach((t) => { if (t < 0 || t >= C) fail(name, `target ${t} is out of range: the input has ${C} classes, so targets must be in [0, ${C - 1}].`); });
  if (opts.weight && (opts.weight.dim() !== 1 || opts.weight.shape[0] !== C)) fail(name, `weight must be a 1-D tensor of ${C} elements (one per class), but got ${shapeStr(opts.weight.shape)}.`);
  const idx = tensor(tv, { dtype: 'int64' }).reshape([-1, 1]);
  const xy = x.gather(1, idx);
  let z = x.sub(xy).add(margin).clamp_min(0);
  if (p === 2) z = z.mul(z);
  const notTarget = tensor(tv.map((t) => Array.from({ length: C }, (_, c) => c !== t)), { dtype: 'bool' });
  z = where(notTarget, z, 0);
  if (opts.weight) z = z.mul(opts.weight.index_select(0, idx.reshape([-1])).unsqueeze(1));
  let loss = z.sum(1).div(C);
  if (input.dim() === 1) loss = loss.squeeze(0);
  return reduce(loss, reduction);
}

/** F.multilabel_margin_loss(input, target, reduction='mean'); target lists class indices per sample, ended by −1. */
export function multilabel_margin_loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const name = 'MultiLabelMarginLoss';
  const reduction = opts.reduction ?? 'mean';
  checkReduction(name, reduction);
  const x = marginRows(name, input, target, true);
  const [N, C] = x.shape;
  const tv = target._values();
  const slotIdx: number[] = [], slotValid: boolean[] = [], notTarget: boolean[] = [];
  for (let n = 0; n < N; n++) {
    const isT = new Array<boolean>(C).fill(false);
    let ended = false;
    for (let j = 0; j < C; j++) {
      const t = tv[n * C + j];
      if (!ended && t < 0) ended = true;
      if (!ended && t >= C) fail(name, `target ${t} is out of range: the input has ${C} classes; list class indices in [0, ${C - 1}] and end the list with -1.`);
      slotValid.push(!ended);
      slotIdx.push(ended ? 0 : t);
      if (!ended) isT[t] = true;
    }
    for (let c = 0; c < C; c++) notTarget.push(!isT[c]);
  }
  const xt = x.gather(1, tensor(slotIdx, { dtype: 'int64' }).reshape([N, C]));
  const z = x.unsqueeze(1).sub(xt.unsqueeze(2)).add(1).clamp_min(0);
  const mask = tensor(slotValid, { dtype: 'bool' }).reshape([N, C, 1]).logical_and(tensor(notTarget, { dtype: 'bool' }).reshape([N, 1, C]));
  let loss = where(mask, z, 0).sum([1, 2]).div(C);
  if (input.dim() === 1) loss = loss.squeeze(0);
  return reduce(loss, reduction);
}

// ---------------------------------------------------------------------------------------------------------------
// Embedding / ranking losses.

/** F.margin_ranking_loss(input1, input2, target, margin=0, reduction='mean'): max(0, −y·(x1 − x2) + margin). */
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, opts: ReductionOptions & { margin?: number } = {}): Tensor {
  const name = 'MarginRankingLoss';
  checkReduction(name, opts.reduction ?? 'mean');
  checkFloat(name, 'input1', input1);
  checkFloat(name, 'input2', input2);
  checkTensor(name, 'target', target);
  if (input1.dim() !== input2.dim() || input1.dim() !== target.dim()) {
    fail(name, `All input tensors should have same dimension but got sizes: input1: ${shapeStr(input1.shape)}, input2: ${shapeStr(input2.shape)}, target: ${shapeStr(target.shape)}.`);
  }
  return reduce(target.neg().mul(input1.sub(input2)).add(opts.margin ?? 0).clamp_min(0), opts.reduction ?? 'mean');
}

/** F.hinge_embedding_loss(input, target, margin=1.0, reduction='mean'): x where y = 1, max(0, margin − x) where y = −1. */
export function hinge_embedding_loss(input: Tensor, target: Tensor, opts: ReductionOptions & { margin?: number } = {}): Tensor {
  const name = 'HingeEmbeddingLoss';
  checkReduction(name, opts.reduction ?? 'mean');
  checkPair(name, input, target);
  const marginClamp = input.rsub(opts.margin ?? 1).clamp_min(0);
  const loss = where(target.ne(1), marginClamp, 0).add(where(target.ne(-1), input, 0));
  return reduce(loss, opts.reduction ?? 'mean');
}

/** F.cosine_embedding_loss(input1, input2, target, margin=0, reduction='mean'): 1 − cos for y = 1, max(0, cos − margin) for y = −1. */
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, opts: ReductionOptions & { margin?: number } = {}): Tensor {
  const name = 'CosineEmbeddingLoss';
  checkReduction(name, opts.reduction ?? 'mean');
  checkFloat(name, 'input1', input1);
  checkFloat(name, 'input2', input2);
  checkTensor(name, 'target', target);
  const td = target.dim();
  if (td > 1) fail(name, `0D or 1D target tensor expected, multi-target not supported (got target ${shapeStr(target.shape)}).`);
  if (td === 1 && (input1.dim() !== 2 || input2.dim() !== 2)) fail(name, `1D target tensor expects 2D input tensors, but found inputs with sizes ${shapeStr(input1.shape)} and ${shapeStr(input2.shape)}.`);
  if (td === 0 && (input1.dim() !== 1 || input2.dim() !== 1)) fail(name, `0D target tensor expects 1D input tensors, but found inputs with sizes ${shapeStr(input1.shape)} and ${shapeStr(input2.shape)}.`);
  const EPS = 1e-12;
  const prod = input1.mul(input2).sum(td);
  const m1 = input1.mul(input1).sum(td).add(EPS);
  const m2 = input2.mul(input2).sum(td).add(EPS);
  const cos = prod.div(m1.mul(m2).sqrt());
  const loss = where(target.eq(1), cos.rsub(1), 0).add(where(target.eq(-1), cos.sub(opts.margin ?? 0).clamp_min(0), 0));
  return reduce(loss, opts.reduction ?? 'mean');
}

/** F.pairwise_distance(x1, x2, p=2, eps=1e-6, keepdim=False): ‖x1 − x2 + eps‖_p over the last dimension. */
export function pairwise_distance(x1: Tensor, x2: Tensor, opts: { p?: number; eps?: number; keepdim?: boolean } = {}): Tensor {
  const d = x1.sub(x2).add(opts.eps ?? 1e-6);
  const dim = Math.max(x1.dim(), x2.dim()) - 1;
  return d.norm(opts.p ?? 2, dim, { keepdim: opts.keepdim ?? false });
}

/** The three inputs of a triplet loss: floating point, with one number of dimensions (PyTorch's checks). */
function checkTriplet(name: string, anchor: Tensor, positive: Tensor, negative: Tensor): void {
  checkFloat(name, 'anchor', anchor);
  checkFloat(name, 'positive', positive);
  checkFloat(name, 'negative', negative);
  if (anchor.dim() !== positive.dim() || anchor.dim() !== negative.dim()) {
    fail(name, `The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor ${anchor.dim()}D, positive ${positive.dim()}D, and negative ${negative.dim()}D inputs.`);
  }
}

/** F.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, reduction='mean'). */
export function triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: ReductionOptions & { margin?: number; p?: number; eps?: number; swap?: boolean } = {}): Tensor {
  const name = 'TripletMarginLoss';
  checkReduction(name, opts.reduction ?? 'mean');
  checkTriplet(name, anchor, positive, negative);
  const o = { p: opts.p ?? 2, eps: opts.eps ?? 1e-6 };
  const dPos = pairwise_distance(anchor, positive, o);
  let dNeg = pairwise_distance(anchor, negative, o);
  if (opts.swap) dNeg = minimum(dNeg, pairwise_distance(positive, negative, o));
  return reduce(dPos.sub(dNeg).add(opts.margin ?? 1).clamp_min(0), opts.reduction ?? 'mean');
}

/**
 * F.triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=None, margin=1.0, swap=False,
 * reduction='mean'): like triplet_margin_loss with any distance (default pairwise_distance).
 */
export function triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: ReductionOptions & { distance_function?: ((a: Tensor, b: Tensor) => Tensor) | null; margin?: number; swap?: boolean } = {}): Tensor {
  const name = 'TripletMarginWithDistanceLoss';
  checkReduction(name, opts.reduction ?? 'mean');
  checkTriplet(name, anchor, positive, negative);
  const dist = opts.distance_function ?? ((a: Tensor, b: Tensor) => pairwise_distance(a, b));
  const dPos = dist(anchor, positive);
  let dNeg = dist(anchor, negative);
  if (opts.swap) dNeg = minimum(dNeg, dist(positive, negative));
  return reduce(dPos.sub(dNeg).add(opts.margin ?? 1).clamp_min(0), opts.reduction ?? 'mean');
}

// ---------------------------------------------------------------------------------------------------------------
// CTC.

const logAdd = (a: number, b: number): number => {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
};

/**
 * Per-sample CTC negative log-likelihood and its gradient with respect to log_probs, computed like PyTorch's
 * kernel (alpha/beta recursions in log space; the gradient is PyTorch's exp(lp) − exp(log αβ + nll − lp), which is the
 * right one when log_probs come from log_softmax).
 */
function ctcForwardBackward(lp: Float64Array, T: number, N: number, C: number, targets: number[][], inLens: number[], blank: number, zeroInf: boolean) {
  const nll = new Float64Array(N);
  const grad = new Float64Array(T * N * C);
  const at = (t: number, n: number, c: number) => lp[(t * N + n) * C + c];
  for (let n = 0; n < N; n++) {
    const tgt = targets[n], L = tgt.length, S = 2 * L + 1, Tn = inLens[n];
    const lab = (s: number) => (s % 2 === 0 ? blank : tgt[(s - 1) >> 1]);
    const alpha = new Float64Array(Tn * S).fill(-Infinity);
    const beta = new Float64Array(Tn * S).fill(-Infinity);
    if (Tn > 0) {
      alpha[0] = at(0, n, blank);
      if (L > 0) alpha[1] = at(0, n, lab(1));
      for (let t = 1; t < Tn; t++) {
        for (let s = 0; s < S; s++) {
          let v = alpha[(t - 1) * S + s];
          if (s > 0) v = logAdd(v, alpha[(t - 1) * S + s - 1]);
          if (s > 1 && lab(s) !== lab(s - 2)) v = logAdd(v, alpha[(t - 1) * S + s - 2]);
          alpha[t * S + s] = v === -Infinity ? -Infinity : v + at(t, n, lab(s));
        }
      }
      const last = (Tn - 1) * S;
      nll[n] = -(L > 0 ? logAdd(alpha[last + S - 1], alpha[last + S - 2]) : alpha[last + S - 1]);
      beta[last + S - 1] = at(Tn - 1, n, blank);
      if (L > 0) beta[last + S - 2] = at(Tn - 1, n, lab(S - 2));
      for (let t = Tn - 2; t >= 0; t--) {
        for (let s = 0; s < S; s++) {
          let v = beta[(t + 1) * S + s];
          if (s < S - 1) v = logAdd(v, beta[(t + 1) * S + s + 1]);
          if (s < S - 2 && lab(s) !== lab(s + 2)) v = logAdd(v, beta[(t + 1) * S + s + 2]);
          beta[t * S + s] = v === -Infinity ? -Infinity : v + at(t, n, lab(s));
        }
      }
    } else nll[n] = L === 0 ? 0 : Infinity;
    const inf = nll[n] === Infinity;
    if (inf && zeroInf) { nll[n] = 0; continue; }
    for (let t = 0; t < Tn; t++) {
      const lcab = new Float64Array(C).fill(-Infinity);
      for (let s = 0; s < S; s++) lcab[lab(s)] = logAdd(lcab[lab(s)], alpha[t * S + s] + beta[t * S + s]);
      for (let c = 0; c < C; c++) {
        const l = at(t, n, c);
        grad[(t * N + n) * C + c] = Math.exp(l) - Math.exp(lcab[c] + nll[n] - l);
      }
    }
  }
  return { nll, grad };
}

/**
 * F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction='mean', zero_infinity=False).
 * log_probs: (T, N, C) or (T, C) log-softmax outputs; targets: (N, S) padded or 1-D concatenated class indices.
 * 'mean' divides each sample's loss by its target length, then averages over the batch.
 */
export function ctc_loss(logProbs: Tensor, targets: Tensor, input_lengths: Tensor | number[], target_lengths: Tensor | number[], opts: ReductionOptions & { blank?: number; zero_infinity?: boolean } = {}): Tensor {
  const name = 'CTCLoss';
  const reduction = opts.reduction ?? 'mean';
  const blank = opts.blank ?? 0;
  checkReduction(name, reduction);
  checkFloat(name, 'log_probs', logProbs);
  checkTensor(name, 'targets', targets);
  const unbatched = logProbs.dim() === 2;
  if (logProbs.dim() !== 3 && !unbatched) fail(name, `log_probs must be (T, N, C) or (T, C), but got ${shapeStr(logProbs.shape)}.`);
  const lp3 = unbatched ? logProbs.unsqueeze(1) : logProbs;
  const [T, N, C] = lp3.shape;
  if (blank < 0 || blank >= C) fail(name, `blank must be in label range [0, ${C - 1}], but got ${blank}.`);
  const inLens = asLengths(name, 'input_lengths', input_lengths);
  const tgLens = asLengths(name, 'target_lengths', target_lengths);
  if (inLens.length !== N) fail(name, `input_lengths must have batch_size=${N} entries, but got ${inLens.length}.`);
  if (tgLens.length !== N) fail(name, `target_lengths must have batch_size=${N} entries, but got ${tgLens.length}.`);
  inLens.forEach((l) => { if (l < 0 || l > T) fail(name, `Expected input_lengths to have value at most ${T}, but got value ${l} (the time dimension of log_probs is ${T}).`); });
  const tv = targets._values();
  const seqs: number[][] = [];
  const flat = targets.dim() === 1 && !unbatched;
  if (flat) {
    const total = tgLens.reduce((a, b) => a + b, 0);
    if (total !== tv.length) fail(name, `concatenated targets hold ${tv.length} labels but target_lengths sum to ${total}.`);
  }
  let pos = 0;
  for (let n = 0; n < N; n++) {
    const L = tgLens[n];
    if (flat) { seqs.push(tv.slice(pos, pos + L)); pos += L; continue; }
    const S = unbatched ? targets.shape[0] : targets.shape[1];
    if (L > S) fail(name, `Expected tensor to have size at least ${L} at dimension 1, but got size ${S} for targets (target_lengths[${n}] = ${L}).`);
    seqs.push(tv.slice(n * S, n * S + L));
  }
  for (const s of seqs) for (const c of s) if (c < 0 || c >= C || c === blank) fail(name, `target label ${c} is invalid: labels must be in [0, ${C - 1}] and differ from blank=${blank}.`);
  const lpData = Float64Array.from(lp3.contiguous()._values());
  const { nll, grad } = ctcForwardBackward(lpData, T, N, C, seqs, inLens, blank, opts.zero_infinity ?? false);
  const perSample = Tensor._fromArray(logProbs.dtype === 'float64' ? nll : Float32Array.from(nll), [N], logProbs.dtype);
  const gradT = Tensor._fromArray(logProbs.dtype === 'float64' ? grad : Float32Array.from(grad), [T, N, C], logProbs.dtype);
  let loss = record('CtcLossBackward0', perSample, [lp3], [], (g) => [gradT.mul(g.reshape([1, N, 1]))]);
  if (reduction === 'mean') {
    const lens = tensor(tgLens.map((l) => Math.max(l, 1)), { dtype: logProbs.dtype });
    return loss.div(lens).mean();
  }
  if (reduction === 'sum') return loss.sum();
  if (unbatched) loss = loss.squeeze(0);
  return loss;
}
