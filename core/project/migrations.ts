/**
 * Ordered migrations of the project.json envelope: pure functions vN → vN+1 on plain JSON, applied in sequence.
 * They never mutate their input (the result shares no objects with it) and are deterministic, so migrating the
 * same file twice gives identical results. The graph document inside is migrated separately by core/graph's hook.
 *
 * Version 1 (Netsketch 0.0.x):
 *   { format: "netsketch-project", version: 1, app?: "0.0.9", name?: string, graph: {…}, training?: {…},
 *     history?: [ { settings?: {…}, started: <seconds>, finished: <seconds> | null,
 *                   epochs: [ { epoch: 1, time?: <seconds>, loss: 0.7, accuracy: 0.61, … } ] } ],
 *     weights?: "weights.safetensors" | null }
 *   Metric values were written with JSON.stringify, so a NaN loss became null.
 *
 * Version 2 (current, see envelope.ts): `schemaVersion`, `savedWith: {app}`, a `documentId`, times in
 * milliseconds, run history as per-metric columns with explicit ids and status, and an `assets` table.
 */
import { crc32 } from '../serialize/crc32.ts';
import { utf8Encode } from '../serialize/utf8.ts';
import { ProjectError } from './errors.ts';
import { Fields, type Ctx } from './fields.ts';
import { cloneJson, defineKey, isJsonObject, type JsonObject, type JsonValue } from './json.ts';
import { NETSKETCH_VERSION, PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, WEIGHTS_ENTRY } from './types.ts';
import { encodeMetric } from './metrics.ts';

export interface EnvelopeMigration {
  from: number;
  to: number;
  /** One line for the load report, e.g. "v1 → v2: run history stored per metric". */
  description: string;
  up(doc: JsonObject, ctx: Ctx): JsonObject;
}

const V1_KEYS = ['format', 'version', 'app', 'name', 'graph', 'training', 'history', 'weights'] as const;
/** Bounds the v1 history walk independently of the v2 limits (a v1 file never had more). */
const V1_MAX_RUNS = 100_000;
const V1_MAX_EPOCHS = 1_000_000;

function secondsToMs(s: number): number {
  return Math.round(s * 1000);
}

function migrateV1Run(run: JsonValue, index: number, ctx: Ctx): JsonObject {
  const r = Fields.of(run, `history[${index}]`, ctx);
  const startedS = r.number('started');
  if (startedS < 0) r.fail('started', 'a time in seconds since 1970 (≥ 0)');
  const finishedRaw = r.raw('finished');
  let finishedS: number | null = null;
  if (finishedRaw !== null && finishedRaw !== undefined) {
    finishedS = r.number('finished');
    if (finishedS < 0) r.fail('finished', 'a time in seconds since 1970 (≥ 0) or null');
  }
  const rows = r.array('epochs', V1_MAX_EPOCHS, 'v1 epochs', []).map((row, k) => Fields.of(row, `history[${index}].epochs[${k}]`, ctx));
  const seen = new Set<number>();
  for (const row of rows) {
    const e = row.number('epoch');
    if (!Number.isInteger(e) || e < 1) row.fail('epoch', 'a whole number ≥ 1');
    if (seen.has(e)) row.fail('epoch', 'an epoch number that appears once');
    seen.add(e);
  }
  rows.sort((a, b) => (a.obj.epoch as number) - (b.obj.epoch as number));
  // Columns in first-seen order so the result does not depend on anything but the file.
  const names: string[] = [];
  for (const row of rows) for (const k of Object.keys(row.obj)) if (k !== 'epoch' && k !== 'time' && !names.includes(k)) names.push(k);
  const metrics: JsonObject = {};
  for (const name of names) {
    const column = rows.map((row) => {
      const v = row.raw(name);
      if (v === null || v === undefined) return encodeMetric(NaN); // v1 wrote NaN as null; a missing value is unknown
      if (typeof v !== 'number') row.fail(name, 'a number or null (a metric value)');
      return encodeMetric(v as number);
    });
    defineKey(metrics, name, column);
  }
  const allTimed = rows.length > 0 && rows.every((row) => typeof row.raw('time') === 'number');
  const epochEndedAt = allTimed ? rows.map((row) => secondsToMs(row.number('time'))) : [];
  return {
    id: `run-${index + 1}`,
    name: `Run ${index + 1}`,
    startedAt: secondsToMs(startedS),
    endedAt: finishedS === null ? null : secondsToMs(finishedS),
    status: finishedS === null ? 'stopped' : 'completed',
    settings: cloneJson(r.object('settings', {})),
    metrics,
    epochEndedAt,
  };
}

function v1ToV2(doc: JsonObject, ctx: Ctx): JsonObject {
  const d = new Fields(doc, '', ctx);
  const name = d.string('name', 'Untitled');
  const graph = cloneJson(d.object('graph'));
  const runs = d.array('history', V1_MAX_RUNS, 'v1 history', []).map((r, i) => migrateV1Run(r, i, ctx));
  const weights = d.raw('weights');
  const assets: JsonObject = {};
  if (weights !== null && weights !== undefined) {
    if (typeof weights !== 'string') d.fail('weights', `the name of the weights record ("${WEIGHTS_ENTRY}") or null`);
    assets.weights = { entry: weights as string, runId: runs.length ? (runs[runs.length - 1].id as string) : null };
  }
  const extensions: JsonObject = {};
  for (const k of d.unknownKeys(V1_KEYS)) defineKey(extensions, k, cloneJson(doc[k]));
  // v1 had no document id: derive a stable one from the content so reopening the same file gives the same id.
  const id = crc32(utf8Encode(JSON.stringify([name, graph]))).toString(16).padStart(8, '0');
  return {
    format: PROJECT_FORMAT,
    schemaVersion: 2,
    savedWith: { app: d.string('app', 'unknown') },
    documentId: `v1-${id}`,
    title: name,
    createdAt: runs.length ? (runs[0].startedAt as number) : null,
    modifiedAt: null,
    graph,
    training: cloneJson(d.object('training', {})),
    runs,
    assets,
    extensions,
  };
}

/** Every envelope migration, in order. Add v2 → v3 here when the format changes, and bump PROJECT_SCHEMA_VERSION. */
export const ENVELOPE_MIGRATIONS: readonly EnvelopeMigration[] = Object.freeze([
  { from: 1, to: 2, description: 'v1 → v2: run history stored per metric, times in milliseconds, a document id and an assets table', up: v1ToV2 },
]);

/** The envelope version of a parsed project.json (v1 called it `version`, later ones `schemaVersion`). */
export function envelopeVersion(doc: JsonObject, fn: string): number {
  const v = Object.prototype.hasOwnProperty.call(doc, 'schemaVersion') ? doc.schemaVersion : doc.version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ProjectError('BAD_FORMAT', `${fn}: project.json has no valid schemaVersion (found ${JSON.stringify(v ?? null)}); it must be a whole number ≥ 1. The file is damaged or was not written by Netsketch.`, { path: 'schemaVersion' });
  }
  return v;
}

export interface MigrationResult {
  doc: JsonObject;
  fromVersion: number;
  applied: string[];
}

/**
 * Brings a parsed project.json up to PROJECT_SCHEMA_VERSION. The input is never modified; a file from a newer
 * version is refused with NEWER_VERSION naming both versions (`savedWithApp` is quoted when known).
 */
export interface MigrateOptions {
  /** Function name used in messages (default 'migrateEnvelope'). */
  fn?: string;
  /** This app's version, named in the NEWER_VERSION message. */
  appVersion?: string;
  /** For tests of the mechanism: a different migration list and latest version. */
  migrations?: readonly EnvelopeMigration[];
  latest?: number;
}

export function migrateEnvelope(input: JsonValue, options: MigrateOptions = {}): MigrationResult {
  const fn = options.fn ?? 'migrateEnvelope';
  const migrations = options.migrations ?? ENVELOPE_MIGRATIONS;
  const latest = options.latest ?? PROJECT_SCHEMA_VERSION;
  if (!isJsonObject(input)) {
    throw new ProjectError('BAD_FORMAT', `${fn}: project.json must hold an object but holds ${Array.isArray(input) ? 'an array' : JSON.stringify(input)?.slice(0, 40)}. The file is damaged or not a Netsketch project.`);
  }
  if (input.format !== PROJECT_FORMAT) {
    throw new ProjectError('NOT_A_PROJECT', `${fn}: project.json has format ${JSON.stringify(input.format ?? null)?.slice(0, 60)}, not "${PROJECT_FORMAT}"; this is not a Netsketch project file.`, { path: 'format' });
  }
  const fromVersion = envelopeVersion(input, fn);
  if (fromVersion > latest) {
    const sw = input.savedWith;
    const app = isJsonObject(sw) && typeof sw.app === 'string' ? sw.app.slice(0, 40) : null;
    throw new ProjectError('NEWER_VERSION',
      `${fn}: this project was saved${app ? ` by Netsketch ${app}` : ' by a newer Netsketch'} in project format version ${fromVersion}; ` +
      `this Netsketch (${options.appVersion ?? NETSKETCH_VERSION}) reads format versions 1 to ${latest}. Update Netsketch to open it. The file was not changed.`,
      { path: 'schemaVersion' });
  }
  let doc = input;
  const applied: string[] = [];
  for (let v = fromVersion; v < latest; v++) {
    const m = migrations.find((x) => x.from === v);
    if (!m || m.to !== v + 1) throw new Error(`migrateEnvelope: no migration from version ${v}; ENVELOPE_MIGRATIONS is incomplete (a Netsketch bug).`);
    doc = m.up(doc, { fn });
    applied.push(m.description);
  }
  // Nothing to migrate: still hand back a copy so callers may keep the result without aliasing the input.
  return { doc: applied.length ? doc : cloneJson(doc), fromVersion, applied };
}

