// Node-side image decoding for the image-folder import: PNG (pngjs) and JPEG (jpeg-js) bytes → RGBA.
// Dimensions are read from the header and checked before any pixel is decoded, so a hostile or huge file
// cannot make us allocate gigabytes. Failures are DataErrors naming the image.
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { DataError } from '../core/data/sources/errors.ts';

export interface DecodedImage {
  /** width × height × 4 bytes, row-major RGBA. */
  rgba: Uint8Array;
  width: number;
  height: number;
}

export interface DecodeLimits {
  /** Largest side in pixels (default 8192). */
  maxDimension?: number;
  /** Most pixels (default 40 megapixels). */
  maxPixels?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function imageFormat(bytes: Uint8Array): 'png' | 'jpeg' | null {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

function fail(name: string, message: string): never {
  throw new DataError('bad_image', `image '${name}' ${message}`, { source: name });
}

function pixels(n: number): string {
  return n >= 1e6 ? `${+(n / 1e6).toFixed(1)} megapixels` : `${n} pixels`;
}

function checkSize(name: string, width: number, height: number, limits: Required<DecodeLimits>) {
  if (!(width > 0 && height > 0)) fail(name, `has zero size (${width}×${height}); remove it.`);
  if (width > limits.maxDimension || height > limits.maxDimension) {
    fail(name, `is ${width}×${height} pixels, over the ${limits.maxDimension}-pixel limit per side; downscale it first.`);
  }
  if (width * height > limits.maxPixels) {
    fail(name, `is ${width}×${height} = ${pixels(width * height)}, over the ${pixels(limits.maxPixels)} limit; downscale it first.`);
  }
}

/** Width and height of a JPEG from its first start-of-frame marker, or null if none is found. */
function jpegSize(b: Uint8Array): [number, number] | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) { i++; continue; }
    const marker = b[i + 1]!;
    if (marker === 0xff) { i++; continue; }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return [(b[i + 7]! << 8) | b[i + 8]!, (b[i + 5]! << 8) | b[i + 6]!];
    i += 2 + len;
  }
  return null;
}

/** Decodes PNG or JPEG bytes into RGBA. `name` (e.g. the path) appears in error messages. */
export function decodeImage(bytes: Uint8Array, name: string, limits: DecodeLimits = {}): DecodedImage {
  const lim = { maxDimension: limits.maxDimension ?? 8192, maxPixels: limits.maxPixels ?? 40_000_000 };
  const format = imageFormat(bytes);
  if (bytes.length === 0) fail(name, 'is an empty file; remove it.');
  if (format === 'png') {
    if (bytes.length < 24) fail(name, 'is a truncated PNG (no header); re-save it or remove it.');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    checkSize(name, view.getUint32(16), view.getUint32(20), lim);
    let png: PNG;
    try {
      png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (e) {
      fail(name, `could not be decoded as PNG (${(e as Error).message}); re-save it or remove it.`);
    }
    const rgba = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
    if (rgba.length !== png.width * png.height * 4) fail(name, 'decoded to an unexpected pixel layout; re-save it as 8-bit PNG.');
    return { rgba, width: png.width, height: png.height };
  }
  if (format === 'jpeg') {
    const size = jpegSize(bytes);
    if (size === null) fail(name, 'is a JPEG without a frame header (truncated?); re-save it or remove it.');
    checkSize(name, size[0], size[1], lim);
    let img: { width: number; height: number; data: Uint8Array };
    try {
      img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: lim.maxPixels / 1e6,
        maxMemoryUsageInMB: 1024,
      });
    } catch (e) {
      fail(name, `could not be decoded as JPEG (${(e as Error).message}); re-save it or remove it.`);
    }
    checkSize(name, img.width, img.height, lim);
    if (img.data.length !== img.width * img.height * 4) fail(name, 'decoded to an unexpected pixel layout; re-save it.');
    return { rgba: img.data, width: img.width, height: img.height };
  }
  fail(name, 'is neither PNG nor JPEG (unrecognised file signature); convert it or remove it.');
}
