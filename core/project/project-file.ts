/**
 * The `.netsketch` project file: one zip (core/serialize's writer and reader) holding
 *   project.json          the envelope (envelope.ts): graph document, training settings, run history
 *   weights.safetensors   optional trained weights
 *   optimizer.pt          optional optimizer state / training checkpoint (torch.save bytes)
 * saveProject re-opens what it wrote before returning it, so a save can never produce a file we cannot open.
 * loadProject applies the envelope migrations, the graph document hook and the size limits, and throws only
 * ProjectError. The input bytes are never modified.
 */
import { SerializationError } from '../serialize/errors.ts';
import { utf8Decode, utf8Encode } from '../serialize/utf8.ts';
import { ZipReader } from '../serialize/zip_reader.ts';
import { ZipWriter, collectingSink } from '../serialize/zip_writer.ts';
import { checkCheckpoint, checkWeights } from './assets.ts';
import { decodeEnvelope, encodeEnvelope, type AssetRef } from './envelope.ts';
import { ProjectError } from './errors.ts';
import type { Ctx } from './fields.ts';
import { isJsonObject, parseJson, type JsonObject } from './json.ts';
import { formatBytes, resolveLimits, type ProjectLimits } from './limits.ts';
import { migrateEnvelope } from './migrations.ts';
import { CHECKPOINT_ENTRY, NETSKETCH_VERSION, PROJECT_JSON, WEIGHTS_ENTRY, type Project, type ProjectAsset, type ProjectLoadInfo } from './types.ts';

/**
 * How the graph document inside a project is upgraded and checked. core/graph provides migrateGraphDocument and
 * validateGraphDocument; until then the default accepts any JSON object. `validate` should check the schema only:
 * a graph with shape errors is still a document the user must be able to open and fix.
 */
export interface GraphDocumentHooks {
  /** Upgrade an older graph document to the current schema; pure, throws on a document it cannot read. */
  migrate?(doc: JsonObject): unknown;
  /** Throw when `doc` is not a valid current graph document. */
  validate?(doc: unknown): void;
}

let defaultGraphHooks: GraphDocumentHooks = {};

/** Install core/graph's migrate/validate once at start-up; loadProject and saveProject then use them by default. */
export function setGraphDocumentHooks(hooks: GraphDocumentHooks): void {
  defaultGraphHooks = { ...hooks };
}

export interface LoadProjectOptions {
  limits?: Partial<ProjectLimits>;
  /** Overrides the hooks installed with setGraphDocumentHooks. */
  graph?: GraphDocumentHooks;
  /** This app's version, named in the "newer version" message. */
  appVersion?: string;
}

export interface SaveProjectOptions extends LoadProjectOptions {
  /** Written as savedWith.app (default NETSKETCH_VERSION). */
  appVersion?: string;
}

function describeStart(b: Uint8Array): string {
  return [...b.subarray(0, 4)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

function sniff(bytes: Uint8Array, fn: string): void {
  if (bytes.length === 0) throw new ProjectError('NOT_A_PROJECT', `${fn}: the file is empty (0 bytes), so it holds no project. If a save was interrupted, look for a recovery snapshot or an older copy.`);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return;
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && i < 64 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) {
    throw new ProjectError('NOT_A_PROJECT', `${fn}: this is a JSON text file, not a .netsketch project (a zip archive starting with 'PK'). If it is a graph exported from Netsketch, import it as a graph instead.`);
  }
  throw new ProjectError('NOT_A_PROJECT', `${fn}: the file (${bytes.length} bytes, starting ${describeStart(bytes)}) is not a .netsketch project; a project is a zip archive starting with 'PK' (50 4b).`);
}

function zipError(fn: string, e: SerializationError): ProjectError {
  return new ProjectError('BAD_ZIP', `${fn}: the project file is damaged: ${e.message} Open a recovery snapshot or an older copy.`, { cause: e });
}

function runGraphHooks(graph: JsonObject, hooks: GraphDocumentHooks, ctx: Ctx, migrate: boolean): JsonObject {
  try {
    let g: unknown = graph;
    if (migrate && hooks.migrate) g = hooks.migrate(graph);
    if (!isJsonObject(g as never)) throw new Error(`the graph migration returned ${g === null ? 'null' : Array.isArray(g) ? 'an array' : typeof g}, not a graph document object`);
    hooks.validate?.(g);
    return g as JsonObject;
  } catch (e) {
    if (e instanceof ProjectError) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    if (!ctx.saving && (e as { code?: unknown })?.code === 'newer_version') {
      throw new ProjectError('NEWER_VERSION', `${ctx.fn}: the graph in this project is newer than this Netsketch understands: ${detail} The file was not changed.`, { path: 'graph', cause: e });
    }
    throw ctx.saving
      ? new ProjectError('INVALID_PROJECT', `${ctx.fn}: the graph is not a valid graph document: ${detail}`, { path: 'graph', cause: e })
      : new ProjectError('BAD_GRAPH', `${ctx.fn}: the graph in this project cannot be read: ${detail} The file may come from a damaged save; open a recovery snapshot or an older copy.`, { path: 'graph', cause: e });
  }
}

function readAsset(zip: ZipReader, ref: AssetRef, maxBytes: number, limitName: string, fn: string): Uint8Array {
  const e = zip.entries.get(ref.entry);
  if (!e) throw new ProjectError('BAD_ASSET', `${fn}: project.json lists the record '${ref.entry}' but the file has no such record; the file is incomplete. The rest of the project can be recovered by retraining.`);
  if (e.size > maxBytes) {
    throw new ProjectError('LIMIT_EXCEEDED', `${fn}: the record '${ref.entry}' is ${e.size} bytes, over the ${formatBytes(maxBytes)} limit (${limitName}).`);
  }
  let b: Uint8Array;
  try {
    b = zip.read(ref.entry);
  } catch (err) {
    if (err instanceof SerializationError) throw zipError(fn, err);
    throw err;
  }
  if (ref.bytes !== null && b.length !== ref.bytes) throw new ProjectError('BAD_ASSET', `${fn}: the record '${ref.entry}' holds ${b.length} bytes but project.json says ${ref.bytes}; the file is damaged.`);
  return b.slice(); // the project must not alias the caller's buffer
}

function openImpl(bytes: Uint8Array, options: LoadProjectOptions, ctx: Ctx): { project: Project; info: ProjectLoadInfo } {
  const fn = ctx.fn;
  const limits = resolveLimits(options.limits);
  const hooks = options.graph ?? defaultGraphHooks;
  if (!(bytes instanceof Uint8Array)) throw new ProjectError('NOT_A_PROJECT', `${fn}: expected the file's bytes as a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}.`);
  if (bytes.length > limits.maxFileBytes) {
    throw new ProjectError('LIMIT_EXCEEDED', `${fn}: the file is ${bytes.length} bytes, over the ${formatBytes(limits.maxFileBytes)} limit for project files (maxFileBytes).`);
  }
  sniff(bytes, fn);
  let zip: ZipReader;
  try {
    zip = new ZipReader(bytes, { maxRecordBytes: Math.max(limits.maxJsonBytes, limits.maxWeightsBytes, limits.maxCheckpointBytes) });
  } catch (e) {
    if (e instanceof SerializationError) throw zipError(fn, e);
    throw e;
  }
  if (zip.names.length > limits.maxEntries) {
    throw new ProjectError('LIMIT_EXCEEDED', `${fn}: the file holds ${zip.names.length} records, over the limit of ${limits.maxEntries} (maxEntries); a project has at most a handful.`);
  }
  const jsonEntry = zip.entries.get(PROJECT_JSON);
  if (!jsonEntry) {
    if (zip.names.some((n) => n === 'data.pkl' || n.endsWith('/data.pkl'))) {
      throw new ProjectError('NOT_A_PROJECT', `${fn}: this is a PyTorch file (torch.save), not a .netsketch project. Import it as weights instead.`);
    }
    throw new ProjectError('NOT_A_PROJECT', `${fn}: this zip archive has no ${PROJECT_JSON} record, so it is not a .netsketch project (records: ${zip.names.slice(0, 5).map((n) => `'${n.slice(0, 40)}'`).join(', ') || 'none'}).`);
  }
  if (jsonEntry.size > limits.maxJsonBytes) {
    throw new ProjectError('LIMIT_EXCEEDED', `${fn}: ${PROJECT_JSON} is ${jsonEntry.size} bytes, over the ${formatBytes(limits.maxJsonBytes)} limit (maxJsonBytes).`);
  }
  let text: string;
  try {
    text = utf8Decode(zip.read(PROJECT_JSON), 0, undefined, PROJECT_JSON);
  } catch (e) {
    if (e instanceof SerializationError) {
      if (e.code === 'BAD_PICKLE') throw new ProjectError('BAD_JSON', `${fn}: ${PROJECT_JSON} is not valid UTF-8 text; the file is damaged. Open a recovery snapshot or an older copy.`, { cause: e });
      throw zipError(fn, e);
    }
    throw e;
  }
  const json = parseJson(text, PROJECT_JSON, { maxDepth: limits.maxJsonDepth, maxStringLength: limits.maxStringLength });
  const migrated = migrateEnvelope(json, { fn, appVersion: options.appVersion });
  const warnings: string[] = [];
  const env = decodeEnvelope(migrated.doc, limits, ctx, warnings);
  const graph = runGraphHooks(env.project.graph, hooks, ctx, true);
  let weights: ProjectAsset | null = null;
  let checkpoint: ProjectAsset | null = null;
  if (env.weights) {
    const b = readAsset(zip, env.weights, limits.maxWeightsBytes, 'maxWeightsBytes', fn);
    checkWeights(b, limits, fn);
    weights = { bytes: b, runId: env.weights.runId };
  }
  if (env.checkpoint) {
    const b = readAsset(zip, env.checkpoint, limits.maxCheckpointBytes, 'maxCheckpointBytes', fn);
    checkCheckpoint(b, limits, fn);
    checkpoint = { bytes: b, runId: env.checkpoint.runId };
  }
  const known = new Set([PROJECT_JSON, env.weights?.entry, env.checkpoint?.entry]);
  for (const n of zip.names) if (!known.has(n)) warnings.push(`the file holds a record '${n.slice(0, 80)}' this version does not use; it will not be kept on the next save.`);
  return {
    project: { ...env.project, graph, weights, checkpoint },
    info: { fileSchemaVersion: migrated.fromVersion, savedWithApp: env.savedWithApp, migrations: migrated.applied, warnings },
  };
}

/** Opens a .netsketch file: the project plus what was learned about the file (version, migrations, warnings). */
export function openProject(bytes: Uint8Array, options: LoadProjectOptions = {}): { project: Project; info: ProjectLoadInfo } {
  return openImpl(bytes, options, { fn: 'loadProject' });
}

/** loadProject(bytes) → Project. Throws ProjectError (see errors.ts) for anything it cannot open. */
export function loadProject(bytes: Uint8Array, options: LoadProjectOptions = {}): Project {
  return openImpl(bytes, options, { fn: 'loadProject' }).project;
}

function assetFor(a: ProjectAsset | null | undefined, entry: string, what: string, fn: string): AssetRef | null {
  if (a === null || a === undefined) return null;
  if (!(a.bytes instanceof Uint8Array)) throw new ProjectError('INVALID_PROJECT', `${fn}: project.${what}.bytes must be a Uint8Array (the file's bytes), got ${typeof a.bytes}.`, { path: `${what}.bytes` });
  return { entry, bytes: a.bytes.length, runId: a.runId ?? null };
}

/** saveProject(project) → the bytes of a .netsketch file. Throws INVALID_PROJECT / LIMIT_EXCEEDED naming the field. */
export function saveProject(project: Project, options: SaveProjectOptions = {}): Uint8Array {
  const ctx: Ctx = { fn: 'saveProject', saving: true };
  const fn = ctx.fn;
  const limits = resolveLimits(options.limits);
  if (typeof project !== 'object' || project === null) throw new ProjectError('INVALID_PROJECT', `${fn}: expected a project object, got ${project === null ? 'null' : typeof project}.`);
  const weights = assetFor(project.weights, WEIGHTS_ENTRY, 'weights', fn);
  const checkpoint = assetFor(project.checkpoint, CHECKPOINT_ENTRY, 'checkpoint', fn);
  if (weights) checkWeights(project.weights!.bytes, limits, fn);
  if (checkpoint) checkCheckpoint(project.checkpoint!.bytes, limits, fn);
  const doc = encodeEnvelope(project, options.appVersion ?? NETSKETCH_VERSION, { weights, checkpoint }, limits, ctx);
  runGraphHooks(doc.graph as JsonObject, options.graph ?? defaultGraphHooks, ctx, false);
  const json = utf8Encode(JSON.stringify(doc));
  if (json.length > limits.maxJsonBytes) {
    throw new ProjectError('LIMIT_EXCEEDED', `${fn}: ${PROJECT_JSON} would be ${json.length} bytes, over the ${formatBytes(limits.maxJsonBytes)} limit (maxJsonBytes); delete old runs from the history to make it smaller.`);
  }
  const out = collectingSink();
  try {
    const zip = new ZipWriter(out.sink);
    zip.add(PROJECT_JSON, json);
    if (weights) zip.add(WEIGHTS_ENTRY, project.weights!.bytes);
    if (checkpoint) zip.add(CHECKPOINT_ENTRY, project.checkpoint!.bytes);
    zip.finish();
  } catch (e) {
    if (e instanceof SerializationError) throw new ProjectError('LIMIT_EXCEEDED', `${fn}: ${e.message}`, { cause: e });
    throw e;
  }
  const bytes = out.result();
  openImpl(bytes, options, ctx); // never hand back a file we could not open again
  return bytes;
}
