/**
 * Autograd behaves as PyTorch's: flags, accumulation, retain_grad, hooks, backward/grad options and the error
 * conditions. Expected numbers are hand-derived; error texts are PyTorch 1.13's messages (checked by running it).
 */
import { describe, expect, it } from 'vitest';
import { torch, Tensor } from '../../core/torch.ts';

const t = (data: number[] | number[][], rg = true) => torch.tensor(data as any, { dtype: 'float32', requires_grad: rg });
const f = (data: number[]) => torch.tensor(data, { dtype: 'float32' });
const vals = (x: Tensor | null) => x!.tolist();

describe('tensor flags', () => {
  it('leaves, results, grad_fn and requires_grad', () => {
    const x = t([1, 2, 3]);
    const c = f([1, 1, 1]);
    expect(x.is_leaf && x.requires_grad && x.grad_fn === null).toBe(true);
    expect(c.is_leaf && !c.requires_grad).toBe(true);
    const y = x.mul(2);
    expect(y.is_leaf).toBe(false);
    expect(y.requires_grad).toBe(true);
    expect(y.grad_fn!.name()).toBe('MulBackward0');
    const z = c.mul(2);
    expect(z.requires_grad).toBe(false);
    expect(z.grad_fn).toBeNull();
  });

  it('requires_grad_ and its errors', () => {
    const x = torch.tensor([1.5, 2]);
    expect(x.requires_grad_()).toBe(x);
    expect(x.requires_grad).toBe(true);
    x.requires_grad_(false);
    expect(x.requires_grad).toBe(false);
    expect(() => torch.ones(3, { dtype: 'int64' }).requires_grad_()).toThrow('only Tensors of floating point dtype can require gradients');
    expect(() => t([1, 2]).mul(2).requires_grad_(false)).toThrow('you can only change requires_grad flags of leaf variables.');
  });

  it('.data reads without history and can be replaced', () => {
    const x = t([1, 2]);
    expect(x.data.requires_grad).toBe(false);
    x.data = f([5, 6, 7]);
    expect(vals(x)).toEqual([5, 6, 7]);
    expect(x.requires_grad).toBe(true);
    x.mul(x).sum().backward();
    expect(vals(x.grad)).toEqual([10, 12, 14]);
    expect(() => { x.data = torch.tensor([1, 2]); }).toThrow('data set to a tensor that requires gradients must be floating point or complex dtype');
    const y = f([1, 2]);
    y.data = torch.tensor([3, 4]);
    expect(y.dtype).toBe('int64');
  });

  it('detach shares memory and drops the graph', () => {
    const x = t([1, 2]);
    const d = x.mul(3).detach();
    expect(d.requires_grad).toBe(false);
    expect(d.grad_fn).toBeNull();
    const e = x.detach();
    e.add_(1);
    expect(vals(x)).toEqual([2, 3]);
  });
});

describe('backward', () => {
  it('computes and accumulates leaf gradients (x·x uses x twice)', () => {
    const x = t([1, 2, 3]);
    x.mul(x).sum().backward();
    expect(vals(x.grad)).toEqual([2, 4, 6]);
    x.mul(3).sum().backward();
    expect(vals(x.grad)).toEqual([5, 7, 9]);
  });

  it('needs a gradient for non-scalar outputs, of the right shape', () => {
    const x = t([1, 2, 3]);
    expect(() => x.mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
    expect(() => x.mul(2).backward(torch.ones(4))).toThrow('Mismatch in shape: grad_output[0] has a shape of torch.Size([4]) and output[0] has a shape of torch.Size([3]).');
    x.mul(2).backward(torch.tensor([1, 10, 100.5]));
    expect(vals(x.grad)).toEqual([2, 20, 201]);
  });

  it('refuses tensors that do not require grad', () => {
    expect(() => torch.randn(3).sum().backward()).toThrow('element 0 of tensors does not require grad and does not have a grad_fn');
  });

  it('frees the graph unless retain_graph', () => {
    const x = t([1, 2]);
    const y = x.mul(x).sum();
    y.backward(null, { retain_graph: true });
    y.backward();
    expect(vals(x.grad)).toEqual([4, 8]);
    expect(() => y.backward()).toThrow('Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed).');
  });

  it('create_graph builds a differentiable gradient (d²/dx² x³ = 6x)', () => {
    const x = t([1, 2]);
    x.pow(3).sum().backward(null, { create_graph: true });
    const g = x.grad!;
    expect(vals(g)).toEqual([3, 12]);
    expect(g.requires_grad).toBe(true);
    x.grad = null;
    g.sum().backward();
    expect(vals(x.grad)).toEqual([6, 12]);
  });

  it('inputs= restricts which leaves receive gradients', () => {
    const a = t([1, 2]), b = t([3, 4]);
    a.mul(b).sum().backward(null, { inputs: [a] });
    expect(vals(a.grad)).toEqual([3, 4]);
    expect(b.grad).toBeNull();
    expect(() => a.mul(b).sum().backward(null, { inputs: [] })).toThrow("'inputs' argument to backward() cannot be empty.");
    const y = a.mul(2);
    y.mul(b).sum().backward(null, { inputs: [y] });
    expect(vals(y.grad)).toEqual([3, 4]);
    expect(a.grad!.tolist()).toEqual([3, 4]);
  });

  it('torch.autograd.backward over several outputs with their gradients', () => {
    const x = t([1, 2]);
    torch.autograd.backward([x.mul(2), x.mul(x).sum()], [f([1, 1]), torch.tensor(0.5)]);
    expect(vals(x.grad)).toEqual([3, 4]);
  });

  it('broadcast gradients are reduced to the input shapes', () => {
    const a = t([[1], [2]]), b = t([10, 20, 30]);
    a.mul(b).sum().backward();
    expect(vals(a.grad)).toEqual([[60], [60]]);
    expect(vals(b.grad)).toEqual([3, 3, 3]);
  });

  it('gradients cross dtype casts back to the input dtype', () => {
    const x = torch.tensor([1, 2], { dtype: 'float64', requires_grad: true });
    x.float().mul(3).sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    expect(vals(x.grad)).toEqual([3, 3]);
  });

  it('handles deep graphs without recursion (20,000 ops)', () => {
    const x = t([1]);
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1);
    y.sum().backward();
    expect(vals(x.grad)).toEqual([1]);
  });
});

describe('retain_grad and hooks', () => {
  it('retain_grad keeps a non-leaf gradient; otherwise it stays null', () => {
    const x = t([1, 2]);
    const y = x.mul(3);
    const z = x.mul(4);
    y.retain_grad();
    expect(y.retains_grad).toBe(true);
    y.mul(z).sum().backward();
    expect(vals(y.grad)).toEqual([4, 8]);
    expect(z.grad).toBeNull();
    expect(() => torch.randn(3).retain_grad()).toThrow("can't retain_grad on Tensor that has requires_grad=False");
  });

  it('a hook sees the gradient and may replace it; remove() detaches it', () => {
    const x = t([1, 2]);
    const y = x.mul(2);
    const seen: number[][] = [];
    const h = y.register_hook((g) => { seen.push(g.tolist()); return g.mul(10); });
    y.sum().backward(null, { retain_graph: true });
    expect(seen).toEqual([[1, 1]]);
    expect(vals(x.grad)).toEqual([20, 20]);
    h.remove();
    x.grad = null;
    x.mul(2).sum().backward();
    y.sum().backward();
    expect(vals(x.grad)).toEqual([4, 4]);
  });

  it('a hook on a leaf changes what accumulates', () => {
    const x = t([1, 2]);
    x.register_hook((g) => g.neg());
    x.mul(x).sum().backward();
    expect(vals(x.grad)).toEqual([-2, -4]);
    expect(() => torch.randn(2).register_hook((g) => g)).toThrow("cannot register a hook on a tensor that doesn't require gradient");
  });
});

describe('torch.autograd.grad', () => {
  it('returns gradients without touching .grad', () => {
    const a = t([1, 2]), b = t([3, 4]);
    const [ga, gb] = torch.autograd.grad(a.mul(b).sum(), [a, b]);
    expect(vals(ga)).toEqual([3, 4]);
    expect(vals(gb)).toEqual([1, 2]);
    expect(a.grad).toBeNull();
    expect(ga!.requires_grad).toBe(false);
  });

  it('grad_outputs, retain_graph, create_graph', () => {
    const x = t([1, 2]);
    const y = x.pow(3);
    const [g] = torch.autograd.grad(y, [x], { grad_outputs: f([1, 0.5]), retain_graph: true, create_graph: true });
    expect(vals(g)).toEqual([3, 6]);
    const [gg] = torch.autograd.grad(g!.sum(), [x]);
    expect(vals(gg)).toEqual([6, 6]);
    expect(() => torch.autograd.grad(y, [x])).toThrow('grad can be implicitly created only for scalar outputs');
  });

  it('unused inputs need allow_unused; non-differentiable inputs are refused', () => {
    const a = t([1, 2]), b = t([3, 4]);
    expect(() => torch.autograd.grad(a.mul(2).sum(), [a, b])).toThrow('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
    const [ga, gb] = torch.autograd.grad(a.mul(2).sum(), [a, b], { allow_unused: true });
    expect(vals(ga)).toEqual([2, 2]);
    expect(gb).toBeNull();
    expect(() => torch.autograd.grad(a.mul(2).sum(), [torch.randn(2)])).toThrow('One of the differentiated Tensors does not require grad');
  });

  it('a second grad through a freed graph fails', () => {
    const x = t([1, 2]);
    const y = x.mul(x).sum();
    torch.autograd.grad(y, [x]);
    expect(() => torch.autograd.grad(y, [x])).toThrow('Trying to backward through the graph a second time');
  });
});

describe('grad mode', () => {
  it('no_grad records nothing; enable_grad re-enables inside it', () => {
    const x = t([1, 2]);
    const y = torch.no_grad(() => x.mul(2));
    expect(y.requires_grad).toBe(false);
    expect(y.grad_fn).toBeNull();
    const z = torch.no_grad(() => torch.enable_grad(() => x.mul(2)));
    expect(z.requires_grad).toBe(true);
    expect(torch.is_grad_enabled()).toBe(true);
    expect(torch.no_grad(() => torch.is_grad_enabled())).toBe(false);
  });

  it('set_grad_enabled switches the mode until switched back', () => {
    const x = t([1, 2]);
    torch.set_grad_enabled(false);
    try {
      expect(x.exp().requires_grad).toBe(false);
    } finally {
      torch.set_grad_enabled(true);
    }
    expect(x.exp().requires_grad).toBe(true);
  });

  it('no_grad restores the mode after an exception', () => {
    expect(() => torch.no_grad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(torch.is_grad_enabled()).toBe(true);
  });
});

describe('in-place operations', () => {
  it('are refused on leaves that require grad (outside no_grad)', () => {
    const x = t([1, 2]);
    expect(() => x.add_(1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation');
    torch.no_grad(() => x.add_(1));
    expect(vals(x)).toEqual([2, 3]);
  });

  it('modifying a saved output is detected at backward', () => {
    const a = t([0, 1, 2]);
    const y = a.exp();
    y.add_(1);
    expect(() => y.sum().backward()).toThrow('one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead.');
  });

  it('modifying a saved input is detected at backward', () => {
    const a = t([0, 1, 2]);
    const b = a.mul(1);
    const y = b.mul(b);
    b.add_(1);
    expect(() => y.sum().backward()).toThrow('[torch.FloatTensor [3]], which is output 0 of AddBackward0, is at version 1; expected version 0 instead.');
    const c = f([1, 2, 3]);
    const z = a.mul(c);
    torch.no_grad(() => c.add_(1));
    expect(() => z.sum().backward()).toThrow('[torch.FloatTensor [3]] is at version 1; expected version 0 instead.');
  });

  it('views: refused on a view of a leaf; detected when the base was saved', () => {
    const a = torch.randn([3, 4], { requires_grad: true });
    expect(() => a.select(1, 0).mul_(2)).toThrow('a view of a leaf Variable that requires grad is being used in an in-place operation');
    const b = a.exp();
    b.select(1, 0).relu_();
    expect(() => b.sum().backward()).toThrow('[torch.FloatTensor [3, 4]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead.');
  });

  it('views: writing through a view rewrites the base history (CopySlices)', () => {
    const a = t([[1, 2], [3, 4]]);
    const b = a.mul(1);
    b.select(1, 0).mul_(10);
    expect(b.grad_fn!.name()).toBe('CopySlices');
    expect(vals(b)).toEqual([[10, 2], [30, 4]]);
    b.sum().backward();
    expect(vals(a.grad)).toEqual([[10, 1], [10, 1]]);
    const w = t([5, 6]);
    const z = torch.zeros(2, 2);
    z.select(0, 1).copy_(w);
    expect(z.requires_grad).toBe(true);
    z.mul(f([1, 2]).reshape(1, 2)).sum().backward();
    expect(vals(w.grad)).toEqual([1, 2]);
  });

  it('an in-place op on a non-leaf is differentiated through', () => {
    const a = t([1, 2]);
    const y = a.mul(2);
    y.mul_(3);
    y.sum().backward();
    expect(vals(a.grad)).toEqual([6, 6]);
    expect(y.grad_fn!.name()).toBe('MulBackward0');
  });
});
