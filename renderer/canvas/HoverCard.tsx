/**
 * The learner's explanation of whatever the pointer rests on: for a layer, what it computes (description and
 * formula from its spec), its input and output shapes, its parameter count and, while training, the gradient
 * magnitude through it; for a wire, the tensor it carries.
 */
import type { GraphDocument } from '../../core/graph/types.ts';
import { getSpec } from '../../core/graph/catalogue/index.ts';
import { fmtShape } from '../../core/graph/catalogue/util.ts';
import type { Analysis } from '../../core/graph/validate.ts';
import { useLayerLive } from '../engine/live.ts';
import { useT } from '../i18n/index.ts';
import { formatCount } from './node-actions.ts';
import { portShapes, valueText } from './port-shapes.ts';

export interface HoverTarget {
  type: 'node' | 'edge' | 'block';
  id: string;
  x: number;
  y: number;
}

function place(x: number, y: number) {
  return { left: Math.min(x + 16, window.innerWidth - 380), top: Math.min(y + 16, window.innerHeight - 260) };
}

function NodeCard({ doc, analysis, id, x, y }: { doc: GraphDocument; analysis: Analysis; id: string; x: number; y: number }) {
  const t = useT();
  const live = useLayerLive(id);
  const node = doc.nodes.find((n) => n.id === id);
  const spec = node && getSpec(node.kind);
  if (!node || !spec) return null;
  const na = analysis.nodes[id];
  const { inputs, outputs } = portShapes(doc, analysis, id);
  const grad = live?.outputGradNorm;
  return (
    <div className="hover-card" style={place(x, y)} data-testid="hover-card" role="tooltip">
      <div className="hover-card__title">{node.name} <span className="muted">· {spec.title}</span></div>
      <p>{spec.description}</p>
      <div className="hover-card__formula">{spec.formula}</div>
      <table>
        <tbody>
          {inputs.map((i) => (
            <tr key={`in-${i.port}`} data-testid="hover-port" data-port={i.port}>
              <th>{t('hover.inputs')} {i.port}</th>
              <td className={i.values.length === 0 ? 'muted' : undefined}>{i.values.length > 0 ? i.values.join(' + ') : t(i.optional ? 'hover.optional' : 'hover.notConnected')}</td>
            </tr>
          ))}
          {outputs.map((o) => (
            <tr key={`out-${o.port}`} data-testid="hover-port" data-port={o.port}><th>{t('hover.outputs')} {o.port}</th><td>{o.values[0] ?? '?'}</td></tr>
          ))}
          {na && na.paramCount > 0 && <tr><th>{t('hover.params')}</th><td>{na.paramCount.toLocaleString()}{na.paramCount >= 1000 ? ` (${formatCount(na.paramCount)})` : ''}</td></tr>}
          {grad !== undefined && grad !== null && <tr><th>{t('hover.grad')}</th><td data-testid="hover-grad">{grad.toPrecision(3)}</td></tr>}
        </tbody>
      </table>
    </div>
  );
}

function EdgeCard({ doc, analysis, id, x, y }: { doc: GraphDocument; analysis: Analysis; id: string; x: number; y: number }) {
  const t = useT();
  const edge = doc.edges.find((e) => e.id === id);
  const live = useLayerLive(edge?.source ?? '');
  if (!edge) return null;
  const s = doc.nodes.find((n) => n.id === edge.source);
  const tn = doc.nodes.find((n) => n.id === edge.target);
  const kind = (s && getSpec(s.kind)?.outputs.find((p) => p.name === edge.sourcePort)?.kind) ?? 'tensor';
  const shape = analysis.edges[id];
  const problems = analysis.diagnostics.filter((d) => d.edgeId === id);
  const grad = live?.outputGradNorm;
  return (
    <div className="hover-card" style={place(x, y)} data-testid="hover-card" role="tooltip">
      <div className="hover-card__title">{t('hover.edge', { source: `${s?.name}.${edge.sourcePort}`, target: `${tn?.name}.${edge.targetPort}` })}</div>
      <p>{t(`hover.meaning.${kind}`)}</p>
      <table>
        <tbody>
          <tr><th>{t('hover.edgeShape')}</th><td>{valueText(analysis.nodes[edge.source]?.outputs[edge.sourcePort]) ?? (shape ? fmtShape(shape) : '?')}</td></tr>
          {grad !== undefined && grad !== null && <tr><th>{t('hover.grad')}</th><td>{grad.toPrecision(3)}</td></tr>}
        </tbody>
      </table>
      {problems.map((p, i) => <p key={i} className={`hover-card__problem is-${p.severity}`}>{p.message}</p>)}
    </div>
  );
}

function BlockCard({ doc, id, x, y }: { doc: GraphDocument; id: string; x: number; y: number }) {
  const t = useT();
  const g = doc.groups.find((b) => b.id === id);
  if (!g) return null;
  return (
    <div className="hover-card" style={place(x, y)} data-testid="hover-card" role="tooltip">
      <div className="hover-card__title">{t('inspector.block', { name: g.name })}</div>
      <p>{t('inspector.blockHelp')}</p>
    </div>
  );
}

export function HoverCard({ target, doc, analysis }: { target: HoverTarget; doc: GraphDocument; analysis: Analysis }) {
  if (target.type === 'node') return <NodeCard doc={doc} analysis={analysis} id={target.id} x={target.x} y={target.y} />;
  if (target.type === 'edge') return <EdgeCard doc={doc} analysis={analysis} id={target.id} x={target.x} y={target.y} />;
  return <BlockCard doc={doc} id={target.id} x={target.x} y={target.y} />;
}
