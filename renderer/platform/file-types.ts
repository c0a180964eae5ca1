/** File extensions and MIME types the browser build offers in pickers and downloads. */
import type { ExportKind, ImportKind } from './contract.ts';

/** Projects, and bare graph documents (assets/examples/*.json) which open as new projects. */
export const PROJECT_ACCEPT = ['.netsketch', '.json'];
export const PROJECT_MIME = 'application/octet-stream';

export const EXPORT_KIND_INFO: Record<ExportKind, { mime: string; extension: string }> = {
  'weights-pt': { mime: 'application/octet-stream', extension: '.pt' },
  'weights-safetensors': { mime: 'application/octet-stream', extension: '.safetensors' },
  'pytorch-code': { mime: 'text/x-python', extension: '.py' },
  'image-png': { mime: 'image/png', extension: '.png' },
  'image-svg': { mime: 'image/svg+xml', extension: '.svg' },
};

export const IMPORT_ACCEPT: Record<ImportKind, string[]> = {
  weights: ['.pt', '.pth', '.safetensors', '.bin'],
  dataset: ['.zip', '.gz', '.csv', '.npy', '.json', '.idx', '.ubyte'],
};
