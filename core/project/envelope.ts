/**
 * project.json, version 2 (PROJECT_SCHEMA_VERSION):
 *
 *   { "format": "netsketch-project", "schemaVersion": 2, "savedWith": { "app": "0.1.0" },
 *     "documentId": "…", "title": "…", "createdAt": <ms> | null, "modifiedAt": <ms> | null,
 *     "graph": { …core/graph document… }, "training": { …settings… },
 *     "runs": [ { "id": "run-1", "name": "Run 1", "startedAt": <ms>, "endedAt": <ms> | null,
 *                 "status": "running" | "completed" | "stopped" | "failed", "settings": { … },
 *                 "metrics": { "loss": [0.9, 0.5, "NaN"], … }, "epochEndedAt": [<ms>, …] } ],
 *     "assets": { "weights"?: { "entry": "weights.safetensors", "bytes": n | null, "runId": "run-1" | null },
 *                 "checkpoint"?: { "entry": "optimizer.pt", "bytes": n, "runId": … } },
 *     "extensions": { …keys a newer Netsketch wrote that this one keeps untouched… } }
 *
 * decodeEnvelope checks every field (types, limits) and builds the in-memory Project; encodeEnvelope is its inverse.
 */
import { ProjectError } from './errors.ts';
import { Fields, formatError, type Ctx } from './fields.ts';
import { checkPlainJson, cloneJson, defineKey, type JsonObject, type JsonValue } from './json.ts';
import type { ProjectLimits } from './limits.ts';
import { decodeMetric, encodeMetric } from './metrics.ts';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type Project, type RunRecord, type RunStatus } from './types.ts';

export const V2_KEYS = ['format', 'schemaVersion', 'savedWith', 'documentId', 'title', 'createdAt', 'modifiedAt', 'graph', 'training', 'runs', 'assets', 'extensions'] as const;
const RUN_STATUSES: readonly RunStatus[] = ['running', 'completed', 'stopped', 'failed'];
const MAX_ID = 200;
/** Zip record names an asset may point at: plain names, no folders (nothing to traverse). */
const ENTRY_NAME = /^[A-Za-z0-9._-]{1,100}$/;

export interface AssetRef {
  entry: string;
  /** Declared size, checked against the record (null: not recorded, as in files migrated from v1). */
  bytes: number | null;
  runId: string | null;
}

export interface DecodedEnvelope {
  project: Omit<Project, 'weights' | 'checkpoint'>;
  savedWithApp: string;
  weights: AssetRef | null;
  checkpoint: AssetRef | null;
}

function idString(f: Fields, key: string): string {
  const s = f.string(key);
  if (s.length === 0 || s.length > MAX_ID) f.fail(key, `a non-empty string of at most ${MAX_ID} characters`);
  return s;
}

function decodeRun(v: JsonValue, index: number, limits: ProjectLimits, ctx: Ctx): RunRecord {
  const r = Fields.of(v, `runs[${index}]`, ctx);
  const status = r.string('status') as RunStatus;
  if (!RUN_STATUSES.includes(status)) r.fail('status', `one of ${RUN_STATUSES.map((s) => `"${s}"`).join(', ')}`);
  const m = r.fields('metrics');
  const names = Object.keys(m.obj);
  if (names.length > limits.maxMetricsPerRun) {
    throw new ProjectError('LIMIT_EXCEEDED', `${ctx.fn}: ${m.where} has ${names.length} metric series, over the limit of ${limits.maxMetricsPerRun} (maxMetricsPerRun).`, { path: m.where });
  }
  const metrics: Record<string, number[]> = {};
  for (const name of names) {
    const series = m.array(name, limits.maxEpochs, 'maxEpochs');
    const values = new Array<number>(series.length);
    for (let k = 0; k < series.length; k++) {
      const x = decodeMetric(series[k]);
      if (x === null) throw formatError(ctx, `${m.path(name)}[${k}]`, `must be a number or "NaN", "Infinity", "-Infinity" but holds ${JSON.stringify(series[k])?.slice(0, 40)}`);
      values[k] = x;
    }
    Object.defineProperty(metrics, name, { value: values, enumerable: true, writable: true, configurable: true });
  }
  const times = r.array('epochEndedAt', limits.maxEpochs, 'maxEpochs');
  const epochEndedAt = times.map((t, k) => {
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw formatError(ctx, `${r.path('epochEndedAt')}[${k}]`, 'must be a time (milliseconds since 1970, ≥ 0)');
    return t;
  });
  return {
    id: idString(r, 'id'),
    name: r.string('name'),
    startedAt: r.time('startedAt'),
    endedAt: r.timeOrNull('endedAt'),
    status,
    settings: cloneJson(r.object('settings')),
    metrics,
    epochEndedAt,
  };
}

function decodeAsset(a: Fields, key: string, runIds: Set<string>, warnings: string[]): AssetRef | null {
  const raw = a.raw(key);
  if (raw === undefined || raw === null) return null;
  const f = a.fields(key);
  const entry = f.string('entry');
  if (!ENTRY_NAME.test(entry)) f.fail('entry', 'a record name of letters, digits, ".", "_" or "-" (at most 100 characters)');
  let bytes: number | null = null;
  if (f.raw('bytes') !== null && f.raw('bytes') !== undefined) {
    bytes = f.number('bytes');
    if (!Number.isSafeInteger(bytes) || bytes < 0) f.fail('bytes', 'a whole number of bytes ≥ 0 or null');
  }
  let runId: string | null = null;
  const r = f.raw('runId');
  if (r !== null && r !== undefined) {
    runId = f.string('runId');
    if (!runIds.has(runId)) {
      warnings.push(`${f.where}.runId names run ${JSON.stringify(runId.slice(0, 40))}, which is not in the history; the link was dropped.`);
      runId = null;
    }
  }
  return { entry, bytes, runId };
}

/** Checks a version-2 project.json object and builds the project (assets as references to zip records). */
export function decodeEnvelope(doc: JsonObject, limits: ProjectLimits, ctx: Ctx, warnings: string[]): DecodedEnvelope {
  const d = new Fields(doc, '', ctx);
  if (d.raw('schemaVersion') !== PROJECT_SCHEMA_VERSION) d.fail('schemaVersion', `${PROJECT_SCHEMA_VERSION}`);
  const savedWithApp = d.has('savedWith') ? d.fields('savedWith').string('app', 'unknown') : 'unknown';
  const runList = d.array('runs', limits.maxRuns, 'maxRuns');
  const runs = runList.map((r, i) => decodeRun(r, i, limits, ctx));
  const runIds = new Set<string>();
  runs.forEach((r, i) => {
    if (runIds.has(r.id)) throw formatError(ctx, `runs[${i}].id`, `repeats the run id ${JSON.stringify(r.id.slice(0, 40))}; run ids must be unique`);
    runIds.add(r.id);
  });
  const assets = d.has('assets') ? d.fields('assets') : new Fields({}, 'assets', ctx);
  const weights = decodeAsset(assets, 'weights', runIds, warnings);
  const checkpoint = decodeAsset(assets, 'checkpoint', runIds, warnings);
  if (weights && checkpoint && weights.entry === checkpoint.entry) throw formatError(ctx, 'assets.checkpoint.entry', 'must differ from assets.weights.entry');
  const extensions = cloneJson(d.object('extensions', {}));
  // Keys from a newer minor writer are kept (not interpreted) rather than dropped on the next save.
  for (const k of d.unknownKeys(V2_KEYS)) {
    if (Object.prototype.hasOwnProperty.call(extensions, k)) continue;
    defineKey(extensions, k, cloneJson(doc[k]));
    warnings.push(`project.json has a field ${JSON.stringify(k.slice(0, 40))} this version does not know; it was kept unchanged.`);
  }
  return {
    project: {
      documentId: idString(d, 'documentId'),
      title: d.string('title'),
      createdAt: d.timeOrNull('createdAt'),
      modifiedAt: d.timeOrNull('modifiedAt'),
      graph: cloneJson(d.object('graph')),
      training: cloneJson(d.object('training')),
      runs,
      extensions,
    },
    savedWithApp,
    weights,
    checkpoint,
  };
}

/**
 * The version-2 project.json object for `project` (asset references filled from the sizes given). Opaque parts
 * (graph, training, settings, extensions) must be plain JSON; anything else is INVALID_PROJECT naming the field.
 */
export function encodeEnvelope(project: Project, appVersion: string, assets: { weights: AssetRef | null; checkpoint: AssetRef | null }, limits: ProjectLimits, ctx: Ctx): JsonObject {
  const jl = { maxDepth: limits.maxJsonDepth - 3, maxStringLength: limits.maxStringLength };
  const p = project as unknown as Record<string, unknown>;
  if (typeof project !== 'object' || project === null) throw new ProjectError('INVALID_PROJECT', `${ctx.fn}: expected a project object, got ${project === null ? 'null' : typeof project}.`);
  for (const key of ['graph', 'training', 'extensions'] as const) {
    const v = p[key];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw formatError(ctx, key, `must be an object but is ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
    checkPlainJson(v, key, jl, ctx.fn);
  }
  if (!Array.isArray(project.runs)) throw formatError(ctx, 'runs', 'must be an array of runs');
  const runs = project.runs.map((r, i): JsonObject => {
    if (typeof r !== 'object' || r === null) throw formatError(ctx, `runs[${i}]`, 'must be a run object');
    checkPlainJson(r.settings, `runs[${i}].settings`, { ...jl, maxDepth: jl.maxDepth - 2 }, ctx.fn);
    const metrics: JsonObject = {};
    if (typeof r.metrics !== 'object' || r.metrics === null) throw formatError(ctx, `runs[${i}].metrics`, 'must be an object of number arrays');
    for (const [name, series] of Object.entries(r.metrics)) {
      if (!Array.isArray(series) && !ArrayBuffer.isView(series)) throw formatError(ctx, `runs[${i}].metrics.${name}`, 'must be an array of numbers');
      const out: JsonValue[] = [];
      for (let k = 0; k < series.length; k++) {
        const x = series[k];
        if (typeof x !== 'number') throw formatError(ctx, `runs[${i}].metrics.${name}[${k}]`, `must be a number but is ${typeof x}`);
        out.push(encodeMetric(x));
      }
      defineKey(metrics, name, out);
    }
    return {
      id: r.id as JsonValue,
      name: r.name as JsonValue,
      startedAt: r.startedAt as JsonValue,
      endedAt: r.endedAt as JsonValue,
      status: r.status as JsonValue,
      settings: r.settings as JsonValue,
      metrics,
      epochEndedAt: Array.isArray(r.epochEndedAt) ? [...r.epochEndedAt] : (r.epochEndedAt as JsonValue),
    };
  });
  const assetJson: JsonObject = {};
  for (const key of ['weights', 'checkpoint'] as const) {
    const a = assets[key];
    if (a) assetJson[key] = { entry: a.entry, bytes: a.bytes, runId: a.runId };
  }
  const doc: JsonObject = {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    savedWith: { app: appVersion },
    documentId: project.documentId as JsonValue,
    title: project.title as JsonValue,
    createdAt: (project.createdAt ?? null) as JsonValue,
    modifiedAt: (project.modifiedAt ?? null) as JsonValue,
    graph: project.graph,
    training: project.training,
    runs,
    assets: assetJson,
    extensions: project.extensions,
  };
  // Catches undefined / NaN / class instances in the structured fields (ids, times) with a field path.
  checkPlainJson(doc, 'project', { ...jl, maxDepth: limits.maxJsonDepth }, ctx.fn);
  return doc;
}
