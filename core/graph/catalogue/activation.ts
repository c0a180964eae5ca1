// Activations: element-wise non-linearities (and Softmax/LogSoftmax over a dimension).
import { GraphIssue, type NodeSpec, type ParamSpec, type CtorArg, type ValueInfo } from './spec.ts';
import type { ParamValue } from '../types.ts';
import { IN, OUT } from './ports.ts';
import { fmtShape, num, one } from './util.ts';

interface ActDef {
  kind: string;
  title: string;
  description: string;
  formula: string;
  params?: ParamSpec[];
  args?: (p: Record<string, ParamValue>) => CtorArg[];
  /** What its output means, for the losses' checks. */
  meaning?: ValueInfo['meaning'];
}

function activation(d: ActDef): NodeSpec {
  return {
    kind: d.kind, category: 'Activation', title: d.title, description: d.description, formula: d.formula,
    torchClass: `nn.${d.kind}`, namePrefix: d.kind.toLowerCase(), inputs: IN, outputs: OUT, params: d.params ?? [],
    infer(ctx) {
      const x = one(ctx);
      if (ctx.params.dim !== undefined) {
        const dim = num(ctx.params, 'dim');
        if (dim >= x.shape.length || dim < -x.shape.length) {
          throw new GraphIssue('invalid_param', `${ctx.label}: dim ${dim} is out of range for its ${x.shape.length}-D input (${fmtShape(x.shape)}).`,
            { param: 'dim', fix: `Use a dim between ${-x.shape.length} and ${x.shape.length - 1} (1 = the class dimension).` });
        }
      }
      return { outputs: { output: { shape: x.shape, ...(d.meaning ? { meaning: d.meaning } : {}) } } };
    },
    module: (p) => ({ cls: d.kind, args: d.args ? d.args(p) : [] }),
  };
}

const dimParam: ParamSpec = { name: 'dim', type: 'int', default: 1, min: -8, max: 8, help: 'Dimension the probabilities sum to 1 over (1 = classes).' };

export const ReLU = activation({ kind: 'ReLU', title: 'ReLU', description: 'Keeps positive values, zeroes negative ones. The default choice.', formula: 'y = max(0, x)', meaning: 'non_negative' });
export const ReLU6 = activation({ kind: 'ReLU6', title: 'ReLU6', description: 'ReLU capped at 6.', formula: 'y = min(max(0, x), 6)', meaning: 'non_negative' });
export const LeakyReLU = activation({
  kind: 'LeakyReLU', title: 'Leaky ReLU', description: 'Like ReLU but lets a small slope through for negative inputs, so neurons never die.',
  formula: 'y = x if x ≥ 0 else negative_slope·x',
  params: [{ name: 'negative_slope', type: 'float', default: 0.01, min: 0, max: 10, help: 'Slope for negative inputs.' }],
  args: (p) => [{ name: 'negative_slope', value: p.negative_slope, default: 0.01, kw: true, float: true, tsPos: true }],
});
export const PReLU: NodeSpec = {
  ...activation({
    kind: 'PReLU', title: 'PReLU', description: 'Leaky ReLU whose negative slope is learnt.', formula: 'y = x if x ≥ 0 else a·x (a learnt)',
    params: [
      { name: 'num_parameters', type: 'int', default: 1, min: 1, max: 100_000, help: 'Number of slopes: 1, or one per input channel.' },
      { name: 'init', type: 'float', default: 0.25, min: 0, max: 10, help: 'Initial slope.' },
    ],
    args: (p) => [
      { name: 'num_parameters', value: p.num_parameters, kw: true, default: 1, tsPos: true },
      { name: 'init', value: p.init, kw: true, default: 0.25, float: true, tsPos: true },
    ],
  }),
  infer(ctx) {
    const x = one(ctx);
    const n = num(ctx.params, 'num_parameters');
    if (n !== 1 && (x.shape.length < 2 || x.shape[1] !== n)) {
      throw new GraphIssue('shape_mismatch', `${ctx.label} has ${n} slopes but its input has ${x.shape.length < 2 ? 'no' : x.shape[1]} channels.`,
        { param: 'num_parameters', fix: `Set num_parameters to 1 or ${x.shape[1] ?? 1}.` });
    }
    return { outputs: { output: { shape: x.shape } } };
  },
  parameters: (p) => ({ weight: [num(p, 'num_parameters')] }),
};
export const ELU = activation({
  kind: 'ELU', title: 'ELU', description: 'Smooth ReLU with an exponential curve for negative inputs.', formula: 'y = x if x > 0 else alpha·(eˣ − 1)',
  params: [{ name: 'alpha', type: 'float', default: 1.0, min: 0, max: 10, help: 'Value the negative side saturates to (−alpha).' }],
  args: (p) => [{ name: 'alpha', value: p.alpha, kw: true, default: 1, float: true, tsPos: true }],
});
export const SELU = activation({ kind: 'SELU', title: 'SELU', description: 'Scaled ELU with constants that keep activations normalised.', formula: 'y = 1.0507·(x if x > 0 else 1.6733·(eˣ − 1))' });
export const GELU = activation({
  kind: 'GELU', title: 'GELU', description: 'Smooth ReLU used in transformers: weights x by the chance a standard normal is below x.',
  formula: 'y = x·Φ(x)',
  params: [{ name: 'approximate', type: 'enum', default: 'none', options: ['none', 'tanh'], help: "'tanh' uses the faster tanh approximation." }],
  args: (p) => [{ name: 'approximate', value: p.approximate, kw: true, default: 'none' }],
});
export const SiLU = activation({ kind: 'SiLU', title: 'SiLU (swish)', description: 'x times its sigmoid: smooth and non-monotonic.', formula: 'y = x·σ(x)' });
export const Mish = activation({ kind: 'Mish', title: 'Mish', description: 'Smooth self-gated activation.', formula: 'y = x·tanh(softplus(x))' });
export const Sigmoid = activation({ kind: 'Sigmoid', title: 'Sigmoid', description: 'Squashes any value into (0, 1); used for probabilities of yes/no outputs.', formula: 'y = 1 / (1 + e⁻ˣ)', meaning: 'probability' });
export const Tanh = activation({ kind: 'Tanh', title: 'Tanh', description: 'Squashes any value into (−1, 1), centred at 0.', formula: 'y = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)' });
export const Hardtanh = activation({
  kind: 'Hardtanh', title: 'Hardtanh', description: 'Clips values to [min_val, max_val].', formula: 'y = clamp(x, min_val, max_val)',
  params: [
    { name: 'min_val', type: 'float', default: -1.0, min: -1e6, max: 1e6, help: 'Lower clip value.' },
    { name: 'max_val', type: 'float', default: 1.0, min: -1e6, max: 1e6, help: 'Upper clip value.' },
  ],
  args: (p) => [
    { name: 'min_val', value: p.min_val, kw: true, default: -1, float: true, tsPos: true },
    { name: 'max_val', value: p.max_val, kw: true, default: 1, float: true, tsPos: true },
  ],
});
export const Softplus = activation({
  kind: 'Softplus', title: 'Softplus', description: 'A smooth ReLU: log(1 + eˣ).', formula: 'y = log(1 + e^(beta·x)) / beta',
  params: [
    { name: 'beta', type: 'float', default: 1.0, min: 0, exclusiveMin: true, max: 1000, help: 'Sharpness of the curve.' },
    { name: 'threshold', type: 'float', default: 20.0, min: 0, max: 1000, help: 'Above beta·x > threshold the layer is linear.' },
  ],
  args: (p) => [
    { name: 'beta', value: p.beta, kw: true, default: 1, float: true, tsPos: true },
    { name: 'threshold', value: p.threshold, kw: true, default: 20, float: true, tsPos: true },
  ],
  meaning: 'non_negative',
});
export const Softmax = activation({
  kind: 'Softmax', title: 'Softmax', description: 'Turns scores into probabilities that sum to 1. Do not put it before CrossEntropyLoss, which applies it itself.',
  formula: 'yᵢ = e^{xᵢ} / Σⱼ e^{xⱼ}', meaning: 'probabilities', params: [dimParam], args: (p) => [{ name: 'dim', value: p.dim, kw: true, tsPos: true }],
});
export const LogSoftmax = activation({
  kind: 'LogSoftmax', title: 'Log-softmax', description: 'Log of softmax, computed stably; pair it with NLLLoss.',
  formula: 'yᵢ = xᵢ − log Σⱼ e^{xⱼ}', meaning: 'log_probabilities', params: [dimParam], args: (p) => [{ name: 'dim', value: p.dim, kw: true, tsPos: true }],
});
export const Identity = activation({ kind: 'Identity', title: 'Identity', description: 'Passes its input through unchanged (a placeholder).', formula: 'y = x' });
