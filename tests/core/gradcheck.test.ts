/**
 * Finite-difference checks (float64) of every differentiable function: first derivatives with gradcheck and second
 * derivatives with gradgradcheck. Inputs avoid kinks (|x| bounded away from 0 for abs/relu, no ties for max).
 */
import { describe, expect, it } from 'vitest';
import { torch, Tensor } from '../../core/torch.ts';
import { one_hot } from '../../core/ops/composite.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from '../../core/autograd/node.ts';
import { slice } from '../../core/ops/view.ts';

type Fn = (...xs: Tensor[]) => Tensor | Tensor[];
interface GradCase { name: string; fn: Fn; inputs: () => Tensor[]; noGradGrad?: boolean }

let seed = 1;
/** Seeded float64 normal values that require grad. */
function rn(...shape: number[]): Tensor {
  torch.manual_seed(seed++);
  return torch.randn(shape, { dtype: 'float64' }).requires_grad_();
}
/** Values in ±[0.5, 1.5): away from 0, where abs/relu/sign have kinks. */
function away(...shape: number[]): Tensor {
  torch.manual_seed(seed++);
  const u = torch.rand(shape, { dtype: 'float64' });
  const s = torch.rand(shape, { dtype: 'float64' }).gt(0.5).double().mul(2).sub(1);
  return u.add(0.5).mul(s).detach().requires_grad_();
}
/** Positive values in [0.5, 2). */
function ps(...shape: number[]): Tensor {
  torch.manual_seed(seed++);
  return torch.rand(shape, { dtype: 'float64' }).mul(1.5).add(0.5).detach().requires_grad_();
}
/** Distinct values (no ties) for max/min/topk/sort-like functions. */
function distinct(...shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  torch.manual_seed(seed++);
  const p = torch.randperm(n).double().mul(0.37).add(0.1);
  return p.reshape(shape).detach().requires_grad_();
}
const idx = (data: number[] | number[][]) => torch.tensor(data as any, { dtype: 'int64' });

const CASES: GradCase[] = [
  { name: 'add', fn: (a, b) => torch.add(a, b), inputs: () => [rn(3, 4), rn(4)] },
  { name: 'add alpha', fn: (a, b) => torch.add(a, b, { alpha: -2.5 }), inputs: () => [rn(2, 3), rn(2, 1)] },
  { name: 'sub', fn: (a, b) => torch.sub(a, b), inputs: () => [rn(3, 1), rn(1, 4)] },
  { name: 'rsub', fn: (a) => a.rsub(2), inputs: () => [rn(3)] },
  { name: 'mul', fn: (a, b) => a.mul(b), inputs: () => [rn(2, 3), rn(3)] },
  { name: 'mul scalar', fn: (a) => a.mul(1.5), inputs: () => [rn(4)] },
  { name: 'div', fn: (a, b) => a.div(b), inputs: () => [rn(2, 3), ps(2, 3)] },
  { name: 'div broadcast', fn: (a, b) => a.div(b), inputs: () => [rn(2, 3), ps(3)] },
  { name: 'pow scalar', fn: (a) => a.pow(3), inputs: () => [rn(3, 2)] },
  { name: 'pow fractional', fn: (a) => a.pow(-1.5), inputs: () => [ps(4)] },
  { name: 'pow tensor', fn: (a, b) => a.pow(b), inputs: () => [ps(2, 3), rn(2, 3)] },
  { name: 'pow scalar base', fn: (b) => torch.pow(2.5, b), inputs: () => [rn(4)] },
  { name: 'square', fn: (a) => a.square(), inputs: () => [rn(4)] },
  { name: 'neg', fn: (a) => a.neg(), inputs: () => [rn(3)] },
  { name: 'exp', fn: (a) => a.exp(), inputs: () => [rn(3, 2)] },
  { name: 'log', fn: (a) => a.log(), inputs: () => [ps(3, 2)] },
  { name: 'sqrt', fn: (a) => a.sqrt(), inputs: () => [ps(5)] },
  { name: 'rsqrt', fn: (a) => a.rsqrt(), inputs: () => [ps(5)] },
  { name: 'reciprocal', fn: (a) => a.reciprocal(), inputs: () => [away(5)] },
  { name: 'abs', fn: (a) => a.abs(), inputs: () => [away(5)] },
  { name: 'sigmoid', fn: (a) => a.sigmoid(), inputs: () => [rn(5)] },
  { name: 'tanh', fn: (a) => a.tanh(), inputs: () => [rn(5)] },
  { name: 'relu', fn: (a) => a.relu(), inputs: () => [away(6)] },
  { name: 'sin', fn: (a) => a.sin(), inputs: () => [rn(5)] },
  { name: 'cos', fn: (a) => a.cos(), inputs: () => [rn(5)] },
  { name: 'log1p', fn: (a) => a.log1p(), inputs: () => [ps(5)] },
  { name: 'expm1', fn: (a) => a.expm1(), inputs: () => [rn(5)] },
  { name: 'erf', fn: (a) => a.erf(), inputs: () => [rn(5)] },
  { name: 'tan', fn: (a) => a.tan(), inputs: () => [rn(5).mul(0.5).detach().requires_grad_()] },
  { name: 'asin, acos, atanh', fn: (a) => a.asin().add(a.acos()).add(a.atanh()), inputs: () => [rn(5).tanh().mul(0.8).detach().requires_grad_()] },
  { name: 'atan, sinh, cosh, asinh, exp2', fn: (a) => a.atan().add(a.sinh()).add(a.cosh()).add(a.asinh()).add(a.exp2()), inputs: () => [rn(5)] },
  { name: 'acosh, log2, log10', fn: (a) => a.add(1).acosh().add(a.log2()).add(a.log10()), inputs: () => [ps(5)] },
  { name: 'clamp', fn: (a) => a.clamp(-0.25, 0.25), inputs: () => [away(6)] },
  { name: 'clamp_min', fn: (a) => a.clamp_min(0.2), inputs: () => [away(6)] },
  { name: 'clamp_max', fn: (a) => a.clamp_max(-0.2), inputs: () => [away(6)] },
  { name: 'maximum', fn: (a, b) => torch.maximum(a, b), inputs: () => [distinct(3, 2), distinct(3, 2).mul(1.01).detach().requires_grad_()] },
  { name: 'minimum', fn: (a, b) => torch.minimum(a, b), inputs: () => [distinct(2, 3), distinct(3).add(0.05).detach().requires_grad_()] },
  { name: 'where', fn: (a, b) => torch.where(torch.tensor([true, false, true]), a, b), inputs: () => [rn(2, 3), rn(3)] },
  { name: 'masked_fill', fn: (a) => a.masked_fill(torch.tensor([true, false, false, true]), 2), inputs: () => [rn(4)] },
  { name: 'sum', fn: (a) => a.sum(), inputs: () => [rn(3, 4)] },
  { name: 'sum dims keepdim', fn: (a) => a.sum([0, 2], { keepdim: true }), inputs: () => [rn(2, 3, 2)] },
  { name: 'sum_to_size', fn: (a) => a.sum_to_size([3, 1]), inputs: () => [rn(3, 4)] },
  { name: 'mean', fn: (a) => a.mean(1), inputs: () => [rn(3, 4)] },
  { name: 'var', fn: (a) => a.var(1), inputs: () => [rn(3, 4)] },
  { name: 'var unbiased=false', fn: (a) => a.var(null, { unbiased: false }), inputs: () => [rn(3, 4)] },
  { name: 'std', fn: (a) => a.std(0, { keepdim: true }), inputs: () => [rn(3, 4)] },
  { name: 'max', fn: (a) => a.max(), inputs: () => [distinct(3, 4)] },
  { name: 'max dim', fn: (a) => a.max(1).values, inputs: () => [distinct(3, 4)] },
  { name: 'min dim keepdim', fn: (a) => a.min(0, { keepdim: true }).values, inputs: () => [distinct(3, 4)] },
  { name: 'amax', fn: (a) => a.amax([0, 1]), inputs: () => [distinct(2, 3, 2)] },
  { name: 'amin', fn: (a) => a.amin(1), inputs: () => [distinct(2, 3)] },
  { name: 'logsumexp', fn: (a) => a.logsumexp(1), inputs: () => [rn(3, 4)] },
  { name: 'softmax', fn: (a) => a.softmax(1), inputs: () => [rn(3, 4)] },
  { name: 'log_softmax', fn: (a) => a.log_softmax(0), inputs: () => [rn(3, 4)] },
  { name: 'norm 2', fn: (a) => a.norm(), inputs: () => [rn(3, 4)] },
  { name: 'norm 1 dim', fn: (a) => a.norm(1, 1), inputs: () => [away(3, 4)] },
  { name: 'norm 3 dim', fn: (a) => a.norm(3, 0), inputs: () => [away(3, 4)] },
  { name: 'norm inf', fn: (a) => a.norm(Infinity), inputs: () => [distinct(3, 4)] },
  { name: 'prod', fn: (a) => a.prod(), inputs: () => [ps(5)] },
  { name: 'prod dim', fn: (a) => a.prod(1), inputs: () => [rn(2, 3)] },
  { name: 'mm', fn: (a, b) => torch.mm(a, b), inputs: () => [rn(3, 4), rn(4, 2)] },
  { name: 'mm transposed', fn: (a, b) => torch.mm(a.t(), b.t()), inputs: () => [rn(4, 3), rn(2, 4)] },
  { name: 'bmm', fn: (a, b) => torch.bmm(a, b), inputs: () => [rn(2, 3, 4), rn(2, 4, 2)] },
  { name: 'matmul 1d·1d', fn: (a, b) => a.matmul(b), inputs: () => [rn(4), rn(4)] },
  { name: 'matmul 2d·1d', fn: (a, b) => a.matmul(b), inputs: () => [rn(3, 4), rn(4)] },
  { name: 'matmul 1d·3d', fn: (a, b) => a.matmul(b), inputs: () => [rn(4), rn(2, 4, 3)] },
  { name: 'matmul 3d·2d', fn: (a, b) => a.matmul(b), inputs: () => [rn(2, 3, 4), rn(4, 2)] },
  { name: 'matmul broadcast batch', fn: (a, b) => a.matmul(b), inputs: () => [rn(2, 1, 2, 3), rn(3, 3, 2)] },
  { name: 'view', fn: (a) => a.view(6, 2), inputs: () => [rn(3, 4)] },
  { name: 'reshape (copy)', fn: (a) => a.t().reshape(-1), inputs: () => [rn(3, 4)] },
  { name: 'permute', fn: (a) => a.permute(2, 0, 1), inputs: () => [rn(2, 3, 2)] },
  { name: 'transpose', fn: (a) => a.transpose(0, 2), inputs: () => [rn(2, 3, 2)] },
  { name: 'expand', fn: (a) => a.expand(2, 3, 4), inputs: () => [rn(3, 1)] },
  { name: 'expand_as', fn: (a, b) => a.expand_as(b).mul(b), inputs: () => [rn(1, 4), rn(3, 4)] },
  { name: 'squeeze', fn: (a) => a.squeeze(1), inputs: () => [rn(3, 1, 2)] },
  { name: 'unsqueeze', fn: (a) => a.unsqueeze(-1), inputs: () => [rn(3, 2)] },
  { name: 'flatten', fn: (a) => a.flatten(1), inputs: () => [rn(2, 3, 2)] },
  { name: 'unflatten', fn: (a) => a.unflatten(1, [2, 3]), inputs: () => [rn(2, 6)] },
  { name: 'narrow', fn: (a) => a.narrow(1, 1, 2), inputs: () => [rn(3, 4)] },
  { name: 'select', fn: (a) => a.select(0, -1), inputs: () => [rn(3, 4)] },
  { name: 'slice with step', fn: (a) => slice(a, 1, 0, 4, 2), inputs: () => [rn(3, 4)] },
  { name: 'contiguous', fn: (a) => a.t().contiguous(), inputs: () => [rn(3, 4)] },
  { name: 'clone', fn: (a) => a.clone(), inputs: () => [rn(3)] },
  { name: 'cat', fn: (a, b) => torch.cat([a, b], 1), inputs: () => [rn(2, 3), rn(2, 2)] },
  { name: 'stack', fn: (a, b) => torch.stack([a, b], -1), inputs: () => [rn(2, 3), rn(2, 3)] },
  { name: 'chunk', fn: (a) => torch.chunk(a, 3, 1), inputs: () => [rn(2, 5)] },
  { name: 'split sizes', fn: (a) => torch.split(a, [1, 3], 0), inputs: () => [rn(4, 2)] },
  { name: 'unbind', fn: (a) => torch.unbind(a, 1), inputs: () => [rn(2, 3)] },
  { name: 'index_select', fn: (a) => a.index_select(0, idx([2, 0, 2])), inputs: () => [rn(3, 2)] },
  { name: 'gather', fn: (a) => a.gather(1, idx([[0, 0], [2, 1]])), inputs: () => [rn(2, 3)] },
  { name: 'scatter_add', fn: (a, s) => a.scatter_add(1, idx([[0, 0], [2, 1]]), s), inputs: () => [rn(2, 3), rn(2, 2)] },
  { name: 'masked_select', fn: (a) => a.masked_select(torch.tensor([[true, false, true], [false, true, true]])), inputs: () => [rn(2, 3)] },
  { name: 'masked_select transposed', fn: (a) => a.t().masked_select(torch.tensor([[true, false], [false, true], [true, true]])), inputs: () => [rn(2, 3)] },
  { name: 'topk', fn: (a) => a.topk(2, 1).values, inputs: () => [distinct(3, 4)] },
  { name: 'to float64→float64 copy', fn: (a) => a.to('float64', { copy: true }), inputs: () => [rn(3)] },
  { name: 'one_hot weighting', fn: (a) => a.mul(one_hot(idx([1, 0, 2]), 3).double()), inputs: () => [rn(3, 3)] },
  { name: 'rounded division (zero gradient)', fn: (a, b) => a.div(b, { rounding_mode: 'floor' }).add(a), inputs: () => [away(4), ps(4)] },
  { name: 'floor/ceil/round/trunc/sign (zero gradient)', fn: (a) => a.floor().add(a.ceil()).add(a.round()).add(a.trunc()).add(a.sign()).add(a), inputs: () => [away(4).mul(3.3).add(0.01).detach().requires_grad_()] },
  { name: 'reshape (view)', fn: (a) => a.reshape(2, 6), inputs: () => [rn(3, 4)] },
  { name: 'squeeze all / dims', fn: (a) => a.squeeze().add(a.squeeze([0, 2]).sum()), inputs: () => [rn(1, 3, 1)] },
  { name: 'mean all', fn: (a) => a.mean(), inputs: () => [rn(3, 4)] },
  { name: 'min all', fn: (a) => a.min(), inputs: () => [distinct(3, 4)] },
  { name: 'prod dim', fn: (a) => a.prod(0), inputs: () => [rn(3, 2)] },
  { name: 'rsub tensor', fn: (a, b) => a.rsub(b), inputs: () => [rn(3), rn(3)] },
  { name: 'getitem: slices, None, index tensor, mask', fn: (a) => a.getitem(':', '1:3', null).sum().add(a.getitem(torch.tensor([2, 0])).sum()).add(a.getitem(a.detach().gt(0)).sum()).add(a.getitem('...')), inputs: () => [rn(3, 4)] },
  { name: 'in-place on a non-leaf (addcmul_, addcdiv_, lerp_)', fn: (a, b) => a.mul(1).addcmul_(b, b, { value: 0.5 }).addcdiv_(a, b.exp(), { value: 2 }).lerp_(b, 0.3), inputs: () => [rn(3), rn(3)] },
  { name: 'in-place through a view (CopySlices)', fn: (a, b) => { const c = a.mul(1); c.select(1, 0).mul_(b); return c; }, inputs: () => [rn(3, 2), rn(3)] },
  { name: 'the written view itself (AsStrided)', fn: (a, b) => { const v = a.mul(1).select(1, 0); v.mul_(b); return v; }, inputs: () => [rn(3, 2), rn(3)] },
  { name: 'setitem_ (slices, tensor value, mask)', fn: (a, b) => { const c = a.mul(1); c.setitem_([':', '0:2'], b); c.setitem_(a.detach().gt(0.5), 0.25); return c.exp(); }, inputs: () => [rn(3, 3), rn(3, 2)] },
  { name: 'fill_ / zero_ inside a graph', fn: (a) => { const c = a.mul(2); c.select(0, 0).fill_(1.5); c.narrow(0, 1, 1).zero_(); return c.exp(); }, inputs: () => [rn(3, 2)] },
  { name: 'remainder', fn: (a, b) => torch.remainder(a, b), inputs: () => [rn(5).mul(3).add(0.1).detach().requires_grad_(), ps(5)] },
  { name: 'remainder scalar', fn: (a) => torch.remainder(a, -0.7), inputs: () => [rn(5)] },
  { name: 'fmod', fn: (a, b) => torch.fmod(a, b), inputs: () => [rn(5).mul(3).add(0.1).detach().requires_grad_(), ps(5)] },
  { name: 'fmod scalar', fn: (a) => a.fmod(1.3), inputs: () => [rn(5)] },
  { name: 'atan2', fn: (a, b) => torch.atan2(a, b), inputs: () => [rn(3, 2), rn(2)] },
  { name: 'flip', fn: (a) => a.flip([0, 2]), inputs: () => [rn(2, 3, 2)] },
  { name: 'cumsum', fn: (a) => a.cumsum(1), inputs: () => [rn(3, 4)] },
  { name: 'cumsum of a transposed view', fn: (a) => a.t().cumsum(0), inputs: () => [rn(3, 4)] },
  { name: 'repeat', fn: (a) => a.repeat(2, 1, 3), inputs: () => [rn(2, 2)] },
  { name: 'tile', fn: (a) => torch.tile(a, [2]), inputs: () => [rn(2, 3)] },
  { name: 'roll', fn: (a) => torch.roll(a, [1, -1], [0, 1]), inputs: () => [rn(3, 4)] },
  { name: 'roll flattened', fn: (a) => torch.roll(a, 5), inputs: () => [rn(3, 4)] },
  { name: 'sort', fn: (a) => torch.sort(a, 1, { descending: true }).values, inputs: () => [distinct(3, 4)] },
  { name: 'sort stable', fn: (a) => torch.sort(a, { stable: true }).values, inputs: () => [distinct(5)] },
  { name: 'addmm', fn: (a, b, c) => torch.addmm(a, b, c, { beta: 0.5, alpha: -2 }), inputs: () => [rn(3), rn(2, 4), rn(4, 3)] },
  { name: 'dot', fn: (a, b) => torch.dot(a, b), inputs: () => [rn(5), rn(5)] },
  { name: 'composite: cross-entropy', fn: (a) => a.log_softmax(1).gather(1, idx([[1], [0]])).neg().mean(), inputs: () => [rn(2, 3)] },
];

describe('gradcheck: first derivatives of every differentiable function (float64)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      expect(torch.autograd.gradcheck(c.fn, c.inputs())).toBe(true);
    });
  }
});

describe('gradgradcheck: second derivatives', () => {
  for (const c of CASES) {
    if (c.noGradGrad) continue;
    it(c.name, () => {
      const single = (...xs: Tensor[]) => {
        const r = c.fn(...xs);
        // Several outputs: a weighted sum keeps every output's second derivative in play.
        return Array.isArray(r) ? r.map((t, i) => t.sin().sum().mul(i + 1)).reduce((a, b) => a.add(b)) : r;
      };
      expect(torch.autograd.gradgradcheck(single, c.inputs())).toBe(true);
    });
  }
});

/** Names of every backward node reachable from the outputs. */
function graphNames(outs: Tensor[]): Set<string> {
  const seen = new Set<Node>();
  const stack = outs.map((o) => o.grad_fn).filter((n): n is Node => n !== null);
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const [m] of n.next_functions) if (m) stack.push(m);
  }
  return new Set([...seen].map((n) => n.name()));
}

// The op files of the tensor engine (layers' ops such as conv and pooling are checked by their own suites).
const ENGINE_OPS = ['add', 'cast', 'cat', 'clamp', 'composite', 'cumsum', 'div', 'flip', 'gather', 'index', 'inplace', 'max', 'methods', 'minmax', 'mm', 'mul', 'pow', 'shape_ops', 'sort', 'sub', 'sum', 'topk', 'unary', 'view', 'where'];
// Internal nodes: backward-of-backward helpers, exercised by gradgradcheck rather than as forward ops.
const INTERNAL = new Set(['AsStridedScatterBackward']);

describe('the gradcheck table covers every backward node of the engine', () => {
  it('every grad_fn name in core/ops is produced by some case', () => {
    const produced = new Set<string>();
    for (const c of CASES) {
      const r = c.fn(...c.inputs());
      for (const n of graphNames(Array.isArray(r) ? r : [r])) produced.add(n);
    }
    const declared = new Set<string>();
    for (const f of ENGINE_OPS) {
      const src = readFileSync(join(import.meta.dirname, '../../core/ops', `${f}.ts`), 'utf8');
      for (const m of src.matchAll(/'([A-Z][A-Za-z0-9]*Backward[0-9]*|CopySlices)'/g)) declared.add(m[1]);
    }
    const missing = [...declared].filter((n) => !produced.has(n) && !INTERNAL.has(n)).sort();
    expect(missing).toEqual([]);
  });
});

describe('gradcheck itself', () => {
  it('catches a wrong backward', () => {
    // x·x with the gradient of x·(constant x): the analytical Jacobian is half the true one.
    const wrong = (a: Tensor) => a.mul(a.detach());
    expect(torch.autograd.gradcheck(wrong, [rn(3)], { raise_exception: false })).toBe(false);
    expect(() => torch.autograd.gradcheck(wrong, [rn(3)])).toThrow(/Jacobian mismatch/);
  });

  it('refuses float32 inputs', () => {
    expect(() => torch.autograd.gradcheck((a) => a.exp(), [torch.randn(3).requires_grad_()])).toThrow(/float64/);
  });
});
