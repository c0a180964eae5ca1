/**
 * The graph document: plain JSON that the canvas edits, the CLI trains and the code generator prints.
 * Nothing here holds tensors or callbacks, so a document can be saved, diffed, migrated and undone freely.
 */

/** A parameter value as stored in the document. "auto" means "fill from the inferred input shape". */
export type ParamValue = number | string | boolean | null | number[];

export interface GraphNode {
  /** Stable id (never shown; edges refer to it). */
  id: string;
  /** The catalogue kind, e.g. "Conv2d", "ReLU", "CrossEntropyLoss", "Dataset". */
  kind: string;
  /** User-visible name: a Python identifier, unique in the graph; becomes the module attribute / state_dict prefix. */
  name: string;
  /** Parameter values by name; missing ones take the catalogue default. */
  params: Record<string, ParamValue>;
  position: { x: number; y: number };
  /** Id of the group (named block) this node belongs to, if any. */
  group?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/**
 * A named block: its member nodes (and nested groups) compile to one nested nn.Module whose attribute
 * name is the group's name, so state_dict keys read `block1.conv1.weight`.
 */
export interface GraphGroup {
  id: string;
  name: string;
  /** The enclosing group, for nested blocks. */
  parent?: string;
}

export interface TrainingSettings {
  epochs: number;
  batch_size: number;
  /** Fraction of the training samples held out for validation (0 ≤ x < 1). */
  validation_split: number;
  seed: number;
  /** Overrides the optimizer node's learning rate when not null. */
  lr: number | null;
}

/** The current document (schema version GRAPH_SCHEMA_VERSION). */
export interface GraphDocument {
  schemaVersion: number;
  /** Free-form title shown in the editor and printed at the top of generated code. */
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  training: TrainingSettings;
}

export const GRAPH_SCHEMA_VERSION = 2;

export const DEFAULT_TRAINING: TrainingSettings = { epochs: 5, batch_size: 32, validation_split: 0, seed: 0, lr: null };

/** A tensor shape as PyTorch reports it, batch first; -1 stands for the (symbolic) batch size N. */
export type Shape = number[];

export type Severity = 'error' | 'warning' | 'info';

/** One finding of validation, attached to the node / port / edge / parameter it is about. */
export interface Diagnostic {
  severity: Severity;
  /** Machine-readable kind, e.g. "shape_mismatch", "cycle", "missing_input". */
  code: string;
  /** What is wrong, naming the node: "Linear 'fc1' expects 256 input features but receives 400 (16×5×5)." */
  message: string;
  /** How to fix it: "Set in_features to 400 or 'auto'." */
  fix?: string;
  nodeId?: string;
  port?: string;
  edgeId?: string;
  param?: string;
  groupId?: string;
}
