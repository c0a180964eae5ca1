/**
 * digit_strings: rows of 1–maxDigits handwritten digits side by side on a fixed canvas (28 × 28·maxDigits), for
 * sequence models trained with CTC. Built from MNIST digits with the data PRNG, so a seed gives the same strings:
 * sample i takes its digits from the train split when i < ⌊0.8·samples⌋, else from the test split; its length is
 * 1 + randint(maxDigits), then for each position a digit d = randint(10) and the k = randint(count of d)-th image of
 * that digit in the split, placed left to right (the rest of the canvas stays background 0).
 * Labels are padded sequences [samples, maxDigits]: digit d is stored as d + 1, and 0 pads (0 is CTC's blank).
 * The draw order is part of the contract: the generated PyTorch script replays it (on torchvision's MNIST, whose
 * images differ but whose digit sequences come out the same).
 */
import { DataError } from './errors.ts';
import type { MnistData } from './mnist.ts';
import { Rng } from './rng.ts';

export interface DigitStrings {
  /** samples × height × width bytes (0 background … 255 ink), row-major. */
  images: Uint8Array;
  /** samples × maxDigits: digit + 1, then 0 padding. */
  labels: Int32Array;
  count: number;
  height: number;
  width: number;
  maxDigits: number;
  /** The first trainCount samples are made of train-split digits, the rest of test-split digits. */
  trainCount: number;
}

export function makeDigitStrings(mnist: MnistData, opts: { samples?: number; maxDigits?: number; seed?: number } = {}): DigitStrings {
  const fn = 'makeDigitStrings';
  const samples = opts.samples ?? 2000;
  const maxDigits = opts.maxDigits ?? 4;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(samples) || samples < 2 || samples > 200_000) throw new DataError('bad_option', `${fn}: samples must be an integer from 2 to 200000, got ${samples}`);
  if (!Number.isInteger(maxDigits) || maxDigits < 1 || maxDigits > 16) throw new DataError('bad_option', `${fn}: maxDigits must be an integer from 1 to 16, got ${maxDigits}`);
  if (!Number.isFinite(seed)) throw new DataError('bad_option', `${fn}: seed must be a finite number, got ${seed}`);
  const { height: h, width: w } = mnist;
  const splits = [[0, mnist.trainCount], [mnist.trainCount, mnist.count]].map(([from, to]) => {
    const byDigit: number[][] = Array.from({ length: 10 }, () => []);
    for (let i = from; i < to; i++) byDigit[mnist.labels[i]].push(i);
    return byDigit;
  });
  for (const [s, byDigit] of splits.entries()) {
    const missing = byDigit.findIndex((l) => l.length === 0);
    if (missing >= 0) throw new DataError('bad_option', `${fn}: the ${s === 0 ? 'train' : 'test'} split has no image of digit ${missing}`);
  }
  const W = w * maxDigits;
  const images = new Uint8Array(samples * h * W);
  const labels = new Int32Array(samples * maxDigits);
  const trainCount = Math.floor(samples * 0.8);
  const rng = new Rng(seed);
  for (let i = 0; i < samples; i++) {
    const byDigit = splits[i < trainCount ? 0 : 1];
    const length = 1 + rng.randint(maxDigits);
    for (let j = 0; j < length; j++) {
      const d = rng.randint(10);
      const pool = byDigit[d];
      const src = pool[rng.randint(pool.length)];
      for (let r = 0; r < h; r++) {
        images.set(mnist.images.subarray((src * h + r) * w, (src * h + r + 1) * w), (i * h + r) * W + j * w);
      }
      labels[i * maxDigits + j] = d + 1;
    }
  }
  return { images, labels, count: samples, height: h, width: W, maxDigits, trainCount };
}
