/**
 * torch.save / torch.load (PyTorch's zip format, always loaded safely like `weights_only=True`), safetensors, and
 * training checkpoints. The JS ↔ Python value mapping is documented in py_types.ts; every failure is a
 * SerializationError with a `code`.
 *
 *   const bytes = save(model.state_dict());             // → .pt bytes; torch.load(f, weights_only=True) reads them
 *   const sd = load(bytes) as Map<string, Tensor>;        // files from torch.save (1.6+ zip format)
 *   save_to_sink(obj, (chunk) => …);                      // stream very large files (chunks are written in order)
 *   safetensors.save(sd, { format: 'pt' }); safetensors.load(bytes);
 *   save_checkpoint({ model, optimizer, scheduler, epoch, history });   load_checkpoint(bytes, { model, optimizer });
 *   save_weights(model);   save_optimizer(optimizer);     // separate files: weights load with weights_only=True on 1.13
 */
export { SerializationError, type SerializationErrorCode } from './errors.ts';
export { PyTuple, OrderedDict, PyDict, PyFloat } from './py_types.ts';
export { save, save_to_sink, type SaveOptions } from './torch_save.ts';
export { load, DEFAULT_LOAD_LIMITS, type LoadOptions, type LoadLimits } from './torch_load.ts';
export type { ByteSink } from './zip_writer.ts';
export * as safetensors from './safetensors.ts';
export {
  save_checkpoint, load_checkpoint, save_weights, save_optimizer, optimizer_state_for_torch, optimizer_state_from_torch,
  CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type CheckpointParts, type HasStateDict, type RestoreTargets, type LoadedCheckpoint,
} from './checkpoint.ts';
