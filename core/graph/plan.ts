/**
 * The module structure of a validated graph, shared by the compiler and the code generator so both build the same
 * tree (and hence the same state_dict keys): a chain becomes a Sequential, anything else a module that runs its
 * steps in topological order. Blocks (groups) are nested plans.
 */
import type { GraphDocument, ParamValue } from './types.ts';
import { getSpec, portVisible, type NodeSpec } from './catalogue/index.ts';
import { validate, type Analysis } from './validate.ts';

/** A step of a plan: one node (module or inline function) or one nested block. */
export type Unit =
  | { type: 'node'; name: string; nodeId: string; spec: NodeSpec; params: Record<string, ParamValue> }
  | { type: 'block'; name: string; groupId: string; plan: Plan };

export interface Step {
  unit: Unit;
  /** Names of the values it consumes: 'x' is the plan's input, anything else a value an earlier step produced. */
  inputs: string[];
  /**
   * Names of the values it produces, one per tensor output port (in spec.outputs order): the node's name for the
   * first, `<name>_<port>` for the others. More than one means the module returns a tuple.
   */
  outputs: string[];
}

export interface Plan {
  /** Python/TS attribute name ('' for the top-level model). */
  name: string;
  steps: Step[];
  /** The values the plan returns: one (returned as is; 'x' if it returns its input) or several (returned as a tuple). */
  outputs: string[];
  /** A plain chain: every step feeds only the next, first takes the input → nn.Sequential. */
  sequential: boolean;
}

/** The tensor output ports a node has under its parameters (ports hidden by visibleWhen left out). */
export function tensorOutputs(spec: NodeSpec, params: Record<string, ParamValue>): string[] {
  return spec.outputs.filter((p) => p.kind === 'tensor' && portVisible(p, params)).map((p) => p.name);
}

/**
 * The value name of a node's output port: the node's name for its first tensor output, `<name>_<port>` for the
 * others (validation refuses node names of that form, so value names never collide).
 */
export function valueName(nodeName: string, spec: NodeSpec, port: string): string {
  const first = spec.outputs.find((p) => p.kind === 'tensor');
  return first === undefined || first.name === port ? nodeName : `${nodeName}_${port}`;
}

export class CompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompileError';
  }
}

/** Builds the model plan; throws CompileError listing the errors when the graph does not validate. */
export function buildPlan(doc: GraphDocument, analysis: Analysis = validate(doc)): Plan {
  if (!analysis.ok) {
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    throw new CompileError(`The graph has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n` +
      errors.map((d) => `  - ${d.message}${d.fix ? ` Fix: ${d.fix}` : ''}`).join('\n'));
  }
  const model = new Set(analysis.roles.model);
  const pos = new Map(analysis.roles.model.map((id, i) => [id, i]));
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const groups = new Map(doc.groups.map((g) => [g.id, g]));
  const incoming = new Map<string, typeof doc.edges>();
  for (const e of doc.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e]);

  /** The ancestor chain of a node's groups, innermost first. */
  const chain = (groupId: string | undefined): string[] => {
    const out: string[] = [];
    for (let g = groupId; g !== undefined; g = groups.get(g)?.parent) out.push(g);
    return out;
  };
  /** Which unit of scope `scope` contains node `id` (null: outside the scope). */
  const unitIn = (id: string, scope: string | undefined): string | null => {
    if (!model.has(id)) return null;
    const c = chain(nodes.get(id)!.group);
    if (scope === undefined) return c.length === 0 ? id : c[c.length - 1];
    const i = c.indexOf(scope);
    if (i < 0) return null;
    return i === 0 ? id : c[i - 1];
  };
  const unitName = (u: string) => nodes.get(u)?.name ?? groups.get(u)!.name;

  type Source = { node: string; port: string };
  const build = (scope: string | undefined, outputsOf: Source[]): Plan => {
    const units = new Map<string, number>(); // unit id → earliest member position
    for (const id of analysis.roles.model) {
      const u = unitIn(id, scope);
      if (u !== null && !units.has(u)) units.set(u, pos.get(id)!);
    }
    /** The value name of a source port, seen from inside `scope`. */
    const ref = (source: string, port: string) => {
      const u = unitIn(source, scope);
      if (u === null) return 'x';
      const node = nodes.get(u);
      return node ? valueName(node.name, getSpec(node.kind)!, port) : unitName(u);
    };
    const steps: Step[] = [...units.entries()].sort((a, b) => a[1] - b[1]).map(([u]) => {
      const node = nodes.get(u);
      if (node) {
        const spec = getSpec(node.kind)!;
        const params = analysis.nodes[u].params;
        const inputs: string[] = [];
        for (const p of spec.inputs) for (const e of incoming.get(u) ?? []) if (e.targetPort === p.name) inputs.push(ref(e.source, e.sourcePort));
        const outputs = tensorOutputs(spec, params).map((port) => valueName(node.name, spec, port));
        return { unit: { type: 'node', name: node.name, nodeId: u, spec, params }, inputs, outputs: outputs.length > 0 ? outputs : [node.name] };
      }
      // A block: its single external input, and the member output that leaves the block.
      const members = new Set(analysis.roles.model.filter((id) => chain(nodes.get(id)!.group).includes(u)));
      let input = 'x';
      let out: Source = { node: '', port: '' };
      for (const e of doc.edges) {
        if (members.has(e.target) && !members.has(e.source)) input = ref(e.source, e.sourcePort);
        if (members.has(e.source) && !members.has(e.target) && (model.has(e.target) || e.target === analysis.roles.loss)) out = { node: e.source, port: e.sourcePort };
      }
      return { unit: { type: 'block', name: unitName(u), groupId: u, plan: build(u, [out]) }, inputs: [input], outputs: [unitName(u)] };
    });
    const outputs = outputsOf.map((o) => ref(o.node, o.port));
    const last = steps[steps.length - 1];
    const sequential = steps.length > 0 && outputs.length === 1 && outputs[0] === last.outputs[0] &&
      steps.every((s, i) => s.inputs.length === 1 && s.outputs.length === 1 && s.inputs[0] === (i === 0 ? 'x' : steps[i - 1].outputs[0]) &&
        (s.unit.type === 'block' || s.unit.spec.functional === undefined)) &&
      steps.every((s, i) => steps.filter((t) => t.inputs.includes(s.outputs[0])).length === (i === steps.length - 1 ? 0 : 1));
    return { name: scope === undefined ? '' : unitName(scope), steps, outputs, sequential };
  };

  // The model returns what feeds the loss's tensor inputs, in the loss's port order.
  const lossNode = nodes.get(analysis.roles.loss!)!;
  const lossSpec = getSpec(lossNode.kind)!;
  const lossParams = analysis.nodes[lossNode.id].params;
  const outs: Source[] = [];
  for (const p of lossSpec.inputs) {
    if (p.kind !== 'tensor' || !portVisible(p, lossParams)) continue;
    const e = doc.edges.find((d) => d.target === lossNode.id && d.targetPort === p.name);
    if (e) outs.push({ node: e.source, port: e.sourcePort });
  }
  return build(undefined, outs);
}
