/**
 * Initialisation parity: after torch.manual_seed(0), every layer's initial parameters and every nn.init function's
 * output equal PyTorch's (our generator reproduces PyTorch's draws), and calculate_gain matches.
 */
import { describe, it, expect } from 'vitest';
import { fixture, construct, expectClose, torch, nn, BUILDERS } from './helpers.ts';

const data = fixture('init');
const exact = { rtol: 0, atol: 1e-7 };
// Normal draws: PyTorch's CPU kernel uses SIMD float log/cos (Sleef), so a few samples differ by one float ulp.
const ulps = { rtol: 2.5e-7, atol: 1e-7 };
const usesNormal = (name: string) => name === 'Embedding' || name.includes('normal');

describe('default initialisation equals PyTorch for the same seed', () => {
  for (const l of data.layers) {
    it(`${l.cls}(${JSON.stringify(l.args).slice(1, -1)}${Object.keys(l.kwargs).length ? ', ' + JSON.stringify(l.kwargs) : ''})`, () => {
      torch.manual_seed(0);
      const m = construct(l.cls, l.args, l.kwargs);
      const sd = m.state_dict();
      expect([...sd.keys()]).toEqual(l.state.map(([k]: [string]) => k));
      for (const [k, t] of l.state) expectClose(sd.get(k), t, `${l.cls}.${k}`, usesNormal(l.cls) ? ulps : exact);
    });
  }

  for (const b of data.built) {
    it(`${b.builder}: deep-copied layers and xavier re-initialisation draw like PyTorch`, () => {
      torch.manual_seed(0);
      const sd = BUILDERS[b.builder]().state_dict();
      expect([...sd.keys()]).toEqual(b.state.map(([k]: [string]) => k));
      for (const [k, t] of b.state) expectClose(sd.get(k), t, k, exact);
    });
  }

  it('a whole model initialised in sequence draws the same stream', () => {
    torch.manual_seed(0);
    const seq = new nn.Sequential(new nn.Conv2d(1, 4, 3), new nn.ReLU(), new nn.Flatten(), new nn.Linear(4 * 4 * 4, 3));
    const sd = seq.state_dict();
    for (const [k, t] of data.sequence) expectClose(sd.get(k), t, k, exact);
  });
});

describe('nn.init functions equal PyTorch for the same seed', () => {
  for (const f of data.fns) {
    it(`${f.fn}(${JSON.stringify(f.shape)}, ${JSON.stringify(f.args)}, ${JSON.stringify(f.kwargs)})`, () => {
      torch.manual_seed(0);
      const t = torch.empty(f.shape);
      const fn = (nn.init as any)[f.fn];
      const r = f.fn.startsWith('kaiming') ? fn(t, f.kwargs) : fn(t, ...f.args);
      expect(r).toBe(t);
      expectClose(t, f.out, f.fn, usesNormal(f.fn) ? ulps : exact);
    });
  }

  for (const g of data.gains) {
    it(`calculate_gain('${g.nonlinearity}', ${g.param})`, () => {
      expect(nn.init.calculate_gain(g.nonlinearity, g.param)).toBeCloseTo(g.gain, 14);
    });
  }

  it('fan computations reject 1-D tensors with a clear message', () => {
    expect(() => nn.init.xavier_uniform_(torch.empty(5))).toThrow(/fewer than 2 dimensions.*\[5\]/);
    expect(() => nn.init.kaiming_uniform_(torch.empty(3, 4), { mode: 'fan_sideways' as any })).toThrow(/Mode fan_sideways not supported/);
  });

  it('initialisers do not record gradients on parameters', () => {
    const p = new nn.Parameter(torch.empty(3, 3));
    nn.init.normal_(p);
    expect(p.grad_fn).toBeNull();
    expect(p.requires_grad).toBe(true);
  });
});
