/**
 * Reading a graph file: JSON text → migrated, structurally checked GraphDocument. Semantic problems (unknown kinds,
 * shape mismatches) are left to validate(); this only refuses what cannot be a graph at all.
 */
import { DEFAULT_TRAINING, GRAPH_SCHEMA_VERSION, type GraphDocument, type TrainingSettings } from './types.ts';
import { MIGRATIONS } from './migrations.ts';

import { GraphFileError } from './schema-error.ts';

export { GraphFileError, type GraphFileErrorCode } from './schema-error.ts';

/** Deepest nesting a graph document may have (a real one is about 5 levels deep). */
export const MAX_GRAPH_DEPTH = 64;

/** Nesting depth of parsed JSON, measured without recursion (hostile files can nest thousands of levels). */
function depthOf(json: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[json, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(message: string): never {
  throw new GraphFileError('invalid_document', message);
}

/** Parses JSON text (or takes already-parsed JSON), migrates it to the current schema, and checks its structure. */
export function parseGraph(input: string | unknown): { doc: GraphDocument; migratedFrom: number | null } {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      throw new GraphFileError('malformed_json', `The graph file is not valid JSON: ${(e as Error).message}. Open it in a text editor, or re-save it from Netsketch.`);
    }
  }
  if (!isObj(json)) bad(`A graph file must contain a JSON object, not ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}.`);
  if (depthOf(json, MAX_GRAPH_DEPTH) > MAX_GRAPH_DEPTH) {
    bad(`The graph file nests objects more than ${MAX_GRAPH_DEPTH} levels deep, which no Netsketch graph does; it is damaged or not a graph.`);
  }
  const version = json.schemaVersion ?? json.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    bad('The graph file has no valid "schemaVersion" (a whole number ≥ 1); is it a Netsketch graph?');
  }
  if (version > GRAPH_SCHEMA_VERSION) {
    throw new GraphFileError('newer_version',
      `This graph was saved with schema version ${version}, but this Netsketch only understands up to version ${GRAPH_SCHEMA_VERSION}. Update Netsketch to open it.`);
  }
  const migratedFrom = version < GRAPH_SCHEMA_VERSION ? version : null;
  const doc = migrate(json, version);
  return { doc: checkStructure(doc), migratedFrom };
}

/** Applies the migrations from `version` up to the current schema; never mutates its input. */
export function migrate(json: Record<string, unknown>, version: number): unknown {
  let cur: unknown = JSON.parse(JSON.stringify(json));
  for (let v = version; v < GRAPH_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new GraphFileError('older_version', `No migration from graph schema version ${v}; this file is too old to open.`);
    cur = step(cur as Record<string, unknown>);
  }
  return cur;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') bad(`${what} must be a non-empty string, got ${JSON.stringify(v)}.`);
  return v;
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${what} must be a number, got ${JSON.stringify(v)}.`);
  return v;
}

function checkTraining(t: unknown): TrainingSettings {
  if (t === undefined) return { ...DEFAULT_TRAINING };
  if (!isObj(t)) bad('"training" must be an object.');
  const out = { ...DEFAULT_TRAINING };
  const int = (k: 'epochs' | 'batch_size' | 'seed', min: number) => {
    if (t[k] === undefined) return;
    const v = finite(t[k], `training.${k}`);
    if (!Number.isInteger(v) || v < min) bad(`training.${k} must be a whole number ≥ ${min}, got ${v}.`);
    out[k] = v;
  };
  int('epochs', 1);
  int('batch_size', 1);
  int('seed', 0);
  if (t.validation_split !== undefined) {
    const v = finite(t.validation_split, 'training.validation_split');
    if (v < 0 || v >= 1) bad(`training.validation_split must be at least 0 and below 1, got ${v}.`);
    out.validation_split = v;
  }
  if (t.lr !== undefined && t.lr !== null) {
    const v = finite(t.lr, 'training.lr');
    if (v <= 0) bad(`training.lr must be positive (or null to use the optimizer's), got ${v}.`);
    out.lr = v;
  }
  return out;
}

/** Checks types and references of a current-schema document; returns a clean copy. */
export function checkStructure(json: unknown): GraphDocument {
  if (!isObj(json)) bad('A graph file must contain a JSON object.');
  if (!Array.isArray(json.nodes)) bad('The graph file has no "nodes" array.');
  if (json.edges !== undefined && !Array.isArray(json.edges)) bad('"edges" must be an array.');
  if (json.groups !== undefined && !Array.isArray(json.groups)) bad('"groups" must be an array.');
  const ids = new Set<string>();
  const nodes = json.nodes.map((n, i) => {
    if (!isObj(n)) bad(`nodes[${i}] must be an object.`);
    const id = str(n.id, `nodes[${i}].id`);
    if (ids.has(id)) bad(`Two nodes share the id "${id}"; ids must be unique.`);
    ids.add(id);
    const params = n.params ?? {};
    if (!isObj(params)) bad(`nodes[${i}].params must be an object.`);
    const pos = isObj(n.position) ? n.position : { x: 0, y: 0 };
    return {
      id,
      kind: str(n.kind, `nodes[${i}].kind`),
      name: typeof n.name === 'string' ? n.name : '',
      params: JSON.parse(JSON.stringify(params)) as GraphDocument['nodes'][number]['params'],
      position: { x: finite(pos.x ?? 0, `nodes[${i}].position.x`), y: finite(pos.y ?? 0, `nodes[${i}].position.y`) },
      ...(n.group !== undefined && n.group !== null ? { group: str(n.group, `nodes[${i}].group`) } : {}),
    };
  });
  const edgeIds = new Set<string>();
  const edges = (json.edges ?? []).map((e: unknown, i: number) => {
    if (!isObj(e)) bad(`edges[${i}] must be an object.`);
    const id = str(e.id, `edges[${i}].id`);
    if (edgeIds.has(id)) bad(`Two edges share the id "${id}"; ids must be unique.`);
    edgeIds.add(id);
    return {
      id,
      source: str(e.source, `edges[${i}].source`),
      sourcePort: str(e.sourcePort, `edges[${i}].sourcePort`),
      target: str(e.target, `edges[${i}].target`),
      targetPort: str(e.targetPort, `edges[${i}].targetPort`),
    };
  });
  const groupIds = new Set<string>();
  const groups = (json.groups ?? []).map((g: unknown, i: number) => {
    if (!isObj(g)) bad(`groups[${i}] must be an object.`);
    const id = str(g.id, `groups[${i}].id`);
    if (groupIds.has(id) || ids.has(id)) bad(`The group id "${id}" is used twice.`);
    groupIds.add(id);
    return {
      id,
      name: typeof g.name === 'string' ? g.name : '',
      ...(g.parent !== undefined && g.parent !== null ? { parent: str(g.parent, `groups[${i}].parent`) } : {}),
    };
  });
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    name: typeof json.name === 'string' ? json.name : 'Untitled',
    nodes,
    edges,
    groups,
    training: checkTraining(json.training),
  };
}

/** The document as the JSON text we save (stable key order, two-space indent). */
export function serializeGraph(doc: GraphDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
