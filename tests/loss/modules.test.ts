// nn loss Modules: every functional fixture case run through its Module (outputs and gradients vs PyTorch),
// repr, state_dict keys (weights are buffers), legacy size_average/reduce, gradgradcheck of composite losses.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as nn from '../../core/nn/index.ts';
import * as F from '../../core/nn/functional/loss.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { randn, tensor, randint } from '../../core/ops/creation.ts';
import { manual_seed } from '../../core/tensor/random.ts';
import { gradcheck, gradgradcheck } from '../../core/autograd/gradcheck.ts';
import { fromSpec, expectClose } from './helpers.ts';

const fx = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures.json', import.meta.url)), 'utf8'));

const MODULE: Record<string, string> = {
  l1_loss: 'L1Loss', mse_loss: 'MSELoss', smooth_l1_loss: 'SmoothL1Loss', huber_loss: 'HuberLoss', poisson_nll_loss: 'PoissonNLLLoss',
  gaussian_nll_loss: 'GaussianNLLLoss', kl_div: 'KLDivLoss', cross_entropy: 'CrossEntropyLoss', nll_loss: 'NLLLoss',
  binary_cross_entropy: 'BCELoss', binary_cross_entropy_with_logits: 'BCEWithLogitsLoss', soft_margin_loss: 'SoftMarginLoss',
  multilabel_soft_margin_loss: 'MultiLabelSoftMarginLoss', margin_ranking_loss: 'MarginRankingLoss', hinge_embedding_loss: 'HingeEmbeddingLoss',
  cosine_embedding_loss: 'CosineEmbeddingLoss', multilabel_margin_loss: 'MultiLabelMarginLoss', multi_margin_loss: 'MultiMarginLoss',
  triplet_margin_loss: 'TripletMarginLoss', ctc_loss: 'CTCLoss', triplet_margin_with_distance_loss: 'TripletMarginWithDistanceLoss',
};

function kwargsOf(k: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [key, v] of Object.entries(k)) out[key] = typeof v === 'string' && fx.weights[v] ? fromSpec(fx.weights[v]) : v;
  return out;
}

describe('loss Modules vs PyTorch', () => {
  it('covers every loss class of torch.nn', () => {
    expect(new Set(fx.cases.map((c: any) => MODULE[c.fn])).size).toBe(21);
  });

  for (const c of fx.cases) {
    it(`nn.${MODULE[c.fn]}: ${c.name}`, () => {
      const args = c.args.map((a: any) => ('plain' in a ? a.plain : fromSpec(a)));
      const m: nn.Module = new (nn as any)[MODULE[c.fn]](kwargsOf(c.kwargs));
      const out: Tensor = m.call(...args);
      expectClose(out, c.out, `${c.name} output`);
      out.backward(fromSpec(c.upstream));
      (c.grad_args as number[]).forEach((i, k) => expectClose(args[i].grad, c.grads[k], `${c.name} grad ${i}`));
    });
  }

  for (const m of fx.modules) {
    it(`${m.cls}(${JSON.stringify(m.kwargs)}): repr, state_dict keys, reduction`, () => {
      const mod: nn.Module = new (nn as any)[m.cls](kwargsOf(m.kwargs));
      expect(String(mod)).toBe(m.repr);
      expect([...mod.state_dict().keys()]).toEqual(m.state_dict);
      expect((mod as any).reduction).toBe(m.reduction);
    });
  }

  it('TripletMarginWithDistanceLoss with a custom distance equals TripletMarginLoss with the same p-norm distance', () => {
    manual_seed(2);
    const [a, p, n] = [randn([4, 6]), randn([4, 6]), randn([4, 6])];
    const l1 = new nn.TripletMarginWithDistanceLoss({ distance_function: (u, v) => F.pairwise_distance(u, v, { p: 1 }), swap: true }).call(a, p, n);
    const l2 = new nn.TripletMarginLoss({ p: 1, swap: true }).call(a, p, n);
    expect(l1.item()).toBeCloseTo(l2.item(), 6);
    const cos = (u: Tensor, v: Tensor) => u.mul(v).sum(1).div(u.norm(2, 1).mul(v.norm(2, 1))).rsub(1);
    expect(new nn.TripletMarginWithDistanceLoss({ distance_function: cos, reduction: 'none' }).call(a, p, n).shape).toEqual([4]);
    expect(() => new nn.TripletMarginWithDistanceLoss({ margin: -1 })).toThrow(/expected margin to be greater than 0, got -1/);
  });

  it('a weight tensor may be passed positionally, and bad options teach', () => {
    const w = tensor([1, 2, 3]);
    const ce = new nn.CrossEntropyLoss(w);
    expect(ce.state_dict().get('weight')!.tolist()).toEqual([1, 2, 3]);
    expect(() => new nn.L1Loss({ reduction: 'avg' as any })).toThrow(/L1Loss: 'avg' is not a valid value for reduction/);
    expect(() => new nn.MultiMarginLoss({ p: 3 })).toThrow(/only p == 1 and p == 2 supported/);
    expect(() => new nn.TripletMarginLoss({ margin: 0 })).toThrow(/margin must be greater than 0/);
  });
});

describe('composite losses have correct second derivatives (float64 gradgradcheck)', () => {
  manual_seed(3);
  const x = () => randn([3, 4], { dtype: 'float64' }).requires_grad_();
  const cases: Array<[string, () => [(a: Tensor) => Tensor, Tensor]]> = [
    ['cross_entropy + label smoothing + weight', () => { const t = randint(0, 4, [3]); const w = tensor([0.5, 1, 2, 1.5], { dtype: 'float64' }); return [(a) => F.cross_entropy(a, t, { weight: w, label_smoothing: 0.2 }), x()]; }],
    ['cross_entropy (fused path) + weight + ignore_index, K-dim', () => { const t = tensor([[1, -100], [0, 2]], { dtype: 'int64' }); const w = tensor([0.5, 2, 1.5], { dtype: 'float64' }); return [(a) => F.cross_entropy(a.reshape([2, 2, 3]).permute([0, 2, 1]).narrow(2, 0, 2), t, { weight: w }), randn([2, 2, 3], { dtype: 'float64' }).reshape([3, 4]).requires_grad_()]; }],
    ['cross_entropy (fused path) reduction none', () => { const t = randint(0, 4, [3]); return [(a) => F.cross_entropy(a, t, { reduction: 'none' }).mul(tensor([1, -2, 0.5], { dtype: 'float64' })).sum(), x()]; }],
    ['bce_with_logits + pos_weight', () => { const t = randn([3, 4], { dtype: 'float64' }).sigmoid(); return [(a) => F.binary_cross_entropy_with_logits(a, t, { pos_weight: tensor([1, 2, 0.5, 3], { dtype: 'float64' }) }), x()]; }],
    ['smooth_l1', () => { const t = randn([3, 4], { dtype: 'float64' }); return [(a) => F.smooth_l1_loss(a, t, { beta: 0.5 }), x()]; }],
    ['multilabel_soft_margin', () => { const t = randn([3, 4], { dtype: 'float64' }).gt(0).to('float64'); return [(a) => F.multilabel_soft_margin_loss(a, t), x()]; }],
    ['gaussian_nll (input)', () => { const t = randn([3, 4], { dtype: 'float64' }); const v = randn([3, 4], { dtype: 'float64' }).abs().add(0.5); return [(a) => F.gaussian_nll_loss(a, t, v), x()]; }],
    ['kl_div log_target', () => { const t = randn([3, 4], { dtype: 'float64' }).log_softmax(1); return [(a) => F.kl_div(a, t, { log_target: true, reduction: 'batchmean' }), x()]; }],
    ['triplet_margin', () => { const p = randn([3, 4], { dtype: 'float64' }); const n = randn([3, 4], { dtype: 'float64' }); return [(a) => F.triplet_margin_loss(a, p, n, { margin: 5 }), x()]; }],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const [fn, input] = make();
      expect(gradcheck(fn, [input])).toBe(true);
      expect(gradgradcheck(fn, [input])).toBe(true);
    });
  }
});
