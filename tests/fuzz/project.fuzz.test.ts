/**
 * Fuzz: the .netsketch loader. 13,000 cases per run: random bytes, mutated valid files (whole-file mutations,
 * and mutations of project.json re-wrapped in a valid zip so the JSON reader, the migrations and the field checks
 * are reached), and valid documents with one field replaced by arbitrary JSON. Plus a save → load round trip.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProjectError, loadProject, saveProject, newProject, type Project } from '../../core/project/index.ts';
import { ZipReader } from '../../core/serialize/zip_reader.ts';
import { utf8Decode } from '../../core/serialize/utf8.ts';
import { fixture, richProject } from '../project/helpers.ts';
import { projectZip, v2Json, zipOf } from '../project/zip-helpers.ts';
import { Tally, check, runCase, smallJson, snapshotBytes } from './harness.ts';
import { mutate, mutateText, mutations, textMutations } from './mutate.ts';

const isProjectError = (e: unknown) => (e instanceof ProjectError ? e.code : null);
const LIMITS = { maxJsonDepth: 32, maxStringLength: 4096, maxRuns: 50, maxEpochs: 200 };

function load(tally: Tally, bytes: Uint8Array): Project | undefined {
  return runCase(tally, () => loadProject(bytes, { limits: LIMITS }), isProjectError, snapshotBytes(bytes));
}

const bases = [saveProject(richProject()), fixture('project-v1.netsketch'), fixture('project-v2.netsketch'), saveProject(newProject('tiny', {}))];
const baseParts = bases.map((b) => {
  const z = new ZipReader(b);
  const records: Record<string, Uint8Array> = {};
  for (const n of z.names) records[n] = z.read(n).slice();
  return { json: utf8Decode(records['project.json']), records };
});

const JSON_ALPHABET = ['{', '}', '[', ']', '"', ':', ',', '0', '1', '-', '.', 'e', 'n', 'u', 'l', 't', 'N', 'a', 'I', ' ', '\\', 'é', '\u0000', '9'];

describe('fuzz: loadProject yields a project or a ProjectError', () => {
  it('random bytes, bare and behind a zip signature (3,000)', () => {
    const tally = new Tally();
    check(fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, pk) => {
      const b = pk ? Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...bytes]) : bytes;
      load(tally, b);
    }), 101, 3000);
    expect(tally.typed).toBe(3000);
  });

  it('mutated valid files, CRC-checked container (4,000)', () => {
    const tally = new Tally();
    check(fc.property(fc.nat({ max: bases.length - 1 }), mutations, (i, ms) => {
      load(tally, mutate(bases[i], ms));
    }), 102, 4000);
    expect(tally.typed).toBeGreaterThan(3000);
  });

  it('mutated project.json inside a valid zip (4,000)', () => {
    const tally = new Tally();
    check(fc.property(fc.nat({ max: bases.length - 1 }), textMutations(JSON_ALPHABET), (i, ms) => {
      const { json, records } = baseParts[i];
      load(tally, zipOf({ ...records, 'project.json': mutateText(json, ms) }));
    }), 103, 4000);
    tally.expectBoth(50);
  });

  it('valid documents with one field replaced by arbitrary JSON (2,000)', () => {
    const tally = new Tally();
    const run = { id: 'r', name: 'R', startedAt: 0, endedAt: null, status: 'completed', settings: {}, metrics: { loss: [1, 'NaN'] }, epochEndedAt: [5] };
    const paths = [['graph'], ['training'], ['runs'], ['runs', 0], ['runs', 0, 'metrics'], ['runs', 0, 'metrics', 'loss'], ['runs', 0, 'status'], ['runs', 0, 'startedAt'],
      ['runs', 0, 'epochEndedAt'], ['assets'], ['documentId'], ['title'], ['createdAt'], ['schemaVersion'], ['savedWith'], ['extensions'], ['format'], ['newKey']] as const;
    check(fc.property(fc.constantFrom(...paths), smallJson, (path, value) => {
      const doc: any = v2Json({ runs: [structuredClone(run)] });
      let o = doc;
      for (const k of path.slice(0, -1)) o = o[k];
      o[path[path.length - 1]] = value;
      load(tally, projectZip(doc));
    }), 104, 2000);
    tally.expectBoth(50);
  });
});

const json = smallJson;
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 });
const metric = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity));
const time = fc.integer({ min: 0, max: 2 ** 45 });

const projectArb: fc.Arbitrary<Project> = fc.record({
  documentId: fc.string({ minLength: 1, maxLength: 30 }),
  title: fc.string({ unit: 'binary', maxLength: 30 }),
  createdAt: fc.option(time, { nil: null }),
  modifiedAt: fc.option(time, { nil: null }),
  graph: jsonObject,
  training: jsonObject,
  runs: fc.uniqueArray(fc.record({
    id: fc.string({ minLength: 1, maxLength: 10 }),
    name: fc.string({ maxLength: 10 }),
    startedAt: time,
    endedAt: fc.option(time, { nil: null }),
    status: fc.constantFrom('running' as const, 'completed' as const, 'stopped' as const, 'failed' as const),
    settings: jsonObject,
    metrics: fc.dictionary(fc.string({ maxLength: 8 }), fc.array(metric, { maxLength: 8 }), { maxKeys: 3 }),
    epochEndedAt: fc.array(time, { maxLength: 4 }),
  }), { selector: (r) => r.id, maxLength: 3 }),
  weights: fc.constant(null),
  checkpoint: fc.constant(null),
  extensions: jsonObject,
});

/**
 * What a project means, independent of JSON's spelling: -0 is 0 (JSON writes both as 0) and objects are plain
 * (fast-check also makes null-prototype ones). JSON.stringify / parse is the oracle for the JSON parts.
 */
function meaning(p: Project): Project {
  const j = <T>(v: T): T => JSON.parse(JSON.stringify(v));
  return {
    ...p, graph: j(p.graph), training: j(p.training), extensions: j(p.extensions),
    runs: p.runs.map((r) => ({
      ...r, settings: j(r.settings),
      metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, s]) => [k, s.map((x) => (x === 0 ? 0 : x))])),
    })),
  };
}

describe('property: save → load is the identity', () => {
  it('for generated projects (500), bit-exact for metrics including NaN and ±Infinity', () => {
    check(fc.property(projectArb, (p) => {
      const bytes = saveProject(p);
      const q = loadProject(bytes);
      const want = meaning(p);
      expect(q).toEqual(want);
      for (let r = 0; r < want.runs.length; r++) {
        for (const [k, series] of Object.entries(want.runs[r].metrics)) {
          series.forEach((x, i) => expect(Object.is(q.runs[r].metrics[k][i], x)).toBe(true));
        }
      }
      expect(saveProject(q)).toEqual(bytes);
    }), 105, 500);
  });
});
