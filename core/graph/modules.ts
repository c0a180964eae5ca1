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
  /** Value names it produces: one, or one per element of the tuple (array) the module returns. */
  outputs: string[];
  functional?: { fn: Functional; params: Record<string, ParamValue> };
}

/**
 * A module whose forward runs its steps in order; each step's output is stored under its value name(s), 'x' is the
 * module's input. A step with several outputs (MaxPool2d with return_indices) returns an array, unpacked in order.
 * The module returns one value, or an array of values when it has several outputs (a loss with several tensor
 * inputs), like a Python forward returning a tuple. Children are registered in step order, so state_dict keys follow
 * the graph (`conv1.weight`).
 */
export class GraphModule extends Module {
  declare _steps: GraphStep[];
  declare _outputs: string[];
  /** Called with every step's output (the trainer uses it to find the first non-finite layer). */
  declare _trace: ((name: string, out: Tensor) => void) | null;

  constructor(steps: GraphStep[], outputs: string[], children: Map<string, Module>) {
    super();
    Object.defineProperty(this, '_steps', { value: steps, writable: true, enumerable: false });
    Object.defineProperty(this, '_outputs', { value: outputs, writable: true, enumerable: false });
    Object.defineProperty(this, '_trace', { value: null, writable: true, enumerable: false });
    for (const [name, m] of children) this.add_module(name, m);
  }

  override forward(x: Tensor): Tensor | Tensor[] {
    const env = new Map<string, Tensor>([['x', x]]);
    for (const s of this._steps) {
      const args = s.inputs.map((n) => env.get(n)!);
      const out: Tensor | Tensor[] = s.functional
        ? s.functional.fn.forward(args, s.functional.params)
        : (this._modules.get(s.name) as Module).call(...args);
      const values = s.outputs.length === 1 ? [out as Tensor] : (out as Tensor[]);
      if (!Array.isArray(values) || values.length !== s.outputs.length) {
        throw new Error(`GraphModule: step '${s.name}' should return ${s.outputs.length} tensors (${s.outputs.join(', ')}) but returned ${Array.isArray(out) ? out.length : 'one'}. Check the node's spec outputs against its module's forward.`);
      }
      values.forEach((v, i) => {
        if (this._trace) this._trace(s.name, v);
        env.set(s.outputs[i], v);
      });
    }
    return this._outputs.length === 1 ? env.get(this._outputs[0])! : this._outputs.map((n) => env.get(n)!);
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

/**
 * Reorders all dimensions, the batch included: x.permute(*dims). PyTorch has no nn.Permute; the generated Python
 * file defines the same class. CTC wants log-probabilities time first (T×N×C), so a conv net's N×C×T output is
 * permuted with dims (2, 0, 1).
 */
export class Permute extends Module {
  declare dims: number[];

  constructor(dims: number[]) {
    super();
    Object.defineProperty(this, 'dims', { value: [...dims], writable: true, enumerable: false });
  }

  override forward(x: Tensor): Tensor {
    return x.permute(this.dims);
  }

  override extra_repr(): string {
    return `dims=(${this.dims.join(', ')})`;
  }
}

export const CUSTOM_MODULES: Record<string, new (...args: any[]) => Module> = { Reshape, Permute };
