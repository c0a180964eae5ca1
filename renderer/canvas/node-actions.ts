/**
 * Callbacks the canvas hands to its custom nodes through context (node `data` stays plain JSON, so buttons inside
 * nodes cannot carry functions themselves).
 */
import { createContext, useContext } from 'react';

export interface NodeActions {
  toggleCollapsed(groupId: string): void;
  enterBlock(groupId: string): void;
  openInsight(nodeId: string): void;
}

const noop = () => undefined;
export const NodeActionsContext = createContext<NodeActions>({ toggleCollapsed: noop, enterBlock: noop, openInsight: noop });
export const useNodeActions = () => useContext(NodeActionsContext);

/** Compact counts: 61706 → "61.7k". */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1).replace(/\.?0+$/, '')}k`;
  return `${(n / 1_000_000).toFixed(2).replace(/\.?0+$/, '')}M`;
}
