/**
 * The inspector: typed fields for the selected node from its spec, its name, output shape, parameter count, the
 * equivalent PyTorch line and its problems. With a block selected it renames the block; with nothing selected it
 * summarises the graph and lists every problem (click one to select the node at fault).
 */
import { memo, useMemo } from 'react';
import type { GraphDocument, ParamValue } from '../../core/graph/types.ts';
import { getSpec } from '../../core/graph/catalogue/index.ts';
import type { Analysis } from '../../core/graph/validate.ts';
import { isVisible } from '../canvas/flow-model.ts';
import { portShapes } from '../canvas/port-shapes.ts';
import { useT } from '../i18n/index.ts';
import type { Selection } from '../state/editor-store.ts';
import { NameField } from './NameField.tsx';
import { ParamField } from './ParamField.tsx';
import { pytorchLine } from './pytorch-line.ts';

export interface InspectorProps {
  doc: GraphDocument;
  analysis: Analysis;
  selection: Selection;
  onParam(nodeId: string, param: string, value: ParamValue): void;
  onRename(id: string, name: string): void;
  onSelectNode(nodeId: string): void;
  onOpenInsight(nodeId: string): void;
}

function Problems({ analysis, nodeId, onSelectNode }: { analysis: Analysis; nodeId?: string; onSelectNode?: (id: string) => void }) {
  const t = useT();
  const list = analysis.diagnostics.filter((d) => (nodeId ? d.nodeId === nodeId && !d.param : true));
  if (list.length === 0) return null;
  return (
    <section className="inspector__problems" data-testid="inspector-problems">
      <h4>{t('inspector.diagnostics')}</h4>
      {list.map((d, i) => (
        <button type="button" key={i} className={`problem is-${d.severity}`} disabled={!onSelectNode || !d.nodeId}
          onClick={() => d.nodeId && onSelectNode?.(d.nodeId)}>
          <span className={`badge badge--${d.severity} badge--small`}>!</span>
          <span>{d.message}{d.fix && <span className="problem__fix"> {t('inspector.fix', { fix: d.fix })}</span>}</span>
        </button>
      ))}
    </section>
  );
}

function InspectorView(props: InspectorProps) {
  const t = useT();
  const { doc, analysis, selection } = props;
  const taken = useMemo(() => new Set([...doc.nodes.map((n) => n.name), ...doc.groups.map((g) => g.name)]), [doc]);

  if (selection.nodes.length + selection.groups.length > 1) {
    return <div className="inspector"><p className="muted">{t('inspector.multi', { count: selection.nodes.length + selection.groups.length })}</p></div>;
  }
  if (selection.groups.length === 1) {
    const g = doc.groups.find((x) => x.id === selection.groups[0]);
    if (!g) return null;
    return (
      <div className="inspector" data-testid="inspector">
        <h3 className="inspector__title">{t('inspector.block', { name: g.name })}</h3>
        <p className="muted">{t('inspector.blockHelp')}</p>
        <NameField id={g.id} value={g.name} taken={taken} onRename={(name) => props.onRename(g.id, name)} />
      </div>
    );
  }
  const node = selection.nodes.length === 1 ? doc.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
  if (!node) {
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
    return (
      <div className="inspector" data-testid="inspector">
        <h3 className="inspector__title">{t('inspector.document')}: {doc.name}</h3>
        <dl className="inspector__facts">
          <dt>{t('inspector.totalParams')}</dt><dd data-testid="total-params">{analysis.totalParams.toLocaleString()}</dd>
          <dt>{t('status.documentsFile')}</dt><dd>{t('status.nodes', { nodes: doc.nodes.length, params: analysis.totalParams.toLocaleString() })}</dd>
        </dl>
        {doc.nodes.length === 0 ? <p className="muted" data-testid="inspector-start">{t('inspector.start')}</p> : (
          <>
            {errors === 0 && analysis.diagnostics.length === 0 && <p className="ok-note">{t('status.ok')}</p>}
            <Problems analysis={analysis} onSelectNode={props.onSelectNode} />
            <p className="muted">{t('inspector.empty')}</p>
          </>
        )}
      </div>
    );
  }
  const spec = getSpec(node.kind);
  const na = analysis.nodes[node.id];
  const line = pytorchLine(doc, node, analysis);
  const params = { ...Object.fromEntries((spec?.params ?? []).map((p) => [p.name, p.default])), ...node.params };
  const ports = portShapes(doc, analysis, node.id);
  // Several inputs (Triplet / MarginRanking losses, merges): one line per port, so each shape is seen.
  const ins = ports.inputs.filter((p) => getSpec(node.kind)?.inputs.find((x) => x.name === p.port)?.kind === 'tensor');
  return (
    <div className="inspector" data-testid="inspector" data-node-id={node.id}>
      <div className="inspector__head">
        <h3 className="inspector__title">{spec?.title ?? node.kind}</h3>
        <span className="chip" data-category={spec?.category}>{node.kind}</span>
      </div>
      <NameField id={node.id} value={node.name} taken={taken} onRename={(name) => props.onRename(node.id, name)} />
      <dl className="inspector__facts">
        {ins.length > 1 && ins.map((i) => (
          <div key={`in-${i.port}`} className="fact">
            <dt>{t('inspector.input', { port: i.port })}</dt>
            <dd data-testid="inspector-input-shape" data-port={i.port}>{i.values.length > 0 ? i.values.join(' + ') : '—'}</dd>
          </div>
        ))}
        {ports.outputs.map((o) => (
          <div key={o.port} className="fact">
            <dt>{t('inspector.output')}{ports.outputs.length > 1 ? ` (${o.port})` : ''}</dt>
            <dd data-testid="inspector-shape" data-port={o.port}>{o.values[0] ?? '—'}</dd>
          </div>
        ))}
        <div className="fact"><dt>{t('inspector.paramCount')}</dt><dd data-testid="inspector-params">{na ? na.paramCount.toLocaleString() : '—'}</dd></div>
      </dl>
      {line && (
        <div className="inspector__code">
          <div className="inspector__label">{t('inspector.pytorch')}</div>
          <pre data-testid="pytorch-line">{line}</pre>
        </div>
      )}
      <Problems analysis={analysis} nodeId={node.id} />
      <div className="inspector__fields">
        {spec?.params.filter((p) => isVisible(p, params)).map((p) => (
          <ParamField key={`${node.id}:${p.name}`} spec={p} value={params[p.name]} resolved={na?.params[p.name]}
            problems={analysis.diagnostics.filter((d) => d.nodeId === node.id && d.param === p.name).map((d) => `${d.message}${d.fix ? ` ${t('inspector.fix', { fix: d.fix })}` : ''}`)}
            onChange={(v) => props.onParam(node.id, p.name, v)} />
        ))}
      </div>
      {spec && (
        <details className="inspector__formula">
          <summary>{t('inspector.formula')}</summary>
          <p>{spec.description}</p>
          <code>{spec.formula}</code>
        </details>
      )}
      {spec?.torchClass && (
        <button type="button" className="button" onClick={() => props.onOpenInsight(node.id)} data-testid="open-insight">{t('inspector.openInsight')}</button>
      )}
    </div>
  );
}

export const Inspector = memo(InspectorView);
