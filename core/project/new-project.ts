import type { JsonObject } from './json.ts';
import type { Project } from './types.ts';

/**
 * An empty project. `documentId` should be unique (the app passes crypto.randomUUID()); `now` is ms since 1970.
 */
export function newProject(documentId: string, graph: JsonObject, now: number | null = null, title = 'Untitled'): Project {
  return { documentId, title, createdAt: now, modifiedAt: now, graph, training: {}, runs: [], weights: null, checkpoint: null, extensions: {} };
}
