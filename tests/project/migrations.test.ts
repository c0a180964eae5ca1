import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ENVELOPE_MIGRATIONS, PROJECT_SCHEMA_VERSION, ProjectError, migrateEnvelope, openProject, readWeights, saveProject, loadProject,
  type EnvelopeMigration,
} from '../../core/project/index.ts';
import { ZipReader } from '../../core/serialize/zip_reader.ts';
import { utf8Decode } from '../../core/serialize/utf8.ts';
import { FIXTURES, deepFreeze, fixture } from './helpers.ts';
import { projectZip } from './zip-helpers.ts';

const v1Bytes = () => fixture('project-v1.netsketch');
const v1Json = () => JSON.parse(utf8Decode(new ZipReader(v1Bytes()).read('project.json')));
const expectedV2 = JSON.parse(readFileSync(join(FIXTURES, 'project-v1.expected.json'), 'utf8'));

describe('envelope migrations', () => {
  it('are ordered and complete: one step per version up to the current one', () => {
    expect(ENVELOPE_MIGRATIONS.map((m) => [m.from, m.to])).toEqual(Array.from({ length: PROJECT_SCHEMA_VERSION - 1 }, (_, i) => [i + 1, i + 2]));
  });

  it('v1 fixture (written by Python zipfile, deflated) migrates to the hand-derived expected v2 document', () => {
    const r = migrateEnvelope(v1Json());
    expect(r.fromVersion).toBe(1);
    expect(r.applied).toHaveLength(1);
    expect(r.doc).toEqual(expectedV2);
  });

  it('never mutates its input and is deterministic', () => {
    const input = deepFreeze(v1Json());
    const a = migrateEnvelope(input);
    const b = migrateEnvelope(input);
    expect(a.doc).toEqual(b.doc);
    expect(input).toEqual(v1Json());
    // the result shares nothing with the input: mutating it leaves the input alone
    (a.doc.graph as any).nodes.push('x');
    expect(input.graph.nodes).toHaveLength(1);
  });

  it('is the identity (a copy) at the latest version', () => {
    const r = migrateEnvelope(expectedV2);
    expect(r.applied).toEqual([]);
    expect(r.doc).toEqual(expectedV2);
    expect(r.doc).not.toBe(expectedV2);
  });

  it('loading the v1 file gives the decoded project: NaN for the null loss, weights linked to the last run', () => {
    const { project, info } = openProject(v1Bytes());
    expect(info.fileSchemaVersion).toBe(1);
    expect(info.savedWithApp).toBe('0.0.9');
    expect(info.migrations[0]).toMatch(/^v1 → v2/);
    expect(project.runs[0].metrics.loss.slice(0, 2)).toEqual([0.69, 0.5]);
    expect(Number.isNaN(project.runs[0].metrics.loss[2])).toBe(true);
    expect(project.weights!.runId).toBe('run-2');
    expect(project.extensions).toEqual({ notes: 'kept by the migration' });
    const w = readWeights(project)!;
    expect([...(w.get('fc.weight')!._storage.data as Float32Array)]).toEqual([0.5, -1, 2, 0.25]);
    // saved again it is a current file with the same content
    const again = openProject(saveProject(project));
    expect(again.info.fileSchemaVersion).toBe(PROJECT_SCHEMA_VERSION);
    expect(again.project.runs).toEqual(project.runs);
  });

  it('the v2 fixture (a released version) still opens with its values', () => {
    const p = loadProject(fixture('project-v2.netsketch'));
    expect(p.title).toBe('Spirals β');
    expect(p.runs[0].metrics.loss[1]).toBe(Infinity);
    expect(p.runs[0].metrics.val_loss).toEqual([1.5, -Infinity]);
    expect(p.weights!.bytes.length).toBeGreaterThan(0);
  });

  it('malformed v1 content is BAD_FORMAT naming the v1 field', () => {
    const cases: [(d: any) => void, RegExp, string][] = [
      [(d) => { d.history[0].started = 'yesterday'; }, /history\[0\]\.started must be a finite number but holds the string "yesterday"/, 'history[0].started'],
      [(d) => { d.history[0].epochs[1].epoch = 2; }, /history\[0\]\.epochs\[1\]\.epoch must be an epoch number that appears once/, 'history[0].epochs[1].epoch'],
      [(d) => { d.history[0].epochs[0].loss = 'low'; }, /history\[0\]\.epochs\[0\]\.loss must be a number or null/, 'history[0].epochs[0].loss'],
      [(d) => { d.weights = 5; }, /weights must be the name of the weights record/, 'weights'],
      [(d) => { delete d.graph; }, /graph must be an object but holds nothing/, 'graph'],
    ];
    for (const [change, msg, path] of cases) {
      const d = v1Json();
      change(d);
      let err: unknown;
      try {
        migrateEnvelope(d);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProjectError);
      expect((err as ProjectError).code).toBe('BAD_FORMAT');
      expect((err as ProjectError).message).toMatch(msg);
      expect((err as ProjectError).path).toBe(path);
      // and through the loader, with the file untouched
      const bytes = projectZip(d);
      const copy = bytes.slice();
      expect(() => loadProject(bytes)).toThrow(ProjectError);
      expect(bytes).toEqual(copy);
    }
  });

  it('the mechanism chains steps in order (a pretend v3 step on top of the real v1 → v2)', () => {
    const v2to3: EnvelopeMigration = {
      from: 2, to: 3, description: 'v2 → v3: title upper-cased',
      up: (d) => ({ ...d, schemaVersion: 3, title: String(d.title).toUpperCase() }),
    };
    const r = migrateEnvelope(v1Json(), { migrations: [...ENVELOPE_MIGRATIONS, v2to3], latest: 3 });
    expect(r.applied.map((s) => s.slice(0, 7))).toEqual(['v1 → v2', 'v2 → v3']);
    expect(r.doc.title).toBe('XOR DEMO');
    expect(r.doc.schemaVersion).toBe(3);
    expect(r.doc.runs).toEqual(expectedV2.runs);
  });
});
