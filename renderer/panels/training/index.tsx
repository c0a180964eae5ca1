/**
 * Training views (owned by the engine/training side), mounted by the editor's layout: the training panel
 * (dataset, settings, controls, progress, charts) and the insight view of one node.
 */
import type { GraphDocument } from '../../../core/graph/types.ts';

export interface TrainingPanelProps {
  doc: GraphDocument;
  /** Apply a change of training settings to the document (one undo step). */
  onTrainingChange(patch: Partial<GraphDocument['training']>): void;
  /** Select a node on the canvas (e.g. the node a non-finite loss points at). */
  onSelectNode(nodeId: string): void;
}

export function TrainingPanel(_props: TrainingPanelProps) {
  return <div className="training-panel">Training is not available in this build yet.</div>;
}

export interface InsightPanelProps {
  doc: GraphDocument;
  nodeId: string;
  onClose(): void;
}

export function InsightPanel(_props: InsightPanelProps) {
  return null;
}
