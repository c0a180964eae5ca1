/**
 * nn.Module mechanics: attribute registration through the Proxy (class fields and constructor assignment),
 * buffers, modes, zero_grad, apply, hooks (forward pre/post, full backward), containers' list/dict behaviour,
 * state_dict sharing and dtype conversion. Expected values come from the definitions (hand-computed).
 */
import { describe, it, expect } from 'vitest';
import { torch, nn, Tensor } from './helpers.ts';

const F = nn.functional;

class TwoLayer extends nn.Module {
  fc1 = new nn.Linear(3, 4);
  act = new nn.ReLU();
  fc2!: nn.Linear;
  note = 'plain attribute';

  constructor() {
    super();
    this.fc2 = new nn.Linear(4, 2);
  }

  override forward(x: Tensor): Tensor {
    return this.fc2.call(this.act.call(this.fc1.call(x)));
  }
}

describe('attribute registration (PyTorch __setattr__ semantics)', () => {
  it('class fields and constructor assignments register children; plain values stay plain', () => {
    const m = new TwoLayer();
    expect(m.named_children().map(([n]) => n)).toEqual(['fc1', 'act', 'fc2']);
    expect(m.named_parameters().map(([n]) => n)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(m.note).toBe('plain attribute');
    expect(m.fc2).toBeInstanceOf(nn.Linear);
    expect('fc1' in m).toBe(true);
    expect(Object.keys(m)).not.toContain('fc1');
  });

  it('assigning a Parameter registers it; a plain tensor on a parameter name is refused', () => {
    const m = new nn.Module();
    (m as any).w = new nn.Parameter(torch.ones(2));
    expect(m.named_parameters().map(([n]) => n)).toEqual(['w']);
    expect(() => { (m as any).w = torch.ones(2); }).toThrow("cannot assign 'torch.FloatTensor' as parameter 'w' (torch.nn.Parameter or None expected)");
    (m as any).w = null;
    expect(m.parameters()).toEqual([]);
    expect([...m.state_dict().keys()]).toEqual([]);
  });

  it('replacing a child with a non-module is refused; deleting removes it', () => {
    const m = new TwoLayer();
    expect(() => { (m as any).fc1 = 3; }).toThrow("cannot assign 'int' as child module 'fc1'");
    delete (m as any).fc1;
    expect(m.named_children().map(([n]) => n)).toEqual(['act', 'fc2']);
  });

  it('buffers: persistent ones are in state_dict, non-persistent only in buffers(); assignment updates them', () => {
    const m = new nn.Module();
    m.register_buffer('a', torch.zeros(2));
    m.register_buffer('b', torch.ones(1), { persistent: false });
    expect(m.named_buffers().map(([n]) => n)).toEqual(['a', 'b']);
    expect([...m.state_dict().keys()]).toEqual(['a']);
    (m as any).a = torch.full([2], 7);
    expect(m.state_dict().get('a')!.tolist()).toEqual([7, 7]);
    expect(() => { (m as any).a = 5; }).toThrow("cannot assign 'int' as buffer 'a'");
    expect(() => m.register_buffer('x.y', torch.zeros(1))).toThrow('buffer name can\'t contain "."');
    expect(() => m.register_parameter('a', new nn.Parameter(torch.zeros(1)))).toThrow("attribute 'a' already exists");
  });

  it('repr keeps PyTorch names when a bundler minifies class names; user subclasses keep their own name', () => {
    const original = Object.getOwnPropertyDescriptor(nn.Linear, 'name')!;
    Object.defineProperty(nn.Linear, 'name', { value: 'e', configurable: true });
    try {
      expect(String(new nn.Linear(2, 3))).toBe('Linear(in_features=2, out_features=3, bias=True)');
    } finally {
      Object.defineProperty(nn.Linear, 'name', original);
    }
    class MyLinear extends nn.Linear {}
    expect(String(new MyLinear(1, 1))).toBe('MyLinear(in_features=1, out_features=1, bias=True)');
    expect(new TwoLayer()._get_name()).toBe('TwoLayer');
  });

  it('a module without forward says so', () => {
    expect(() => new nn.Module().call(torch.zeros(1))).toThrow('Module [Module] is missing the required "forward" function');
  });
});

describe('modes, gradients, traversal', () => {
  it('train/eval propagate to every descendant and change Dropout and BatchNorm', () => {
    const m = new nn.Sequential(new nn.Dropout(0.9), new nn.Sequential(new nn.BatchNorm1d(2)));
    m.eval();
    expect(m.modules().every((x) => x.training === false)).toBe(true);
    const x = torch.randn(4, 2);
    expect(m.call(x).allclose(x.div(Math.sqrt(1 + 1e-5)))).toBe(true);
    m.train();
    expect(m.modules().every((x) => x.training)).toBe(true);
  });

  it('zero_grad sets grads to None by default (PyTorch 2.x), or zeros them with set_to_none=false', () => {
    const m = new nn.Linear(2, 1);
    m.call(torch.ones(1, 2)).sum().backward();
    m.zero_grad(false);
    expect(m.weight.grad!.tolist()).toEqual([[0, 0]]);
    m.zero_grad();
    expect(m.weight.grad).toBeNull();
  });

  it('requires_grad_ toggles every parameter; apply visits children before the parent', () => {
    const m = new TwoLayer();
    m.requires_grad_(false);
    expect(m.parameters().every((p) => !p.requires_grad)).toBe(true);
    const seen: string[] = [];
    m.apply((x) => { seen.push(x._get_name()); });
    expect(seen).toEqual(['Linear', 'ReLU', 'Linear', 'TwoLayer']);
  });

  it('state_dict tensors share memory with the parameters; keep_vars returns the Parameters', () => {
    const m = new nn.Linear(2, 2);
    const sd = m.state_dict();
    expect(sd.get('weight')!.requires_grad).toBe(false);
    torch.no_grad(() => m.weight.fill_(3));
    expect(sd.get('weight')!.tolist()).toEqual([[3, 3], [3, 3]]);
    expect(m.state_dict({ keep_vars: true }).get('weight')).toBe(m.weight);
  });

  it('load_state_dict accepts a plain object and copies values', () => {
    const a = new nn.Linear(2, 1), b = new nn.Linear(2, 1);
    b.load_state_dict(Object.fromEntries(a.state_dict()));
    expect(b.weight.tolist()).toEqual(a.weight.tolist());
    expect(b.bias!.tolist()).toEqual(a.bias!.tolist());
  });

  it('deepcopy copies parameters, buffers and children (sharing preserved inside the copy), not hooks', () => {
    const lin = new nn.Linear(2, 2);
    const m = new nn.Sequential(lin, new nn.BatchNorm1d(2), lin);
    m.register_forward_hook(() => torch.zeros(1));
    const c = m.deepcopy();
    expect(c).toBeInstanceOf(nn.Sequential);
    expect(String(c)).toBe(String(m));
    expect(c.get(0)).toBe(c.get(2));
    expect(c.get(0)).not.toBe(lin);
    expect((c.get(0) as nn.Linear).weight).not.toBe(lin.weight);
    expect((c.get(0) as nn.Linear).weight.tolist()).toEqual(lin.weight.tolist());
    expect((c.get(0) as nn.Linear).weight.requires_grad).toBe(true);
    torch.no_grad(() => lin.weight.fill_(5));
    expect((c.get(0) as nn.Linear).weight.tolist()).not.toEqual(lin.weight.tolist());
    expect(c.call(torch.ones(3, 2)).shape).toEqual([3, 2]);
    expect([...c.state_dict().keys()]).toEqual([...m.state_dict().keys()]);
  });

  it('double()/float() convert parameters in place, keeping their identity', () => {
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2));
    const w = (m.get(0) as nn.Linear).weight;
    m.double();
    expect(w.dtype).toBe('float64');
    expect((m.get(0) as nn.Linear).weight).toBe(w);
    expect(m.state_dict().get('1.running_mean')!.dtype).toBe('float64');
    expect(m.call(torch.randn(3, 2, { dtype: 'float64' })).dtype).toBe('float64');
    m.float();
    expect(w.dtype).toBe('float32');
  });
});

describe('hooks', () => {
  it('forward pre-hooks can replace the input, forward hooks the output; handles remove them', () => {
    const m = new nn.Identity();
    const h1 = m.register_forward_pre_hook((_m, args) => [args[0].mul(2)]);
    const h2 = m.register_forward_hook((_m, _args, out) => out.add(1));
    expect(m.call(torch.tensor([1, 2])).tolist()).toEqual([3, 5]);
    h1.remove();
    expect(m.call(torch.tensor([1, 2])).tolist()).toEqual([2, 3]);
    h2.remove();
    expect(m.call(torch.tensor([1, 2])).tolist()).toEqual([1, 2]);
    expect(m.forward(torch.tensor([4])).tolist()).toEqual([4]);
  });

  it('full backward hook sees grad_input and grad_output and may replace grad_input', () => {
    const lin = new nn.Linear(3, 2);
    const x = torch.randn(4, 3).requires_grad_(true);
    const g = torch.randn(4, 2);
    let seenIn: Tensor | null = null, seenOut: Tensor | null = null;
    const h = lin.register_full_backward_hook((_m, gin, gout) => { seenIn = gin[0]; seenOut = gout[0]; });
    lin.call(x).backward(g);
    expect(seenOut!.equal(g)).toBe(true);
    expect(seenIn!.allclose(g.matmul(lin.weight.detach()))).toBe(true);
    expect(x.grad!.allclose(g.matmul(lin.weight.detach()))).toBe(true);
    h.remove();
    x.grad = null;
    lin.register_full_backward_hook((_m, gin) => [gin[0]!.mul(0)]);
    lin.call(x).backward(g);
    expect(x.grad!.abs().sum().item()).toBe(0);
    expect(lin.weight.grad).not.toBeNull();
  });

  it('full backward hook fires with grad_input [null] when the input needs no gradient', () => {
    const lin = new nn.Linear(3, 2);
    const calls: Array<Array<Tensor | null>> = [];
    lin.register_full_backward_hook((_m, gin) => { calls.push(gin); });
    lin.call(torch.randn(2, 3)).sum().backward();
    expect(calls).toEqual([[null]]);
  });
});

describe('containers behave like Python lists and dicts', () => {
  it('Sequential: index (also negative and seq[i]), length, iteration, slice, append, insert, named form', () => {
    const a = new nn.Linear(2, 3), b = new nn.ReLU(), c = new nn.Linear(3, 1);
    const s = new nn.Sequential(a, b);
    s.append(c);
    expect(s.length).toBe(3);
    expect(s.get(0)).toBe(a);
    expect(s.get(-1)).toBe(c);
    expect(s[1]).toBe(b);
    expect([...s]).toEqual([a, b, c]);
    expect([...s.slice(1)].length).toBe(2);
    expect(s.slice(1).named_children().map(([n]) => n)).toEqual(['1', '2']);
    s.insert(1, new nn.Tanh());
    expect(s.named_children().map(([n, m]) => `${n}:${m._get_name()}`)).toEqual(['0:Linear', '1:Tanh', '2:ReLU', '3:Linear']);
    expect(() => s.get(4)).toThrow('index 4 is out of range');
    const popped = new nn.Sequential(new nn.ReLU(), new nn.Tanh(), new nn.Sigmoid());
    expect(popped.pop(0)._get_name()).toBe('ReLU');
    expect(popped.named_children().map(([n, m]) => `${n}:${m._get_name()}`)).toEqual(['0:Tanh', '1:Sigmoid']);
    const x = torch.randn(5, 2);
    expect(s.call(x).allclose(c.call(b.call(s.get(1).call(a.call(x)))))).toBe(true);
    const named = new nn.Sequential({ conv: new nn.Conv2d(1, 1, 1), act: new nn.ReLU() });
    expect([...named.state_dict().keys()]).toEqual(['conv.weight', 'conv.bias']);
    expect((named as any).conv).toBeInstanceOf(nn.Conv2d);
  });

  it('ModuleList: append, extend, insert, pop renumber; no forward', () => {
    const l = new nn.ModuleList([new nn.ReLU()]);
    l.extend([new nn.Tanh(), new nn.Sigmoid()]);
    l.insert(0, new nn.Identity());
    expect([...l].map((m) => m._get_name())).toEqual(['Identity', 'ReLU', 'Tanh', 'Sigmoid']);
    expect(l.pop(1)._get_name()).toBe('ReLU');
    expect(l.named_children().map(([n]) => n)).toEqual(['0', '1', '2']);
    expect(l.get(-1)._get_name()).toBe('Sigmoid');
    expect(() => l.call(torch.zeros(1))).toThrow(/ModuleList is a container and has no forward/);
  });

  it('ModuleDict and ParameterDict/ParameterList register their items', () => {
    const d = new nn.ModuleDict({ a: new nn.Linear(1, 1) });
    d.set('b', new nn.ReLU());
    expect(d.keys()).toEqual(['a', 'b']);
    expect(d.has('b')).toBe(true);
    expect([...d.state_dict().keys()]).toEqual(['a.weight', 'a.bias']);
    expect(() => d.get('zz')).toThrow("ModuleDict has no key 'zz'");
    const pl = new nn.ParameterList([torch.zeros(2)]);
    pl.append(torch.ones(3));
    expect(pl.get(1)).toBeInstanceOf(nn.Parameter);
    expect([...pl.state_dict().keys()]).toEqual(['0', '1']);
    const pd = new nn.ParameterDict({ w: torch.zeros(1) });
    expect(pd.get('w').requires_grad).toBe(true);
  });
});

describe('functional odds and ends', () => {
  it('torch.nn, torch.nn.functional and torch.nn.init are reachable from the torch namespace', async () => {
    const { torch: t } = await import('../../core/index.ts');
    expect(t.nn.Conv2d).toBe(nn.Conv2d);
    expect(t.nn.functional.relu).toBe(F.relu);
    expect(t.nn.init.kaiming_uniform_).toBe(nn.init.kaiming_uniform_);
    expect(typeof t.nn.CrossEntropyLoss).toBe('function');
  });

  it('softmax with dim=null follows PyTorch\'s implicit rule (dim 1 for 2-D, 0 for 3-D)', () => {
    const x = torch.randn(2, 3);
    expect(F.softmax(x).allclose(x.softmax(1))).toBe(true);
    const y = torch.randn(2, 3, 4);
    expect(F.softmax(y).allclose(y.softmax(0))).toBe(true);
  });

  it('keyword options objects work wherever PyTorch takes keyword arguments', () => {
    const x = torch.randn(3, 4);
    expect(F.softmax(x, { dim: 0 }).allclose(x.softmax(0))).toBe(true);
    expect(F.log_softmax(x, { dim: -1 }).allclose(x.log_softmax(-1))).toBe(true);
    expect(F.leaky_relu(x, { negative_slope: 0.2 }).allclose(F.leaky_relu(x, 0.2))).toBe(true);
    expect(F.elu(x, { alpha: 0.5 }).allclose(F.elu(x, 0.5))).toBe(true);
    expect(F.hardtanh(x, { min_val: -0.5, max_val: 0.5 }).allclose(x.clamp(-0.5, 0.5))).toBe(true);
    expect(F.softplus(x, { beta: 2 }).allclose(F.softplus(x, 2))).toBe(true);
    expect(F.dropout(x, { p: 0.5, training: false })).toBe(x);
    const y = x.clone();
    F.relu(y, { inplace: true });
    expect(y.equal(x.relu())).toBe(true);
  });

  it('dropout is the identity in eval mode and with p=0; p=1 zeroes everything', () => {
    const x = torch.randn(3, 3);
    expect(F.dropout(x, 0.5, false)).toBe(x);
    expect(F.dropout(x, 0)).toBe(x);
    expect(F.dropout(x, 1).abs().sum().item()).toBe(0);
  });
});
