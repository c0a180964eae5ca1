/** Placeholder layer node: a title, a one-line summary and one input and one output port. */
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';

export type LayerNodeData = { title: string; summary: string; hasInput: boolean; hasOutput: boolean };
export type LayerNodeType = Node<LayerNodeData, 'layer'>;

function LayerNodeView({ data, selected }: NodeProps<LayerNodeType>) {
  return (
    <div className={`layer-node${selected ? ' is-selected' : ''}`} data-testid="layer-node">
      {data.hasInput && <Handle type="target" position={Position.Left} />}
      <div className="layer-node__title">{data.title}</div>
      <div className="layer-node__summary">{data.summary}</div>
      {data.hasOutput && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
