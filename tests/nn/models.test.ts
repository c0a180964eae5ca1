/**
 * Containers and whole models against PyTorch: repr, parameter/buffer/module names, state_dict keys,
 * load_state_dict's errors (missing, unexpected, size mismatch; strict and non-strict), and a LeNet-5 whose
 * initialisation (same seed), forward, loss and every gradient match PyTorch.
 */
import { describe, it, expect } from 'vitest';
import { fixture, fromJson, expectClose, expectSummary, torch, nn, Tensor } from './helpers.ts';

const data = fixture('models');

class LeNet extends nn.Module {
  features = new nn.Sequential(
    new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.BatchNorm2d(6), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.AvgPool2d(2));
  classifier = new nn.Sequential(new nn.Flatten(), new nn.Linear(400, 120), new nn.ReLU(), new nn.Dropout(0.0), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10));

  override forward(x: Tensor): Tensor {
    return this.classifier.call(this.features.call(x));
  }
}

/** Class fields (ES2022 define semantics) and constructor registration, as a user would write it. */
class Custom extends nn.Module {
  fc1 = new nn.Linear(4, 8);
  scale = new nn.Parameter(torch.ones(1));
  body = new nn.Sequential(new nn.ReLU(), new nn.Linear(8, 2));

  constructor() {
    super();
    this.register_buffer('steps', torch.zeros(1));
    this.register_buffer('cache', torch.zeros(2), { persistent: false });
    this.register_parameter('unused', null);
  }

  override forward(x: Tensor): Tensor {
    return this.body.call(this.fc1.call(x)).mul(this.scale);
  }
}

function build(name: string): nn.Module {
  switch (name) {
    case 'custom':
      return new Custom();
    case 'seq_ops': {
      const s = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
      s.append(new nn.Sigmoid());
      s.insert(1, new nn.Tanh());
      s.pop(0);
      s.extend([new nn.Identity()]);
      return s;
    }
    case 'seq_slice':
      return new nn.Sequential(new nn.Linear(1, 1), new nn.ReLU(), new nn.Tanh(), new nn.Sigmoid()).slice(1, 3);
    case 'modulelist_pop': {
      const ml = new nn.ModuleList([new nn.ReLU(), new nn.Tanh(), new nn.Linear(1, 2)]);
      ml.pop(1);
      return ml;
    }
    case 'nested':
      return new nn.Sequential(new nn.Conv2d(1, 20, 5), new nn.ReLU(), new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4)), new nn.Identity());
    case 'named':
      return new nn.Sequential(new Map<string, nn.Module>([['conv1', new nn.Conv2d(1, 20, 5)], ['relu1', new nn.ReLU()], ['conv2', new nn.Conv2d(20, 64, 5)], ['relu2', new nn.ReLU()]]));
    case 'modulelist': {
      const ml = new nn.ModuleList([new nn.Linear(2, 3), new nn.ReLU()]);
      ml.append(new nn.Linear(3, 1));
      ml.insert(1, new nn.Tanh());
      ml.extend([new nn.Sigmoid()]);
      return ml;
    }
    case 'moduledict':
      return new nn.ModuleDict(new Map<string, nn.Module>([['conv', new nn.Conv2d(1, 2, 3)], ['pool', new nn.MaxPool2d(2)], ['act', new nn.ModuleDict({ relu: new nn.ReLU() })]]));
    case 'paramlist':
      return new nn.ParameterList([new nn.Parameter(torch.zeros(3, 4)), new nn.Parameter(torch.zeros(2)), new nn.Parameter(torch.zeros(2, 3, 4, { dtype: 'float64' }))]);
    case 'paramdict':
      return new nn.ParameterDict({ a: new nn.Parameter(torch.zeros(3)), b: new nn.Parameter(torch.zeros(1, 2)) });
    case 'lenet':
      return new LeNet();
    case 'shared': {
      const lin = new nn.Linear(2, 2);
      return new nn.Sequential(lin, new nn.ReLU(), lin);
    }
  }
  throw new Error(name);
}

describe('containers and models: printed form and names match PyTorch', () => {
  for (const m of data.models) {
    it(m.name, () => {
      const mod = build(m.name);
      expect(String(mod)).toBe(m.repr);
      expect([...mod.state_dict().keys()]).toEqual(m.keys);
      expect(mod.named_parameters().map(([n]) => n)).toEqual(m.param_names);
      expect(mod.named_buffers().map(([n]) => n)).toEqual(m.buffer_names);
      expect(mod.named_modules().map(([n]) => n)).toEqual(m.module_names);
      expect(mod.named_children().map(([n]) => n)).toEqual(m.children);
      expect(mod.parameters().length).toBe(m.num_params);
    });
  }
});

it('Parameter prints like PyTorch', () => {
  expect(String(new nn.Parameter(torch.tensor([1.5, -2.0])))).toBe(data.param_repr);
});

describe('load_state_dict reports problems exactly like PyTorch', () => {
  for (const e of data.load_errors) {
    it(`${e.case} (strict=${e.strict})`, () => {
      const target = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
      const sd = new Map<string, Tensor>(e.keys.map(([k, shape]: [string, number[]]) => [k, k.endsWith('num_batches_tracked') ? torch.zeros(shape, { dtype: 'int64' }) : torch.zeros(shape)]));
      if (e.result.ok) {
        const r = target.load_state_dict(sd, e.strict);
        expect(r.missing_keys).toEqual(e.result.missing);
        expect(r.unexpected_keys).toEqual(e.result.unexpected);
      } else {
        expect(() => target.load_state_dict(sd, e.strict)).toThrow(e.result.message);
        let msg = '';
        try { target.load_state_dict(sd, e.strict); } catch (err: any) { msg = err.message; }
        expect(msg).toBe(e.result.message);
      }
    });
  }
});

describe('LeNet-5 matches PyTorch end to end', () => {
  const L = data.lenet;
  it('same seed → same initial weights; same forward, loss and gradients', () => {
    torch.manual_seed(5);
    const net = new LeNet();
    const sd = net.state_dict();
    for (const [k, s] of L.state) expectSummary(sd.get(k), s, `initial ${k}`, 1e-5);
    const x = fromJson(L.input).requires_grad_(true);
    const y = net.call(x);
    expectClose(y, L.output, 'logits');
    const target = torch.tensor(L.target, { dtype: 'int64' });
    const loss = y.log_softmax(1).gather(1, target.unsqueeze(1)).mean().neg();
    expect(loss.item()).toBeCloseTo(L.loss, 5);
    loss.backward();
    expectSummary(x.grad, L.grad_input, 'grad of input', 1e-3);
    const params = new Map(net.named_parameters());
    for (const [n, s] of L.grads) expectSummary(params.get(n)!.grad, s, `grad of ${n}`, 1e-3);
    const after = net.state_dict();
    for (const [k, s] of L.state_after) expectSummary(after.get(k), s, `${k} after one training forward`, 1e-4);
  });
});
