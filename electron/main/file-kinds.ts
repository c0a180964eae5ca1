/** Dialog filters and default extensions for projects, exports and imports. Pure data. */
import type { ExportKind, ImportKind } from '../ipc/contract.ts';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export const PROJECT_EXTENSION = 'netsketch';
export const PROJECT_FILTERS: FileFilter[] = [
  { name: 'Netsketch project', extensions: [PROJECT_EXTENSION] },
];

export const EXPORT_FILTERS: Record<ExportKind, FileFilter> = {
  'weights-pt': { name: 'PyTorch state_dict', extensions: ['pt', 'pth'] },
  'weights-safetensors': { name: 'safetensors', extensions: ['safetensors'] },
  'pytorch-code': { name: 'Python source', extensions: ['py'] },
  'image-png': { name: 'PNG image', extensions: ['png'] },
  'image-svg': { name: 'SVG image', extensions: ['svg'] },
};

export const IMPORT_FILTERS: Record<ImportKind, FileFilter[]> = {
  weights: [{ name: 'Weights', extensions: ['pt', 'pth', 'safetensors', 'bin'] }],
  dataset: [{ name: 'Datasets', extensions: ['zip', 'gz', 'csv', 'npy', 'json', 'idx', 'ubyte'] }],
};

/**
 * Appends the first extension of `filter` when the chosen path has none (some Linux dialogs do not add it).
 * Paths that already carry an extension are kept as the user typed them.
 */
export function withDefaultExtension(filePath: string, filter: FileFilter): string {
  const base = filePath.split(/[/\\]/).pop() ?? filePath;
  return base.includes('.') ? filePath : `${filePath}.${filter.extensions[0]}`;
}
