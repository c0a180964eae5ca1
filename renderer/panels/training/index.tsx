/**
 * Training views (owned by the engine/training side), mounted by the editor's layout: the training panel
 * (dataset, settings, controls, progress, charts, results, step-by-step), the insight view of one node, and the
 * legend of the gradient colours on the canvas edges.
 */
export { TrainingPanel, type TrainingPanelProps } from './TrainingPanel.tsx';
export { GradientLegend } from './GradientLegend.tsx';
export { InsightPanel } from '../insight/InsightPanel.tsx';

export interface InsightPanelProps {
  doc: import('../../../core/graph/types.ts').GraphDocument;
  nodeId: string;
  onClose(): void;
}
