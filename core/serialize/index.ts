/**
 * torch.save / torch.load (PyTorch's zip format, safe loading like weights_only=True), safetensors, and
 * training checkpoints. The JS ↔ Python value mapping is documented in py_types.ts.
 */
export { SerializationError, type SerializationErrorCode } from './errors.ts';
export { PyTuple, OrderedDict, PyDict, PyFloat } from './py_types.ts';
export { save, save_to_sink, type SaveOptions } from './torch_save.ts';
export { load, DEFAULT_LOAD_LIMITS, type LoadOptions, type LoadLimits } from './torch_load.ts';
export type { ByteSink } from './zip_writer.ts';
export * as safetensors from './safetensors.ts';
export {
  save_checkpoint, load_checkpoint, save_weights, save_optimizer, optimizer_state_for_torch,
  CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type CheckpointParts, type HasStateDict, type RestoreTargets, type LoadedCheckpoint,
} from './checkpoint.ts';
