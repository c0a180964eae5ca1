/**
 * The graph: what the canvas edits and the CLI trains.
 *
 *   CATALOGUE / getSpec(kind)        node kinds as data: ports, params (type, default, range, help), shape rule, PyTorch class
 *   parseGraph(text) / serializeGraph  the JSON document, with schema migrations
 *   addNode, connect, setParam, …    pure edit actions (new document out; undo = keep the old one)
 *   validate(doc)                    diagnostics + per-edge shapes + parameter counts (cheap: run it on every edit)
 *   compile(doc)                     → { model: nn.Module, loss, optimizer, scheduler, input, toTarget, … }
 *   generate_pytorch(doc)            → a self-contained Python file (class Net, loss, optimizer, training loop)
 *   loadDataset / trainEpoch / evaluate  data and a plain training loop for hosts without a session
 */
export * from './types.ts';
export * from './catalogue/index.ts';
export { DATASETS, DATASET_IDS, type DatasetInfo } from './datasets.ts';
export { parseGraph, serializeGraph, migrate, checkStructure, GraphFileError, type GraphFileErrorCode } from './schema.ts';
export { MIGRATIONS } from './migrations.ts';
export * from './actions.ts';
export { nameProblem, sanitizeName, uniqueName } from './names.ts';
export { paramProblem } from './params.ts';
export { validate, formatDiagnostic, labelOf, type Analysis, type NodeAnalysis } from './validate.ts';
export { buildPlan, CompileError, type Plan, type Step, type Unit } from './plan.ts';
export { compile, type Compiled } from './compile.ts';
export { generate_pytorch, pythonCall } from './codegen.ts';
export { GraphModule, Reshape } from './modules.ts';
export { loadDataset, DatasetLoadError, type DataHost, type LoadedData } from './dataset-load.ts';
export { trainEpoch, trainBatch, evaluate, findNonFiniteLayer, NonFiniteLossError, type EpochStats, type EpochOptions, type BatchResult, type NonFiniteReport } from './trainer.ts';
export { fmtShape, fmtSample } from './catalogue/util.ts';
