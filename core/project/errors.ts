/**
 * Every failure to read or write a project file is a ProjectError with a stable `code`, so the app can branch on
 * the kind of problem (offer "update Netsketch" for NEWER_VERSION, "open as import" for NOT_A_PROJECT) and show
 * the message, which says what was found, what was expected and what to do.
 */
export type ProjectErrorCode =
  | 'NOT_A_PROJECT' // not a .netsketch file at all (a PyTorch file, a JSON file, random bytes)
  | 'BAD_ZIP' // the zip container is damaged or truncated
  | 'BAD_JSON' // project.json is not valid UTF-8 JSON
  | 'BAD_FORMAT' // project.json parses but a field is missing or has the wrong type
  | 'NEWER_VERSION' // written by a newer Netsketch whose format this one does not know
  | 'LIMIT_EXCEEDED' // a safety limit (sizes, counts, depth, string length, tensor elements) was hit
  | 'BAD_GRAPH' // the graph document hook (core/graph migration / validation) refused the graph
  | 'BAD_ASSET' // weights.safetensors or the checkpoint is missing, damaged or inconsistent
  | 'INVALID_PROJECT'; // saveProject was given something that cannot be written (NaN in settings, a function…)

/** Thrown by loadProject / saveProject / the migrations. `path` names the JSON field when one is at fault. */
export class ProjectError extends Error {
  readonly code: ProjectErrorCode;
  readonly path?: string;
  constructor(code: ProjectErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProjectError';
    this.code = code;
    this.path = options.path;
  }
}

export function projectFail(code: ProjectErrorCode, message: string, path?: string): never {
  throw new ProjectError(code, message, { path });
}
