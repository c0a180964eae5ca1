/**
 * A wire between ports: its tensor shape as a label, red or amber when validation blames it, and — while training —
 * coloured and sized by the gradient flowing back through it (edgeGradientStyle from the live store).
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { edgeGradientStyle, useLive } from '../engine/live.ts';
import type { FlowEdge } from './flow-model.ts';
import { worstSeverity } from './LayerNode.tsx';

function TensorEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, data, selected, markerEnd } = props;
  useLive(); // re-render when the gradients change
  const [path, labelX, labelY] = getBezierPath(props);
  const severity = data ? worstSeverity(data.problems) : null;
  const grad = data ? edgeGradientStyle(data.sourceNode) : null;
  const style = grad ? { stroke: grad.stroke, strokeWidth: grad.strokeWidth } : undefined;
  const cls = ['tensor-edge', severity ? `is-${severity}` : '', selected ? 'is-selected' : '', data ? `kind-${data.portKind}` : ''].join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} style={style} markerEnd={markerEnd} interactionWidth={16} />
      {data && (data.shape || severity) && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label nodrag nopan${severity ? ` is-${severity}` : ''}${selected ? ' is-selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid="edge-label" data-edge-id={id}
            title={[grad?.title, ...data.problems.map((p) => p.message)].filter(Boolean).join('\n')}
          >
            {severity && <span className={`badge badge--${severity} badge--small`}>!</span>}
            {data.shape ?? '?'}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const TensorEdge = memo(TensorEdgeView);
