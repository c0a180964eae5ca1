/** torch.nn.functional forms against PyTorch fixtures (pad modes, conv/conv_transpose options, norms). */
import { describe, it, expect } from 'vitest';
import { fixture, fromJson, expectClose, Tensor, nn } from './helpers.ts';

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
