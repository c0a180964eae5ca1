/**
 * Safety limits applied to everything read from a project file. Each has a name that the error message quotes,
 * so a user who really has a 3-million-epoch history knows which knob the app would have to raise.
 */
export interface ProjectLimits {
  /** Size of the whole .netsketch file. */
  maxFileBytes: number;
  /** Number of records in the zip. */
  maxEntries: number;
  /** Size of project.json. */
  maxJsonBytes: number;
  /** Nesting depth of project.json (objects and arrays). */
  maxJsonDepth: number;
  /** Length of any one JSON string, in UTF-16 units. */
  maxStringLength: number;
  /** Runs kept in the history. */
  maxRuns: number;
  /** Metric series per run. */
  maxMetricsPerRun: number;
  /** Values in one metric series (epochs). */
  maxEpochs: number;
  /** Size of weights.safetensors. */
  maxWeightsBytes: number;
  /** Tensors in weights.safetensors. */
  maxTensors: number;
  /** Elements in one tensor of weights.safetensors. */
  maxTensorElements: number;
  /** Size of the optimizer / checkpoint record. */
  maxCheckpointBytes: number;
}

export const DEFAULT_PROJECT_LIMITS: Readonly<ProjectLimits> = Object.freeze({
  maxFileBytes: 2 * 1024 ** 3,
  maxEntries: 64,
  maxJsonBytes: 64 * 1024 ** 2,
  maxJsonDepth: 64,
  maxStringLength: 1024 ** 2,
  maxRuns: 1000,
  maxMetricsPerRun: 64,
  maxEpochs: 100_000,
  maxWeightsBytes: 2 * 1024 ** 3,
  maxTensors: 100_000,
  maxTensorElements: 2 ** 28,
  maxCheckpointBytes: 2 * 1024 ** 3,
});

export function resolveLimits(partial: Partial<ProjectLimits> | undefined): ProjectLimits {
  return { ...DEFAULT_PROJECT_LIMITS, ...(partial ?? {}) };
}

/** "64 MiB" style sizes for messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GiB`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
