// Synthetic teaching sets: geometry checked by hand-derived equations (noise 0), determinism, balance, errors.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/data/sources/errors.ts';
import { Rng } from '../../core/data/sources/rng.ts';
import {
  makeBlobs, makeCircles, makeMoons, makeSine, makeSpirals, makeXor, SYNTHETIC_DATASETS, type SyntheticData,
} from '../../core/data/sources/synthetic.ts';

function points(d: SyntheticData) {
  return Array.from({ length: d.labels.length }, (_, i) => ({ x: d.features[2 * i]!, y: d.features[2 * i + 1]!, c: d.labels[i]! }));
}

function counts(d: SyntheticData) {
  const c = new Array(d.numClasses).fill(0);
  d.labels.forEach((l) => c[l]++);
  return c;
}

function expectDataError(fn: () => unknown, pattern: RegExp) {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught, 'expected a DataError').toBeInstanceOf(DataError);
  expect((caught as Error).message).toMatch(pattern);
}

describe('Rng (mulberry32)', () => {
  it('uniform and normal have the right moments', () => {
    const rng = new Rng(11);
    const n = 50_000;
    let s = 0; let s2 = 0; let z = 0; let z2 = 0; let lo = 1; let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.random(); s += u; s2 += u * u; lo = Math.min(lo, u); hi = Math.max(hi, u);
      const g = rng.normal(); z += g; z2 += g * g;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - (s / n) ** 2 - 1 / 12)).toBeLessThan(0.003);
    expect(Math.abs(z / n)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(z2 / n - (z / n) ** 2) - 1)).toBeLessThan(0.02);
  });

  it('is deterministic per seed, shuffle is a permutation, randint stays in range', () => {
    const a = new Rng(5); const b = new Rng(5); const c = new Rng(6);
    const sa = Array.from({ length: 10 }, () => a.random());
    expect(Array.from({ length: 10 }, () => b.random())).toEqual(sa);
    expect(Array.from({ length: 10 }, () => c.random())).not.toEqual(sa);
    const perm = new Rng(1).shuffle(Array.from({ length: 100 }, (_, i) => i)) as number[];
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(perm).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const r = new Rng(2);
    for (let i = 0; i < 1000; i++) { const k = r.randint(7); expect(k >= 0 && k < 7 && Number.isInteger(k)).toBe(true); }
    expect(() => new Rng(NaN)).toThrow(/seed must be a finite number, got NaN/);
  });
});

describe('generators', () => {
  it('are deterministic for a seed and differ between seeds', () => {
    for (const [name, make] of Object.entries(SYNTHETIC_DATASETS)) {
      const a = make({ samples: 101, seed: 7 });
      const b = make({ samples: 101, seed: 7 });
      const c = make({ samples: 101, seed: 8 });
      expect(Array.from(a.features), name).toEqual(Array.from(b.features));
      expect(Array.from(a.labels), name).toEqual(Array.from(b.labels));
      expect(Array.from(a.features), name).not.toEqual(Array.from(c.features));
      expect(a.features).toBeInstanceOf(Float32Array);
      expect(a.features.length).toBe(101 * a.numFeatures);
      expect(a.labels.length).toBe(101);
      expect(a.features.every(Number.isFinite)).toBe(true);
    }
  });

  it('balance classes to within one point and shuffle the order', () => {
    expect(counts(makeSpirals({ samples: 301, classes: 4 }))).toEqual([76, 75, 75, 75]);
    expect(counts(makeMoons({ samples: 201 }))).toEqual([101, 100]);
    expect(counts(makeCircles({ samples: 200 }))).toEqual([100, 100]);
    expect(counts(makeBlobs({ samples: 100, centers: 3 }))).toEqual([34, 33, 33]);
    const labels = Array.from(makeMoons({ samples: 200 }).labels);
    expect(labels.slice(0, 20).some((l) => l !== labels[0])).toBe(true);
  });

  it('moons without noise lie on the two half circles', () => {
    for (const { x, y, c } of points(makeMoons({ samples: 100, noise: 0 }))) {
      if (c === 0) { expect(Math.hypot(x, y)).toBeCloseTo(1, 6); expect(y).toBeGreaterThanOrEqual(-1e-7); }
      else { expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 6); expect(y).toBeLessThanOrEqual(0.5 + 1e-7); }
    }
  });

  it('circles without noise have radius 1 and factor', () => {
    for (const { x, y, c } of points(makeCircles({ samples: 100, noise: 0, factor: 0.3 }))) {
      expect(Math.hypot(x, y)).toBeCloseTo(c === 0 ? 1 : 0.3, 6);
    }
  });

  it('spirals without noise follow angle = 4·class + 4·radius', () => {
    for (const { x, y, c } of points(makeSpirals({ samples: 90, classes: 3, noise: 0 }))) {
      const r = Math.hypot(x, y);
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
      if (r < 0.05) continue; // the angle of a point at the origin is undefined
      const t = 4 * c + 4 * r;
      expect(Math.abs(x - r * Math.sin(t))).toBeLessThan(1e-5);
      expect(Math.abs(y - r * Math.cos(t))).toBeLessThan(1e-5);
    }
  });

  it('xor without noise: class 1 exactly where the signs differ', () => {
    const pts = points(makeXor({ samples: 500, noise: 0 }));
    for (const { x, y, c } of pts) {
      expect(Math.abs(x)).toBeLessThanOrEqual(1);
      expect(c).toBe((x > 0) !== (y > 0) ? 1 : 0);
    }
    expect(pts.filter((p) => p.c === 1).length).toBeGreaterThan(200);
  });

  it('blobs sit on their centres with the requested spread', () => {
    const centers: [number, number][] = [[-5, 2], [3, 3], [0, -6]];
    for (const { x, y, c } of points(makeBlobs({ samples: 30, centers, noise: 0 }))) {
      expect([x, y]).toEqual(centers[c]);
    }
    const d = makeBlobs({ samples: 30_000, centers, noise: 0.5, seed: 3 });
    for (let c = 0; c < 3; c++) {
      const pts = points(d).filter((p) => p.c === c);
      const mx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
      const sx = Math.sqrt(pts.reduce((s, p) => s + (p.x - mx) ** 2, 0) / pts.length);
      expect(Math.abs(mx - centers[c]![0])).toBeLessThan(0.02);
      expect(Math.abs(sx - 0.5)).toBeLessThan(0.02);
    }
    const random = makeBlobs({ samples: 60, centers: 4, seed: 1 });
    expect(random.numClasses).toBe(4);
  });

  it('sine is a regression set: label = sin(x) without noise', () => {
    const d = makeSine({ samples: 200, noise: 0, range: [-2, 5] });
    expect([d.kind, d.numFeatures, d.numClasses]).toEqual(['regression', 1, 0]);
    expect(d.labels).toBeInstanceOf(Float32Array);
    for (let i = 0; i < 200; i++) {
      expect(d.features[i]! >= -2 && d.features[i]! <= 5).toBe(true);
      expect(Math.abs(d.labels[i]! - Math.sin(d.features[i]!))).toBeLessThan(1e-6);
    }
    const noisy = makeSine({ samples: 20_000, noise: 0.3, seed: 2 });
    let ss = 0;
    for (let i = 0; i < 20_000; i++) ss += (noisy.labels[i]! - Math.sin(noisy.features[i]!)) ** 2;
    expect(Math.abs(Math.sqrt(ss / 20_000) - 0.3)).toBeLessThan(0.01);
  });

  it('reject bad options with the function, argument and value', () => {
    expectDataError(() => makeMoons({ samples: 0 }), /makeMoons: samples must be an integer from 1 to 1000000, got 0/);
    expectDataError(() => makeMoons({ samples: 2.5 }), /samples must be an integer .* got 2\.5/);
    expectDataError(() => makeCircles({ noise: -1 }), /makeCircles: noise must be a finite number ≥ 0, got -1/);
    expectDataError(() => makeCircles({ factor: 1 }), /makeCircles: factor must be in \(0, 1\), got 1/);
    expectDataError(() => makeSpirals({ classes: 0 }), /makeSpirals: classes must be an integer from 1 to 100, got 0/);
    expectDataError(() => makeSpirals({ samples: 3, classes: 5 }), /classes \(5\) exceeds samples \(3\)/);
    expectDataError(() => makeSpirals({ turns: 0 }), /turns must be a number in \(0, 10\], got 0/);
    expectDataError(() => makeXor({ seed: Infinity }), /makeXor: seed must be a finite number, got Infinity/);
    expectDataError(() => makeBlobs({ centers: [[1, 2], [3, NaN]] as [number, number][] }), /makeBlobs: centers must be a count or a list of \[x, y\] pairs/);
    expectDataError(() => makeSine({ range: [2, 1] }), /makeSine: range must be \[low, high\] with low < high, got \[2, 1\]/);
  });
});
