// CTCLoss in the graph compiler, on a small controlled setup (T = 12 steps, label sequences up to 3 long) rather than
// the 28×112 digit_strings images: a hand-made Data spec with sequence labels and a hand-made Permute spec (over the real Permute module)
// are registered for this file only. Expected decodings are worked out by hand; the loss is checked in real PyTorch.
import { describe, expect, it } from 'vitest';
import * as A from '../../core/graph/actions.ts';
import { torch } from '../../core/index.ts';
import { CATALOGUE, type NodeSpec } from '../../core/graph/catalogue/index.ts';
import { validate } from '../../core/graph/validate.ts';
import { compile } from '../../core/graph/compile.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import { countCorrect } from '../../core/graph/trainer.ts';
import { ctcGreedyCorrect } from '../../core/graph/targets.ts';
import { CTC_GREEDY_PY } from '../../core/graph/codegen-loss.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import type { GraphDocument, ParamValue } from '../../core/graph/types.ts';
import { proveAll } from './proof.ts';
import { requireTorch, runPython } from './torch.ts';

/** x: N×4×12 (4 features over 12 steps); y: label sequences of up to 3 digits, stored 1…10, padded with 0. */
const TestSeqData: NodeSpec = {
  kind: 'TestSeqData', category: 'Data', title: 'test sequences', description: 'test', formula: 'test', torchClass: '', namePrefix: 'data',
  inputs: [],
  outputs: [{ name: 'x', kind: 'tensor', help: 'x' }, { name: 'y', kind: 'labels', help: 'y' }],
  params: [{ name: 'dataset', type: 'enum', default: 'xor', options: ['xor'], help: 'for the code generator' }],
  infer: () => ({ outputs: { x: { shape: [-1, 4, 12] }, y: { shape: [-1, 3], labels: { format: 'sequence', numClasses: 10 } } } }),
};

const TestPermute: NodeSpec = {
  kind: 'TestPermute', category: 'Reshape', title: 'test permute', description: 'test', formula: 'test', torchClass: '', namePrefix: 'perm',
  inputs: [{ name: 'input', kind: 'tensor', help: 'in' }], outputs: [{ name: 'output', kind: 'tensor', help: 'out' }],
  params: [{ name: 'dims', type: 'ints', default: [2, 0, 1], help: 'order' }],
  infer(ctx) {
    const x = ctx.inputs.input[0];
    return { outputs: { output: { shape: (ctx.params.dims as number[]).map((d) => x.shape[d]) } } };
  },
  module: (p) => ({ cls: 'Permute', custom: true, args: [{ name: 'dims', value: p.dims }] }),
};

Object.assign(CATALOGUE as Record<string, NodeSpec>, { TestSeqData, TestPermute });

/** data → Conv1d(4 → channels, k3, pad 1) → Permute(2, 0, 1) → LogSoftmax(2) → CTCLoss ← data.y. */
function ctcGraph(o: { channels?: number; dims?: number[]; logSoftmax?: boolean; loss?: Record<string, ParamValue>; stride?: number } = {}): GraphDocument {
  let doc = A.emptyGraph('ctc');
  const add = (kind: string, id: string, params: Record<string, ParamValue> = {}) => { doc = A.addNode(doc, kind, { x: 0, y: 0 }, { id, name: id, params }); };
  const wire = (source: string, sourcePort: string, target: string, targetPort: string) => { doc = A.connect(doc, { source, sourcePort, target, targetPort }); };
  add('TestSeqData', 'data');
  add('Conv1d', 'conv', { out_channels: o.channels ?? 11, kernel_size: 3, padding: 1, stride: o.stride ?? 1 });
  add('TestPermute', 'perm', { dims: o.dims ?? [2, 0, 1] });
  add('CTCLoss', 'loss', o.loss ?? {});
  add('Adam', 'opt');
  wire('data', 'x', 'conv', 'input');
  wire('conv', 'output', 'perm', 'input');
  if (o.logSoftmax ?? true) {
    add('LogSoftmax', 'logp', { dim: 2 });
    wire('perm', 'output', 'logp', 'input');
    wire('logp', 'output', 'loss', 'log_probs');
  } else {
    wire('perm', 'output', 'loss', 'log_probs');
  }
  wire('data', 'y', 'loss', 'targets');
  wire('loss', 'loss', 'opt', 'loss');
  return doc;
}

const errors = (doc: GraphDocument) => validate(doc).diagnostics.filter((d) => d.severity === 'error');
const seq = (rows: number[][]) => torch.tensor(rows, { dtype: 'int64' });

describe('CTCLoss', () => {
  it('validates a T×N×C log-prob network against sequence labels: transform ctc, greedy accuracy', () => {
    const a = validate(ctcGraph());
    expect(a.diagnostics).toEqual([]);
    expect(a.target).toEqual({ transform: 'ctc', accuracy: 'ctc_greedy', warnings: [] });
    expect(a.nodes.logp.outputs.output.shape).toEqual([12, -1, 11]);
  });

  it('lossArgs: (log_probs, targets, input_lengths = T for every sample, target_lengths from the padding)', () => {
    const c = compile(ctcGraph());
    const logp = c.outputsOf(c.model.call(torch.randn([2, 4, 12])));
    expect(logp[0].shape).toEqual([12, 2, 11]);
    const y = seq([[3, 1, 0], [2, 2, 5]]);
    const [lp, targets, inputLengths, targetLengths] = c.lossArgs(logp, y);
    expect(lp).toBe(logp[0]);
    expect(targets.tolist()).toEqual([[3, 1, 0], [2, 2, 5]]);
    expect(inputLengths.dtype).toBe('int64');
    expect(inputLengths.tolist()).toEqual([12, 12]);
    expect(targetLengths.tolist()).toEqual([2, 3]);
    expect(Number.isFinite((c.loss.call(...c.lossArgs(logp, y)) as Tensor).item())).toBe(true);
  });

  it('greedy decoding merges repeats, drops blanks, and counts whole-sequence matches (hand-made paths)', () => {
    // Best class per step (T = 6) for 3 samples: [1,1,0,2,2,0] → 1 2; [3,0,3,3,0,0] → 3 3; [4,4,4,0,0,0] → 4.
    const paths = [[1, 1, 0, 2, 2, 0], [3, 0, 3, 3, 0, 0], [4, 4, 4, 0, 0, 0]];
    const lp = torch.full([6, 3, 11], -5);
    paths.forEach((p, n) => p.forEach((k, t) => lp.narrow(0, t, 1).narrow(1, n, 1).narrow(2, k, 1).fill_(0)));
    const labels = seq([[1, 2, 0], [3, 3, 0], [4, 4, 0]]);
    expect(ctcGreedyCorrect(lp, labels)).toBe(2);
    const c = compile(ctcGraph());
    expect(countCorrect(c, [lp], labels)).toBe(2);
    requireTorch();
    const py = `import torch\n${CTC_GREEDY_PY}\nlp = torch.full((6, 3, 11), -5.0)\n` +
      `for n, p in enumerate(${JSON.stringify(paths)}):\n    for t, k in enumerate(p):\n        lp[t, n, k] = 0\n` +
      `print(ctc_greedy_correct(lp, torch.tensor([[1, 2, 0], [3, 3, 0], [4, 4, 0]])))`;
    expect(runPython(py).trim()).toBe('2');
  });

  it('diagnostics: wrong label kind, batch-first input, class count, blank, too few steps, no LogSoftmax', () => {
    const msg = (doc: GraphDocument) => errors(doc).map((d) => d.message);
    expect(msg(ctcGraph({ dims: [0, 2, 1] }))).toEqual(["CTCLoss 'loss' expects log-probabilities T×N×C (time first, the batch second) but receives N×12×11."]);
    expect(msg(ctcGraph({ channels: 10 }))).toEqual(["CTCLoss 'loss' needs 11 scores per time step (the 10 classes + the blank) but receives 10."]);
    const blank = errors(ctcGraph({ loss: { blank: 10 } }));
    expect(blank.map((d) => [d.message, d.param, d.fix])).toEqual([["CTCLoss 'loss' has blank = 10, but sequence labels use 0 for the blank (and the padding) and store the classes as 1…10.", 'blank', 'Set blank to 0.']]);
    expect(msg(ctcGraph({ stride: 6 }))).toEqual(["CTCLoss 'loss' gets only 2 time steps, but label sequences can be 3 long: CTC needs at least one step per label (more when a label repeats)."]);
    const noLog = validate(ctcGraph({ logSoftmax: false })).diagnostics;
    expect(noLog.map((d) => [d.severity, d.message])).toEqual([['warning', "CTCLoss 'loss' expects log-probabilities, but its input does not come from a LogSoftmax."]]);
    let doc = A.removeNodes(ctcGraph(), ['data', 'conv']);
    doc = A.addNode(doc, 'Dataset', { x: 0, y: 0 }, { id: 'data', name: 'data', params: { dataset: 'mnist' } });
    doc = A.setParam(doc, 'perm', 'dims', [2, 0, 1, 3]);
    doc = A.connect(doc, { source: 'data', sourcePort: 'x', target: 'perm', targetPort: 'input' });
    doc = A.connect(doc, { source: 'data', sourcePort: 'y', target: 'loss', targetPort: 'targets' });
    expect(msg(doc)).toEqual(["CTCLoss 'loss' needs label sequences (several classes per sample, such as the digit_strings dataset), but the dataset has one class per sample."]);
  });

  it('generated code: Permute helper, loss_args with the lengths, greedy accuracy helper', () => {
    const py = generate_pytorch(ctcGraph());
    expect(py).toContain('class Permute(nn.Module):');
    expect(py).toContain('("perm", Permute((2, 0, 1))),');
    expect(py).toContain('    targets, target_lengths = to_target(y)\n');
    expect(py).toContain('    return out, targets, input_lengths, target_lengths\n');
    expect(py).toContain('right = ctc_greedy_correct(pred, yb)');
  });

  it('real PyTorch: the generated model with our weights gives the same log-probs and the same CTC loss', () => {
    requireTorch();
    proveAll([['ctc', ctcGraph()], ['ctc sum, zero_infinity', ctcGraph({ loss: { reduction: 'sum', zero_infinity: true } })]]);
  });
});
