import type { Tensor } from '../tensor/tensor.ts';
import { legacyTypeName } from '../tensor/dtype.ts';

export type BackwardFn = (grad: Tensor, saved: Tensor[]) => Array<Tensor | null | undefined>;

interface SavedTensor {
  tensor: Tensor;
  version: number;
  /** The saved tensor is this node's own output (exp, sigmoid, … save their result). */
  isOutput: boolean;
}

export const FREED_GRAPH_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True ' +
  'if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

/** Shape and dtype of each differentiable input, to check and reduce incoming gradients. */
export interface InputMeta {
  shape: readonly number[];
  dtype: Tensor['dtype'];
}

/**
 * A node of the backward graph (PyTorch's grad_fn). One node per op output; `next_functions` point at the nodes of
 * the op's inputs (their grad_fn, or an AccumulateGrad for leaves).
 */
export class Node {
  next_functions: Array<[Node | null, number]>;
  /** The op's output, kept only when it has hooks or retains its grad. */
  _output: Tensor | null = null;
  private saved: SavedTensor[] | null;
  private readonly backwardFn: BackwardFn | null;
  readonly inputMeta: Array<InputMeta | null>;
  /**
   * Set when the backward function hands its incoming gradient (or its results) to user code that may keep them
   * (module backward hooks): the engine then never recycles or re-uses that memory.
   */
  _exposesGrads = false;
  /** Creation order, used as a priority like PyTorch's sequence_nr. */
  readonly seq: number;
  static counter = 0;

  constructor(public _name: string, next: Array<Node | null>, inputMeta: Array<InputMeta | null>, saved: Tensor[], backwardFn: BackwardFn | null) {
    this.next_functions = next.map((n) => [n, 0]);
    this.inputMeta = inputMeta;
    this.saved = saved.map((t) => ({ tensor: t, version: t._version, isOutput: false }));
    this.backwardFn = backwardFn;
    this.seq = Node.counter++;
  }

  name(): string {
    return this._name;
  }

  get released(): boolean {
    return this.saved === null;
  }

  /** Drop saved tensors (after a backward without retain_graph). */
  release(): void {
    this.saved = null;
  }

  /** True when one of the saved tensors lives in `storage` (the engine must not hand that memory to a leaf). */
  _savesStorage(storage: unknown): boolean {
    if (this.saved) for (const s of this.saved) if (s.tensor._storage === storage) return true;
    return false;
  }

  /** Mark which saved tensor is the op's own output (for PyTorch's in-place error message). */
  _markOutput(out: Tensor): void {
    if (this.saved) for (const s of this.saved) if (s.tensor === out) s.isOutput = true;
  }

  /** The tensors saved at forward time, checked for in-place modification. */
  savedTensors(): Tensor[] {
    if (this.saved === null) throw new Error(FREED_GRAPH_MESSAGE);
    return this.saved.map(({ tensor, version, isOutput }) => {
      if (tensor._version !== version) {
        // As PyTorch: name the op that produced the tensor (its grad_fn now, or this node for a saved output).
        const producer = isOutput ? this._name : tensor.grad_fn?.name();
        throw new Error(
          `one of the variables needed for gradient computation has been modified by an inplace operation: [${legacyTypeName(tensor.dtype)} [${tensor.shape.join(', ')}]]` +
            `${producer ? `, which is output 0 of ${producer},` : ''} is at version ${tensor._version}; expected version ${version} instead. ` +
            `Hint: ${this._name} needs it for its gradient; replace the in-place operation (x.add_(…)) by its out-of-place form (x = x.add(…)), or clone() before modifying.`,
        );
      }
      return tensor;
    });
  }

  apply(grad: Tensor): Array<Tensor | null | undefined> {
    if (!this.backwardFn) throw new Error(`internal: ${this._name} has no backward`);
    return this.backwardFn(grad, this.savedTensors());
  }
}

/** The node that accumulates into a leaf tensor's .grad. One per leaf, cached on the tensor. */
export class AccumulateGrad extends Node {
  constructor(public readonly variable: Tensor) {
    super('AccumulateGrad', [], [], [], null);
  }

  override get released(): boolean {
    return false;
  }
}

const accumulators = new WeakMap<Tensor, AccumulateGrad>();

export function accumulateNodeFor(leaf: Tensor): AccumulateGrad {
  let n = accumulators.get(leaf);
  if (!n) {
    n = new AccumulateGrad(leaf);
    accumulators.set(leaf, n);
  }
  return n;
}

/** The node through which gradient flows into `t`, or null if `t` does not require grad. */
export function gradEdge(t: Tensor): Node | null {
  if (t.grad_fn) return t.grad_fn;
  if (t.requires_grad) return accumulateNodeFor(t);
  return null;
}
