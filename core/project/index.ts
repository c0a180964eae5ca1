/**
 * Project files (.netsketch), their migrations and limits, autosave / crash recovery and the recent-files list.
 * Pure TypeScript: hosts (Electron main, the CLI) provide the file system behind the RecoveryStore interface.
 */
export { ProjectError, type ProjectErrorCode } from './errors.ts';
export { DEFAULT_PROJECT_LIMITS, type ProjectLimits } from './limits.ts';
export {
  PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, NETSKETCH_VERSION, PROJECT_JSON, WEIGHTS_ENTRY, CHECKPOINT_ENTRY,
  type Project, type RunRecord, type RunStatus, type ProjectAsset, type ProjectLoadInfo,
} from './types.ts';
export type { JsonValue, JsonObject } from './json.ts';
export { ENVELOPE_MIGRATIONS, migrateEnvelope, type EnvelopeMigration, type MigrationResult, type MigrateOptions } from './migrations.ts';
export {
  saveProject, loadProject, openProject, setGraphDocumentHooks,
  type GraphDocumentHooks, type LoadProjectOptions, type SaveProjectOptions,
} from './project-file.ts';
export { readWeights, readCheckpoint } from './assets.ts';
export { GRAPH_DOCUMENT_HOOKS } from './graph-hooks.ts';
export { newProject } from './new-project.ts';
export {
  Autosaver, MemoryRecoveryStore, listRecoverable, restoreLatest, newestFirst,
  type AutosaverOptions, type TimerApi, type SnapshotMeta, type StoreProblem, type RecoveryStore, type RecoverableDocument,
} from './recovery.ts';
export {
  addRecent, removeRecent, markAvailability, serializeRecent, parseRecent, emptyRecent, RECENT_FORMAT, RECENT_VERSION,
  type RecentFile, type RecentList, type RecentOptions,
} from './recent.ts';
