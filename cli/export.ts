// `netsketch export`: PyTorch code for the graph, and weights checked against it (optionally converted).
import { compile } from '../core/graph/compile.ts';
import { generate_pytorch } from '../core/graph/codegen.ts';
import { load, safetensors, save_weights } from '../core/serialize/index.ts';
import type { Tensor } from '../core/tensor/tensor.ts';
import type { ParsedArgs } from './args.ts';
import { stringFlag } from './args.ts';
import { CliError } from './errors.ts';
import { readBytes, readGraph, writeOutput } from './io.ts';
import { weightsFormat } from './train.ts';

/** Reads a .pt (torch.save zip) or .safetensors file into a state_dict Map. */
export function readWeights(path: string): Map<string, Tensor> {
  const bytes = readBytes(path, 'weights file');
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const obj = isZip ? load(bytes) : safetensors.load(bytes);
  if (!(obj instanceof Map)) throw new CliError(`${path} does not hold a state_dict (a mapping of names to tensors).`);
  const sd = obj.has('model') && obj.get('model') instanceof Map ? (obj.get('model') as Map<string, Tensor>) : (obj as Map<string, Tensor>);
  return sd;
}

export function exportCommand(args: ParsedArgs, out: (line: string) => void): void {
  const { doc, path } = readGraph(args.file!);
  const f = args.flags;
  const python = stringFlag(f, 'python');
  const weights = stringFlag(f, 'weights');
  const outPath = stringFlag(f, 'out');
  const code = generate_pytorch(doc);
  const c = compile(doc);
  if (weights) {
    const sd = readWeights(weights);
    try {
      c.model.load_state_dict(sd, true);
    } catch (e) {
      throw new CliError(`${weights} does not fit ${args.file}: ${(e as Error).message}`);
    }
    out(`${weights}: ${sd.size} tensors, all match the graph's state_dict keys and shapes.`);
  }
  if (python) {
    writeOutput(python, code, path);
    out(`wrote ${python} (class Net; python ${python} trains it)`);
  }
  if (outPath) {
    const format = weightsFormat(f, outPath);
    writeOutput(outPath, format === 'safetensors' ? safetensors.save(c.model.state_dict(), { format: 'pt' }) : save_weights(c.model), path);
    out(`wrote ${outPath} (${weights ? 'weights from ' + weights : 'freshly initialised weights'}, ${format})`);
  }
  if (!python && !outPath && !weights) out(code.trimEnd());
}
