// Node host for image-folder datasets: walk the folder, decode PNG/JPEG, hand bytes to core's ImageFolder builder.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildImageFolder, isImagePath, type ImageFileEntry, type ImageFolderData } from '../core/data/sources/index.ts';
import { decodeImage } from './image-decode.ts';
import { CliError, fsMessage } from './errors.ts';
import { readBytes } from './io.ts';

export function imageFolderHost(root: string, size: [number, number], channels: 1 | 3): ImageFolderData {
  let classFolders: string[];
  try {
    classFolders = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()).sort();
  } catch (e) {
    throw new CliError(fsMessage(e, `the image folder ${root}`, 'read'));
  }
  const entries: ImageFileEntry[] = [];
  for (const cls of classFolders) {
    for (const file of readdirSync(join(root, cls)).sort()) {
      const p = join(root, cls, file);
      if (!isImagePath(p)) continue;
      const rel = relative(root, p).split('\\').join('/');
      try {
        const img = decodeImage(readBytes(p, 'image'), rel);
        entries.push({ path: rel, className: cls, rgba: img.rgba, width: img.width, height: img.height });
      } catch (e) {
        entries.push({ path: rel, className: cls, rgba: null, width: 0, height: 0, error: (e as Error).message });
      }
    }
  }
  return buildImageFolder(entries, { size, channels, classFolders });
}
