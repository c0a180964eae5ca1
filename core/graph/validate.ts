/**
 * Validation and shape inference in one pass over the document: every diagnostic a learner needs (with what is
 * wrong and how to fix it), the shape of every edge, resolved "auto" parameters, and parameter counts. Pure and cheap
 * (no tensors): the editor runs it on every edit. It never throws: a broken document yields diagnostics.
 */
import type { Diagnostic, GraphDocument, GraphEdge, GraphNode, ParamValue, Shape } from './types.ts';
import { GraphIssue, getSpec, NODE_KINDS, portVisible, type NodeSpec, type TargetPlan, type ValueInfo } from './catalogue/index.ts';
import { nameProblem } from './names.ts';
import { paramProblem } from './params.ts';
import { checkIndexDtype, fmtShape } from './catalogue/util.ts';

export interface NodeAnalysis {
  /** "Conv2d 'conv1'". */
  label: string;
  /** Inferred output values by port (missing when inference could not run). */
  outputs: Record<string, ValueInfo>;
  /** Parameters with defaults filled and "auto" resolved. */
  params: Record<string, ParamValue>;
  /** state_dict entries of this node's module (suffix → shape), and how many learnable numbers it has. */
  parameters: Record<string, Shape>;
  buffers: Record<string, Shape>;
  paramCount: number;
}

export interface Analysis {
  /** True when there is no error (warnings allowed): the graph can be compiled and trained. */
  ok: boolean;
  diagnostics: Diagnostic[];
  nodes: Record<string, NodeAnalysis>;
  /** The shape carried by each edge, or null where it could not be inferred. */
  edges: Record<string, Shape | null>;
  /** Learnable parameters of the model (nodes between the dataset and the loss). */
  totalParams: number;
  /** Node ids in a topological order (nodes in cycles left out). */
  order: string[];
  /** The Dataset, loss and optimizer nodes, and the model's nodes in topological order. */
  roles: { data?: string; loss?: string; optimizer?: string; model: string[] };
  /** How the loss turns labels into targets, and how accuracy is measured. */
  target?: TargetPlan;
}

export const labelOf = (n: GraphNode) => `${n.kind} '${n.name}'`;

/** A node's parameters with the defaults filled in (what port visibility is decided on). */
function paramsOf(n: GraphNode, spec: NodeSpec): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of spec.params) out[p.name] = n.params[p.name] !== undefined ? n.params[p.name] : p.default;
  return out;
}

/** Validates `doc` and infers every shape. */
export function validate(doc: GraphDocument): Analysis {
  const diags: Diagnostic[] = [];
  const err = (d: Omit<Diagnostic, 'severity'>) => diags.push({ severity: 'error', ...d });
  const warn = (d: Omit<Diagnostic, 'severity'>) => diags.push({ severity: 'warning', ...d });
  const specs = new Map<string, NodeSpec>();
  const byId = new Map<string, GraphNode>();
  const skip = new Set<string>(); // nodes whose own parameters are broken: no inference
  const groupIds = new Set(doc.groups.map((g) => g.id));

  // Nodes: kinds, names, parameters.
  const names = new Map<string, string>();
  for (const n of doc.nodes) {
    byId.set(n.id, n);
    const spec = getSpec(n.kind);
    if (!spec) {
      err({ code: 'unknown_kind', nodeId: n.id, message: `Node '${n.name || n.id}' has the unknown kind "${n.kind}".`,
        fix: `Replace it with one of the known kinds (${NODE_KINDS.slice(0, 12).join(', ')}, …), or update Netsketch.` });
      continue;
    }
    specs.set(n.id, spec);
    const problem = nameProblem(n.name);
    if (problem) {
      err({ code: 'invalid_name', nodeId: n.id, message: `${n.kind} node '${n.name}' has an unusable name: ${problem}.`,
        fix: 'Rename it to a Python identifier such as conv1 (names become module attributes and state_dict keys).' });
    } else if (names.has(n.name)) {
      err({ code: 'duplicate_name', nodeId: n.id, message: `Two nodes are named '${n.name}'.`, fix: 'Rename one of them: names become module attributes and must be unique.' });
    } else {
      names.set(n.name, n.id);
    }
    if (n.group !== undefined && !groupIds.has(n.group)) {
      err({ code: 'bad_group', nodeId: n.id, message: `${labelOf(n)} belongs to block "${n.group}", which does not exist.`, fix: 'Ungroup it or re-create the block.' });
    }
    for (const key of Object.keys(n.params)) {
      if (!spec.params.some((p) => p.name === key)) {
        warn({ code: 'unknown_param', nodeId: n.id, param: key, message: `${labelOf(n)} has a parameter "${key}" that ${n.kind} does not use; it is ignored.`,
          fix: `Remove it. ${n.kind} takes: ${spec.params.map((p) => p.name).join(', ') || 'no parameters'}.` });
      }
    }
    for (const p of spec.params) {
      const problem = paramProblem(p, n.params[p.name]);
      if (problem) {
        skip.add(n.id);
        err({ code: 'invalid_param', nodeId: n.id, param: p.name, message: `${labelOf(n)}: ${p.name} ${problem}.`,
          fix: `Set ${p.name} to ${JSON.stringify(p.default)} (the default) or another allowed value. ${p.help}` });
      }
    }
  }
  // Value names: a node with several tensor outputs names the extra ones `<name>_<port>` in the generated forward
  // (`pool1, pool1_indices = self.pool1(x)`), so no node or block may carry such a name.
  const valueNames = new Map<string, { owner: GraphNode; port: string }>();
  for (const n of doc.nodes) {
    const spec = specs.get(n.id);
    const tensors = spec?.outputs.filter((p) => p.kind === 'tensor') ?? [];
    for (const p of tensors.slice(1)) valueNames.set(`${n.name}_${p.name}`, { owner: n, port: p.name });
  }
  const clash = (name: string, where: { nodeId?: string; groupId?: string }, what: string) => {
    const v = valueNames.get(name);
    if (!v) return;
    err({ code: 'duplicate_name', ...where, message: `${what} '${name}' has the name the generated code gives to the '${v.port}' output of ${labelOf(v.owner)}.`,
      fix: `Rename it (for example to ${name}_1), or rename ${v.owner.name}.` });
  };
  for (const n of doc.nodes) if (specs.has(n.id)) clash(n.name, { nodeId: n.id }, n.kind);
  for (const g of doc.groups) clash(g.name, { groupId: g.id }, 'Block');
  for (const g of doc.groups) {
    const problem = nameProblem(g.name);
    if (problem) err({ code: 'invalid_name', groupId: g.id, message: `Block '${g.name}' has an unusable name: ${problem}.`, fix: 'Rename the block to a Python identifier such as block1.' });
    else if (names.has(g.name)) err({ code: 'duplicate_name', groupId: g.id, message: `The block name '${g.name}' is also used by another node or block.`, fix: 'Rename the block.' });
    else names.set(g.name, g.id);
    if (g.parent !== undefined && !groupIds.has(g.parent)) {
      err({ code: 'bad_group', groupId: g.id, message: `Block '${g.name}' is nested in "${g.parent}", which does not exist.`, fix: 'Ungroup it.' });
    }
  }

  // Edges: endpoints, ports, kinds.
  const incoming = new Map<string, Map<string, GraphEdge[]>>();
  const miswired = new Set<string>(); // "node:port" that have a connection of the wrong kind (already reported)
  const outgoing = new Map<string, GraphEdge[]>();
  for (const e of doc.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) {
      err({ code: 'bad_edge', edgeId: e.id, message: `A connection refers to a node that does not exist ("${!s ? e.source : e.target}").`, fix: 'Delete the connection.' });
      continue;
    }
    const ss = specs.get(s.id);
    const ts = specs.get(t.id);
    if (!ss || !ts) continue;
    const sp = ss.outputs.find((p) => p.name === e.sourcePort);
    const tp = ts.inputs.find((p) => p.name === e.targetPort);
    if (!sp || !tp) {
      err({ code: 'bad_port', edgeId: e.id, nodeId: !sp ? s.id : t.id,
        message: !sp ? `${labelOf(s)} has no output "${e.sourcePort}".` : `${labelOf(t)} has no input "${e.targetPort}".`,
        fix: 'Delete the connection and connect the right ports.' });
      continue;
    }
    if (sp.kind !== tp.kind) {
      const what = { tensor: 'a tensor', labels: 'labels', loss: 'a loss value' };
      err({ code: 'port_kind', edgeId: e.id, nodeId: t.id, port: tp.name,
        message: `${labelOf(s)} sends ${what[sp.kind]} from '${sp.name}' but ${labelOf(t)}'s '${tp.name}' input expects ${what[tp.kind]}.`,
        fix: tp.kind === 'labels' ? "Connect the Dataset node's y output here." : tp.kind === 'loss' ? 'Connect a loss node here.'
          : sp.kind === 'labels' ? "Connect the Dataset's x (samples) instead; y (labels) goes to the loss target." : 'Connect a layer output here.' });
      miswired.add(`${t.id}:${tp.name}`);
      continue;
    }
    const hidden = !portVisible(sp, paramsOf(s, ss)) ? { n: s, spec: ss, p: sp, verb: 'gives' } : !portVisible(tp, paramsOf(t, ts)) ? { n: t, spec: ts, p: tp, verb: 'takes' } : null;
    if (hidden) {
      const w = hidden.p.visibleWhen!;
      const param = hidden.spec.params.find((q) => q.name === w.param);
      const onOff = param?.type === 'bool' && w.oneOf.length === 1;
      const when = onOff ? `${w.param} is ${w.oneOf[0] ? 'on' : 'off'}` : `${w.param} is ${w.oneOf.map((v) => JSON.stringify(v)).join(' or ')}`;
      err({ code: 'hidden_port', edgeId: e.id, nodeId: hidden.n.id, port: hidden.p.name, param: w.param,
        message: `${labelOf(hidden.n)} ${hidden.verb} ${hidden.p.name} only when ${when}.`,
        fix: onOff ? `Turn ${w.oneOf[0] ? 'on' : 'off'} ${w.param} in the inspector, or delete the connection.`
          : `Set ${w.param} to ${w.oneOf.map((v) => JSON.stringify(v)).join(' or ')} in the inspector, or delete the connection.` });
      miswired.add(`${t.id}:${tp.name}`);
      continue;
    }
    if (e.source === e.target) {
      err({ code: 'cycle', edgeId: e.id, nodeId: s.id, message: `${labelOf(s)} is connected to itself.`, fix: 'Delete the connection.' });
      continue;
    }
    let ports = incoming.get(t.id);
    if (!ports) incoming.set(t.id, (ports = new Map()));
    const list = ports.get(tp.name);
    if (list) list.push(e); else ports.set(tp.name, [e]);
    const outs = outgoing.get(s.id);
    if (outs) outs.push(e); else outgoing.set(s.id, [e]);
  }

  // Ports: required inputs, single-input ports.
  for (const [id, spec] of specs) {
    const n = byId.get(id)!;
    for (const p of spec.inputs) {
      if (!portVisible(p, paramsOf(n, spec))) continue;
      const es = incoming.get(id)?.get(p.name) ?? [];
      if (es.length === 0 && !p.optional && !miswired.has(`${id}:${p.name}`)) {
        err({ code: 'missing_input', nodeId: id, port: p.name, message: `${labelOf(n)} has nothing connected to its '${p.name}' input.`,
          fix: p.kind === 'labels' ? "Connect the Dataset node's y output to it." : p.kind === 'loss' ? 'Connect the loss node to it.'
            : p.multiple ? 'Connect at least two layers to it.' : 'Connect the output of the previous layer (or the Dataset x) to it.' });
      } else if (es.length > 1 && !p.multiple) {
        const from = es.map((e) => `'${byId.get(e.source)!.name}'`).join(', ');
        for (const e of es.slice(1)) {
          err({ code: 'multiple_sources', nodeId: id, port: p.name, edgeId: e.id,
            message: `${labelOf(n)}'s '${p.name}' input receives ${es.length} connections (from ${from}) but takes only one.`,
            fix: 'Delete the extra connections, or merge the branches first with an Add or Concat node.' });
        }
      }
    }
  }

  // Topological order (Kahn); whatever remains is in or behind a cycle.
  const indeg = new Map<string, number>();
  for (const id of specs.keys()) indeg.set(id, 0);
  for (const es of outgoing.values()) for (const e of es) indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
  const order: string[] = [];
  const queue = [...specs.keys()].filter((id) => indeg.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    order.push(id);
    for (const e of outgoing.get(id) ?? []) {
      const d = indeg.get(e.target)! - 1;
      indeg.set(e.target, d);
      if (d === 0) queue.push(e.target);
    }
  }
  if (order.length < specs.size) reportCycles(doc, specs, outgoing, new Set(order), byId, err);

  // Shape inference.
  const nodes: Record<string, NodeAnalysis> = {};
  for (const id of order) {
    const n = byId.get(id)!;
    const spec = specs.get(id)!;
    const params: Record<string, ParamValue> = {};
    for (const p of spec.params) params[p.name] = n.params[p.name] !== undefined ? n.params[p.name] : p.default;
    const a: NodeAnalysis = { label: labelOf(n), outputs: {}, params, parameters: {}, buffers: {}, paramCount: 0 };
    nodes[id] = a;
    if (skip.has(id)) continue;
    const inputs: Record<string, ValueInfo[]> = {};
    let ready = true;
    for (const p of spec.inputs) {
      const vals: ValueInfo[] = [];
      for (const e of incoming.get(id)?.get(p.name) ?? []) {
        const v = nodes[e.source]?.outputs[e.sourcePort];
        if (!v) ready = false;
        else {
          vals.push(v);
          // int64 indices go only into index ports, and index ports take nothing else (catalogue/util.ts).
          const bad = checkIndexDtype(p, v, a.label, { label: nodes[e.source].label, port: e.sourcePort, isData: specs.get(e.source)?.category === 'Data' });
          if (bad) { err({ ...issueDiag(bad, id), edgeId: e.id }); ready = false; }
        }
      }
      inputs[p.name] = vals;
      if (vals.length === 0 && !p.optional && portVisible(p, params)) ready = false;
      if (vals.length > 1 && !p.multiple) ready = false;
    }
    if (!ready) continue;
    const deferred: GraphIssue[] = [];
    try {
      const r = spec.infer({ node: n, params, inputs, label: a.label, deferred });
      for (const d of deferred) err(issueDiag(d, id));
      a.outputs = r.outputs;
      Object.assign(params, r.resolved ?? {});
      for (const w of r.warnings ?? []) warn(issueDiag(w, id));
      a.parameters = spec.parameters?.(params) ?? {};
      a.buffers = spec.buffers?.(params) ?? {};
      a.paramCount = Object.values(a.parameters).reduce((s, sh) => s + sh.reduce((x, y) => x * y, 1), 0);
    } catch (e) {
      for (const d of deferred) err(issueDiag(d, id));
      if (e instanceof GraphIssue) err(issueDiag(e, id));
      else err({ code: 'internal', nodeId: id, message: `${a.label}: shape inference failed unexpectedly (${(e as Error).message}).`, fix: 'Please report this graph.' });
    }
  }

  const edges: Record<string, Shape | null> = {};
  for (const e of doc.edges) edges[e.id] = nodes[e.source]?.outputs[e.sourcePort]?.shape ?? null;

  // Roles: one dataset, one loss, one optimizer; the model is what feeds the loss's prediction.
  const roles: Analysis['roles'] = { model: [] };
  const pick = (role: 'data' | 'loss' | 'optimizer', has: (s: NodeSpec) => boolean, what: string, fix: string) => {
    const found = [...specs].filter(([, s]) => has(s)).map(([id]) => id);
    if (found.length === 0) err({ code: `no_${role}`, message: `The graph has no ${what}.`, fix });
    else if (found.length > 1) {
      for (const id of found.slice(1)) {
        err({ code: `multiple_${role}`, nodeId: id, message: `The graph has ${found.length} ${what} nodes (${found.map((i) => `'${byId.get(i)!.name}'`).join(', ')}); Netsketch trains with exactly one.`, fix: 'Delete the extra ones.' });
      }
    }
    if (found.length > 0) roles[role] = found[0];
  };
  pick('data', (s) => s.category === 'Data', 'Dataset', 'Add a Dataset node from the Data category and connect its x output to the first layer.');
  pick('loss', (s) => s.loss !== undefined, 'loss', "Add a loss (e.g. CrossEntropyLoss for classification), connect the network's output to its input and the Dataset's y to its target.");
  pick('optimizer', (s) => s.optimizer !== undefined, 'optimizer', 'Add an optimizer (e.g. Adam) and connect the loss to it.');

  const model = new Set<string>();
  let plan: TargetPlan | undefined;
  if (roles.loss) {
    // The model is every node feeding one of the loss's tensor inputs (the network's outputs, in port order).
    const lossSpec = specs.get(roles.loss)!;
    const lossParams = nodes[roles.loss]?.params ?? {};
    const tensorPorts = lossSpec.inputs.filter((p) => p.kind === 'tensor' && portVisible(p, lossParams));
    const labelsPort = lossSpec.inputs.find((p) => p.kind === 'labels' && portVisible(p, lossParams));
    const stack = tensorPorts.flatMap((p) => incoming.get(roles.loss!)?.get(p.name) ?? []).map((e) => e.source);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (model.has(id) || specs.get(id)?.category === 'Data') continue;
      model.add(id);
      for (const es of incoming.get(id)?.values() ?? []) for (const e of es) stack.push(e.source);
    }
    const lossNode = nodes[roles.loss];
    const valueOf = (port: string) => {
      const e = incoming.get(roles.loss!)?.get(port)?.[0];
      return e ? nodes[e.source]?.outputs[e.sourcePort] : undefined;
    };
    const ins: Record<string, ValueInfo> = {};
    for (const p of tensorPorts) { const v = valueOf(p.name); if (v) ins[p.name] = v; }
    const labels = labelsPort ? valueOf(labelsPort.name) : undefined;
    const complete = Object.keys(ins).length === tensorPorts.length && (labelsPort === undefined || labels?.labels !== undefined);
    if (lossNode && complete) {
      try { plan = lossSpec.loss!.target(ins, labels, lossNode.label, lossNode.params); } catch { plan = undefined; }
    }
  }
  roles.model = order.filter((id) => model.has(id));
  for (const [id, spec] of specs) {
    if (model.has(id) || spec.category === 'Data' || spec.loss || spec.optimizer) continue;
    const n = byId.get(id)!;
    warn({ code: 'unused_node', nodeId: id, message: `${labelOf(n)} is not on the path from the Dataset to the loss, so it is not part of the model.`,
      fix: 'Connect it between the Dataset and the loss, or delete it.' });
  }
  const lossFed = roles.loss !== undefined && specs.get(roles.loss)!.inputs.some((p) => p.kind === 'tensor' && (incoming.get(roles.loss!)?.get(p.name)?.length ?? 0) > 0);
  if (roles.data && roles.model.length === 0 && lossFed) {
    err({ code: 'no_layers', nodeId: roles.loss, message: 'The Dataset is connected straight to the loss: there is no layer to train.', fix: 'Add at least one layer (e.g. Linear) between them.' });
  }

  checkGroups(doc, byId, specs, model, err, warn);

  // A ReduceLROnPlateau that watches the accuracy needs a task that measures one.
  const opt = roles.optimizer ? nodes[roles.optimizer] : undefined;
  if (opt && plan && plan.accuracy === 'none' && opt.params.scheduler === 'ReduceLROnPlateau' && opt.params.monitor === 'accuracy') {
    err({ code: 'invalid_param', nodeId: roles.optimizer, param: 'monitor',
      message: `The ReduceLROnPlateau schedule of ${opt.label} watches the accuracy, but ${nodes[roles.loss!]?.label ?? 'the loss'} measures no accuracy for this task.`,
      fix: "Set monitor to 'loss' (and mode to 'min')." });
  } else if (opt && opt.params.scheduler === 'ReduceLROnPlateau' && opt.params.monitor === 'accuracy' && !(doc.training.validation_split > 0)) {
    err({ code: 'invalid_param', nodeId: roles.optimizer, param: 'monitor',
      message: `The ReduceLROnPlateau schedule of ${opt.label} watches the validation accuracy, but the training settings hold out no validation data.`,
      fix: "Set the validation split (e.g. 0.1) in the training settings, or set monitor to 'loss'." });
  }

  const totalParams = roles.model.reduce((s, id) => s + (nodes[id]?.paramCount ?? 0), 0);
  return { ok: !diags.some((d) => d.severity === 'error'), diagnostics: diags, nodes, edges, totalParams, order, roles, target: plan };
}

function issueDiag(e: GraphIssue, nodeId: string): Omit<Diagnostic, 'severity'> {
  return { code: e.code, message: e.message, nodeId, ...(e.fix ? { fix: e.fix } : {}), ...(e.port ? { port: e.port } : {}), ...(e.param ? { param: e.param } : {}) };
}

function reportCycles(
  doc: GraphDocument, specs: Map<string, NodeSpec>, outgoing: Map<string, GraphEdge[]>, done: Set<string>,
  byId: Map<string, GraphNode>, err: (d: Omit<Diagnostic, 'severity'>) => void,
): void {
  // Peel off unresolved nodes that feed no other unresolved node (they merely sit behind a cycle); every node
  // left then has a successor inside the set, so walking forward always closes a loop.
  const inLoop = new Set([...specs.keys()].filter((id) => !done.has(id)));
  for (let changed = true; changed;) {
    changed = false;
    for (const id of inLoop) {
      if (!(outgoing.get(id) ?? []).some((e) => inLoop.has(e.target))) { inLoop.delete(id); changed = true; }
    }
  }
  const reported = new Set<string>();
  for (const start of inLoop) {
    if (reported.has(start)) continue;
    // Walk forward inside the unresolved set until a node repeats: that stretch is a cycle.
    const path: string[] = [];
    const edgesOnPath: GraphEdge[] = [];
    const seen = new Map<string, number>();
    let cur: string | undefined = start;
    while (cur !== undefined && !seen.has(cur)) {
      seen.set(cur, path.length);
      path.push(cur);
      const next: GraphEdge | undefined = (outgoing.get(cur) ?? []).find((e) => inLoop.has(e.target));
      if (next) edgesOnPath.push(next);
      cur = next?.target;
    }
    if (cur === undefined) continue;
    const cycle = path.slice(seen.get(cur)!);
    if (cycle.some((id) => reported.has(id))) continue;
    const closing = edgesOnPath[path.length - 1];
    const names = [...cycle, cycle[0]].map((id) => byId.get(id)!.name).join(' → ');
    for (const id of cycle) {
      reported.add(id);
      err({ code: 'cycle', nodeId: id, edgeId: closing?.id, message: `${labelOf(byId.get(id)!)} is part of a cycle: ${names}. Data must flow one way, from the Dataset to the loss.`,
        fix: 'Delete one of the connections in the loop (for a skip connection, merge with an Add node instead of feeding back).' });
    }
  }
  void doc;
}

function checkGroups(
  doc: GraphDocument, byId: Map<string, GraphNode>, specs: Map<string, NodeSpec>, model: Set<string>,
  err: (d: Omit<Diagnostic, 'severity'>) => void, warn: (d: Omit<Diagnostic, 'severity'>) => void,
): void {
  if (doc.groups.length === 0) return;
  const parentOf = new Map(doc.groups.map((g) => [g.id, g.parent]));
  const within = (groupId: string | undefined, g: string): boolean => {
    for (let cur = groupId, i = 0; cur !== undefined && i <= doc.groups.length; cur = parentOf.get(cur), i++) if (cur === g) return true;
    return false;
  };
  for (const g of doc.groups) {
    // Nesting loops.
    let cur = g.parent;
    for (let i = 0; cur !== undefined; i++, cur = parentOf.get(cur)) {
      if (cur === g.id || i > doc.groups.length) {
        err({ code: 'bad_group', groupId: g.id, message: `Block '${g.name}' is nested inside itself.`, fix: 'Ungroup it.' });
        return;
      }
    }
  }
  for (const g of doc.groups) {
    const members = doc.nodes.filter((n) => within(n.group, g.id));
    if (members.length === 0) {
      warn({ code: 'empty_group', groupId: g.id, message: `Block '${g.name}' contains no nodes.`, fix: 'Ungroup it.' });
      continue;
    }
    for (const n of members) {
      const s = specs.get(n.id);
      if (s && (s.category === 'Data' || s.loss || s.optimizer)) {
        err({ code: 'group_content', groupId: g.id, nodeId: n.id, message: `Block '${g.name}' contains ${labelOf(n)}; a block can only hold layers of the model.`,
          fix: `Move ${n.name} out of the block (ungroup and regroup without it).` });
      }
    }
    const inside = new Set(members.map((n) => n.id));
    const ins = new Set<string>();
    const outs = new Set<string>();
    for (const e of doc.edges) {
      if (!byId.has(e.source) || !byId.has(e.target)) continue;
      if (inside.has(e.target) && !inside.has(e.source) && model.has(e.target)) ins.add(`${e.source}:${e.sourcePort}`);
      if (inside.has(e.source) && !inside.has(e.target) && model.has(e.source)) outs.add(`${e.source}:${e.sourcePort}`);
    }
    const used = members.some((n) => model.has(n.id));
    if (used && (ins.size !== 1 || outs.size !== 1)) {
      err({ code: 'group_io', groupId: g.id,
        message: `Block '${g.name}' has ${ins.size} incoming and ${outs.size} outgoing tensors; a block becomes one module, so it needs exactly one of each.`,
        fix: 'Regroup so that a single tensor enters the block and a single tensor leaves it (merge branches inside the block).' });
    }
  }
}

/** Plain-text rendering of a diagnostic: "error: … Fix: …". */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.severity}: ${d.message}${d.fix ? ` Fix: ${d.fix}` : ''}`;
}

export { fmtShape };
