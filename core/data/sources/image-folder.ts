/**
 * Image folder import with torchvision's ImageFolder semantics: a root folder with one sub-folder per class,
 * classes = sorted sub-folder names, class index = position in that order, samples ordered by class then
 * path. The host lists and decodes the files (PNG/JPEG → RGBA); this turns them into one uint8 N×C×H×W
 * array of the requested size and channel count.
 *
 * Pixel pipeline (what the generated PyTorch code should do to match):
 *   RGBA → RGB by dropping alpha (as PIL's Image.convert('RGB')), or → grayscale with PIL's 'L' formula
 *   L = (R·19595 + G·38470 + B·7471 + 32768) >> 16 (ITU-R 601-2 luma, PIL's fixed-point rounding),
 *   then resized as torchvision's Resize((H, W), antialias=False) on a uint8 tensor (see resize.ts).
 */
import { DataError, quoteForMessage } from './errors.ts';
import { resizeBilinearUint8 } from './resize.ts';

/** One decoded image file, as the host hands it over. */
export interface ImageFileEntry {
  /** Path relative to the root folder, used in messages and for ordering, e.g. 'cat/001.png'. */
  path: string;
  className: string;
  /** width × height × 4 bytes; null when the host could not decode the file (then set `error`). */
  rgba: Uint8Array | null;
  width: number;
  height: number;
  /** The decoder's complaint when rgba is null. */
  error?: string;
}

export interface ImageFolderOptions {
  /** Output size: [height, width], or one number for a square (unlike torchvision's Resize(int), which keeps the aspect ratio). */
  size: number | [number, number];
  /** 3 (RGB, default) or 1 (grayscale). */
  channels?: 1 | 3;
  /** Every sub-folder name, including empty ones, so an empty class is reported as torchvision does. */
  classFolders?: string[];
  /** Largest accepted side of a source image in pixels (default 8192). */
  maxDimension?: number;
  /** Most images accepted (default 100,000). */
  maxImages?: number;
  /** Largest output array in bytes (default 1 GiB). */
  maxOutputBytes?: number;
}

export interface ImageFolderData {
  /** count × channels × height × width, uint8 0–255 (CHW, like torchvision's PILToTensor). */
  images: Uint8Array;
  labels: Int32Array;
  count: number;
  channels: 1 | 3;
  height: number;
  width: number;
  /** Sorted class names; labels index into this (torchvision's dataset.classes). */
  classNames: string[];
  /** Paths in sample order. */
  paths: string[];
  /** How many images had a different size and were resized. */
  resizedCount: number;
  notes: string[];
}

/** File extensions the hosts decode (a subset of torchvision's IMG_EXTENSIONS). */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

/** True for a path ending in a supported image extension (case-insensitive). */
export function isImagePath(path: string): boolean {
  const lower = path.toLowerCase();
  return IMAGE_EXTENSIONS.some((e) => lower.endsWith(e));
}

/**
 * The class of a file from its path relative to the root ('cat/x.png' → 'cat', 'cat/sub/x.png' → 'cat');
 * null for files directly in the root, which ImageFolder ignores.
 */
export function classFromRelativePath(relPath: string): string | null {
  const parts = relPath.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  return parts.length >= 2 ? parts[0]! : null;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** RGBA (height × width × 4) → CHW uint8 with 1 or 3 channels, alpha dropped. */
export function rgbaToChannels(rgba: Uint8Array, width: number, height: number, channels: 1 | 3): Uint8Array {
  const px = width * height;
  const out = new Uint8Array(channels * px);
  if (channels === 3) {
    for (let i = 0; i < px; i++) {
      out[i] = rgba[4 * i]!;
      out[px + i] = rgba[4 * i + 1]!;
      out[2 * px + i] = rgba[4 * i + 2]!;
    }
  } else {
    for (let i = 0; i < px; i++) {
      out[i] = (rgba[4 * i]! * 19595 + rgba[4 * i + 1]! * 38470 + rgba[4 * i + 2]! * 7471 + 0x8000) >>> 16;
    }
  }
  return out;
}

function badImage(path: string, message: string): never {
  throw new DataError('bad_image', `image ${quoteForMessage(path, 80)} ${message}`, { source: path });
}

/** Builds the uint8 N×C×H×W array and labels from decoded images. Throws DataError naming the bad image. */
export function buildImageFolder(entries: ImageFileEntry[], options: ImageFolderOptions): ImageFolderData {
  const fn = 'buildImageFolder';
  const [height, width] = typeof options.size === 'number' ? [options.size, options.size] : options.size ?? [];
  const channels = options.channels ?? 3;
  const maxDimension = options.maxDimension ?? 8192;
  const maxImages = options.maxImages ?? 100_000;
  const maxOutputBytes = options.maxOutputBytes ?? 1024 ** 3;
  const badOpt = (m: string): never => { throw new DataError('bad_option', `${fn}: ${m}`); };
  if (!Number.isInteger(height) || !Number.isInteger(width) || height! < 1 || width! < 1 || height! > 4096 || width! > 4096) {
    badOpt(`size must be a whole number or [height, width] of whole numbers from 1 to 4096, got ${JSON.stringify(options.size)}`);
  }
  if (channels !== 1 && channels !== 3) badOpt(`channels must be 1 (grayscale) or 3 (RGB), got ${JSON.stringify(channels)}`);
  const h = height!;
  const w = width!;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new DataError('empty', `${fn}: no images found; put PNG or JPEG files in one sub-folder per class (root/cat/1.png, root/dog/2.png).`);
  }
  if (entries.length > maxImages) {
    throw new DataError('too_large', `${fn}: ${entries.length} images is over the ${maxImages}-image limit (maxImages); use fewer images or raise the limit.`);
  }
  const outBytes = entries.length * channels * h * w;
  if (outBytes > maxOutputBytes) {
    throw new DataError('too_large',
      `${fn}: ${entries.length} images of ${channels}×${h}×${w} need ${(outBytes / 1024 ** 2).toFixed(0)} MiB, ` +
      `over the ${(maxOutputBytes / 1024 ** 2).toFixed(0)} MiB limit (maxOutputBytes); use a smaller size or fewer images.`);
  }
  const classSet = new Set(entries.map((e) => e.className));
  for (const c of options.classFolders ?? []) classSet.add(c);
  const classNames = [...classSet].sort(byCodePoint);
  const present = new Set(entries.map((e) => e.className));
  const empty = classNames.filter((c) => !present.has(c));
  if (empty.length) {
    throw new DataError('empty',
      `${fn}: class folder${empty.length > 1 ? 's' : ''} ${empty.map((c) => quoteForMessage(c)).join(', ')} ` +
      `contain${empty.length > 1 ? '' : 's'} no PNG or JPEG images; add images or remove the folder.`, { source: empty[0] });
  }
  const index = new Map(classNames.map((c, i) => [c, i]));
  const ordered = [...entries].sort((a, b) => index.get(a.className)! - index.get(b.className)! || byCodePoint(a.path, b.path));

  const images = new Uint8Array(outBytes);
  const labels = new Int32Array(ordered.length);
  const sizes = new Map<string, number>();
  let resizedCount = 0;
  ordered.forEach((e, n) => {
    if (e.rgba === null || e.rgba === undefined) {
      badImage(e.path, `could not be decoded${e.error ? `: ${e.error}` : ''}; re-save it as PNG or JPEG, or remove it.`);
    }
    if (!Number.isInteger(e.width) || !Number.isInteger(e.height) || e.width < 1 || e.height < 1) {
      badImage(e.path, `has zero size (${e.width}×${e.height}); remove it.`);
    }
    if (e.width > maxDimension || e.height > maxDimension) {
      badImage(e.path, `is ${e.width}×${e.height} pixels, over the ${maxDimension}-pixel limit per side (maxDimension); downscale it first.`);
    }
    if (e.rgba.length !== e.width * e.height * 4) {
      badImage(e.path, `has ${e.rgba.length} bytes of pixels, but ${e.width}×${e.height} RGBA needs ${e.width * e.height * 4}; the decoder output is inconsistent.`);
    }
    const key = `${e.width}×${e.height}`;
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
    let chw = rgbaToChannels(e.rgba, e.width, e.height, channels);
    if (e.width !== w || e.height !== h) {
      chw = resizeBilinearUint8(chw, channels, e.height, e.width, h, w);
      resizedCount++;
    }
    images.set(chw, n * channels * h * w);
    labels[n] = index.get(e.className)!;
  });
  const notes = [`${ordered.length} images in ${classNames.length} classes: ${classNames.slice(0, 10).join(', ')}${classNames.length > 10 ? ', …' : ''}`];
  if (resizedCount) {
    const list = [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([s, c]) => `${s} (${c})`).join(', ');
    notes.push(`resized ${resizedCount} of ${ordered.length} images to ${w}×${h} (width×height); source sizes: ${list}${sizes.size > 5 ? ', …' : ''}`);
  }
  return {
    images, labels, count: ordered.length, channels, height: h, width: w,
    classNames, paths: ordered.map((e) => e.path), resizedCount, notes,
  };
}
