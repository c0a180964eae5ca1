// Reading graph and weight files, writing outputs atomically; the graph file itself is only ever read.
import { readFileSync, existsSync, realpathSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGraph } from '../core/graph/schema.ts';
import type { GraphDocument } from '../core/graph/types.ts';
import { writeFileAtomicSync } from './fs.ts';
import { CliError, fsMessage } from './errors.ts';

/** The repository / install root (where assets/ lives). */
export const APP_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function readBytes(path: string, what = 'file'): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new CliError(fsMessage(e, `the ${what} ${path}`, 'read'));
  }
}

export interface LoadedGraph {
  doc: GraphDocument;
  path: string;
  migratedFrom: number | null;
}

export function readGraph(path: string): LoadedGraph {
  const bytes = readBytes(path, 'graph file');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`The graph file ${path} is not UTF-8 text; is it really a Netsketch graph (.json)?`);
  }
  const { doc, migratedFrom } = parseGraph(text);
  return { doc, path: resolve(path), migratedFrom };
}

/** Writes bytes atomically, refusing to overwrite the graph file we read. */
export function writeOutput(path: string, bytes: Uint8Array | string, graphPath: string): void {
  const target = resolve(path);
  let same = target === graphPath;
  try { same ||= existsSync(target) && realpathSync(target) === realpathSync(graphPath); } catch { /* compare by path only */ }
  if (same) throw new CliError(`Refusing to overwrite the graph file ${path}; choose another output name.`, 2);
  try {
    writeFileAtomicSync(target, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  } catch (e) {
    throw new CliError(fsMessage(e, path, 'write'));
  }
}

export const mnistAssetPath = () => join(APP_ROOT, 'assets', 'datasets', 'mnist-10k.bin');
