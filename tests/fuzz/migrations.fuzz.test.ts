/**
 * Fuzz: the project envelope migrations. 10,000 generated valid v1 documents must migrate (deterministically,
 * without touching the input) into documents the v2 loader accepts, with the history carried over; 10,000
 * arbitrary v1-labelled objects must migrate or fail with a ProjectError.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProjectError, loadProject, migrateEnvelope, type JsonValue } from '../../core/project/index.ts';
import { projectZip } from '../project/zip-helpers.ts';
import { deepFreeze } from '../project/helpers.ts';
import { Tally, check, runCase, smallJson, smallObject, snapshotBytes } from './harness.ts';

const isProjectError = (e: unknown) => (e instanceof ProjectError ? e.code : null);
const seconds = fc.double({ min: 0, max: 4e9, noNaN: true });
const metricName = fc.constantFrom('loss', 'accuracy', 'val_loss', 'lr', 'x y', 'é');

const v1Run = fc.record({
  settings: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), smallJson, { maxKeys: 3 }), { nil: undefined }),
  started: seconds,
  finished: fc.option(seconds, { nil: null }),
  epochs: fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 12 }).chain((nums) => fc.tuple(
    ...nums.map((epoch) => fc.record({
      epoch: fc.constant(epoch),
      time: fc.option(seconds, { nil: undefined }),
      metrics: fc.dictionary(metricName, fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), { maxKeys: 3 }),
    })),
  )).map((rows) => rows.map(({ epoch, time, metrics }) => ({ ...metrics, epoch, ...(time === undefined ? {} : { time }) }))),
}, { requiredKeys: ['started', 'finished', 'epochs'] });

const v1Doc = fc.record({
  format: fc.constant('netsketch-project'),
  version: fc.constant(1),
  app: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
  name: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  graph: fc.dictionary(fc.string({ maxLength: 6 }), smallJson, { maxKeys: 4 }),
  training: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), smallJson, { maxKeys: 3 }), { nil: undefined }),
  history: fc.option(fc.array(v1Run, { maxLength: 4 }), { nil: undefined }),
  weights: fc.constant(null),
  notes: fc.option(smallJson, { nil: undefined }),
}, { requiredKeys: ['format', 'version', 'graph'] });

/** JSON.parse(JSON.stringify(x)): the document as it would be read from a file (no undefined, no -0). */
const asRead = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('fuzz: envelope migrations', () => {
  it('valid v1 documents (10,000) migrate deterministically, without touching the input, to a loadable v2', () => {
    const tally = new Tally();
    check(fc.property(v1Doc, (raw) => {
      const doc = deepFreeze(asRead(raw));
      const before = JSON.stringify(doc);
      const a = runCase(tally, () => migrateEnvelope(doc), isProjectError, () => expect(JSON.stringify(doc)).toBe(before));
      expect(a, 'a valid v1 document must migrate').toBeDefined();
      expect(JSON.stringify(migrateEnvelope(doc))).toBe(JSON.stringify(a)); // deterministic (the result is plain JSON: "NaN" is a string)
      expect(a!.doc.schemaVersion).toBe(2);
      const history = (doc.history ?? []) as { epochs: Record<string, unknown>[] }[];
      const bytes = projectZip(doc);
      const p = runCase(tally, () => loadProject(bytes), isProjectError, snapshotBytes(bytes));
      expect(p, 'the migrated document must load').toBeDefined();
      expect(p!.runs).toHaveLength(history.length);
      p!.runs.forEach((run, i) => {
        for (const series of Object.values(run.metrics)) expect(series).toHaveLength(history[i].epochs.length);
        expect(run.status).toBe((doc.history as any)[i].finished === null ? 'stopped' : 'completed');
      });
    }), 201);
    expect(tally.typed).toBe(0);
  });

  it('arbitrary objects labelled v1 (10,000) migrate or fail with a ProjectError', () => {
    const tally = new Tally();
    // Mostly well-formed, sometimes anything: each field is wrong with probability about 1/8.
    const or = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 7, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: smallJson });
    const row = fc.record({ epoch: or(fc.integer({ min: 1, max: 4 })), time: or(seconds), loss: or(fc.option(fc.double(), { nil: null })) }, { requiredKeys: [] });
    const run = fc.record({ started: or(seconds), finished: or(fc.option(seconds, { nil: null })), settings: or(smallObject), epochs: or(fc.array(row, { maxLength: 3 })) }, { requiredKeys: [] });
    const fields = fc.record({
      app: or(fc.string({ maxLength: 5 })), name: or(fc.string({ maxLength: 5 })), graph: or(smallObject), training: or(smallObject),
      history: or(fc.array(run, { maxLength: 3 })), weights: or(fc.constantFrom(null, 'weights.safetensors')), version: fc.constantFrom<unknown>(1, 1, 1, 1, 0, '1', null),
    }, { requiredKeys: [] });
    check(fc.property(fields, (extra) => {
      const doc = deepFreeze(asRead({ format: 'netsketch-project', version: 1, graph: {}, ...extra }) as JsonValue);
      const before = JSON.stringify(doc);
      runCase(tally, () => migrateEnvelope(doc), isProjectError, () => expect(JSON.stringify(doc)).toBe(before));
    }), 202);
    tally.expectBoth(100);
  });
});
