// Shape inference, parameter counts, state_dict keys and printed constructors checked against real PyTorch.
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSpec, defaultParams, GraphIssue } from '../../core/graph/catalogue/index.ts';
import { pythonCall } from '../../core/graph/codegen.ts';
import type { ParamValue } from '../../core/graph/types.ts';
import { requireTorch, runPython } from './torch.ts';

type Case = [kind: string, params: Record<string, ParamValue>, input: number[]];

const CASES: Case[] = [
  ['Conv2d', { out_channels: 8, kernel_size: 3 }, [2, 3, 17, 17]],
  ['Conv2d', { out_channels: 8, kernel_size: 3, stride: 2, padding: 1 }, [2, 3, 17, 17]],
  ['Conv2d', { out_channels: 4, kernel_size: 3, dilation: 2 }, [2, 3, 11, 9]],
  ['Conv2d', { out_channels: 4, kernel_size: [3, 5], stride: [2, 1], padding: [1, 2] }, [2, 3, 10, 10]],
  ['Conv2d', { out_channels: 4, kernel_size: 4, padding: 'same' }, [2, 3, 9, 9]],
  ['Conv2d', { out_channels: 4, kernel_size: 4, padding: 'valid' }, [2, 3, 9, 9]],
  ['Conv2d', { out_channels: 6, kernel_size: 3, groups: 3, bias: false }, [2, 3, 8, 8]],
  ['Conv2d', { out_channels: 6, kernel_size: 3, padding: 1, padding_mode: 'reflect' }, [2, 3, 8, 8]],
  ['Conv2d', { out_channels: 2, kernel_size: 5 }, [2, 3, 4, 4]],
  ['Conv1d', { out_channels: 5, kernel_size: 3, stride: 2 }, [2, 4, 20]],
  ['Conv3d', { out_channels: 4, kernel_size: [1, 3, 3] }, [2, 1, 1, 28, 28]],
  ['Conv3d', { out_channels: 6, kernel_size: 3, stride: [1, 2, 2], padding: [1, 0, 2], dilation: [2, 1, 1] }, [2, 3, 5, 9, 8]],
  ['Conv3d', { out_channels: 4, kernel_size: [2, 3, 4], padding: 'same', groups: 2, bias: false }, [1, 2, 4, 6, 7]],
  ['Conv3d', { out_channels: 4, kernel_size: 2, padding: 'valid', padding_mode: 'replicate' }, [1, 2, 3, 3, 3]],
  ['Conv3d', { out_channels: 2, kernel_size: 3, padding: 1, padding_mode: 'circular' }, [1, 2, 3, 4, 5]],
  ['Conv3d', { out_channels: 2, kernel_size: [3, 1, 1] }, [1, 1, 2, 5, 5]],
  ['ConvTranspose2d', { out_channels: 3, kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }, [2, 4, 7, 7]],
  ['MaxPool2d', { kernel_size: 3, stride: 2 }, [2, 3, 17, 17]],
  ['MaxPool2d', { kernel_size: 2, ceil_mode: true }, [2, 3, 17, 17]],
  ['MaxPool2d', { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true }, [2, 3, 10, 10]],
  ['MaxPool2d', { kernel_size: 2, dilation: 2 }, [2, 3, 9, 9]],
  ['MaxPool2d', { kernel_size: 4 }, [2, 3, 3, 3]],
  ['AvgPool2d', { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true }, [2, 3, 10, 10]],
  ['MaxPool1d', { kernel_size: 3, ceil_mode: true }, [2, 3, 11]],
  ['AdaptiveAvgPool2d', { output_size: [3, 2] }, [2, 3, 10, 7]],
  ['AdaptiveMaxPool2d', { output_size: 1 }, [2, 3, 5, 5]],
  ['Linear', { out_features: 5 }, [2, 3, 7]],
  ['Linear', { out_features: 5, bias: false }, [4, 7]],
  ['BatchNorm1d', {}, [4, 6]],
  ['BatchNorm2d', { affine: false }, [4, 6, 3, 3]],
  ['LayerNorm', {}, [2, 5, 7]],
  ['GroupNorm', { num_groups: 2 }, [2, 4, 3, 3]],
  ['Dropout2d', { p: 0.2 }, [2, 4, 3, 3]],
  ['PReLU', { num_parameters: 3 }, [2, 3, 4]],
  ['Softmax', { dim: 1 }, [2, 3, 4]],
  ['LeakyReLU', { negative_slope: 0.2 }, [2, 3]],
  ['ELU', { alpha: 0.5 }, [2, 3]],
  ['Hardtanh', { min_val: -2, max_val: 2 }, [2, 3]],
  ['Softplus', { beta: 2 }, [2, 3]],
  ['GELU', { approximate: 'tanh' }, [2, 3]],
  ['Flatten', { start_dim: 2 }, [2, 3, 4, 5]],
  ['Unflatten', { dim: 1, unflattened_size: [2, 3, 4] }, [5, 24]],
];

interface Ours { shape: number[] | null; ctor: string | null; params: number; keys: string[] }

function ours([kind, p, input]: Case): Ours {
  const spec = getSpec(kind)!;
  const params = { ...defaultParams(spec), ...p };
  try {
    const r = spec.infer({ node: { id: 'n', kind, name: 'n', params, position: { x: 0, y: 0 } }, params, inputs: { input: [{ shape: input }] }, label: `${kind} 'n'` });
    const resolved = { ...params, ...(r.resolved ?? {}) };
    const ps = spec.parameters?.(resolved) ?? {};
    const bs = spec.buffers?.(resolved) ?? {};
    return {
      shape: r.outputs.output.shape, ctor: `nn.${pythonCall(spec.module!(resolved))}`,
      params: Object.values(ps).reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0),
      keys: [...Object.keys(ps), ...Object.keys(bs)].sort(),
    };
  } catch (e) {
    if (!(e instanceof GraphIssue)) throw e;
    return { shape: null, ctor: null, params: 0, keys: [] };
  }
}

const SCRIPT = `
import json, sys, torch
from torch import nn
cases = json.load(open(sys.argv[1]))
out = []
for c in cases:
    try:
        layer = eval(c["ctor"]) if c["ctor"] else None
        if layer is None:
            # Our inference refused: PyTorch must refuse too. Build the layer from the raw case.
            out.append({"error": True, "refused": c["torch_refuses"]})
            continue
        y = layer(torch.zeros(c["input"]))
        out.append({"shape": list(y.shape), "params": sum(p.numel() for p in layer.parameters()), "keys": sorted(layer.state_dict().keys())})
    except Exception as e:
        out.append({"exception": str(e)})
print(json.dumps(out))
`;

// PyTorch's refusal for the cases we refuse, checked by constructing the layer the obvious way.
const REFUSE_SCRIPT = `
import json, sys, torch
from torch import nn
try:
    eval(sys.argv[1])(torch.zeros(json.loads(sys.argv[2])))
except Exception:
    print("refused")
`;

describe('shape inference equals PyTorch', () => {
  it('for every case: output shape (batch kept), parameter count, state_dict keys; refusals match', () => {
    requireTorch();
    const dir = mkdtempSync(join(tmpdir(), 'ns-shapes-'));
    const mine = CASES.map(ours);
    const payload = CASES.map((c, i) => ({ ctor: mine[i].ctor, input: c[2], torch_refuses: null }));
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(payload));
    const theirs = JSON.parse(runPython(SCRIPT, [join(dir, 'cases.json')])) as Array<Record<string, unknown>>;
    CASES.forEach((c, i) => {
      const m = mine[i];
      const t = theirs[i];
      const input = c[2];
      if (m.shape === null) {
        // We refused: PyTorch must raise for the same layer built with the raw parameters.
        const [kind, p] = c;
        const args = Object.entries(p).map(([k, v]) => `${k}=${JSON.stringify(v).replace(/\[/g, '(').replace(/\]/g, ')')}`).join(', ');
        const inC = input[1];
        const ctor = kind.startsWith('Conv') ? `nn.${kind}(${inC}, ${args})` : `nn.${kind}(${args})`;
        const r = runPython(REFUSE_SCRIPT, [ctor, JSON.stringify(input)]);
        expect(r.trim(), `${kind} ${JSON.stringify(p)} on ${input}`).toBe('refused');
        return;
      }
      expect(t, `${m.ctor} on ${input}`).not.toHaveProperty('exception');
      expect(t.shape, `${m.ctor} on [${input}]`).toEqual(m.shape!.map((d, j) => (j === 0 ? input[0] : d)));
      expect(t.params, m.ctor!).toBe(m.params);
      expect(t.keys, m.ctor!).toEqual(m.keys);
    });
  });

  it('prints constructor lines the way a PyTorch user writes them', () => {
    requireTorch();
    expect(ours(['Conv2d', { out_channels: 6, kernel_size: 5 }, [1, 1, 28, 28]]).ctor).toBe('nn.Conv2d(1, 6, kernel_size=5)');
    expect(ours(['Conv2d', { out_channels: 6, kernel_size: 5, padding: 'same', bias: false }, [1, 1, 28, 28]]).ctor)
      .toBe("nn.Conv2d(1, 6, kernel_size=5, padding='same', bias=False)");
    expect(ours(['Conv2d', { out_channels: 6, kernel_size: 5, stride: 2, padding: 'same' }, [1, 1, 28, 28]]).ctor).toBeNull();
    expect(ours(['Linear', { out_features: 10 }, [1, 400]]).ctor).toBe('nn.Linear(400, 10)');
    expect(ours(['Dropout', { p: 1 }, [1, 4]]).ctor).toBe('nn.Dropout(p=1.0)');
    expect(ours(['MaxPool2d', { kernel_size: [2, 3] }, [1, 1, 8, 8]]).ctor).toBe('nn.MaxPool2d(kernel_size=(2, 3))');
    expect(ours(['MaxPool2d', { kernel_size: 2, return_indices: true }, [1, 1, 8, 8]]).ctor).toBe('nn.MaxPool2d(kernel_size=2, return_indices=True)');
    expect(ours(['Conv3d', { out_channels: 4, kernel_size: [1, 3, 3], stride: 2 }, [1, 1, 1, 28, 28]]).ctor).toBe('nn.Conv3d(1, 4, kernel_size=(1, 3, 3), stride=2)');
  });
});
