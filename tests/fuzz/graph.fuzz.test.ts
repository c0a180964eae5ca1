/**
 * Fuzz: graph document migrations and structure checks (core/graph/schema.ts parseGraph). 10,000 generated
 * version-1 documents must migrate to a valid current document (deterministically, input untouched, every node
 * and link carried over); 10,000 arbitrary documents and texts must give a document or a GraphFileError. The
 * project loader with core/graph's hooks installed must turn whatever the graph layer throws into a ProjectError.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GraphFileError, parseGraph } from '../../core/graph/schema.ts';
import { GRAPH_SCHEMA_VERSION } from '../../core/graph/types.ts';
import { GRAPH_DOCUMENT_HOOKS, ProjectError, loadProject } from '../../core/project/index.ts';
import { deepFreeze } from '../project/helpers.ts';
import { projectZip, v2Json } from '../project/zip-helpers.ts';
import { Tally, check, runCase, smallJson, smallObject, snapshotBytes } from './harness.ts';

const isGraphError = (e: unknown) => (e instanceof GraphFileError ? e.code : null);
const ident = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', '_', 'é'), minLength: 1, maxLength: 4 });
const coord = fc.double({ min: -1e4, max: 1e4, noNaN: true });

const v1Graph = fc.uniqueArray(ident, { minLength: 0, maxLength: 6 }).chain((ids) => fc.record({
  version: fc.constant(1),
  title: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  nodes: fc.tuple(...ids.map((id) => fc.record({
    id: fc.constant(id),
    type: fc.constantFrom('Linear', 'Conv2d', 'ReLU', 'Dataset', 'CrossEntropyLoss'),
    label: fc.option(ident, { nil: undefined }),
    x: fc.option(coord, { nil: undefined }),
    y: fc.option(coord, { nil: undefined }),
    data: fc.option(fc.dictionary(ident, fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 4 }), fc.constant(null))), { nil: undefined }),
  }, { requiredKeys: ['id', 'type'] }))),
  links: ids.length === 0 ? fc.constant([]) : fc.array(fc.record({
    from: fc.tuple(fc.constantFrom(...ids), fc.constantFrom('', ':output', ':out1')).map(([a, p]) => a + p),
    to: fc.tuple(fc.constantFrom(...ids), fc.constantFrom('', ':input', ':target')).map(([a, p]) => a + p),
  }), { maxLength: 6 }),
  settings: fc.option(fc.record({
    epochs: fc.integer({ min: 1, max: 50 }), batchSize: fc.integer({ min: 1, max: 512 }), valSplit: fc.double({ min: 0, max: 0.9, noNaN: true }),
    seed: fc.nat(), learningRate: fc.option(fc.double({ min: 1e-6, max: 1, noNaN: true }), { nil: null }),
  }, { requiredKeys: [] }), { nil: undefined }),
}, { requiredKeys: ['version', 'nodes', 'links'] }));

describe('fuzz: graph document migrations', () => {
  it('valid v1 graphs (10,000) migrate deterministically to a valid current document, input untouched', () => {
    const tally = new Tally();
    check(fc.property(v1Graph, (raw) => {
      const doc = deepFreeze(JSON.parse(JSON.stringify(raw)));
      const before = JSON.stringify(doc);
      const r = runCase(tally, () => parseGraph(doc), isGraphError, () => expect(JSON.stringify(doc)).toBe(before));
      expect(r, 'a valid v1 graph must migrate').toBeDefined();
      expect(r!.migratedFrom).toBe(1);
      expect(r!.doc.schemaVersion).toBe(GRAPH_SCHEMA_VERSION);
      expect(r!.doc.nodes.map((n) => [n.id, n.kind])).toEqual(doc.nodes.map((n: any) => [n.id, n.type]));
      expect(r!.doc.edges).toHaveLength(doc.links.length);
      expect(parseGraph(doc)).toEqual(r);
      // the current version migrates to itself
      expect(parseGraph(JSON.parse(JSON.stringify(r!.doc))).doc).toEqual(r!.doc);
    }), 801);
    expect(tally.typed).toBe(0);
  });

  it('arbitrary documents and texts (10,000) give a document or a GraphFileError', () => {
    const tally = new Tally();
    const or = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: smallJson });
    const node = or(fc.record({ id: or(ident), type: or(ident), kind: or(ident), label: smallJson, x: or(coord), y: smallJson, data: or(smallObject), params: or(smallObject), position: smallJson, group: smallJson }, { requiredKeys: [] }));
    const doc = fc.record({
      version: fc.constantFrom<unknown>(1, 1, 2, 3, 0, '1', null),
      schemaVersion: fc.constantFrom<unknown>(undefined, 1, 2, 2, 5, -1, 'x'),
      nodes: or(fc.array(node, { maxLength: 4 })),
      links: or(fc.array(or(fc.record({ from: smallJson, to: smallJson }, { requiredKeys: [] })), { maxLength: 3 })),
      edges: or(fc.array(or(fc.record({ id: or(ident), source: or(ident), sourcePort: or(ident), target: or(ident), targetPort: or(ident) }, { requiredKeys: [] })), { maxLength: 3 })),
      groups: or(fc.array(smallJson, { maxLength: 2 })),
      settings: smallJson,
      training: or(smallObject),
      name: smallJson,
    }, { requiredKeys: [] });
    // Deeply nested JSON text: the reader must refuse it with a message, not overflow the stack.
    // (Generated as a depth so a counterexample prints as a number, not as 100,000 brackets.)
    const deepText = fc.integer({ min: 10, max: 100_000 }).map((depth) => ({ depth }));
    const input = fc.oneof({ weight: 16, arbitrary: doc }, { weight: 2, arbitrary: smallJson }, { weight: 2, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 1, arbitrary: deepText });
    check(fc.property(input, (generated) => {
      const d = (generated as { depth?: unknown })?.depth;
      const input = typeof d === 'number' ? `{"schemaVersion":2,"nodes":[],"x":${'['.repeat(d)}${']'.repeat(d)}}` : generated;
      const frozen = typeof input === 'object' && input !== null ? deepFreeze(JSON.parse(JSON.stringify(input))) : input;
      const before = JSON.stringify(frozen);
      runCase(tally, () => parseGraph(frozen), isGraphError, () => expect(JSON.stringify(frozen)).toBe(before));
    }), 802);
    tally.expectBoth(100);
  });

  it('inside a project with the graph hooks installed, any graph gives a project or a ProjectError (2,000)', () => {
    const tally = new Tally();
    check(fc.property(fc.oneof(v1Graph, smallObject, fc.constant({ schemaVersion: 1, nodes: [null] }), fc.constant({ version: 1, links: [null] })), (graph) => {
      const bytes = projectZip(v2Json({ graph }));
      runCase(tally, () => loadProject(bytes, { graph: GRAPH_DOCUMENT_HOOKS }), (e) => (e instanceof ProjectError ? e.code : null), snapshotBytes(bytes));
    }), 803, 2000);
    tally.expectBoth(100);
  });
});

describe('graph reader: minimal inputs the fuzzer found', () => {
  it('null entries in a v1 document and very deep nesting are GraphFileErrors, not TypeError / RangeError', () => {
    const cases: [string, unknown][] = [
      ['v1 nodes: [null]', { version: 1, nodes: [null], links: [] }],
      ['v1 links: [null]', { version: 1, nodes: [], links: [null] }],
      ['JSON text nested 5,000 deep', `{"schemaVersion":2,"nodes":[],"x":${'['.repeat(5000)}${']'.repeat(5000)}}`],
    ];
    const untyped: string[] = [];
    for (const [name, input] of cases) {
      try {
        parseGraph(input);
      } catch (e) {
        if (!(e instanceof GraphFileError)) untyped.push(`${name} → ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    expect(untyped, 'parseGraph (core/graph/schema.ts, migrations.ts) must throw GraphFileError for these').toEqual([]);
  });
});
