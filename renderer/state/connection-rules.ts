/**
 * Which wires the canvas accepts while the user drags one, and why not: driven by the port kinds of the specs
 * (tensor, labels, loss), never by node kinds. Returns a translated reason for the transient canvas message.
 */
import type { GraphDocument } from '../../core/graph/types.ts';
import { getSpec, type PortKind } from '../../core/graph/catalogue/index.ts';
import { t } from '../i18n/index.ts';
import { portShown, showingCondition } from './port-visibility.ts';

export interface WireEnds {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

const kindWord = (k: PortKind) => t(`connect.portKind.${k}`);

/** True when `to` can be reached from `from` following edges forward. */
export function reaches(doc: GraphDocument, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/** Why the wire cannot be made, or null when it can. */
export function connectionProblem(doc: GraphDocument, c: WireEnds): string | null {
  if (c.source === c.target) return t('connect.self');
  const s = doc.nodes.find((n) => n.id === c.source);
  const tn = doc.nodes.find((n) => n.id === c.target);
  if (!s || !tn) return null;
  const sp = getSpec(s.kind)?.outputs.find((p) => p.name === c.sourcePort);
  const tp = getSpec(tn.kind)?.inputs.find((p) => p.name === c.targetPort);
  if (!sp || !tp) return null;
  if (!portShown(s, sp)) return t('connect.hiddenPort', { port: `${s.name}.${sp.name}`, condition: showingCondition(sp) });
  if (!portShown(tn, tp)) return t('connect.hiddenPort', { port: `${tn.name}.${tp.name}`, condition: showingCondition(tp) });
  if (tp.kind === 'labels' && sp.kind !== 'labels') return t('connect.targetFromData');
  if (sp.kind !== tp.kind) {
    return t('connect.kind', { target: `${tn.name}.${tp.name}`, want: kindWord(tp.kind), source: `${s.name}.${sp.name}`, got: kindWord(sp.kind) });
  }
  if (reaches(doc, c.target, c.source)) return t('connect.cycle');
  return null;
}
