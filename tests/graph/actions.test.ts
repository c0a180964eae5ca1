import { describe, expect, it } from 'vitest';
import * as A from '../../core/graph/actions.ts';
import { validate } from '../../core/graph/validate.ts';
import { chainGraph, deepFreeze } from './helpers.ts';

describe('graph edit actions are pure', () => {
  const base = deepFreeze(chainGraph({ dataset: 'xor' }, [['fc1', 'Linear', { out_features: 4 }], ['act', 'ReLU'], ['fc2', 'Linear', { out_features: 2 }]]));

  it('addNode gives defaults and a fresh unique name', () => {
    const d1 = A.addNode(base, 'Linear', { x: 5, y: 6 });
    const added = d1.nodes[d1.nodes.length - 1];
    expect(added).toMatchObject({ kind: 'Linear', name: 'fc3', params: { in_features: 'auto', out_features: 10, bias: true }, position: { x: 5, y: 6 } });
    expect(new Set(d1.nodes.map((n) => n.id)).size).toBe(d1.nodes.length);
    expect(base.nodes).toHaveLength(6);
    expect(() => A.addNode(base, 'Nope', { x: 0, y: 0 })).toThrow('Unknown node kind "Nope".');
  });

  it('removeNodes drops the nodes and their edges', () => {
    const d = A.removeNodes(base, ['act']);
    expect(d.nodes.map((n) => n.id)).not.toContain('act');
    expect(d.edges.some((e) => e.source === 'act' || e.target === 'act')).toBe(false);
    expect(d.edges).toHaveLength(base.edges.length - 2);
  });

  it('connect replaces the wire of a single-input port, keeps several on a merge port, and checks ports', () => {
    const d = A.connect(base, { source: 'data', sourcePort: 'x', target: 'fc2', targetPort: 'input' });
    expect(d.edges.filter((e) => e.target === 'fc2')).toEqual([expect.objectContaining({ source: 'data' })]);
    expect(A.connect(d, { source: 'data', sourcePort: 'x', target: 'fc2', targetPort: 'input' })).toBe(d);
    expect(() => A.connect(base, { source: 'fc1', sourcePort: 'out', target: 'act', targetPort: 'input' }))
      .toThrow('Linear \'fc1\' has no output port "out" (it has: output).');
    expect(() => A.connect(base, { source: 'fc1', sourcePort: 'output', target: 'fc1', targetPort: 'input' })).toThrow(/to itself/);
    let m = A.addNode(base, 'Add', { x: 0, y: 0 }, { id: 'add' });
    m = A.connect(m, { source: 'fc1', sourcePort: 'output', target: 'add', targetPort: 'inputs' });
    m = A.connect(m, { source: 'act', sourcePort: 'output', target: 'add', targetPort: 'inputs' });
    expect(m.edges.filter((e) => e.target === 'add')).toHaveLength(2);
    expect(A.disconnect(m, [m.edges[m.edges.length - 1].id]).edges).toHaveLength(m.edges.length - 1);
  });

  it('setParam, rename and moveNodes change only their target', () => {
    const d = A.setParam(base, 'fc1', 'out_features', 16);
    expect(d.nodes.find((n) => n.id === 'fc1')!.params.out_features).toBe(16);
    expect(d.nodes.find((n) => n.id === 'fc2')).toBe(base.nodes.find((n) => n.id === 'fc2'));
    expect(() => A.setParam(base, 'fc1', 'kernel_size', 3)).toThrow(/has no parameter "kernel_size"/);
    expect(A.rename(base, 'fc1', 'hidden').nodes.find((n) => n.id === 'fc1')!.name).toBe('hidden');
    expect(() => A.rename(base, 'fc1', 'fc2')).toThrow("The name 'fc2' is already used; every node and block needs its own name.");
    expect(() => A.rename(base, 'fc1', '2fast')).toThrow(/not a valid Python identifier/);
    expect(() => A.rename(base, 'fc1', 'lambda')).toThrow(/Python keyword/);
    expect(() => A.rename(base, 'fc1', 'forward')).toThrow(/reserved/);
    expect(A.moveNodes(base, { fc1: { x: 9, y: 9 } }).nodes.find((n) => n.id === 'fc1')!.position).toEqual({ x: 9, y: 9 });
  });

  it('group and ungroup nest blocks and restore the flat graph', () => {
    const g = A.group(base, ['fc1', 'act'], 'encoder', 'g1');
    expect(g.groups).toEqual([{ id: 'g1', name: 'encoder' }]);
    expect(g.nodes.filter((n) => n.group === 'g1').map((n) => n.id)).toEqual(['fc1', 'act']);
    const inner = A.group(g, ['act'], 'inner', 'g2');
    expect(inner.groups[1]).toEqual({ id: 'g2', name: 'inner', parent: 'g1' });
    expect(validate(inner).ok).toBe(true);
    const flat = A.ungroup(A.ungroup(inner, 'g2'), 'g1');
    expect(flat.groups).toEqual([]);
    expect(flat.nodes).toEqual(base.nodes);
    expect(() => A.group(g, ['fc1', 'fc2'])).toThrow('Only nodes inside the same block can be grouped together.');
    expect(A.removeNodes(g, ['fc1', 'act']).groups).toEqual([]);
  });

  it('setTraining patches the settings', () => {
    expect(A.setTraining(base, { epochs: 9 }).training).toEqual({ ...base.training, epochs: 9 });
  });
});
