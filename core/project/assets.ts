/**
 * Checks and decodes the binary records of a project: `weights.safetensors` (trained weights) and `optimizer.pt`
 * (an optimizer state or training checkpoint written by core/serialize). Opening a project only checks them
 * (headers, sizes, element counts); the tensors are decoded when the app asks, with readWeights / readCheckpoint.
 */
import { SerializationError, safetensors, load_checkpoint, type LoadedCheckpoint, type RestoreTargets } from '../serialize/index.ts';
import { JsonNumber, parseStrictJson } from '../serialize/strict_json.ts';
import { utf8Decode } from '../serialize/utf8.ts';
import { ZipReader } from '../serialize/zip_reader.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { ProjectError } from './errors.ts';
import { DEFAULT_PROJECT_LIMITS, formatBytes, type ProjectLimits } from './limits.ts';
import type { Project } from './types.ts';

function assetError(fn: string, what: string, e: unknown): ProjectError {
  const detail = e instanceof Error ? e.message : String(e);
  return new ProjectError('BAD_ASSET', `${fn}: ${what} is damaged: ${detail} The rest of the project is intact; retrain to get new weights, or open a recovery snapshot.`, { cause: e });
}

/** Counts tensors and elements in a safetensors header (after core/serialize has validated the layout). */
function countTensors(bytes: Uint8Array, limits: ProjectLimits, fn: string): void {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = v.getUint32(0, true) + v.getUint32(4, true) * 2 ** 32;
  const header = parseStrictJson(utf8Decode(bytes, 8, 8 + n, 'safetensors header'), 'weights.safetensors header');
  if (!(header instanceof Map)) return;
  let tensors = 0;
  for (const [name, info] of header) {
    if (name === '__metadata__' || !(info instanceof Map)) continue;
    if (++tensors > limits.maxTensors) {
      throw new ProjectError('LIMIT_EXCEEDED', `${fn}: weights.safetensors holds more than ${limits.maxTensors} tensors (maxTensors).`);
    }
    const shape = info.get('shape');
    let numel = 1;
    if (Array.isArray(shape)) for (const d of shape) numel *= d instanceof JsonNumber ? d.value : 0;
    if (numel > limits.maxTensorElements) {
      throw new ProjectError('LIMIT_EXCEEDED', `${fn}: tensor ${JSON.stringify(name.slice(0, 80))} in weights.safetensors has ${numel} elements, over the limit of ${limits.maxTensorElements} per tensor (maxTensorElements).`);
    }
  }
}

/** Validates weights.safetensors bytes without decoding the tensors. Throws BAD_ASSET or LIMIT_EXCEEDED. */
export function checkWeights(bytes: Uint8Array, limits: ProjectLimits, fn: string): void {
  if (bytes.length > limits.maxWeightsBytes) {
    throw new ProjectError('LIMIT_EXCEEDED', `${fn}: weights.safetensors is ${bytes.length} bytes, over the ${formatBytes(limits.maxWeightsBytes)} limit (maxWeightsBytes).`);
  }
  try {
    safetensors.metadata(bytes);
    countTensors(bytes, limits, fn);
  } catch (e) {
    if (e instanceof ProjectError) throw e;
    if (e instanceof SerializationError) throw assetError(fn, 'weights.safetensors', e);
    throw e;
  }
}

/** Validates the checkpoint's zip container (the pickle is only run by readCheckpoint). */
export function checkCheckpoint(bytes: Uint8Array, limits: ProjectLimits, fn: string): void {
  if (bytes.length > limits.maxCheckpointBytes) {
    throw new ProjectError('LIMIT_EXCEEDED', `${fn}: optimizer.pt is ${bytes.length} bytes, over the ${formatBytes(limits.maxCheckpointBytes)} limit (maxCheckpointBytes).`);
  }
  try {
    const zip = new ZipReader(bytes, { maxRecordBytes: limits.maxCheckpointBytes });
    if (!zip.names.some((n) => n.endsWith('/data.pkl') || n === 'data.pkl')) {
      throw new SerializationError('MISSING_RECORD', 'it holds no data.pkl record, so it was not written by torch.save.');
    }
  } catch (e) {
    if (e instanceof SerializationError) throw assetError(fn, 'optimizer.pt', e);
    throw e;
  }
}

/** The trained weights as name → Tensor (null when the project has none). */
export function readWeights(project: Project, limits: Partial<ProjectLimits> = {}): Map<string, Tensor> | null {
  if (!project.weights) return null;
  const l = { ...DEFAULT_PROJECT_LIMITS, ...limits };
  checkWeights(project.weights.bytes, l, 'readWeights');
  try {
    return safetensors.load(project.weights.bytes);
  } catch (e) {
    if (e instanceof SerializationError) throw assetError('readWeights', 'weights.safetensors', e);
    throw e;
  }
}

/**
 * The stored checkpoint, restored into `targets` (model / optimizer / scheduler) when given — see
 * core/serialize load_checkpoint. Null when the project has none.
 */
export function readCheckpoint(project: Project, targets: RestoreTargets = {}, limits: Partial<ProjectLimits> = {}): LoadedCheckpoint | null {
  if (!project.checkpoint) return null;
  const l = { ...DEFAULT_PROJECT_LIMITS, ...limits };
  checkCheckpoint(project.checkpoint.bytes, l, 'readCheckpoint');
  try {
    return load_checkpoint(project.checkpoint.bytes, targets, { limits: { maxTotalBytes: l.maxCheckpointBytes, maxTensorElements: l.maxTensorElements } });
  } catch (e) {
    if (e instanceof SerializationError) throw assetError('readCheckpoint', 'optimizer.pt', e);
    throw e;
  }
}
