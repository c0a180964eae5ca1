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
import type { CtorCall, ScheduleRun, TargetPlan } from './catalogue/spec.ts';
import { getSpec } from './catalogue/index.ts';
import { sameValue } from './catalogue/util.ts';
import { validate, type Analysis } from './validate.ts';
import { buildPlan, CompileError, type Plan } from './plan.ts';
import { GraphModule, type GraphStep } from './modules.ts';
import { nnClass, optimClass, schedulerClass, sequentialClass } from './torch-classes.ts';
import { lossArguments, lossTensorPorts, targetTransform } from './targets.ts';

export interface Compiled {
  model: Module;
  /** The loss module: `loss.call(...lossArgs(outputsOf(model.call(x)), labels))`. */
  loss: Module;
  optimizer: any;
  scheduler: any | null;
  /** When the scheduler steps: after every batch (OneCycleLR) or every epoch, on a metric for ReduceLROnPlateau. */
  schedule: { interval: 'epoch' | 'batch'; monitor: 'loss' | 'accuracy' | null } | null;
  /**
   * Steps the scheduler when it is due: every trainer calls this after each optimizer step ('batch') and at the end
   * of each epoch ('epoch', with the epoch's numbers), so the CLI, the app and the generated code agree.
   */
  stepSchedule(event: 'batch' | 'epoch', metrics?: EpochMetrics): void;
  /**
   * Builds the scheduler again for a new run length (the app changes epochs or batch size before training starts);
   * OneCycleLR plans its whole curve over epochs × batches when it is created.
   */
  replanSchedule(run: ScheduleRun): void;
  /** The Dataset node: its id, name and parameters (dataset id, sizes…), and the sample shape it yields. */
  input: { nodeId: string; name: string; params: Record<string, ParamValue>; sampleShape: number[]; numClasses: number };
  /** How labels become the loss target, and how accuracy is measured. */
  target: TargetPlan;
  /** Labels batch → the tensor the loss expects (float, a column, one-hot, ±1, padded class indices). */
  toTarget(y: Tensor): Tensor;
  /**
   * The loss's tensor inputs (port names) in call order. The model returns one tensor when there is one, an array
   * of tensors in this order when there are several (MarginRankingLoss: input1, input2).
   */
  lossInputs: string[];
  /** The model's output as a list in lossInputs order (a single tensor becomes a list of one). */
  outputsOf(out: Tensor | Tensor[]): Tensor[];
  /**
   * The loss's arguments in its PyTorch call order (the spec's port order): the model's outputs and the target made
   * from the labels, e.g. GaussianNLLLoss → [input, target, var]. Call `loss.call(...lossArgs(outputs, labels))`.
   */
  lossArgs(outputs: Tensor[], labels: Tensor): Tensor[];
  /** Module path in the model ("res1.conv_a") → node id, for per-layer statistics and error messages. */
  paths: Map<string, string>;
  analysis: Analysis;
}

/** What a finished epoch measured; ReduceLROnPlateau watches the validation value, or the training one without a validation split. */
export interface EpochMetrics {
  trainLoss: number;
  trainAccuracy: number | null;
  valLoss?: number | null;
  valAccuracy?: number | null;
}

export interface CompileOptions {
  /** Seeds the initial weights (default: the graph's training seed). */
  seed?: number;
  /**
   * Batches per epoch, ceil(training samples / batch size): OneCycleLR plans the lr over epochs × batches. Without it
   * such a graph compiles with no scheduler (enough for export and inference), and stepping it throws.
   */
  stepsPerEpoch?: number;
  /** Epochs to plan a OneCycleLR schedule over (default: the graph's training.epochs). */
  epochs?: number;
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
      steps.push({ name: u.name, inputs: s.inputs, outputs: s.outputs, functional: { fn: u.spec.functional, params: u.params } });
      paths.set(prefix + u.name, u.nodeId);
      continue;
    }
    const m = u.type === 'block' ? buildModule(u.plan, `${prefix}${u.name}.`, paths) : instantiate(u.spec.module!(u.params));
    if (u.type === 'node') paths.set(prefix + u.name, u.nodeId);
    else paths.set(prefix + u.name, u.groupId);
    children.set(u.name, m);
    steps.push({ name: u.name, inputs: s.inputs, outputs: s.outputs });
  }
  const Seq = sequentialClass();
  if (plan.sequential && Seq) return new Seq(children);
  return new GraphModule(steps, plan.outputs, children);
}

/**
 * Compiles a valid graph (throws CompileError listing the diagnostics otherwise). The model's initial weights are
 * drawn after `torch.manual_seed(graph.training.seed)`, so the same graph always starts from the same weights.
 */
export function compile(doc: GraphDocument, opts: CompileOptions = {}): Compiled {
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
  const sc0 = optSpec.scheduler(optParams);
  const schedule = sc0 ? { interval: sc0.interval, monitor: sc0.monitor ?? null } : null;
  const makeScheduler = (run: ScheduleRun): any => {
    const sc = optSpec.scheduler(optParams, run);
    if (!sc) return null;
    // Without the run length a per-batch schedule cannot be planned; compiling for export or inference needs none.
    if (sc.interval === 'batch' && !(Number.isInteger(run.stepsPerEpoch) && run.stepsPerEpoch! > 0)) return null;
    return new (schedulerClass(sc.cls))(optimizer, ...tsArgs(sc));
  };
  const data = analysis.nodes[dataId];
  const y = data.outputs.y!;
  const numClasses = y.labels?.numClasses ?? 0;
  const target = analysis.target!;
  const toTarget = targetTransform(target.transform, numClasses);
  const lossSpec = getSpec(byId.get(lossId)!.kind)!;
  const lossParams = analysis.nodes[lossId].params;
  const lossInputs = lossTensorPorts(lossSpec, lossParams);
  const lossArgs = lossArguments(lossSpec, lossParams, toTarget, target.transform);
  const outputsOf = (out: Tensor | Tensor[]): Tensor[] => (lossInputs.length === 1 ? [out as Tensor] : (out as Tensor[]));
  const compiled: Compiled = {
    model, loss, optimizer, scheduler: makeScheduler({ epochs: opts.epochs ?? doc.training.epochs, stepsPerEpoch: opts.stepsPerEpoch }),
    schedule, target, toTarget, lossInputs, outputsOf, lossArgs, paths, analysis,
    input: { nodeId: dataId, name: byId.get(dataId)!.name, params: data.params, sampleShape: data.outputs.x!.shape.slice(1), numClasses },
    stepSchedule(event, m) {
      const s = compiled.scheduler;
      if (!schedule || schedule.interval !== event) return;
      if (!s) {
        throw new CompileError(`compile: ${sc0!.cls} steps after every batch, so training needs the number of batches per epoch: compile(doc, { stepsPerEpoch: Math.ceil(trainingSamples / batchSize) }).`);
      }
      if (schedule.monitor === null) { s.step(); return; }
      if (!m) throw new CompileError(`compile: ${sc0!.cls} needs the epoch's ${schedule.monitor} to step.`);
      // The validation number; without a validation split, the training loss averaged over the epoch
      // (validation refuses an accuracy monitor without validation data).
      const metric = schedule.monitor === 'loss' ? (m.valLoss ?? m.trainLoss) : m.valAccuracy;
      if (metric === null || metric === undefined) throw new CompileError(`compile: ${sc0!.cls} watches the validation accuracy, but there is none this epoch.`);
      s.step(metric);
    },
    replanSchedule(run) {
      compiled.scheduler = makeScheduler(run);
    },
  };
  return compiled;
}
