// The proof: for every example graph, the generated PyTorch file builds a model that loads our exported state_dict
// with strict=True and reproduces our outputs on a fixed batch within 1e-5; loss, optimizer hyperparameters and the
// learning-rate schedule agree too.
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { torch } from '../../core/index.ts';
import { parseGraph } from '../../core/graph/schema.ts';
import { compile } from '../../core/graph/compile.ts';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import { save, save_weights } from '../../core/serialize/index.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { requireTorch, runPython } from './torch.ts';

const EXAMPLES = new URL('../../assets/examples/', import.meta.url);
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort();

const SCRIPT = `
import importlib.util, json, sys, torch
d = sys.argv[1]
spec = importlib.util.spec_from_file_location("generated", d + "/model.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
net = gen.Net()
sd = torch.load(d + "/weights.pt", weights_only=True)
net.load_state_dict(sd, strict=True)
net.eval()
io = torch.load(d + "/io.pt", weights_only=True)
with torch.no_grad():
    out = net(io["x"])
    loss = gen.make_loss()(out, gen.to_target(io["labels"])).item()
opt, sched = gen.make_optimizer(net)
group = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opt.param_groups[0].items() if k != "params"}
lrs = []
if sched is not None:
    for _ in range(4):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr()[0])
print(json.dumps({
    "keys_in_order": list(net.state_dict().keys()) == list(sd.keys()),
    "keys": list(net.state_dict().keys()),
    "max_diff": (out - io["y"]).abs().max().item(),
    "shape": list(out.shape),
    "loss": loss,
    "optimizer": type(opt).__name__,
    "group": group,
    "lrs": lrs,
}))
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

describe('generated PyTorch reproduces our outputs with our weights', () => {
  beforeAll(() => requireTorch());

  it('has examples to check', () => {
    expect(files).toEqual(expect.arrayContaining(['xor-mlp.json', 'spirals-mlp.json', 'mnist-mlp.json', 'lenet5-mnist.json',
      'small-cnn-bn-dropout.json', 'residual-block.json', 'two-branch-concat.json']));
  });

  for (const file of files) {
    it(file, () => {
      const { doc } = parseGraph(readFileSync(new URL(file, EXAMPLES), 'utf8'));
      const c = compile(doc);
      randomiseNorms(c.model.state_dict());
      c.model.eval();
      torch.manual_seed(99);
      const x = torch.randn([5, ...c.input.sampleShape]);
      const labels = c.input.numClasses > 0 ? torch.randint(0, c.input.numClasses, [5]) : torch.randn([5, 1]);
      const y = torch.no_grad(() => c.model.call(x)) as Tensor;
      const ourLoss = (torch.no_grad(() => c.loss.call(y, c.toTarget(labels))) as Tensor).item();
      const dir = mkdtempSync(join(tmpdir(), `ns-proof-${file.replace('.json', '')}-`));
      writeFileSync(join(dir, 'model.py'), generate_pytorch(doc));
      writeFileSync(join(dir, 'weights.pt'), save_weights(c.model));
      writeFileSync(join(dir, 'io.pt'), save(new Map<string, Tensor>([['x', x], ['y', y], ['labels', labels]])));
      const r = JSON.parse(runPython(SCRIPT, [dir]));
      expect(r.keys).toEqual([...c.model.state_dict().keys()]);
      expect(r.keys_in_order).toBe(true);
      expect(r.shape).toEqual([...y.shape]);
      expect(r.max_diff).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(r.loss - ourLoss)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ourLoss)));
      expect(r.optimizer).toBe(c.optimizer.constructor.name);
      const ours = c.optimizer.param_groups[0] as Record<string, unknown>;
      for (const [k, v] of Object.entries(r.group as Record<string, unknown>)) {
        if (k in ours && typeof v !== 'object') expect(ours[k], `optimizer ${k}`).toEqual(v);
      }
      expect(ours.lr).toEqual((r.group as Record<string, unknown>).lr);
      if (c.scheduler) {
        const lrs: number[] = [];
        for (let i = 0; i < 4; i++) { c.optimizer.step(); c.scheduler.step(); lrs.push(c.scheduler.get_last_lr()[0]); }
        lrs.forEach((v, i) => expect(v).toBeCloseTo(r.lrs[i], 12));
      } else {
        expect(r.lrs).toEqual([]);
      }
    });
  }
});
