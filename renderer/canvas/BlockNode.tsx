/**
 * A block (named group = nested module): a frame around its members with collapse and enter buttons, or, when
 * collapsed, one compact node standing for the whole block with a single input and output.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useT } from '../i18n/index.ts';
import type { BlockFlowNode } from './flow-model.ts';
import { worstSeverity } from './LayerNode.tsx';
import { formatCount, useNodeActions } from './node-actions.ts';

function BlockNodeView({ data, selected }: NodeProps<BlockFlowNode>) {
  const t = useT();
  const actions = useNodeActions();
  const severity = worstSeverity(data.problems);
  const horizontal = data.dir === 'LR';
  const tooltip = data.problems.map((p) => p.message).join('\n');
  const buttons = (
    <span className="block-node__buttons">
      <button type="button" className="nodrag icon-button" data-testid="block-toggle"
        title={t(data.collapsed ? 'node.expand' : 'node.collapse')}
        onClick={(e) => { e.stopPropagation(); actions.toggleCollapsed(data.groupId); }}>
        {data.collapsed ? '▸' : '▾'}
      </button>
      <button type="button" className="nodrag icon-button" data-testid="block-enter" title={t('node.enterBlock')}
        onClick={(e) => { e.stopPropagation(); actions.enterBlock(data.groupId); }}>
        ⤢
      </button>
    </span>
  );
  const head = (
    <div className="block-node__head">
      <span className="block-node__name">{data.name}</span>
      <span className="block-node__meta">{t('node.blockMembers', { count: data.members })}{data.paramCount > 0 ? ` · ${t('node.params', { count: formatCount(data.paramCount) })}` : ''}</span>
      {severity && <span className={`badge badge--${severity}`} title={tooltip}>!</span>}
      {buttons}
    </div>
  );
  if (!data.collapsed) {
    return <div className={`block-frame${selected ? ' is-selected' : ''}`} data-testid="block-frame" data-name={data.name}>{head}</div>;
  }
  return (
    <div className={`block-node${selected ? ' is-selected' : ''}`} data-testid="block-node" data-name={data.name}>
      <Handle id="in" type="target" position={horizontal ? Position.Left : Position.Top} className="port port--tensor" />
      <div className="block-node__kind">{t('node.block')}</div>
      {head}
      <Handle id="out" type="source" position={horizontal ? Position.Right : Position.Bottom} className="port port--tensor" />
    </div>
  );
}

export const BlockNode = memo(BlockNodeView);
