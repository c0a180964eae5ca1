/**
 * Decoding the user's image datasets in the renderer: a .zip of class folders (cat/001.png, dog/002.jpg…) becomes
 * RGBA bytes per image, decoded with createImageBitmap and an OffscreenCanvas, ready for DataBytes.images.
 */
import { unzipSync } from 'fflate';
import { csvToDataset } from '../../../core/data/sources/index.ts';
import type { DataBytes } from '../../../core/session/protocol.ts';

const IMAGE = /\.(png|jpe?g|gif|bmp|webp)$/i;

export async function decodeImageZip(bytes: Uint8Array): Promise<NonNullable<DataBytes['images']>> {
  const files = unzipSync(bytes, { filter: (f) => IMAGE.test(f.name) && !f.name.startsWith('__MACOSX/') });
  const out: NonNullable<DataBytes['images']> = [];
  const names = Object.keys(files).sort();
  for (const path of names) {
    const parts = path.split('/').filter(Boolean);
    if (parts.length < 2) continue;
    const className = parts[parts.length - 2];
    const bitmap = await createImageBitmap(new Blob([files[path] as BlobPart]));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('decodeImageZip: this browser cannot draw images off screen (no OffscreenCanvas 2D context).');
    ctx.drawImage(bitmap, 0, 0);
    const rgba = new Uint8Array(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data.buffer);
    out.push({ path: parts.slice(-2).join('/'), className, rgba, width: bitmap.width, height: bitmap.height });
    bitmap.close();
  }
  if (out.length === 0) throw new Error('The zip holds no images in class folders. Put each class in its own folder (cat/001.png, dog/001.png) and zip the parent folder.');
  return out;
}

/** Class folder names in index order (sorted by code point, as ImageFolder numbers them). */
export function folderClassNames(images: NonNullable<DataBytes['images']>): string[] {
  return [...new Set(images.map((i) => i.className))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The label values of a CSV file in index order (null when unreadable: the engine then reports the problem). */
export function csvClassNames(text: string, label: string, fileName: string): string[] | null {
  try {
    const names = csvToDataset(text, { label, fileName }).classNames;
    return names.length ? names : null;
  } catch {
    return null;
  }
}
