// Optimizers (with an optional learning-rate schedule). Connected to the loss they minimise.
import type { NodeSpec, ParamSpec, CtorArg, CtorCall } from './spec.ts';
import type { ParamValue } from '../types.ts';

const schedules = ['none', 'StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LinearLR'] as const;
const SCHEDULE_PARAMS: ParamSpec[] = [
  { name: 'scheduler', type: 'enum', default: 'none', options: schedules, help: 'Change the learning rate after every epoch.' },
  { name: 'step_size', type: 'int', default: 10, min: 1, max: 1_000_000, help: 'StepLR: multiply the lr by gamma every step_size epochs.', visibleWhen: { param: 'scheduler', oneOf: ['StepLR'] } },
  { name: 'milestones', type: 'ints', default: [10, 20], min: 1, help: 'MultiStepLR: epochs after which the lr is multiplied by gamma.', visibleWhen: { param: 'scheduler', oneOf: ['MultiStepLR'] } },
  { name: 'gamma', type: 'float', default: 0.1, min: 0, exclusiveMin: true, max: 1, help: 'Factor the lr is multiplied by.', visibleWhen: { param: 'scheduler', oneOf: ['StepLR', 'MultiStepLR', 'ExponentialLR'] } },
  { name: 'T_max', type: 'int', default: 10, min: 1, max: 1_000_000, help: 'CosineAnnealingLR: epochs for the lr to fall from lr to eta_min.', visibleWhen: { param: 'scheduler', oneOf: ['CosineAnnealingLR'] } },
  { name: 'eta_min', type: 'float', default: 0, min: 0, max: 10, help: 'CosineAnnealingLR: the smallest lr.', visibleWhen: { param: 'scheduler', oneOf: ['CosineAnnealingLR'] } },
  { name: 'start_factor', type: 'float', default: 1 / 3, min: 0, exclusiveMin: true, max: 1, help: 'LinearLR: the lr starts at lr·start_factor (a warm-up)…', visibleWhen: { param: 'scheduler', oneOf: ['LinearLR'] } },
  { name: 'end_factor', type: 'float', default: 1.0, min: 0, max: 1, help: 'LinearLR: …and moves linearly to lr·end_factor…', visibleWhen: { param: 'scheduler', oneOf: ['LinearLR'] } },
  { name: 'total_iters', type: 'int', default: 5, min: 1, max: 1_000_000, help: 'LinearLR: …over this many epochs.', visibleWhen: { param: 'scheduler', oneOf: ['LinearLR'] } },
];

function scheduler(p: Record<string, ParamValue>): CtorCall | null {
  switch (p.scheduler) {
    case 'StepLR': return { cls: 'StepLR', args: [{ name: 'step_size', value: p.step_size, pyKw: true }, { name: 'gamma', value: p.gamma, kw: true, default: 0.1, float: true }] };
    case 'MultiStepLR': return { cls: 'MultiStepLR', args: [{ name: 'milestones', value: p.milestones, pyKw: true }, { name: 'gamma', value: p.gamma, kw: true, default: 0.1, float: true }] };
    case 'LinearLR': return {
      cls: 'LinearLR',
      args: [
        { name: 'start_factor', value: p.start_factor, kw: true, default: 1 / 3, float: true },
        { name: 'end_factor', value: p.end_factor, kw: true, default: 1, float: true },
        { name: 'total_iters', value: p.total_iters, kw: true, default: 5 },
      ],
    };
    case 'ExponentialLR': return { cls: 'ExponentialLR', args: [{ name: 'gamma', value: p.gamma, pyKw: true, float: true }] };
    case 'CosineAnnealingLR': return { cls: 'CosineAnnealingLR', args: [{ name: 'T_max', value: p.T_max, pyKw: true }, { name: 'eta_min', value: p.eta_min, kw: true, default: 0, float: true }] };
    default: return null;
  }
}

const lrParam = (def: number): ParamSpec => ({ name: 'lr', type: 'float', default: def, min: 0, exclusiveMin: true, max: 10, help: 'Learning rate: the size of each step.' });
const wd = (def: number): ParamSpec => ({ name: 'weight_decay', type: 'float', default: def, min: 0, max: 1, help: 'L2 penalty pulling weights towards zero.' });

interface OptDef {
  kind: string;
  title: string;
  description: string;
  formula: string;
  params: ParamSpec[];
  args: (p: Record<string, ParamValue>) => CtorArg[];
}

function optimizer(d: OptDef): NodeSpec {
  return {
    kind: d.kind, category: 'Optimizer', title: d.title, description: d.description, formula: d.formula,
    torchClass: `optim.${d.kind}`, namePrefix: 'optimizer',
    inputs: [{ name: 'loss', kind: 'loss', help: 'The loss to minimise.' }],
    outputs: [],
    params: [...d.params, ...SCHEDULE_PARAMS],
    infer: () => ({ outputs: {} }),
    optimizer: {
      ctor: (p, lrOverride) => ({
        cls: d.kind,
        args: [{ name: 'lr', value: lrOverride ?? p.lr, kw: true, float: true }, ...d.args(p)],
      }),
      scheduler,
    },
  };
}

const f = (name: string, p: Record<string, ParamValue>, def: number): CtorArg => ({ name, value: p[name], kw: true, default: def, float: true });

export const SGD = optimizer({
  kind: 'SGD', title: 'SGD (with momentum)',
  description: 'Stochastic gradient descent: steps each weight against its gradient; momentum keeps a running direction.',
  formula: 'v = momentum·v + g;  w = w − lr·v',
  params: [
    lrParam(0.01),
    { name: 'momentum', type: 'float', default: 0, min: 0, max: 1, help: 'Fraction of the previous step kept (0.9 is common).' },
    { name: 'dampening', type: 'float', default: 0, min: 0, max: 1, help: 'Reduces the gradient added to the momentum.' },
    wd(0),
    { name: 'nesterov', type: 'bool', default: false, help: 'Nesterov momentum (needs momentum > 0 and dampening 0).' },
  ],
  args: (p) => [f('momentum', p, 0), f('dampening', p, 0), f('weight_decay', p, 0), { name: 'nesterov', value: p.nesterov, kw: true, default: false }],
});

const adamParams = (weightDecay: number): ParamSpec[] => [
  lrParam(0.001),
  { name: 'beta1', type: 'float', default: 0.9, min: 0, max: 1, exclusiveMin: false, help: 'Decay of the running mean of gradients.' },
  { name: 'beta2', type: 'float', default: 0.999, min: 0, max: 1, help: 'Decay of the running mean of squared gradients.' },
  { name: 'eps', type: 'float', default: 1e-8, min: 0, exclusiveMin: true, max: 1, help: 'Added to the denominator for stability.' },
  wd(weightDecay),
  { name: 'amsgrad', type: 'bool', default: false, help: 'Use the AMSGrad variant.' },
];

const adamArgs = (weightDecay: number) => (p: Record<string, ParamValue>): CtorArg[] => [
  { name: 'betas', value: [p.beta1 as number, p.beta2 as number], kw: true, default: [0.9, 0.999], float: true },
  f('eps', p, 1e-8), f('weight_decay', p, weightDecay), { name: 'amsgrad', value: p.amsgrad, kw: true, default: false },
];

export const Adam = optimizer({
  kind: 'Adam', title: 'Adam',
  description: 'Adapts a step size per weight from running averages of the gradient and its square. A good default.',
  formula: 'm = β₁m + (1−β₁)g;  v = β₂v + (1−β₂)g²;  w = w − lr·m̂ / (√v̂ + eps)',
  params: adamParams(0), args: adamArgs(0),
});

export const AdamW = optimizer({
  kind: 'AdamW', title: 'AdamW',
  description: 'Adam with weight decay applied directly to the weights (decoupled), as used for transformers.',
  formula: 'w = w − lr·(m̂ / (√v̂ + eps) + weight_decay·w)',
  params: adamParams(0.01), args: adamArgs(0.01),
});

export const RMSprop = optimizer({
  kind: 'RMSprop', title: 'RMSprop',
  description: 'Divides each step by a running average of the squared gradient.',
  formula: 'v = αv + (1−α)g²;  w = w − lr·g / (√v + eps)',
  params: [
    lrParam(0.01),
    { name: 'alpha', type: 'float', default: 0.99, min: 0, max: 1, help: 'Decay of the squared-gradient average.' },
    { name: 'eps', type: 'float', default: 1e-8, min: 0, exclusiveMin: true, max: 1, help: 'Added to the denominator for stability.' },
    wd(0),
    { name: 'momentum', type: 'float', default: 0, min: 0, max: 1, help: 'Momentum factor.' },
  ],
  args: (p) => [f('alpha', p, 0.99), f('eps', p, 1e-8), f('weight_decay', p, 0), f('momentum', p, 0)],
});

export const Adagrad = optimizer({
  kind: 'Adagrad', title: 'Adagrad',
  description: 'Divides each step by the root of the sum of all past squared gradients: rarely-updated weights take bigger steps.',
  formula: 's = s + g²;  w = w − lr·g / (√s + eps)',
  params: [lrParam(0.01), wd(0), { name: 'eps', type: 'float', default: 1e-10, min: 0, exclusiveMin: true, max: 1, help: 'Added to the denominator for stability.' }],
  args: (p) => [f('weight_decay', p, 0), f('eps', p, 1e-10)],
});

export const Adadelta = optimizer({
  kind: 'Adadelta', title: 'Adadelta',
  description: 'Scales each step by the ratio of running averages of past steps and past squared gradients; needs little lr tuning.',
  formula: 'v = ρv + (1−ρ)g²;  Δ = √(u + eps)/√(v + eps)·g;  u = ρu + (1−ρ)Δ²;  w = w − lr·Δ',
  params: [
    lrParam(1.0),
    { name: 'rho', type: 'float', default: 0.9, min: 0, max: 1, help: 'Decay of the running averages.' },
    { name: 'eps', type: 'float', default: 1e-6, min: 0, exclusiveMin: true, max: 1, help: 'Added for stability.' },
    wd(0),
  ],
  args: (p) => [f('rho', p, 0.9), f('eps', p, 1e-6), f('weight_decay', p, 0)],
});

const betaArgs = (p: Record<string, ParamValue>): CtorArg[] => [
  { name: 'betas', value: [p.beta1 as number, p.beta2 as number], kw: true, default: [0.9, 0.999], float: true },
  f('eps', p, 1e-8), f('weight_decay', p, 0),
];
const betaParams = (lr: number): ParamSpec[] => adamParams(0).map((p) => (p.name === 'lr' ? lrParam(lr) : p)).filter((p) => p.name !== 'amsgrad');

export const Adamax = optimizer({
  kind: 'Adamax', title: 'Adamax',
  description: 'Adam with the infinity norm: the step is divided by the largest recent gradient magnitude.',
  formula: 'm = β₁m + (1−β₁)g;  u = max(β₂u, |g|);  w = w − lr/(1−β₁ᵗ)·m/(u + eps)',
  params: betaParams(0.002), args: betaArgs,
});

export const NAdam = optimizer({
  kind: 'NAdam', title: 'NAdam',
  description: 'Adam with Nesterov momentum: looks one step ahead along the momentum.',
  formula: 'Adam with m̂ replaced by a Nesterov-corrected mix of m and g',
  params: [...betaParams(0.002), { name: 'momentum_decay', type: 'float', default: 0.004, min: 0, max: 1, help: 'How fast the momentum schedule warms up.' }],
  args: (p) => [...betaArgs(p), f('momentum_decay', p, 0.004)],
});

export const RAdam = optimizer({
  kind: 'RAdam', title: 'RAdam',
  description: 'Rectified Adam: behaves like SGD with momentum for the first steps, until the variance estimate is reliable.',
  formula: 'Adam with the adaptive term switched on once ρₜ > 5',
  params: betaParams(0.001), args: betaArgs,
});
