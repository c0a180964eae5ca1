// Image folder import (torchvision ImageFolder semantics) and Node PNG/JPEG decoding.
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, imageFormat } from '../../cli/image-decode.ts';
import { DataError } from '../../core/data/sources/errors.ts';
import {
  buildImageFolder, classFromRelativePath, isImagePath, rgbaToChannels, type ImageFileEntry,
} from '../../core/data/sources/image-folder.ts';
import { resizeBilinearUint8 } from '../../core/data/sources/resize.ts';
import { Rng } from '../../core/data/sources/rng.ts';

function expectDataError(fn: () => unknown, pattern: RegExp, fields: Partial<DataError> = {}) {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught, 'expected a DataError').toBeInstanceOf(DataError);
  expect((caught as Error).message).toMatch(pattern);
  for (const [k, v] of Object.entries(fields)) expect((caught as Record<string, unknown>)[k], k).toEqual(v);
}

const rng = new Rng(99);
function image(path: string, className: string, width: number, height: number): ImageFileEntry {
  return { path, className, width, height, rgba: Uint8Array.from({ length: width * height * 4 }, () => rng.randint(256)) };
}

describe('rgbaToChannels', () => {
  it('RGB: CHW planes with alpha dropped (as PIL convert("RGB"))', () => {
    const rgba = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(rgbaToChannels(rgba, 2, 1, 3))).toEqual([1, 5, 2, 6, 3, 7]);
  });

  it("grayscale uses PIL's 'L' conversion (red → 76, green → 150, blue → 29, white → 255)", () => {
    // PIL: L = (R·19595 + G·38470 + B·7471 + 0x8000) >> 16; the four values are PIL's documented results
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 0]);
    expect(Array.from(rgbaToChannels(rgba, 4, 1, 1))).toEqual([76, 150, 29, 255]);
    // hand-computed: (10·19595 + 20·38470 + 30·7471 + 32768) >> 16 = (195950 + 769400 + 224130 + 32768) >> 16 = 18
    expect(Array.from(rgbaToChannels(Uint8Array.from([10, 20, 30, 255]), 1, 1, 1))).toEqual([18]);
  });
});

describe('buildImageFolder', () => {
  it('sorts classes, orders samples by class then path, and labels them', () => {
    const entries = [image('zebra/b.png', 'zebra', 2, 2), image('cat/z.png', 'cat', 2, 2), image('dog/a.png', 'dog', 2, 2), image('cat/a.png', 'cat', 2, 2)];
    const d = buildImageFolder(entries, { size: 2, channels: 3 });
    expect(d.classNames).toEqual(['cat', 'dog', 'zebra']);
    expect(d.paths).toEqual(['cat/a.png', 'cat/z.png', 'dog/a.png', 'zebra/b.png']);
    expect(Array.from(d.labels)).toEqual([0, 0, 1, 2]);
    expect([d.count, d.channels, d.height, d.width, d.resizedCount]).toEqual([4, 3, 2, 2, 0]);
    expect(Array.from(d.images.subarray(0, 12))).toEqual(Array.from(rgbaToChannels(entries[3]!.rgba!, 2, 2, 3)));
    expect(d.notes[0]).toBe('4 images in 3 classes: cat, dog, zebra');
  });

  it('resizes mixed sizes (bilinear, torchvision semantics) and reports it', () => {
    const a = image('a/1.png', 'a', 5, 3);
    const b = image('b/1.png', 'b', 4, 4);
    const d = buildImageFolder([a, b], { size: [4, 4], channels: 1 });
    expect(d.resizedCount).toBe(1);
    const expected = resizeBilinearUint8(rgbaToChannels(a.rgba!, 5, 3, 1), 1, 3, 5, 4, 4);
    expect(Array.from(d.images.subarray(0, 16))).toEqual(Array.from(expected));
    expect(Array.from(d.images.subarray(16))).toEqual(Array.from(rgbaToChannels(b.rgba!, 4, 4, 1)));
    expect(d.notes[1]).toBe('resized 1 of 2 images to 4×4 (width×height); source sizes: 5×3 (1), 4×4 (1)');
  });

  it('names the image that is undecodable, zero-size, too large or inconsistent', () => {
    const ok = image('cat/ok.png', 'cat', 2, 2);
    expectDataError(() => buildImageFolder([ok, { path: 'cat/bad.png', className: 'cat', rgba: null, width: 0, height: 0, error: 'not a PNG' }], { size: 2 }),
      /^image 'cat\/bad\.png' could not be decoded: not a PNG; re-save it as PNG or JPEG, or remove it\.$/, { code: 'bad_image', source: 'cat/bad.png' });
    expectDataError(() => buildImageFolder([{ path: 'cat/empty.png', className: 'cat', rgba: new Uint8Array(0), width: 0, height: 5 }], { size: 2 }),
      /^image 'cat\/empty\.png' has zero size \(0×5\); remove it\.$/);
    expectDataError(() => buildImageFolder([image('cat/huge.png', 'cat', 20, 3)], { size: 2, maxDimension: 16 }),
      /^image 'cat\/huge\.png' is 20×3 pixels, over the 16-pixel limit per side \(maxDimension\); downscale it first\.$/);
    expectDataError(() => buildImageFolder([{ ...ok, rgba: new Uint8Array(15) }], { size: 2 }),
      /image 'cat\/ok\.png' has 15 bytes of pixels, but 2×2 RGBA needs 16/);
  });

  it('reports empty inputs, empty class folders, limits and bad options', () => {
    const ok = image('cat/ok.png', 'cat', 2, 2);
    expectDataError(() => buildImageFolder([], { size: 2 }), /no images found; put PNG or JPEG files in one sub-folder per class/, { code: 'empty' });
    expectDataError(() => buildImageFolder([ok], { size: 2, classFolders: ['cat', 'dog'] }),
      /class folder 'dog' contains no PNG or JPEG images; add images or remove the folder\./);
    expectDataError(() => buildImageFolder([ok, ok, ok], { size: 2, maxImages: 2 }), /3 images is over the 2-image limit \(maxImages\)/);
    expectDataError(() => buildImageFolder([ok], { size: 2000, maxOutputBytes: 1e6 }),
      /1 images of 3×2000×2000 need 11 MiB, over the 1 MiB limit \(maxOutputBytes\)/);
    expectDataError(() => buildImageFolder([ok], { size: 0 }), /size must be a whole number or \[height, width\] .* got 0/);
    expectDataError(() => buildImageFolder([ok], { size: 2, channels: 4 as 3 }), /channels must be 1 \(grayscale\) or 3 \(RGB\), got 4/);
  });

  it('derives classes from relative paths like ImageFolder and filters extensions', () => {
    expect(classFromRelativePath('cat/1.png')).toBe('cat');
    expect(classFromRelativePath('cat\\sub\\1.png')).toBe('cat');
    expect(classFromRelativePath('./dog/x/y.jpg')).toBe('dog');
    expect(classFromRelativePath('loose.png')).toBeNull();
    expect(['a.PNG', 'b.jpeg', 'c.JPG', 'd.gif', 'e.png.txt'].map(isImagePath)).toEqual([true, true, true, false, false]);
  });
});

function pngBytes(width: number, height: number, fill: (i: number) => number, colorType = 6): Uint8Array {
  const png = new PNG({ width, height, colorType: colorType as 6 });
  for (let i = 0; i < width * height * 4; i++) png.data[i] = fill(i);
  return new Uint8Array(PNG.sync.write(png, { colorType: colorType as 6 }));
}

describe('decodeImage (Node: pngjs, jpeg-js)', () => {
  it('decodes RGBA and grayscale PNGs exactly', () => {
    const bytes = pngBytes(3, 2, (i) => (i * 37) % 256);
    const d = decodeImage(bytes, 'x.png');
    expect([d.width, d.height, imageFormat(bytes)]).toEqual([3, 2, 'png']);
    expect(Array.from(d.rgba)).toEqual(Array.from({ length: 24 }, (_, i) => (i * 37) % 256));
    const gray = pngBytes(2, 2, (i) => (i % 4 === 3 ? 255 : 40 * Math.floor(i / 4)), 0);
    expect(Array.from(decodeImage(gray, 'g.png').rgba)).toEqual([0, 0, 0, 255, 40, 40, 40, 255, 80, 80, 80, 255, 120, 120, 120, 255]);
  });

  it('decodes JPEG (lossy: close to the encoded pixels)', () => {
    const w = 16; const h = 8;
    const data = Buffer.alloc(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x * 16, y * 32, 128, 255], (y * w + x) * 4);
    const bytes = new Uint8Array(jpeg.encode({ data, width: w, height: h }, 100).data);
    const d = decodeImage(bytes, 'x.jpg');
    expect([d.width, d.height, imageFormat(bytes)]).toEqual([16, 8, 'jpeg']);
    for (let i = 0; i < d.rgba.length; i++) expect(Math.abs(d.rgba[i]! - data[i]!)).toBeLessThanOrEqual(8);
  });

  it('refuses oversize images from the header, before decoding', () => {
    const png = pngBytes(4, 4, () => 0);
    new DataView(png.buffer).setUint32(16, 10_000); // IHDR width
    expectDataError(() => decodeImage(png, 'big.png'), /^image 'big\.png' is 10000×4 pixels, over the 8192-pixel limit per side; downscale it first\.$/);
    expectDataError(() => decodeImage(pngBytes(300, 300, () => 0), 'mp.png', { maxPixels: 50_000 }),
      /^image 'mp\.png' is 300×300 = 90000 pixels, over the 50000 pixels limit; downscale it first\.$/);
    const data = Buffer.alloc(8 * 8 * 4, 100);
    const jpg = new Uint8Array(jpeg.encode({ data, width: 8, height: 8 }, 90).data);
    expectDataError(() => decodeImage(jpg, 'small.jpg', { maxDimension: 4 }), /image 'small\.jpg' is 8×8 pixels, over the 4-pixel limit per side/);
  });

  it('names undecodable files', () => {
    expectDataError(() => decodeImage(new Uint8Array(0), 'e.png'), /^image 'e\.png' is an empty file; remove it\.$/);
    expectDataError(() => decodeImage(new TextEncoder().encode('hello'), 'notes.png'),
      /^image 'notes\.png' is neither PNG nor JPEG \(unrecognised file signature\); convert it or remove it\.$/);
    const png = pngBytes(4, 4, (i) => i);
    expectDataError(() => decodeImage(png.subarray(0, png.length - 20), 'cut.png'), /^image 'cut\.png' could not be decoded as PNG \(.+\); re-save it or remove it\.$/);
    expectDataError(() => decodeImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4]), 'cut.jpg'), /cut\.jpg' is a JPEG without a frame header/);
  });

  it('fuzz: 2,000 damaged PNG/JPEG files give an image or a DataError', () => {
    const png = pngBytes(6, 5, (i) => (i * 13) % 256);
    const jpg = new Uint8Array(jpeg.encode({ data: Buffer.alloc(6 * 5 * 4, 77), width: 6, height: 5 }, 80).data);
    fc.assert(fc.property(fc.boolean(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.option(fc.nat()),
      (usePng, flips, cut) => {
        let b = (usePng ? png : jpg).slice();
        for (const [at, v] of flips) b[at % b.length] = v;
        if (cut !== null) b = b.subarray(0, cut % (b.length + 1));
        try {
          const d = decodeImage(b, 'f', { maxPixels: 1_000_000 });
          expect(d.rgba.length).toBe(d.width * d.height * 4);
        } catch (e) {
          if (!(e instanceof DataError)) throw e;
        }
      }), { numRuns: 2000, seed: 5 });
  });
});
