/**
 * Small 2-D teaching data sets (and a 1-D regression set), generated from a seed so every host and every
 * run sees the same points. Shapes and defaults follow scikit-learn's make_moons / make_circles / make_blobs
 * where those exist, because that is what PyTorch tutorials use; the spiral is CS231n's.
 * Samples are shuffled (like scikit-learn's default), so an unshuffled loader still sees mixed classes.
 */
import { DataError } from './errors.ts';
import { Rng } from './rng.ts';

export interface TabularData {
  /** samples × numFeatures, row-major. */
  features: Float32Array;
  /** Class indices (classification) or target values (regression), one per sample. */
  labels: Int32Array | Float32Array;
  numFeatures: number;
  /** Number of classes; 0 for regression. */
  numClasses: number;
  kind: 'classification' | 'regression';
}

export interface SyntheticData extends TabularData {
  /** Which generator made it, e.g. 'moons'. */
  name: string;
  classNames: string[];
}

export interface CommonOptions {
  /** Number of points (default 200). */
  samples?: number;
  /** Standard deviation of the Gaussian noise added (meaning per generator; default per generator). */
  noise?: number;
  /** Seed of the generator (default 0). */
  seed?: number;
}

const MAX_SAMPLES = 1_000_000;

function bad(fn: string, message: string): never {
  throw new DataError('bad_option', `${fn}: ${message}`);
}

function checkCommon(fn: string, opts: CommonOptions, defaultNoise: number) {
  const samples = opts.samples ?? 200;
  const noise = opts.noise ?? defaultNoise;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_SAMPLES) {
    bad(fn, `samples must be an integer from 1 to ${MAX_SAMPLES}, got ${samples}`);
  }
  if (!Number.isFinite(noise) || noise < 0) bad(fn, `noise must be a finite number ≥ 0, got ${noise}`);
  if (!Number.isFinite(seed)) bad(fn, `seed must be a finite number, got ${seed}`);
  return { samples, noise, seed, rng: new Rng(seed) };
}

function checkClasses(fn: string, name: string, value: number, samples: number, max = 100) {
  if (!Number.isInteger(value) || value < 1 || value > max) bad(fn, `${name} must be an integer from 1 to ${max}, got ${value}`);
  if (value > samples) bad(fn, `${name} (${value}) exceeds samples (${samples}); every class needs at least one point`);
}

/** How many of `samples` points class c gets: as even as possible, the first classes get the extra ones. */
function perClass(samples: number, classes: number, c: number): number {
  return Math.floor(samples / classes) + (c < samples % classes ? 1 : 0);
}

/** Builds the result from a per-point generator, then shuffles points (features and labels together). */
function assemble(
  name: string, samples: number, numClasses: number, rng: Rng,
  point: (index: number) => [number, number, number],
): SyntheticData {
  const xs = new Float64Array(samples * 2);
  const ys = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const [x, y, label] = point(i);
    xs[2 * i] = x;
    xs[2 * i + 1] = y;
    ys[i] = label;
  }
  const order = rng.shuffle(Int32Array.from({ length: samples }, (_, i) => i)) as Int32Array;
  const features = new Float32Array(samples * 2);
  const labels = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const j = order[i]!;
    features[2 * i] = xs[2 * j]!;
    features[2 * i + 1] = xs[2 * j + 1]!;
    labels[i] = ys[j]!;
  }
  return {
    name, features, labels, numFeatures: 2, numClasses, kind: 'classification',
    classNames: Array.from({ length: numClasses }, (_, c) => String(c)),
  };
}

/** Labels in class-major order: the first perClass(0) points are class 0, and so on; returns [class, index in class, class size]. */
function classOf(i: number, samples: number, classes: number): [number, number, number] {
  let start = 0;
  for (let c = 0; c < classes; c++) {
    const n = perClass(samples, classes, c);
    if (i < start + n) return [c, i - start, n];
    start += n;
  }
  return [classes - 1, 0, 1];
}

function linspace(k: number, n: number, from: number, to: number): number {
  return n === 1 ? from : from + ((to - from) * k) / (n - 1);
}

/**
 * Interleaved spiral arms (CS231n): class c's points run along radius 0→1 while the angle sweeps
 * [4c, 4c + 4] radians (scaled by `turns`), with Gaussian noise of std `noise` on the angle. Default noise 0.2.
 */
export function makeSpirals(opts: CommonOptions & { classes?: number; turns?: number } = {}): SyntheticData {
  const fn = 'makeSpirals';
  const { samples, noise, rng } = checkCommon(fn, opts, 0.2);
  const classes = opts.classes ?? 3;
  const turns = opts.turns ?? 1;
  checkClasses(fn, 'classes', classes, samples);
  if (!Number.isFinite(turns) || turns <= 0 || turns > 10) bad(fn, `turns must be a number in (0, 10], got ${turns}`);
  return assemble('spirals', samples, classes, rng, (i) => {
    const [c, k, n] = classOf(i, samples, classes);
    const r = linspace(k, n, 0, 1);
    const t = linspace(k, n, c * 4, (c + 1) * 4) * turns + rng.normal() * noise;
    return [r * Math.sin(t), r * Math.cos(t), c];
  });
}

/** Two interleaving half circles (scikit-learn make_moons). Gaussian noise of std `noise` (default 0.1). */
export function makeMoons(opts: CommonOptions = {}): SyntheticData {
  const fn = 'makeMoons';
  const { samples, noise, rng } = checkCommon(fn, opts, 0.1);
  checkClasses(fn, 'classes', 2, samples);
  return assemble('moons', samples, 2, rng, (i) => {
    const [c, k, n] = classOf(i, samples, 2);
    const t = linspace(k, n, 0, Math.PI);
    const x = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const y = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    return [x + rng.normal() * noise, y + rng.normal() * noise, c];
  });
}

/**
 * A large circle (class 0, radius 1) around a small one (class 1, radius `factor`, default 0.5)
 * (scikit-learn make_circles). Gaussian noise of std `noise` (default 0.05).
 */
export function makeCircles(opts: CommonOptions & { factor?: number } = {}): SyntheticData {
  const fn = 'makeCircles';
  const { samples, noise, rng } = checkCommon(fn, opts, 0.05);
  const factor = opts.factor ?? 0.5;
  if (!(factor > 0 && factor < 1)) bad(fn, `factor must be in (0, 1), got ${factor}`);
  checkClasses(fn, 'classes', 2, samples);
  return assemble('circles', samples, 2, rng, (i) => {
    const [c, k, n] = classOf(i, samples, 2);
    const t = (2 * Math.PI * k) / n; // endpoint excluded, so no point is doubled
    const r = c === 0 ? 1 : factor;
    return [r * Math.cos(t) + rng.normal() * noise, r * Math.sin(t) + rng.normal() * noise, c];
  });
}

/**
 * XOR: points uniform in [-1, 1]², class 1 where x and y have different signs, class 0 where they agree.
 * The label is taken before Gaussian noise (std `noise`, default 0.05) is added, so noise blurs the border.
 */
export function makeXor(opts: CommonOptions = {}): SyntheticData {
  const fn = 'makeXor';
  const { samples, noise, rng } = checkCommon(fn, opts, 0.05);
  return assemble('xor', samples, 2, rng, () => {
    const x = rng.uniform(-1, 1);
    const y = rng.uniform(-1, 1);
    const label = (x > 0) !== (y > 0) ? 1 : 0;
    return [x + rng.normal() * noise, y + rng.normal() * noise, label];
  });
}

/**
 * Gaussian blobs (scikit-learn make_blobs): `centers` random centres uniform in [-10, 10]² (or the given
 * [x, y] list), each with points of std `noise` (scikit-learn's cluster_std, default 1).
 */
export function makeBlobs(opts: CommonOptions & { centers?: number | [number, number][] } = {}): SyntheticData {
  const fn = 'makeBlobs';
  const { samples, noise, rng } = checkCommon(fn, opts, 1);
  const given = opts.centers ?? 3;
  let centers: [number, number][];
  if (typeof given === 'number') {
    checkClasses(fn, 'centers', given, samples);
    centers = Array.from({ length: given }, () => [rng.uniform(-10, 10), rng.uniform(-10, 10)] as [number, number]);
  } else {
    if (!Array.isArray(given) || !given.every((c) => Array.isArray(c) && c.length === 2 && c.every(Number.isFinite))) {
      bad(fn, 'centers must be a count or a list of [x, y] pairs of finite numbers');
    }
    checkClasses(fn, 'centers', given.length, samples);
    centers = given;
  }
  return assemble('blobs', samples, centers.length, rng, (i) => {
    const [c] = classOf(i, samples, centers.length);
    return [centers[c]![0] + rng.normal() * noise, centers[c]![1] + rng.normal() * noise, c];
  });
}

/**
 * 1-D regression: x uniform in [-π, π] (or `range`), target sin(x) plus Gaussian noise of std `noise`
 * (default 0.1). features is samples × 1, labels a Float32Array of targets, numClasses 0.
 */
export function makeSine(opts: CommonOptions & { range?: [number, number] } = {}): SyntheticData {
  const fn = 'makeSine';
  const { samples, noise, rng } = checkCommon(fn, opts, 0.1);
  const [lo, hi] = opts.range ?? [-Math.PI, Math.PI];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) bad(fn, `range must be [low, high] with low < high, got [${lo}, ${hi}]`);
  const features = new Float32Array(samples);
  const labels = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    const x = rng.uniform(lo, hi);
    features[i] = x;
    labels[i] = Math.sin(x) + rng.normal() * noise;
  }
  return { name: 'sine', features, labels, numFeatures: 1, numClasses: 0, kind: 'regression', classNames: [] };
}

/** Integer sequences with a class decidable from their tokens (makeTokens). */
export interface TokenData {
  /** samples × seqLen token indices, row-major, each in [0, vocab). */
  tokens: Int32Array;
  /** The class of each sequence. */
  labels: Int32Array;
  seqLen: number;
  vocab: number;
  numClasses: number;
  /** The hidden class each token leans to; `numClasses` means neutral. */
  affinity: Int32Array;
}

/** Share of positions drawn from the sequence's own class words (the rest are uniform over the vocabulary). */
export const TOKENS_CLASS_SHARE = 0.35;

/**
 * A bag-of-words "sentiment" task: every token of the vocabulary has a hidden class affinity (or none; token c
 * < classes leans to class c, the others draw theirs uniformly from the classes and "none"), and a
 * sequence's label is the class most of its tokens lean to (ties go to the lowest class), so the label is a
 * function of the tokens alone. Sequence i is drawn leaning to class i mod classes: each position is, with
 * probability TOKENS_CLASS_SHARE, one of that class's words, else any token. Not shuffled (classes alternate).
 * The exact draw order is part of the contract: the generated PyTorch script replays it with the same PRNG.
 */
export function makeTokens(opts: { samples?: number; seqLen?: number; vocab?: number; classes?: number; seed?: number } = {}): TokenData {
  const fn = 'makeTokens';
  const samples = opts.samples ?? 1000;
  const seqLen = opts.seqLen ?? 12;
  const vocab = opts.vocab ?? 50;
  const classes = opts.classes ?? 2;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_SAMPLES) bad(fn, `samples must be an integer from 1 to ${MAX_SAMPLES}, got ${samples}`);
  if (!Number.isInteger(seqLen) || seqLen < 1 || seqLen > 4096) bad(fn, `seqLen must be an integer from 1 to 4096, got ${seqLen}`);
  if (!Number.isInteger(vocab) || vocab < 2 || vocab > 1_000_000) bad(fn, `vocab must be an integer from 2 to 1000000, got ${vocab}`);
  checkClasses(fn, 'classes', classes, samples);
  if (classes > vocab) bad(fn, `classes (${classes}) exceeds vocab (${vocab}); every class needs at least one word`);
  if (samples * seqLen > 50_000_000) bad(fn, `samples × seqLen must be at most 50000000, got ${samples * seqLen}`);
  if (!Number.isFinite(seed)) bad(fn, `seed must be a finite number, got ${seed}`);
  const rng = new Rng(seed);
  // Token c < classes leans to class c (so every class has a word); the others lean at random, or not at all.
  const affinity = new Int32Array(vocab);
  for (let t = 0; t < vocab; t++) affinity[t] = t < classes ? t : rng.randint(classes + 1);
  const words: number[][] = Array.from({ length: classes }, () => []);
  for (let t = 0; t < vocab; t++) if (affinity[t] < classes) words[affinity[t]].push(t);
  const tokens = new Int32Array(samples * seqLen);
  const labels = new Int32Array(samples);
  const counts = new Int32Array(classes + 1);
  for (let i = 0; i < samples; i++) {
    const lean = words[i % classes];
    counts.fill(0);
    for (let j = 0; j < seqLen; j++) {
      const tok = rng.random() < TOKENS_CLASS_SHARE ? lean[rng.randint(lean.length)] : rng.randint(vocab);
      tokens[i * seqLen + j] = tok;
      counts[affinity[tok]]++;
    }
    let best = 0;
    for (let c = 1; c < classes; c++) if (counts[c] > counts[best]) best = c;
    labels[i] = best;
  }
  return { tokens, labels, seqLen, vocab, numClasses: classes, affinity };
}

/** The built-in generators by name, for a palette or a CLI flag. */
export const SYNTHETIC_DATASETS = {
  spirals: makeSpirals,
  moons: makeMoons,
  circles: makeCircles,
  xor: makeXor,
  blobs: makeBlobs,
  sine: makeSine,
} as const;
