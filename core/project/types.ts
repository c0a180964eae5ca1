/**
 * The in-memory shape of a Netsketch project: what the editor holds and what one `.netsketch` file stores.
 * Everything but the asset bytes is plain JSON, so a project can be cloned, diffed and snapshotted freely.
 */
import type { JsonObject } from './json.ts';

/** The `format` marker in project.json. */
export const PROJECT_FORMAT = 'netsketch-project';
/** The envelope schema version this build writes; files up to this version open, newer ones are refused. */
export const PROJECT_SCHEMA_VERSION = 2;
/** The app version written into `savedWith.app` when the caller does not pass one. */
export const NETSKETCH_VERSION = '0.1.0';
/** Record names inside the zip. */
export const PROJECT_JSON = 'project.json';
export const WEIGHTS_ENTRY = 'weights.safetensors';
export const CHECKPOINT_ENTRY = 'optimizer.pt';

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed';

/** One training run in the history. Times are milliseconds since 1970-01-01 UTC. */
export interface RunRecord {
  /** Unique within the project, e.g. "run-3". */
  id: string;
  /** Shown in the run list, e.g. "Run 3". */
  name: string;
  startedAt: number;
  /** null while running or when the app died before the run ended. */
  endedAt: number | null;
  status: RunStatus;
  /** The training settings the run used (epochs, batch size, optimizer, …) as plain JSON. */
  settings: JsonObject;
  /** Per-epoch values by metric name: metrics.loss[e] is the loss after epoch e+1. NaN and ±Infinity are kept. */
  metrics: Record<string, number[]>;
  /** When each epoch ended (ms); may be shorter than the metric series when the app did not record it. */
  epochEndedAt: number[];
}

/** Bytes stored next to project.json, with the run that produced them. */
export interface ProjectAsset {
  bytes: Uint8Array;
  /** The run these bytes came from, or null when unknown. */
  runId: string | null;
}

/** A whole project. */
export interface Project {
  /** Stable id for this document: recovery snapshots and the recent-files list refer to it. */
  documentId: string;
  title: string;
  createdAt: number | null;
  modifiedAt: number | null;
  /** The graph document (core/graph's schema), kept as opaque JSON here and checked by the graph hooks. */
  graph: JsonObject;
  /** Current training settings as plain JSON. */
  training: JsonObject;
  /** Run history, oldest first. */
  runs: RunRecord[];
  /** `weights.safetensors`: the trained weights (core/serialize safetensors.save bytes). */
  weights: ProjectAsset | null;
  /** `optimizer.pt`: optimizer / training checkpoint bytes (core/serialize save_checkpoint or save_optimizer). */
  checkpoint: ProjectAsset | null;
  /** Top-level project.json keys this version does not know, kept so a round trip does not drop them. */
  extensions: JsonObject;
}

/** What loading found out about the file itself. */
export interface ProjectLoadInfo {
  /** The envelope version the file was written with. */
  fileSchemaVersion: number;
  /** The Netsketch version that wrote it ("unknown" if not recorded). */
  savedWithApp: string;
  /** Migrations applied in order, e.g. ["v1 → v2: …"]; empty when the file was current. */
  migrations: string[];
  /** Things that were tolerated (unknown zip records, …); show them in a details panel, not as errors. */
  warnings: string[];
}
