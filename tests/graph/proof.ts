// The PyTorch proof harness: compile a graph, write the generated Python, our weights and a fixed batch with our
// outputs; one Python process then checks many graphs (strict load, outputs within 1e-5, loss, optimizer, schedule).
import { expect } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { torch } from '../../core/index.ts';
import { compile } from '../../core/graph/compile.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import { save, save_weights } from '../../core/serialize/index.ts';
import { one_hot } from '../../core/ops/composite.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import type { GraphDocument } from '../../core/graph/types.ts';
import { runPython } from './torch.ts';

/** OneCycleLR needs the batches per epoch; ReduceLROnPlateau a metric per epoch (a plateau, so patience 0–2 lowers the lr). */
const STEPS_PER_EPOCH = 3;
const PLATEAU_METRICS = [1, 1, 1, 1];

export const SCRIPT = `
import importlib.util, json, sys, torch
STEPS_PER_EPOCH = ${STEPS_PER_EPOCH}
PLATEAU_METRICS = ${JSON.stringify(PLATEAU_METRICS)}
results = []
for d in sys.argv[1:]:
    spec = importlib.util.spec_from_file_location("generated", d + "/model.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    torch.manual_seed(0)
    net = gen.Net()
    sd = torch.load(d + "/weights.pt", weights_only=True)
    net.load_state_dict(sd, strict=True)
    net.eval()
    io = torch.load(d + "/io.pt", weights_only=True)
    with torch.no_grad():
        out = net(io["x"])
        loss = gen.make_loss()(*gen.loss_args(out, io["labels"])).item()
    outs = out if isinstance(out, tuple) else (out,)
    opt, sched = gen.make_optimizer(net, steps_per_epoch=STEPS_PER_EPOCH)
    group = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opt.param_groups[0].items() if k != "params"}
    lrs = []
    if sched is not None:
        for i in range(4):
            opt.step()
            if type(sched).__name__ == "ReduceLROnPlateau":
                sched.step(PLATEAU_METRICS[i])
            else:
                sched.step()
            lrs.append(opt.param_groups[0]["lr"])
    results.append({
        "keys_in_order": list(net.state_dict().keys()) == list(sd.keys()),
        "keys": list(net.state_dict().keys()),
        "n_out": len(outs),
        "max_diff": max((o - io["y%d" % i]).abs().max().item() for i, o in enumerate(outs)),
        "shape": [list(o.shape) for o in outs],
        "loss": loss,
        "optimizer": type(opt).__name__,
        "group": group,
        "lrs": lrs,
    })
print(json.dumps(results))
`;

/**
 * Gives normalisation layers non-trivial statistics and affine parameters (fresh ones are 0/1), so eval-mode
 * BatchNorm is really exercised; weights keep PyTorch's default initialisation scale.
 */
function randomiseNorms(sd: Map<string, Tensor>): void {
  torch.manual_seed(1234);
  torch.no_grad(() => {
    for (const [k, t] of sd) {
      if (!/(^|\.)bn[^.]*\.(weight|bias|running_mean|running_var)$/.test(k)) continue;
      const r = torch.randn([...t.shape]).mul(0.2);
      t.copy_(k.endsWith('running_var') || k.endsWith('weight') ? r.abs().add(0.8) : r);
    }
  });
}

/** Padded sequence labels [n, s]: lengths 1…s, classes stored +1 (1…k), 0 as padding (CTC's blank). */
function sequenceLabels(n: number, s: number, k: number): Tensor {
  const lengths = torch.randint(1, s + 1, [n]).tolist() as number[];
  const values = torch.randint(1, k + 1, [n, s]).tolist() as number[][];
  const flat = values.flatMap((row, i) => row.map((v, j) => (j < lengths[i] ? v : 0)));
  return torch.tensor(flat, { dtype: 'int64' }).reshape([n, s]);
}

/** Compiles `doc`, writes generated code, weights and a fixed batch with our outputs; returns the checker. */
export function prepare(doc: GraphDocument, label: string): { dir: string; check(r: Record<string, any>): void } {
  const c = compile(doc, { stepsPerEpoch: STEPS_PER_EPOCH });
  randomiseNorms(c.model.state_dict());
  c.model.eval();
  torch.manual_seed(99);
  // Token datasets feed int64 indices below the vocabulary size (ValueInfo.indexBound) instead of float samples.
  const xInfo = c.analysis.nodes[c.input.nodeId].outputs.x!;
  const x = xInfo.dtype === 'int64' ? torch.randint(0, xInfo.indexBound ?? 2, [5, ...c.input.sampleShape]) : torch.randn([5, ...c.input.sampleShape]);
  const k = c.input.numClasses;
  const idx = torch.randint(0, Math.max(k, 1), [5]);
  const format = c.analysis.nodes[c.input.nodeId].outputs.y!.labels!.format;
  const yShape = c.analysis.nodes[c.input.nodeId].outputs.y!.shape;
  const labels = format === 'regression' ? torch.randn([5, 1]) : format === 'one_hot' ? one_hot(idx, k).to('float32')
    : format === 'sequence' ? sequenceLabels(5, yShape[1], k) : idx;
  const ys = c.outputsOf(torch.no_grad(() => c.model.call(x)));
  const ourLoss = (torch.no_grad(() => c.loss.call(...c.lossArgs(ys, labels))) as Tensor).item();
  const dir = mkdtempSync(join(tmpdir(), `ns-proof-${label.replace('.json', '').replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40)}-`));
  writeFileSync(join(dir, 'model.py'), generate_pytorch(doc));
  writeFileSync(join(dir, 'weights.pt'), save_weights(c.model));
  writeFileSync(join(dir, 'io.pt'), save(new Map<string, Tensor>([['x', x], ...ys.map((t, i): [string, Tensor] => [`y${i}`, t]), ['labels', labels]])));
  return {
    dir,
    check(r) {
      expect(r.keys, label).toEqual([...c.model.state_dict().keys()]);
      if (label === 'nested blocks') expect(r.keys).toContain('outer.inner.conv_b.weight');
      expect(r.keys_in_order, label).toBe(true);
      expect(r.n_out, label).toBe(ys.length);
      expect(r.shape, label).toEqual(ys.map((t) => [...t.shape]));
      expect(r.max_diff, label).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(r.loss - ourLoss), `${label} loss ${r.loss} vs ${ourLoss}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ourLoss)));
      expect(r.optimizer, label).toBe(c.optimizer.constructor.name);
      const ours = c.optimizer.param_groups[0] as Record<string, unknown>;
      for (const [key, v] of Object.entries(r.group as Record<string, unknown>)) {
        if (key in ours && v !== null && typeof v !== 'object') expect(ours[key], `${label} optimizer ${key}`).toEqual(v);
        if (Array.isArray(v)) expect(ours[key], `${label} optimizer ${key}`).toEqual(v);
      }
      if (c.scheduler) {
        const lrs: number[] = [];
        for (let i = 0; i < 4; i++) {
          c.optimizer.step();
          c.stepSchedule('batch');
          c.stepSchedule('epoch', { trainLoss: PLATEAU_METRICS[i], trainAccuracy: null });
          lrs.push(c.optimizer.param_groups[0].lr);
        }
        lrs.forEach((v, i) => expect(v, `${label} lr after ${i + 1} steps`).toBeCloseTo(r.lrs[i], 12));
      } else {
        expect(r.lrs, label).toEqual([]);
      }
    },
  };
}

/** Prepares every graph, runs one Python process over all of them, and checks each. */
export function proveAll(cases: Array<[label: string, doc: GraphDocument]>): void {
  const prepared = cases.map(([label, doc]) => prepare(doc, label));
  const results = JSON.parse(runPython(SCRIPT, prepared.map((c) => c.dir))) as unknown[];
  expect(results).toHaveLength(prepared.length);
  prepared.forEach((c, i) => c.check(results[i] as Record<string, any>));
}
