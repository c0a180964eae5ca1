/**
 * torch.save / torch.load (PyTorch's zip format, safe loading like weights_only=True), safetensors, and
 * training checkpoints. The JS ↔ Python value mapping is documented in py_types.ts.
 */
export { SerializationError, type SerializationErrorCode } from './errors.ts';
export { PyTuple, OrderedDict, PyFloat } from './py_types.ts';
export { save, save_to_sink, type SaveOptions } from './torch_save.ts';
export { load, DEFAULT_LOAD_LIMITS, type LoadOptions, type LoadLimits } from './torch_load.ts';
export type { ByteSink } from './zip_writer.ts';
