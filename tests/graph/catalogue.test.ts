import { describe, expect, it } from 'vitest';
import { CATALOGUE, CATEGORIES, NODE_KINDS, defaultParams } from '../../core/graph/catalogue/index.ts';
import { paramProblem } from '../../core/graph/params.ts';
import * as nn from '../../core/nn/index.ts';
import * as optim from '../../core/optim/index.ts';
import { CUSTOM_MODULES } from '../../core/graph/modules.ts';

describe('catalogue', () => {
  const specs = Object.values(CATALOGUE);

  it('has one spec per kind, with the fields the palette and inspector need', () => {
    expect(new Set(NODE_KINDS).size).toBe(NODE_KINDS.length);
    for (const s of specs) {
      expect(CATEGORIES, s.kind).toContain(s.category);
      expect(s.title.length, s.kind).toBeGreaterThan(0);
      expect(s.description.length, s.kind).toBeGreaterThan(10);
      expect(s.formula.length, s.kind).toBeGreaterThan(3);
      expect(s.namePrefix, s.kind).toMatch(/^[a-z_][a-z0-9_]*$/);
      for (const p of s.params) {
        expect(p.help.length, `${s.kind}.${p.name}`).toBeGreaterThan(5);
        expect(paramProblem(p, p.default), `${s.kind}.${p.name} default`).toBeNull();
        if (p.type === 'enum') expect(p.options!.length).toBeGreaterThan(0);
      }
      if (s.category !== 'Data' && s.category !== 'Optimizer') expect(s.module ?? s.functional, s.kind).toBeDefined();
    }
  });

  it('covers every category of the palette', () => {
    for (const c of CATEGORIES) expect(specs.some((s) => s.category === c), c).toBe(true);
  });

  it('"auto" is allowed exactly for the sizes read from the input', () => {
    const autos = specs.flatMap((s) => s.params.filter((p) => p.auto).map((p) => `${s.kind}.${p.name}`)).sort();
    expect(autos).toEqual(expect.arrayContaining(['Linear.in_features', 'Conv2d.in_channels', 'BatchNorm2d.num_features', 'BatchNorm1d.num_features']));
    for (const a of autos) expect(a).toMatch(/\.(in_features|in[12]_features|in_channels|num_features|num_channels|normalized_shape|num_embeddings)$/);
  });

  it('every module, loss and optimizer a spec names exists in our torch.nn / torch.optim', () => {
    const nnNames = nn as unknown as Record<string, unknown>;
    for (const s of specs) {
      if (s.module) {
        const call = s.module(defaultParams(s));
        const table = call.custom ? CUSTOM_MODULES : nnNames;
        expect(typeof (table as Record<string, unknown>)[call.cls], `${s.kind} → ${call.cls}`).toBe('function');
        if (!call.custom) expect(s.torchClass).toBe(`nn.${call.cls}`);
      }
      if (s.optimizer) {
        expect(typeof (optim as unknown as Record<string, unknown>)[s.optimizer.ctor(defaultParams(s), null).cls], s.kind).toBe('function');
        for (const sched of ['StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LinearLR']) {
          const call = s.optimizer.scheduler({ ...defaultParams(s), scheduler: sched });
          expect(typeof (optim.lr_scheduler as unknown as Record<string, unknown>)[call!.cls]).toBe('function');
        }
        expect(s.optimizer.scheduler(defaultParams(s))).toBeNull();
      }
    }
  });

  it('parameter checks explain what is allowed', () => {
    const conv = CATALOGUE.Conv2d.params;
    const ks = conv.find((p) => p.name === 'kernel_size')!;
    expect(paramProblem(ks, [3, 5])).toBeNull();
    expect(paramProblem(ks, [3, 0])).toBe('must be at least 1');
    expect(paramProblem(ks, 2.5)).toBe('must be a whole number or a pair [h, w], got 2.5');
    const pad = conv.find((p) => p.name === 'padding')!;
    expect(paramProblem(pad, 'same')).toBeNull();
    expect(paramProblem(pad, 'full')).toBe(`must be a whole number or a pair [h, w] or 'same'/'valid', got "full"`);
    const inC = conv.find((p) => p.name === 'in_channels')!;
    expect(paramProblem(inC, 'auto')).toBeNull();
    const lr = CATALOGUE.SGD.params.find((p) => p.name === 'lr')!;
    expect(paramProblem(lr, 0)).toBe('must be greater than 0');
    expect(paramProblem(lr, Number.NaN)).toBe('must be a number, got null');
  });
});
