// Optimizers (with an optional learning-rate schedule). Connected to the loss they minimise.
import { GraphIssue, type NodeSpec, type ParamSpec, type CtorArg, type ScheduleCall, type ScheduleRun } from './spec.ts';
import type { ParamValue } from '../types.ts';

const schedules = ['none', 'StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LinearLR', 'OneCycleLR', 'ReduceLROnPlateau'] as const;
const when = (...oneOf: string[]) => ({ param: 'scheduler', oneOf });
const SCHEDULE_PARAMS: ParamSpec[] = [
  { name: 'scheduler', type: 'enum', default: 'none', options: schedules, help: 'Change the learning rate as training goes (OneCycleLR after every batch, the others after every epoch).' },
  { name: 'step_size', type: 'int', default: 10, min: 1, max: 1_000_000, help: 'StepLR: multiply the lr by gamma every step_size epochs.', visibleWhen: when('StepLR') },
  { name: 'milestones', type: 'ints', default: [10, 20], min: 1, help: 'MultiStepLR: epochs after which the lr is multiplied by gamma.', visibleWhen: when('MultiStepLR') },
  { name: 'gamma', type: 'float', default: 0.1, min: 0, exclusiveMin: true, max: 1, help: 'Factor the lr is multiplied by.', visibleWhen: when('StepLR', 'MultiStepLR', 'ExponentialLR') },
  { name: 'T_max', type: 'int', default: 10, min: 1, max: 1_000_000, help: 'CosineAnnealingLR: epochs for the lr to fall from lr to eta_min.', visibleWhen: when('CosineAnnealingLR') },
  { name: 'eta_min', type: 'float', default: 0, min: 0, max: 10, help: 'CosineAnnealingLR: the smallest lr.', visibleWhen: when('CosineAnnealingLR') },
  { name: 'start_factor', type: 'float', default: 1 / 3, min: 0, exclusiveMin: true, max: 1, help: 'LinearLR: the lr starts at lr·start_factor (a warm-up)…', visibleWhen: when('LinearLR') },
  { name: 'end_factor', type: 'float', default: 1.0, min: 0, max: 1, help: 'LinearLR: …and moves linearly to lr·end_factor…', visibleWhen: when('LinearLR') },
  { name: 'total_iters', type: 'int', default: 5, min: 1, max: 1_000_000, help: 'LinearLR: …over this many epochs.', visibleWhen: when('LinearLR') },
  { name: 'max_lr', type: 'float', default: 0.01, min: 0, exclusiveMin: true, max: 10, help: 'OneCycleLR: the peak lr. It starts at max_lr/div_factor, rises to max_lr, then anneals far below the start.', visibleWhen: when('OneCycleLR') },
  { name: 'pct_start', type: 'float', default: 0.3, min: 0, max: 1, help: 'OneCycleLR: fraction of all batches spent rising to max_lr.', visibleWhen: when('OneCycleLR') },
  { name: 'anneal_strategy', type: 'enum', default: 'cos', options: ['cos', 'linear'], help: 'OneCycleLR: shape of the rise and fall (cosine or straight lines).', visibleWhen: when('OneCycleLR') },
  { name: 'cycle_momentum', type: 'bool', default: true, help: "OneCycleLR: move momentum (or Adam's beta1) opposite to the lr, between base_momentum and max_momentum.", visibleWhen: when('OneCycleLR') },
  { name: 'base_momentum', type: 'float', default: 0.85, min: 0, max: 1, help: 'OneCycleLR: the momentum at the peak lr.', visibleWhen: when('OneCycleLR') },
  { name: 'max_momentum', type: 'float', default: 0.95, min: 0, max: 1, help: 'OneCycleLR: the momentum at the start and the end.', visibleWhen: when('OneCycleLR') },
  { name: 'div_factor', type: 'float', default: 25, min: 1, max: 1e6, help: 'OneCycleLR: the first lr is max_lr / div_factor.', visibleWhen: when('OneCycleLR') },
  { name: 'final_div_factor', type: 'float', default: 1e4, min: 1, max: 1e9, help: 'OneCycleLR: the last lr is the first lr / final_div_factor.', visibleWhen: when('OneCycleLR') },
  { name: 'three_phase', type: 'bool', default: false, help: 'OneCycleLR: fall back to the first lr before annealing (fast.ai style) instead of annealing straight away.', visibleWhen: when('OneCycleLR') },
  { name: 'monitor', type: 'enum', default: 'loss', options: ['loss', 'accuracy'], help: 'ReduceLROnPlateau: what must stop improving: the validation loss/accuracy (the training one when there is no validation split).', visibleWhen: when('ReduceLROnPlateau') },
  { name: 'mode', type: 'enum', default: 'min', options: ['min', 'max'], help: "ReduceLROnPlateau: 'min' when lower is better (loss), 'max' when higher is better (accuracy).", visibleWhen: when('ReduceLROnPlateau') },
  { name: 'factor', type: 'float', default: 0.1, min: 0, exclusiveMin: true, max: 0.999999, help: 'ReduceLROnPlateau: the lr is multiplied by this on a plateau.', visibleWhen: when('ReduceLROnPlateau') },
  { name: 'patience', type: 'int', default: 10, min: 0, max: 1_000_000, help: 'ReduceLROnPlateau: epochs without improvement to wait before lowering the lr.', visibleWhen: when('ReduceLROnPlateau') },
  { name: 'threshold', type: 'float', default: 1e-4, min: 0, max: 1e6, help: 'ReduceLROnPlateau: how much better counts as an improvement.', visibleWhen: when('ReduceLROnPlateau') },
  { name: 'threshold_mode', type: 'enum', default: 'rel', options: ['rel', 'abs'], help: "ReduceLROnPlateau: threshold relative to the best value ('rel') or in absolute units ('abs').", visibleWhen: when('ReduceLROnPlateau') },
  { name: 'cooldown', type: 'int', default: 0, min: 0, max: 1_000_000, help: 'ReduceLROnPlateau: epochs to wait after a reduction before watching again.', visibleWhen: when('ReduceLROnPlateau') },
  { name: 'min_lr', type: 'float', default: 0, min: 0, max: 10, help: 'ReduceLROnPlateau: the lr never goes below this.', visibleWhen: when('ReduceLROnPlateau') },
];

function scheduler(p: Record<string, ParamValue>, run: ScheduleRun = {}): ScheduleCall | null {
  const epoch = (cls: string, args: CtorArg[]): ScheduleCall => ({ cls, args, interval: 'epoch' });
  switch (p.scheduler) {
    case 'StepLR': return epoch('StepLR', [{ name: 'step_size', value: p.step_size, pyKw: true }, f('gamma', p, 0.1)]);
    case 'MultiStepLR': return epoch('MultiStepLR', [{ name: 'milestones', value: p.milestones, pyKw: true }, f('gamma', p, 0.1)]);
    case 'LinearLR': return epoch('LinearLR', [f('start_factor', p, 1 / 3), f('end_factor', p, 1), { name: 'total_iters', value: p.total_iters, kw: true, default: 5 }]);
    case 'ExponentialLR': return epoch('ExponentialLR', [{ name: 'gamma', value: p.gamma, pyKw: true, float: true }]);
    case 'CosineAnnealingLR': return epoch('CosineAnnealingLR', [{ name: 'T_max', value: p.T_max, pyKw: true }, f('eta_min', p, 0)]);
    case 'OneCycleLR': return {
      cls: 'OneCycleLR', interval: 'batch',
      args: [
        { name: 'max_lr', value: p.max_lr, pyKw: true, float: true },
        // Known only once the data is loaded: the generated file computes them the same way.
        { name: 'epochs', value: run.epochs ?? null, kw: true, py: 'EPOCHS' },
        { name: 'steps_per_epoch', value: run.stepsPerEpoch ?? null, kw: true, py: 'steps_per_epoch' },
        f('pct_start', p, 0.3),
        { name: 'anneal_strategy', value: p.anneal_strategy, kw: true, default: 'cos' },
        { name: 'cycle_momentum', value: p.cycle_momentum, kw: true, default: true },
        f('base_momentum', p, 0.85), f('max_momentum', p, 0.95), f('div_factor', p, 25), f('final_div_factor', p, 1e4),
        { name: 'three_phase', value: p.three_phase, kw: true, default: false },
      ],
    };
    case 'ReduceLROnPlateau': return {
      cls: 'ReduceLROnPlateau', interval: 'epoch', monitor: p.monitor === 'accuracy' ? 'accuracy' : 'loss',
      args: [
        { name: 'mode', value: p.mode, kw: true, default: 'min' }, f('factor', p, 0.1),
        { name: 'patience', value: p.patience, kw: true, default: 10 }, f('threshold', p, 1e-4),
        { name: 'threshold_mode', value: p.threshold_mode, kw: true, default: 'rel' },
        { name: 'cooldown', value: p.cooldown, kw: true, default: 0 }, f('min_lr', p, 0),
      ],
    };
    default: return null;
  }
}

/** Problems of the schedule settings that PyTorch would raise on (or that make the schedule pointless). */
function scheduleIssues(p: Record<string, ParamValue>, d: OptDef, label: string): { errors: GraphIssue[]; warnings: GraphIssue[] } {
  const errors: GraphIssue[] = [];
  const warnings: GraphIssue[] = [];
  if (p.scheduler === 'OneCycleLR') {
    if (p.cycle_momentum === true && !d.momentum) {
      errors.push(new GraphIssue('invalid_param', `${label} uses OneCycleLR with cycle_momentum, but ${d.kind} has no momentum (or beta1) to cycle; PyTorch refuses this.`,
        { param: 'cycle_momentum', fix: `Turn cycle_momentum off, or use SGD, Adam, AdamW, RMSprop, NAdam, RAdam or Adamax.` }));
    }
    if (Number(p.base_momentum) > Number(p.max_momentum)) {
      warnings.push(new GraphIssue('invalid_param', `${label}: base_momentum (${p.base_momentum}) is above max_momentum (${p.max_momentum}), so momentum rises while the lr rises.`,
        { param: 'base_momentum', fix: 'Keep base_momentum below max_momentum (0.85 and 0.95 are the defaults).' }));
    }
  }
  if (p.scheduler === 'ReduceLROnPlateau') {
    const want = p.monitor === 'accuracy' ? 'max' : 'min';
    if (p.mode !== want) {
      warnings.push(new GraphIssue('invalid_param', `${label} watches the ${p.monitor} with mode '${p.mode}', so it treats ${p.monitor === 'accuracy' ? 'a falling accuracy' : 'a rising loss'} as an improvement.`,
        { param: 'mode', fix: `Set mode to '${want}' (lower is better for a loss, higher for accuracy).` }));
    }
  }
  return { errors, warnings };
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
  /** Has a momentum or beta1 that OneCycleLR can cycle. */
  momentum: boolean;
}

function optimizer(d: OptDef): NodeSpec {
  return {
    kind: d.kind, category: 'Optimizer', title: d.title, description: d.description, formula: d.formula,
    torchClass: `optim.${d.kind}`, namePrefix: 'optimizer',
    inputs: [{ name: 'loss', kind: 'loss', help: 'The loss to minimise.' }],
    outputs: [],
    params: [...d.params, ...SCHEDULE_PARAMS],
    infer(ctx) {
      const { errors, warnings } = scheduleIssues(ctx.params, d, ctx.label);
      if (errors.length > 0) {
        if (!ctx.deferred) throw errors[0];
        ctx.deferred.push(...errors);
      }
      return { outputs: {}, warnings };
    },
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
  kind: 'SGD', momentum: true, title: 'SGD (with momentum)',
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
  kind: 'Adam', momentum: true, title: 'Adam',
  description: 'Adapts a step size per weight from running averages of the gradient and its square. A good default.',
  formula: 'm = β₁m + (1−β₁)g;  v = β₂v + (1−β₂)g²;  w = w − lr·m̂ / (√v̂ + eps)',
  params: adamParams(0), args: adamArgs(0),
});

export const AdamW = optimizer({
  kind: 'AdamW', momentum: true, title: 'AdamW',
  description: 'Adam with weight decay applied directly to the weights (decoupled), as used for transformers.',
  formula: 'w = w − lr·(m̂ / (√v̂ + eps) + weight_decay·w)',
  params: adamParams(0.01), args: adamArgs(0.01),
});

export const RMSprop = optimizer({
  kind: 'RMSprop', momentum: true, title: 'RMSprop',
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
  kind: 'Adagrad', momentum: false, title: 'Adagrad',
  description: 'Divides each step by the root of the sum of all past squared gradients: rarely-updated weights take bigger steps.',
  formula: 's = s + g²;  w = w − lr·g / (√s + eps)',
  params: [lrParam(0.01), wd(0), { name: 'eps', type: 'float', default: 1e-10, min: 0, exclusiveMin: true, max: 1, help: 'Added to the denominator for stability.' }],
  args: (p) => [f('weight_decay', p, 0), f('eps', p, 1e-10)],
});

export const Adadelta = optimizer({
  kind: 'Adadelta', momentum: false, title: 'Adadelta',
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
  kind: 'Adamax', momentum: true, title: 'Adamax',
  description: 'Adam with the infinity norm: the step is divided by the largest recent gradient magnitude.',
  formula: 'm = β₁m + (1−β₁)g;  u = max(β₂u, |g|);  w = w − lr/(1−β₁ᵗ)·m/(u + eps)',
  params: betaParams(0.002), args: betaArgs,
});

export const NAdam = optimizer({
  kind: 'NAdam', momentum: true, title: 'NAdam',
  description: 'Adam with Nesterov momentum: looks one step ahead along the momentum.',
  formula: 'Adam with m̂ replaced by a Nesterov-corrected mix of m and g',
  params: [...betaParams(0.002), { name: 'momentum_decay', type: 'float', default: 0.004, min: 0, max: 1, help: 'How fast the momentum schedule warms up.' }],
  args: (p) => [...betaArgs(p), f('momentum_decay', p, 0.004)],
});

export const RAdam = optimizer({
  kind: 'RAdam', momentum: true, title: 'RAdam',
  description: 'Rectified Adam: behaves like SGD with momentum for the first steps, until the variance estimate is reliable.',
  formula: 'Adam with the adaptive term switched on once ρₜ > 5',
  params: betaParams(0.001), args: betaArgs,
});
