import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseGraph, serializeGraph, GraphFileError, migrate } from '../../core/graph/schema.ts';
import { GRAPH_SCHEMA_VERSION } from '../../core/graph/types.ts';
import { validate } from '../../core/graph/validate.ts';

const v1Text = readFileSync(new URL('./fixtures/xor-v1.json', import.meta.url), 'utf8');

describe('graph file schema and migrations', () => {
  it('migrates a v1 document (renamed fields, "node:port" links, camelCase settings) to the current schema', () => {
    const { doc, migratedFrom } = parseGraph(v1Text);
    expect(migratedFrom).toBe(1);
    expect(doc.schemaVersion).toBe(GRAPH_SCHEMA_VERSION);
    expect(doc.name).toBe('XOR from the v1 prototype');
    expect(doc.nodes[1]).toEqual({ id: 'l1', kind: 'Linear', name: 'hidden', params: { out_features: 8 }, position: { x: 0, y: 100 } });
    expect(doc.nodes[2].params).toEqual({});
    // Links without a port get the default ports (output → input).
    expect(doc.edges[1]).toEqual({ id: 'e2', source: 'l1', sourcePort: 'output', target: 't', targetPort: 'input' });
    expect(doc.edges[4]).toEqual({ id: 'e5', source: 'd', sourcePort: 'y', target: 'ce', targetPort: 'target' });
    expect(doc.training).toEqual({ epochs: 7, batch_size: 16, validation_split: 0.25, seed: 3, lr: 0.05 });
    expect(doc.groups).toEqual([]);
    expect(validate(doc).ok).toBe(true);
  });

  it('never mutates its input, and the current version migrates to itself', () => {
    const json = JSON.parse(v1Text);
    const before = JSON.stringify(json);
    parseGraph(json);
    expect(JSON.stringify(json)).toBe(before);
    const { doc } = parseGraph(v1Text);
    const again = parseGraph(serializeGraph(doc));
    expect(again.migratedFrom).toBeNull();
    expect(again.doc).toEqual(doc);
  });

  it('refuses newer versions, malformed JSON and non-graphs with a clear message', () => {
    const newer = () => parseGraph(JSON.stringify({ schemaVersion: GRAPH_SCHEMA_VERSION + 1, nodes: [] }));
    expect(newer).toThrow(GraphFileError);
    expect(newer).toThrow(`This graph was saved with schema version ${GRAPH_SCHEMA_VERSION + 1}, but this Netsketch only understands up to version ${GRAPH_SCHEMA_VERSION}. Update Netsketch to open it.`);
    expect(() => parseGraph('{"schemaVersion": 2, "nodes": [')).toThrow(/^The graph file is not valid JSON: /);
    expect(() => parseGraph('[1, 2]')).toThrow('A graph file must contain a JSON object, not an array.');
    expect(() => parseGraph('{"nodes": []}')).toThrow(/no valid "schemaVersion"/);
    expect(() => parseGraph('{"schemaVersion": 2}')).toThrow('The graph file has no "nodes" array.');
    expect(() => parseGraph('{"schemaVersion": 2, "nodes": [{"id": "a", "kind": "ReLU"}, {"id": "a", "kind": "ReLU"}]}'))
      .toThrow('Two nodes share the id "a"; ids must be unique.');
    expect(() => parseGraph('{"schemaVersion": 2, "nodes": [], "training": {"epochs": 0}}')).toThrow('training.epochs must be a whole number ≥ 1, got 0.');
  });

  it('property: any v1 document either migrates to a structurally valid document or is refused with a GraphFileError', () => {
    const v1Node = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }), type: fc.constantFrom('Linear', 'ReLU', 'Dataset', 'Bogus'),
      label: fc.string({ maxLength: 6 }), x: fc.integer(), y: fc.integer(), data: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })),
    });
    const v1Doc = fc.record({
      version: fc.constant(1), title: fc.string(), nodes: fc.array(v1Node, { maxLength: 6 }),
      links: fc.array(fc.record({ from: fc.string({ maxLength: 6 }), to: fc.string({ maxLength: 6 }) }), { maxLength: 6 }),
      settings: fc.record({ epochs: fc.integer({ min: 1, max: 9 }), batchSize: fc.integer({ min: 1, max: 9 }) }),
    });
    fc.assert(fc.property(v1Doc, (d) => {
      const frozen = JSON.stringify(d);
      try {
        const { doc } = parseGraph(d);
        expect(doc.schemaVersion).toBe(GRAPH_SCHEMA_VERSION);
        expect(parseGraph(serializeGraph(doc)).doc).toEqual(doc);
        expect(() => validate(doc)).not.toThrow();
      } catch (e) {
        expect(e).toBeInstanceOf(GraphFileError);
      }
      expect(JSON.stringify(d)).toBe(frozen);
    }), { numRuns: 300 });
  });

  it('migrate() is deterministic', () => {
    const json = JSON.parse(v1Text);
    expect(migrate(json, 1)).toEqual(migrate(json, 1));
  });
});
