/** torch.nn.functional forms against PyTorch fixtures (pad modes, conv/conv_transpose options, norms). */
import { describe, it, expect } from 'vitest';
import { fixture, fromJson, expectClose, Tensor, nn, torch } from './helpers.ts';

const F = nn.functional as any;
const data = fixture('functional');

/** Map Python's call F.fn(*inputs, *args, **kwargs) onto our signatures (keyword args → options objects). */
function call(c: any, xs: Tensor[]): Tensor {
  switch (c.fn) {
    case 'pad': return F.pad(xs[0], c.args[0], c.kwargs.mode ?? 'constant', c.kwargs.value ?? 0);
    case 'linear': return F.linear(...xs);
    case 'conv2d': case 'conv_transpose2d': case 'conv_transpose3d': return F[c.fn](xs[0], xs[1], xs[2] ?? null, c.kwargs);
    case 'gelu': return F.gelu(xs[0], c.kwargs);
    case 'normalize': return F.normalize(xs[0], c.kwargs);
    case 'layer_norm': return F.layer_norm(xs[0], c.args[0], c.kwargs);
    case 'instance_norm': return F.instance_norm(xs[0], c.kwargs);
  }
  throw new Error(`no mapping for F.${c.fn}`);
}

describe('nn.functional matches PyTorch 1.13', () => {
  for (const c of data.cases) {
    it(c.id, () => {
      const xs = c.inputs.map((t: any) => { const x = fromJson(t); return x.is_floating_point() ? x.requires_grad_(true) : x; });
      const out = call(c, xs);
      expectClose(out, c.output, 'output');
      out.backward(fromJson(c.grad_output));
      c.grad_inputs.forEach((g: any, i: number) => { if (g) expectClose(xs[i].grad, g, `grad of input ${i}`); });
    });
  }

  it('exposes the loss functionals through nn.functional', () => {
    expect(typeof F.cross_entropy).toBe('function');
    expect(typeof F.mse_loss).toBe('function');
  });
});

describe('nn.utils gradient clipping matches PyTorch', () => {
  for (const c of data.clip) {
    it(`clip_grad_norm_ ${c.id}`, () => {
      const ps = c.grads.map((g: any) => {
        const p = new nn.Parameter(torch.zeros(g.shape));
        p.grad = fromJson(g);
        return p;
      });
      const total = nn.utils.clip_grad_norm_(ps, c.kwargs.max_norm, c.inf ? Infinity : c.kwargs.norm_type ?? 2);
      expect(total.item()).toBeCloseTo(c.total, 5);
      ps.forEach((p: any, i: number) => expectClose(p.grad, c.clipped[i], `clipped grad ${i}`));
    });
  }

  it('clip_grad_value_', () => {
    const p = new nn.Parameter(torch.zeros(data.clip_value.grad.shape));
    p.grad = fromJson(data.clip_value.grad);
    nn.utils.clip_grad_value_([p], 0.4);
    expectClose(p.grad, data.clip_value.clipped, 'clipped');
  });

  it('error_if_nonfinite and vector round trip', () => {
    const p = new nn.Parameter(torch.zeros(2));
    p.grad = torch.tensor([Infinity, 1]);
    expect(() => nn.utils.clip_grad_norm_([p], 1, 2, { error_if_nonfinite: true })).toThrow('The total norm of order 2 for gradients from `parameters` is non-finite');
    const m = new nn.Linear(3, 2);
    const v = nn.utils.parameters_to_vector(m.parameters());
    expect(v.shape).toEqual([8]);
    nn.utils.vector_to_parameters(v.mul(2), m.parameters());
    expect(nn.utils.parameters_to_vector(m.parameters()).allclose(v.mul(2))).toBe(true);
  });
});
