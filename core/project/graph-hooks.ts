/**
 * core/graph's reader as the project file's graph hooks: on load the graph is migrated and structurally checked
 * (parseGraph); on save it must already be a valid current document (checkStructure). Install once at start-up
 * with setGraphDocumentHooks(GRAPH_DOCUMENT_HOOKS), or pass as `graph` to loadProject / saveProject.
 */
import { checkStructure, parseGraph } from '../graph/schema.ts';
import type { JsonObject } from './json.ts';
import type { GraphDocumentHooks } from './project-file.ts';

export const GRAPH_DOCUMENT_HOOKS: GraphDocumentHooks = Object.freeze({
  migrate: (doc: JsonObject) => parseGraph(doc).doc as unknown as JsonObject,
  validate: (doc: unknown) => void checkStructure(doc),
});
