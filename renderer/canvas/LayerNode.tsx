/**
 * A layer on the canvas, drawn from its spec: name, kind, key parameters, named input/output ports, output shape,
 * parameter count, diagnostics badge, and (while training) a gradient sparkline and vanishing/exploding flag.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { useGradHistory, useLayerLive } from '../engine/live.ts';
import { useT } from '../i18n/index.ts';
import type { LayerFlowNode, PortView, Problem } from './flow-model.ts';
import { formatCount } from './node-actions.ts';
import { Sparkline } from './Sparkline.tsx';

export function worstSeverity(problems: readonly Problem[]): 'error' | 'warning' | null {
  if (problems.some((p) => p.severity === 'error')) return 'error';
  if (problems.some((p) => p.severity === 'warning')) return 'warning';
  return null;
}

function Ports({ ports, type, horizontal }: { ports: PortView[]; type: 'source' | 'target'; horizontal: boolean }) {
  const t = useT();
  const position = type === 'target' ? (horizontal ? Position.Left : Position.Top) : (horizontal ? Position.Right : Position.Bottom);
  const labelled = ports.length > 1 || ports.some((p) => p.name !== 'input' && p.name !== 'output');
  return (
    <>
      {ports.map((p, i) => {
        const at = `${((i + 1) / (ports.length + 1)) * 100}%`;
        const style: CSSProperties = horizontal ? { top: at } : { left: at };
        return (
          <Handle key={p.name} id={p.name} type={type} position={position} style={style} isConnectable={!p.hidden}
            className={`port port--${p.kind}${p.hidden ? ' port--hidden' : ''}`} data-port={p.name}
            title={p.hidden ? t('node.hiddenPort', { port: p.name }) : `${p.name}: ${p.help}`}>
            {(labelled || p.hidden) && <span className={`port__label port__label--${type} port__label--${horizontal ? 'h' : 'v'}`}>{p.name}</span>}
          </Handle>
        );
      })}
    </>
  );
}

/** Room between handles so port labels never touch (label text 10px mono ≈ 6.2px a character). */
const PORT_PITCH_LR = 22;
const CHAR_PX = 6.2;

/**
 * Extra size for nodes with many ports (a triplet loss's three inputs, MaxPool2d's output and indices): taller in
 * left-to-right layouts, wider top-to-bottom (labels sit beside their handle there).
 */
export function portRoom(inputs: readonly PortView[], outputs: readonly PortView[], horizontal: boolean): CSSProperties {
  const n = Math.max(inputs.length, outputs.length);
  if (n < 3 && horizontal) return {};
  if (horizontal) return { minHeight: (n + 1) * PORT_PITCH_LR };
  const longest = Math.max(0, ...[...inputs, ...outputs].map((p) => p.name.length));
  const width = Math.ceil((n + 1) * (longest * CHAR_PX + 18));
  return width > 200 ? { width } : {};
}

function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const t = useT();
  const live = useLayerLive(id);
  const history = useGradHistory(id);
  const severity = worstSeverity(data.problems);
  const horizontal = data.dir === 'LR';
  // The footer (output shape, parameter count) is left out when it would be empty (optimizers, a loss's scalar).
  const shapeText = data.shape || (data.shape === null && data.outputs.length ? t('node.unknownShape') : '');
  const hasCount = data.paramCount !== null && data.paramCount > 0;
  const tooltip = data.problems.map((p) => `${p.message}${p.fix ? `\n${t('inspector.fix', { fix: p.fix })}` : ''}`).join('\n\n');
  return (
    <div
      className={`layer-node${selected ? ' is-selected' : ''}${severity ? ` has-${severity}` : ''}`}
      style={portRoom(data.inputs, data.outputs, horizontal)}
      data-testid="layer-node" data-node-id={id} data-kind={data.kind} data-name={data.name} data-category={data.category}
    >
      <Ports ports={data.inputs} type="target" horizontal={horizontal} />
      <div className="layer-node__head">
        <span className="layer-node__name">{data.name}</span>
        <span className="layer-node__kind">{data.kind}</span>
        {severity && (
          <span className={`badge badge--${severity}`} title={tooltip} data-testid="node-diagnostic">
            {severity === 'error' ? '!' : '?'}
          </span>
        )}
        {live?.flag && (
          <span className={`badge badge--flag badge--${live.flag}`} data-testid="grad-flag" title={t(live.flag === 'vanishing' ? 'node.vanishing' : 'node.exploding')}>
            {live.flag === 'vanishing' ? '↓' : '↑'}
          </span>
        )}
      </div>
      {data.keyParams.length > 0 && (
        <div className="layer-node__params">
          {data.keyParams.map((p) => (
            <span key={p.name} className="layer-node__param"><span className="k">{p.name}</span> {p.value}</span>
          ))}
        </div>
      )}
      {(shapeText || hasCount) && (
        <div className="layer-node__foot">
          <span className="layer-node__shape" data-testid="node-shape">{shapeText}</span>
          {hasCount && (
            <span className="layer-node__count" data-testid="node-params">{t('node.params', { count: formatCount(data.paramCount!) })}</span>
          )}
        </div>
      )}
      {history.length > 1 && <div className="layer-node__spark"><Sparkline values={history} /></div>}
      <Ports ports={data.outputs} type="source" horizontal={horizontal} />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
