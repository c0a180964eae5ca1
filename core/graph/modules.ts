/**
 * The runtime modules the compiler builds besides torch.nn's own layers: GraphModule (a block that runs its children
 * in topological order: residual Adds, Inception-like Concats) and Reshape (PyTorch has no nn.Reshape; the generated
 * Python file defines the same class).
 */
import { Module } from '../nn/module.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { ParamValue } from './types.ts';
import type { Functional } from './catalogue/spec.ts';

/** One step of a GraphModule: a child module (by attribute name) or an inline function, over named values. */
export interface GraphStep {
  name: string;
  inputs: string[];
  functional?: { fn: Functional; params: Record<string, ParamValue> };
}

/**
 * A module whose forward runs its steps in order; each step's output is stored under the step's name, 'x' is the
 * module's input. Children are registered in step order, so state_dict keys follow the graph (`conv1.weight`).
 */
export class GraphModule extends Module {
  declare _steps: GraphStep[];
  declare _output: string;
  /** Called with every step's output (the trainer uses it to find the first non-finite layer). */
  declare _trace: ((name: string, out: Tensor) => void) | null;

  constructor(steps: GraphStep[], output: string, children: Map<string, Module>) {
    super();
    Object.defineProperty(this, '_steps', { value: steps, writable: true, enumerable: false });
    Object.defineProperty(this, '_output', { value: output, writable: true, enumerable: false });
    Object.defineProperty(this, '_trace', { value: null, writable: true, enumerable: false });
    for (const [name, m] of children) this.add_module(name, m);
  }

  override forward(x: Tensor): Tensor {
    const env = new Map<string, Tensor>([['x', x]]);
    for (const s of this._steps) {
      const args = s.inputs.map((n) => env.get(n)!);
      const out: Tensor = s.functional
        ? s.functional.fn.forward(args, s.functional.params)
        : (this._modules.get(s.name) as Module).call(...args);
      if (this._trace) this._trace(s.name, out);
      env.set(s.name, out);
    }
    return env.get(this._output)!;
  }

  override _get_name(): string {
    return 'GraphModule';
  }
}

/** Reshapes each sample: x.reshape(N, *shape). */
export class Reshape extends Module {
  declare shape: number[];

  constructor(shape: number[]) {
    super();
    Object.defineProperty(this, 'shape', { value: [...shape], writable: true, enumerable: false });
  }

  override forward(x: Tensor): Tensor {
    return x.reshape([x.shape[0], ...this.shape]);
  }

  override extra_repr(): string {
    return `shape=(${this.shape.join(', ')})`;
  }
}

export const CUSTOM_MODULES: Record<string, new (...args: any[]) => Module> = { Reshape };
