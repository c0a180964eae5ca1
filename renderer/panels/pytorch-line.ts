/** The one line of PyTorch a node becomes (`nn.Conv2d(1, 6, kernel_size=5)`), read from its spec. */
import type { GraphDocument, GraphNode, ParamValue } from '../../core/graph/types.ts';
import { defaultParams, getSpec } from '../../core/graph/catalogue/index.ts';
import { pythonCall } from '../../core/graph/codegen.ts';
import type { Analysis } from '../../core/graph/validate.ts';

export function pytorchLine(doc: GraphDocument, node: GraphNode, analysis: Analysis): string | null {
  const spec = getSpec(node.kind);
  if (!spec) return null;
  // The node's own values, with "auto" replaced by what inference found (a wrong value stays wrong here).
  const resolved = analysis.nodes[node.id]?.params ?? {};
  const params: Record<string, ParamValue> = Object.fromEntries(Object.entries({ ...defaultParams(spec), ...node.params })
    .map(([k, v]) => [k, v === 'auto' && resolved[k] !== undefined ? resolved[k] : v]));
  try {
    if (spec.module) {
      const call = spec.module(params);
      // An "auto" value nothing resolved yet (the layer is not connected) reads as unknown, not as the string 'auto'.
      return `self.${node.name} = ${call.custom ? '' : 'nn.'}${pythonCall(call)}`.replace(/'auto'/g, '?');
    }
    if (spec.optimizer) {
      const line = `optimizer = optim.${pythonCall(spec.optimizer.ctor(params, doc.training.lr), ['model.parameters()'])}`;
      const sched = spec.optimizer.scheduler(params);
      return sched ? `${line}\nscheduler = optim.lr_scheduler.${pythonCall(sched, ['optimizer'])}` : line;
    }
    if (spec.functional) {
      const inputs = doc.edges.filter((e) => e.target === node.id).map((e) => doc.nodes.find((n) => n.id === e.source)?.name ?? '?');
      return `${node.name} = ${spec.functional.python(inputs.length > 0 ? inputs : ['a', 'b'], params)}`;
    }
  } catch {
    return null;
  }
  return null;
}
