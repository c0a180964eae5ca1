/**
 * Schema migrations: MIGRATIONS[v] turns a version-v document into version v+1. Each is a pure function on plain
 * JSON (the caller passes a copy); they run in order, and the result is checked by schema.checkStructure.
 *
 * Version 1 (the first prototype's format) looked like:
 * ```json
 * { "version": 1, "title": "…",
 *   "nodes": [{ "id": "a", "type": "Conv2d", "label": "conv1", "x": 10, "y": 20, "data": { "out_channels": 6 } }],
 *   "links": [{ "from": "a:output", "to": "b:input" }],
 *   "settings": { "epochs": 3, "batchSize": 32, "valSplit": 0.1, "seed": 1, "learningRate": 0.01 } }
 * ```
 * Version 2 (current) renames fields to those React Flow and PyTorch use, gives edges ids and explicit ports, and
 * adds groups (named blocks).
 */

import { GraphFileError } from './schema-error.ts';

type Json = Record<string, any>;

/** Entries of a v1 list must be objects; anything else is a broken file, said in the file's own terms. */
function objects(list: unknown, what: string): Json[] {
  const items = Array.isArray(list) ? list : [];
  items.forEach((v, i) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new GraphFileError('invalid_document', `The version-1 graph file's ${what}[${i}] is ${JSON.stringify(v)}, not an object. Remove it or re-save the file from Netsketch.`);
    }
  });
  return items as Json[];
}

function v1ToV2(doc: Json): Json {
  const nodes = objects(doc.nodes, 'nodes').map((n: Json) => ({
    id: n.id,
    kind: n.type,
    name: n.label ?? n.name ?? '',
    params: n.data ?? {},
    position: { x: n.x ?? 0, y: n.y ?? 0 },
  }));
  const split = (ref: unknown, dflt: string): [unknown, string] => {
    if (typeof ref !== 'string') return [ref, dflt];
    const i = ref.lastIndexOf(':');
    return i < 0 ? [ref, dflt] : [ref.slice(0, i), ref.slice(i + 1)];
  };
  const edges = objects(doc.links, 'links').map((l: Json, i: number) => {
    const [source, sourcePort] = split(l.from, 'output');
    const [target, targetPort] = split(l.to, 'input');
    return { id: `e${i + 1}`, source, sourcePort, target, targetPort };
  });
  const s: Json = typeof doc.settings === 'object' && doc.settings !== null ? doc.settings : {};
  const training: Json = {};
  if (s.epochs !== undefined) training.epochs = s.epochs;
  if (s.batchSize !== undefined) training.batch_size = s.batchSize;
  if (s.valSplit !== undefined) training.validation_split = s.valSplit;
  if (s.seed !== undefined) training.seed = s.seed;
  training.lr = s.learningRate ?? null;
  return { schemaVersion: 2, name: doc.title ?? 'Untitled', nodes, edges, groups: [], training };
}

export const MIGRATIONS: Record<number, (doc: Json) => Json> = {
  1: v1ToV2,
};
