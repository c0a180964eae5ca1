// `netsketch validate` and `netsketch summary`: diagnostics, per-edge shapes and a torchinfo-like table.
import type { GraphDocument } from '../core/graph/types.ts';
import { validate, formatDiagnostic, type Analysis } from '../core/graph/validate.ts';
import { fmtShape } from '../core/graph/catalogue/util.ts';

function groupPath(doc: GraphDocument, groupId: string | undefined): string {
  const byId = new Map(doc.groups.map((g) => [g.id, g]));
  const names: string[] = [];
  for (let g = groupId; g !== undefined && names.length <= doc.groups.length; g = byId.get(g)?.parent) names.unshift(byId.get(g)?.name ?? g);
  return names.map((n) => `${n}.`).join('');
}

/** Lines for `validate`: diagnostics, then the shape on every edge. */
export function validateReport(doc: GraphDocument, a: Analysis = validate(doc)): string[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  const errors = a.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = a.diagnostics.filter((d) => d.severity === 'warning').length;
  lines.push(`${doc.name}: ${doc.nodes.length} nodes, ${doc.edges.length} connections — ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  for (const d of a.diagnostics) lines.push(`  ${formatDiagnostic(d)}`);
  lines.push('', 'Shapes (N = batch size):');
  for (const e of doc.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    const shape = a.edges[e.id];
    // Integer index tensors (tokens, MaxPool2d indices) are marked: only index ports take them.
    const int64 = a.nodes[e.source]?.outputs[e.sourcePort]?.dtype === 'int64' ? ' · int64' : '';
    lines.push(`  ${s?.name ?? e.source}.${e.sourcePort} → ${t?.name ?? e.target}.${e.targetPort}: ${shape ? (shape.length === 0 ? 'scalar' : fmtShape(shape)) + int64 : '?'}`);
  }
  if (a.ok) lines.push('', `Trainable parameters: ${a.totalParams.toLocaleString('en-US')}`);
  return lines;
}

export interface SummaryRow {
  layer: string;
  type: string;
  outputShape: string;
  params: number;
}

export function summaryRows(doc: GraphDocument, a: Analysis): SummaryRow[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const rows: SummaryRow[] = [];
  if (a.roles.data) {
    const d = byId.get(a.roles.data)!;
    rows.push({ layer: d.name, type: `Dataset (${d.params.dataset ?? 'mnist'})`, outputShape: fmtShape(a.nodes[d.id].outputs.x?.shape ?? []), params: 0 });
  }
  for (const id of a.roles.model) {
    const n = byId.get(id)!;
    const out = a.nodes[id]?.outputs.output?.shape;
    rows.push({ layer: groupPath(doc, n.group) + n.name, type: n.kind, outputShape: out ? fmtShape(out) : '?', params: a.nodes[id]?.paramCount ?? 0 });
  }
  return rows;
}

/** The table for `summary`, like torchinfo's. */
export function summaryTable(doc: GraphDocument, a: Analysis): string[] {
  const rows = summaryRows(doc, a);
  const head = ['Layer', 'Type', 'Output Shape', 'Param #'];
  const cells = rows.map((r) => [r.layer, r.type, r.outputShape, r.params === 0 ? '--' : r.params.toLocaleString('en-US')]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === 3 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('   ');
  const rule = '='.repeat(widths.reduce((s, w) => s + w, 0) + 9);
  const total = a.totalParams;
  const bufferBytes = a.roles.model.reduce((s, id) => s + Object.values(a.nodes[id]?.buffers ?? {}).reduce((x, sh) => x + sh.reduce((p, q) => p * q, 1), 0), 0) * 4;
  return [
    rule, line(head), rule, ...cells.map(line), rule,
    `Total params: ${total.toLocaleString('en-US')}`,
    `Trainable params: ${total.toLocaleString('en-US')}`,
    `Params size (MB): ${((total * 4) / 1e6).toFixed(2)}`,
    ...(bufferBytes > 0 ? [`Buffers size (MB): ${(bufferBytes / 1e6).toFixed(2)}`] : []),
    rule,
  ];
}
