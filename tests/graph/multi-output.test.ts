// Nodes with several tensor outputs inside the model (MaxPool2d's `indices` feeding MaxUnpool2d), tested with two
// hand-made specs registered for this file only, so the mechanism is proven independently of the pooling catalogue.
import { describe, expect, it } from 'vitest';
import * as A from '../../core/graph/actions.ts';
import { torch } from '../../core/index.ts';
import { CATALOGUE, type NodeSpec, type ValueInfo } from '../../core/graph/catalogue/index.ts';
import { validate } from '../../core/graph/validate.ts';
import { buildPlan } from '../../core/graph/plan.ts';
import { compile } from '../../core/graph/compile.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import type { GraphDocument } from '../../core/graph/types.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { chainGraph } from './helpers.ts';
import { proveAll } from './proof.ts';
import { requireTorch } from './torch.ts';

const half = (s: number[]) => [s[0], s[1], Math.floor(s[2] / 2), Math.floor(s[3] / 2)];

/** nn.MaxPool2d(2, return_indices=…) with an `indices` output that exists only when return_indices is on. */
const TestPoolIdx: NodeSpec = {
  kind: 'TestPoolIdx', category: 'Pooling', title: 'test pool', description: 'test', formula: 'test', torchClass: 'nn.MaxPool2d',
  namePrefix: 'tpool',
  inputs: [{ name: 'input', kind: 'tensor', help: 'in' }],
  outputs: [
    { name: 'output', kind: 'tensor', help: 'out' },
    { name: 'indices', kind: 'tensor', help: 'where the maxima were', visibleWhen: { param: 'return_indices', oneOf: [true] } },
  ],
  params: [{ name: 'return_indices', type: 'bool', default: true, help: 'Also return the indices.' }],
  infer(ctx) {
    const x = ctx.inputs.input[0];
    const outputs: Record<string, ValueInfo> = { output: { shape: half(x.shape) } };
    if (ctx.params.return_indices) outputs.indices = { shape: half(x.shape), dtype: 'int64' };
    return { outputs };
  },
  module: (p) => ({ cls: 'MaxPool2d', args: [{ name: 'kernel_size', value: 2, pyKw: true }, { name: 'return_indices', value: p.return_indices, kw: true, default: false }] }),
};

/** nn.MaxUnpool2d(2): forward(input, indices). */
const TestUnpool: NodeSpec = {
  kind: 'TestUnpool', category: 'Pooling', title: 'test unpool', description: 'test', formula: 'test', torchClass: 'nn.MaxUnpool2d',
  namePrefix: 'tunpool',
  inputs: [{ name: 'input', kind: 'tensor', help: 'in' },
    { name: 'indices', kind: 'tensor', help: 'indices', indices: { what: 'puts values back where the indices say', fix: "Connect a pool's indices." } }],
  outputs: [{ name: 'output', kind: 'tensor', help: 'out' }],
  params: [],
  infer(ctx) {
    const x = ctx.inputs.input[0];
    return { outputs: { output: { shape: [x.shape[0], x.shape[1], x.shape[2] * 2, x.shape[3] * 2] } } };
  },
  module: () => ({ cls: 'MaxUnpool2d', args: [{ name: 'kernel_size', value: 2 }] }),
};

Object.assign(CATALOGUE as Record<string, NodeSpec>, { TestPoolIdx, TestUnpool });

/** data → conv → pool ─output→ unpool → flatten → fc → CrossEntropy, with pool ─indices→ unpool. */
function unpoolGraph(): GraphDocument {
  let doc = chainGraph({ dataset: 'mnist' }, [
    ['conv', 'Conv2d', { out_channels: 2, kernel_size: 3, padding: 1 }], ['pool', 'TestPoolIdx'], ['unpool', 'TestUnpool'],
    ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }],
  ]);
  doc = A.connect(doc, { source: 'pool', sourcePort: 'indices', target: 'unpool', targetPort: 'indices' });
  return doc;
}

describe('nodes with several outputs', () => {
  it('validates, marks the indices as int64, and plans a tuple-returning step (never a Sequential)', () => {
    const doc = unpoolGraph();
    const a = validate(doc);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.nodes.pool.outputs.indices).toEqual({ shape: [-1, 2, 14, 14], dtype: 'int64' });
    const plan = buildPlan(doc, a);
    expect(plan.sequential).toBe(false);
    const pool = plan.steps.find((s) => s.unit.name === 'pool')!;
    const unpool = plan.steps.find((s) => s.unit.name === 'unpool')!;
    expect(pool.outputs).toEqual(['pool', 'pool_indices']);
    expect(unpool.inputs).toEqual(['pool', 'pool_indices']);
    expect(plan.outputs).toEqual(['fc']);
  });

  it('compiles to a model that unpools with the indices (hand-checked on the first window)', () => {
    const c = compile(unpoolGraph());
    torch.manual_seed(3);
    const x = torch.randn([2, 1, 28, 28]);
    const seen: Tensor[] = [];
    c.model._modules.get('unpool')!.register_forward_hook((_m: unknown, args: Tensor[]) => { seen.push(...args); });
    const out = torch.no_grad(() => c.model.call(x)) as Tensor;
    expect(out.shape).toEqual([2, 10]);
    expect(seen[1].dtype).toBe('int64');
    // The first 2×2 window of channel 0: the index of its maximum in the 28×28 plane, as MaxPool2d defines it.
    const conv = torch.no_grad(() => c.model._modules.get('conv')!.call(x)) as Tensor;
    const w = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([i, j]) => ({ v: conv.tolist()[0][0][i][j] as number, at: i * 28 + j }));
    const best = w.reduce((m, e) => (e.v > m.v ? e : m));
    expect(seen[1].tolist()[0][0][0][0]).toBe(best.at);
  });

  it('generates `pool, pool_indices = self.pool(conv)` and unpacks in the forward', () => {
    const py = generate_pytorch(unpoolGraph());
    expect(py).toContain('        pool, pool_indices = self.pool(conv)\n');
    expect(py).toContain('        unpool = self.unpool(pool, pool_indices)\n');
    expect(py).toContain('nn.MaxPool2d(kernel_size=2, return_indices=True)');
  });

  it('real PyTorch runs the generated model with our weights to the same outputs and loss', () => {
    requireTorch();
    proveAll([['unpool with indices', unpoolGraph()]]);
  });

  it('inside a block: the nested module unpacks the tuple too, and PyTorch agrees', () => {
    const doc = A.group(unpoolGraph(), ['pool', 'unpool'], 'blk', 'g1');
    expect(validate(doc).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const py = generate_pytorch(doc);
    expect(py).toContain('        pool, pool_indices = self.pool(x)\n');
    expect(py).toMatch(/class Blk\(nn.Module\):[^]*\("blk", Blk\(\)\)/);
    requireTorch();
    proveAll([['unpool inside a block', doc]]);
  });

  it('an edge from a port hidden by the params is an error that says which switch shows it', () => {
    const doc = A.setParam(unpoolGraph(), 'pool', 'return_indices', false);
    const errs = validate(doc).diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => d.code)).toEqual(['hidden_port']);
    expect(errs[0].message).toBe("TestPoolIdx 'pool' gives indices only when return_indices is on.");
    expect(errs[0].fix).toBe('Turn on return_indices in the inspector, or delete the connection.');
    expect(errs[0].nodeId).toBe('pool');
    expect(errs[0].port).toBe('indices');
  });

  it('with the extra output switched off and unused, a chain is a Sequential again', () => {
    const doc = chainGraph({ dataset: 'mnist' }, [['pool', 'TestPoolIdx', { return_indices: false }], ['flat', 'Flatten'], ['fc', 'Linear', { out_features: 10 }]]);
    const plan = buildPlan(doc);
    expect(plan.sequential).toBe(true);
    expect(plan.steps[0].outputs).toEqual(['pool']);
  });

  it('int64 indices fed to a loss are refused with the port named', () => {
    let doc = chainGraph({ dataset: 'mnist' }, [['pool', 'TestPoolIdx']], 'MSELoss');
    doc = A.connect(doc, { source: 'pool', sourcePort: 'indices', target: 'loss', targetPort: 'input' });
    const errs = validate(doc).diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => [d.code, d.nodeId, d.port])).toEqual([['int64_input', 'loss', 'input']]);
  });

  it('a node named like another node\'s extra output is refused (the generated forward would mix them up)', () => {
    let doc = unpoolGraph();
    doc = A.addNode(doc, 'ReLU', { x: 0, y: 0 }, { id: 'r', name: 'pool_indices' });
    const errs = validate(doc).diagnostics.filter((d) => d.code === 'duplicate_name');
    expect(errs).toHaveLength(1);
    expect(errs[0].nodeId).toBe('r');
    expect(errs[0].message).toBe("ReLU 'pool_indices' has the name the generated code gives to the 'indices' output of TestPoolIdx 'pool'.");
  });
});
