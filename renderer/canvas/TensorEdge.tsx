/**
 * A wire between ports: its tensor shape as a label chip in the middle, red or amber when validation blames it,
 * and — while training — coloured and sized by the gradient flowing back through it (edgeGradientStyle from the
 * live store). The path goes around other nodes (edge-route.ts).
 */
import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { memo, useContext, useEffect, useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import { edgeGradientStyle, useLive } from '../engine/live.ts';
import { ChipContext } from './chip-registry.ts';
import { ObstaclesContext, routeEdge, type Side } from './edge-route.ts';
import type { FlowEdge } from './flow-model.ts';
import { worstSeverity } from './LayerNode.tsx';

/**
 * How far a wire's lanes sit off the common ones: labels wires 14 px, a node's later outputs 26 px a port, wires into
 * the later inputs of a node with several (MarginRanking, Triplet) 10 px a port, so parallel wires never share a run.
 */
export function edgeLane(data: FlowEdge['data']): number {
  if (!data) return 0;
  if (data.portKind === 'labels') return 14;
  if (data.lane) return Math.min(2, data.lane) * 26;
  return Math.min(4, data.targetLane ?? 0) * 10;
}

const noSubscribe = () => () => undefined;
const noVersion = () => 0;

function TensorEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, data, selected, markerEnd, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  useLive(); // re-render when the gradients change
  const obstacles = useContext(ObstaclesContext);
  const { path, labelX, labelY, routed, labelFits } = useMemo(() => routeEdge(
    { x: sourceX, y: sourceY, side: sourcePosition as Side, node: source },
    { x: targetX, y: targetY, side: targetPosition as Side, node: target },
    obstacles,
    // The chip's size, estimated from the text (10.5 px monospace ≈ 6.4 px a character, plus padding).
    // Beside a labelled port the chip also keeps clear of the port's name (a 12 px line 8 px off the edge).
    { width: (data?.shape ?? '?').length * 6.4 + 16 + (data?.labelledEnd ? 40 : 0), height: 18 + (data?.labelledEnd ? 40 : 0) },
    // Labels wires and a node's second, third… outputs run in lanes of their own beside the common ones.
    edgeLane(data),
  ), [data, sourceX, sourceY, sourcePosition, source, targetX, targetY, targetPosition, target, obstacles, data?.shape]);
  const severity = data ? worstSeverity(data.problems) : null;
  // Chips of different wires never cover each other (chip-registry.ts); blamed and selected wires always show theirs.
  const chips = useContext(ChipContext);
  useSyncExternalStore(chips?.subscribe ?? noSubscribe, chips?.getVersion ?? noVersion);
  const wants = Boolean(data && (data.shape || severity) && (labelFits || severity || selected));
  const chipWidth = (data?.shape ?? '?').length * 6.4 + 16 + (severity ? 18 : 0);
  const rank = severity ? 0 : data?.portKind === 'labels' ? 3 : data?.lane || data?.targetLane ? 2 : 1;
  useLayoutEffect(() => {
    chips?.set(id, wants ? { id, x: labelX, y: labelY, width: chipWidth, height: 18, rank, order: data?.order ?? 0 } : null);
  }, [chips, id, wants, labelX, labelY, chipWidth, rank, data?.order]);
  useEffect(() => () => chips?.set(id, null), [chips, id]);
  const showChip = wants && (severity !== null || selected || chips?.shows(id) !== false);
  // No gradient flows along integer indices: such a wire keeps its plain dotted look while training.
  const grad = data && !data.indices ? edgeGradientStyle(data.sourceNode) : null;
  const style = grad ? { stroke: grad.stroke, strokeWidth: grad.strokeWidth } : undefined;
  const cls = ['tensor-edge', routed ? 'is-routed' : '', severity ? `is-${severity}` : '', selected ? 'is-selected' : '', data ? `kind-${data.portKind}` : '', data?.indices ? 'is-indices' : ''].join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} style={style} markerEnd={markerEnd} interactionWidth={16} />
      {/* A chip that would cover a node on a short wire, or another wire's chip, is left out (the hover card still tells the shape). */}
      {data && showChip && (
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
