/**
 * compile(graph) → the model as an nn.Module tree, the loss module, the optimizer (and scheduler), and what the
 * trainer needs to feed it. Chains become nn.Sequential; branching graphs a GraphModule that runs its children in
 * topological order. Module names are node names, so state_dict keys are `conv1.weight`, `res1.conv_a.bias`.
 */
import '../ops/methods.ts';
import type { Module } from '../nn/module.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { manual_seed } from '../tensor/random.ts';
import type { GraphDocument, ParamValue } from './types.ts';
import type { CtorCall, TargetPlan } from './catalogue/spec.ts';
import { getSpec } from './catalogue/index.ts';
import { sameValue } from './catalogue/util.ts';
import { validate, type Analysis } from './validate.ts';
import { buildPlan, type Plan } from './plan.ts';
import { GraphModule, type GraphStep } from './modules.ts';
import { nnClass, optimClass, schedulerClass, sequentialClass } from './torch-classes.ts';
import { one_hot } from '../ops/composite.ts';

export interface Compiled {
  model: Module;
  /** The loss module: `loss.call(prediction, toTarget(labels))`. */
  loss: Module;
  optimizer: any;
  scheduler: any | null;
  /** The Dataset node: its id, name and parameters (dataset id, sizes…), and the sample shape it yields. */
  input: { nodeId: string; name: string; params: Record<string, ParamValue>; sampleShape: number[]; numClasses: number };
  /** How labels become the loss target, and how accuracy is measured. */
  target: TargetPlan;
  /** Labels batch → the tensor the loss expects (float, a column, or one-hot). */
  toTarget(y: Tensor): Tensor;
  /** Module path in the model ("res1.conv_a") → node id, for per-layer statistics and error messages. */
  paths: Map<string, string>;
  analysis: Analysis;
}

/** Arguments for the TS constructor: positionals, then an options object of the non-default keyword args. */
export function tsArgs(c: CtorCall): unknown[] {
  const pos: unknown[] = [];
  const opts: Record<string, unknown> = {};
  for (const a of c.args) {
    if (!a.kw || a.tsPos) pos.push(a.value);
    else if (a.default === undefined || !sameValue(a.value, a.default)) opts[a.name] = a.value;
  }
  return Object.keys(opts).length > 0 ? [...pos, opts] : pos;
}

function instantiate(c: CtorCall): Module {
  const Cls = nnClass(c.cls, c.custom);
  return new Cls(...tsArgs(c));
}

function buildModule(plan: Plan, prefix: string, paths: Map<string, string>): Module {
  const children = new Map<string, Module>();
  const steps: GraphStep[] = [];
  for (const s of plan.steps) {
    const u = s.unit;
    if (u.type === 'node' && u.spec.functional) {
      steps.push({ name: u.name, inputs: s.inputs, functional: { fn: u.spec.functional, params: u.params } });
      paths.set(prefix + u.name, u.nodeId);
      continue;
    }
    const m = u.type === 'block' ? buildModule(u.plan, `${prefix}${u.name}.`, paths) : instantiate(u.spec.module!(u.params));
    if (u.type === 'node') paths.set(prefix + u.name, u.nodeId);
    else paths.set(prefix + u.name, u.groupId);
    children.set(u.name, m);
    steps.push({ name: u.name, inputs: s.inputs });
  }
  const Seq = sequentialClass();
  if (plan.sequential && Seq) return new Seq(children);
  return new GraphModule(steps, plan.output, children);
}

/**
 * Compiles a valid graph (throws CompileError listing the diagnostics otherwise). The model's initial weights are
 * drawn after `torch.manual_seed(graph.training.seed)`, so the same graph always starts from the same weights.
 */
export function compile(doc: GraphDocument, opts: { seed?: number } = {}): Compiled {
  const analysis = validate(doc);
  const plan = buildPlan(doc, analysis);
  manual_seed(opts.seed ?? doc.training.seed);
  const paths = new Map<string, string>();
  const model = buildModule(plan, '', paths);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const lossId = analysis.roles.loss!;
  const optId = analysis.roles.optimizer!;
  const dataId = analysis.roles.data!;
  const loss = instantiate(getSpec(byId.get(lossId)!.kind)!.module!(analysis.nodes[lossId].params));
  const optSpec = getSpec(byId.get(optId)!.kind)!.optimizer!;
  const optParams = analysis.nodes[optId].params;
  const oc = optSpec.ctor(optParams, doc.training.lr);
  const OptCls = optimClass(oc.cls);
  const optOpts: Record<string, unknown> = {};
  for (const a of oc.args) optOpts[a.name] = a.value;
  const optimizer = new OptCls(model.parameters(), optOpts);
  const sc = optSpec.scheduler(optParams);
  const scheduler = sc ? new (schedulerClass(sc.cls))(optimizer, ...tsArgs(sc)) : null;
  const data = analysis.nodes[dataId];
  const y = data.outputs.y!;
  const numClasses = y.labels?.numClasses ?? 0;
  const target = analysis.target!;
  const toTarget = (labels: Tensor): Tensor => {
    switch (target.transform) {
      case 'float': return labels.to('float32');
      case 'float_column': return labels.to('float32').unsqueeze(1);
      case 'one_hot': return one_hot(labels.to('int64'), numClasses).to('float32');
      default: return labels;
    }
  };
  return {
    model, loss, optimizer, scheduler, target, toTarget, paths, analysis,
    input: { nodeId: dataId, name: byId.get(dataId)!.name, params: data.params, sampleShape: data.outputs.x!.shape.slice(1), numClasses },
  };
}
