/**
 * Compare a weights file's state_dict (keys and shapes) with the compiled model's, the way PyTorch's
 * load_state_dict(strict=True) would, but reporting every problem per graph node instead of failing on the first.
 * Pure data in, pure data out: the worker runs it, tests run it directly.
 */

export interface ModelEntry {
  key: string;
  shape: number[];
  nodeId: string | null;
}

export interface WeightProblem {
  nodeId: string | null;
  key: string;
  kind: 'missing' | 'unexpected' | 'shape';
  message: string;
}

export interface StateDictMatch {
  /** Keys present in both with equal shapes (what a confirmed import loads). */
  loadable: string[];
  problems: WeightProblem[];
  /** Set when every file key carried a `module.` prefix (saved from nn.DataParallel) that was stripped. */
  strippedPrefix: string | null;
}

const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;

/** The graph node a key belongs to: the model entry with the longest common module path. */
function nodeFor(key: string, model: readonly ModelEntry[]): string | null {
  const parts = key.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const prefix = parts.slice(0, n).join('.') + '.';
    const hit = model.find((e) => e.key.startsWith(prefix));
    if (hit) return hit.nodeId;
  }
  return null;
}

export function matchStateDict(model: readonly ModelEntry[], file: ReadonlyMap<string, readonly number[]>): StateDictMatch {
  let entries = [...file];
  let strippedPrefix: string | null = null;
  if (entries.length > 0 && entries.every(([k]) => k.startsWith('module.')) && !model.some((e) => e.key.startsWith('module.'))) {
    strippedPrefix = 'module.';
    entries = entries.map(([k, s]) => [k.slice(7), s]);
  }
  const fileMap = new Map(entries);
  const loadable: string[] = [];
  const problems: WeightProblem[] = [];
  for (const e of model) {
    const shape = fileMap.get(e.key);
    if (!shape) {
      problems.push({ nodeId: e.nodeId, key: e.key, kind: 'missing', message: `Missing in the file: ${e.key} ${fmt(e.shape)} keeps its current values.` });
    } else if (shape.length !== e.shape.length || shape.some((d, i) => d !== e.shape[i])) {
      problems.push({
        nodeId: e.nodeId, key: e.key, kind: 'shape',
        message: `Shape mismatch for ${e.key}: the file has ${fmt(shape)}, the graph needs ${fmt(e.shape)}. Change the layer's parameters to match, or leave it out.`,
      });
    } else {
      loadable.push(e.key);
    }
  }
  const known = new Set(model.map((e) => e.key));
  for (const [k, s] of fileMap) {
    if (!known.has(k)) {
      problems.push({ nodeId: nodeFor(k, model), key: k, kind: 'unexpected', message: `Unexpected in the file: ${k} ${fmt(s)} has no place in this graph and is ignored.` });
    }
  }
  return { loadable, problems, strippedPrefix };
}
