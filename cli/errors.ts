// User errors on the command line: printed as one clear message with a non-zero exit code, never a stack trace.
import { GraphFileError } from '../core/graph/schema.ts';
import { CompileError } from '../core/graph/plan.ts';
import { ActionError } from '../core/graph/actions.ts';
import { DatasetLoadError } from '../core/graph/dataset-load.ts';
import { NonFiniteLossError } from '../core/graph/trainer.ts';
import { DataError } from '../core/data/sources/errors.ts';
import { SerializationError } from '../core/serialize/errors.ts';

/** A problem with the user's input; `exitCode` 2 for command-line mistakes, 1 otherwise. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

const USER_ERRORS = [CliError, GraphFileError, CompileError, ActionError, DatasetLoadError, NonFiniteLossError, DataError, SerializationError];

/** The message and exit code for a user error, or null for a bug (which deserves its stack trace). */
export function userError(e: unknown): { message: string; exitCode: number } | null {
  if (USER_ERRORS.some((C) => e instanceof C)) return { message: (e as Error).message, exitCode: e instanceof CliError ? e.exitCode : 1 };
  return null;
}

/** Explains a Node file-system error about `path` in plain words. */
export function fsMessage(e: unknown, path: string, action: 'read' | 'write'): string {
  const code = (e as { code?: string }).code;
  const why = code === 'ENOENT' ? (action === 'read' ? 'no such file' : 'the folder does not exist')
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a folder, not a file'
        : code === 'ENOSPC' ? 'the disk is full'
          : (e as Error).message;
  return `Cannot ${action} ${path}: ${why}.`;
}
