import { Tensor } from '../tensor/tensor.ts';
import { record } from '../autograd/function.ts';
import type { Module } from './module.ts';

/**
 * Full backward hooks: the module's tensor inputs and outputs pass through identity nodes. The output nodes capture
 * grad_output; when the gradients of all inputs that need them have arrived, the hooks run and may replace them.
 */
export class BackwardHookState {
  private gradOutputs: Array<Tensor | null> = [];
  private gradInputs: Array<Tensor | null> = [];
  private pending = 0;
  private nInputs = 0;
  private fired = false;

  constructor(private readonly module: Module) {}

  private runHooks(gin: Array<Tensor | null>): Array<Tensor | null> {
    let cur = gin;
    for (const hook of this.module._backward_hooks.values()) {
      const r = hook(this.module, cur, this.gradOutputs);
      if (r !== undefined && r !== null) {
        if (!Array.isArray(r) || r.length !== cur.length) {
          throw new Error(`Backward hook returned an invalid number of grad_input, got ${Array.isArray(r) ? r.length : 1}, but expected ${cur.length}`);
        }
        cur = r;
      }
    }
    return cur;
  }

  wrapInputs(args: any[]): any[] {
    const tensorIdx = args.map((a, i) => (a instanceof Tensor ? i : -1)).filter((i) => i >= 0);
    this.nInputs = tensorIdx.length;
    this.gradInputs = tensorIdx.map(() => null);
    const out = [...args];
    tensorIdx.forEach((ai, k) => {
      const x = args[ai] as Tensor;
      if (!x.requires_grad) return;
      this.pending++;
      const y = x.detach();
      out[ai] = record('BackwardHookFunctionBackward', y, [x], [], (g) => {
        this.gradInputs[k] = g;
        this.pending--;
        if (this.pending === 0 && !this.fired) {
          this.fired = true;
          const res = this.runHooks(this.gradInputs);
          this.gradInputs = res;
        }
        return [this.gradInputs[k]];
      });
      // The hooks keep these gradients: the autograd engine must not recycle their memory.
      if (out[ai].grad_fn) out[ai].grad_fn._exposesGrads = true;
    });
    return out;
  }

  wrapOutputs(out: any): any {
    const list: any[] = Array.isArray(out) ? out : [out];
    this.gradOutputs = list.map(() => null);
    const wrapped = list.map((o, k) => {
      if (!(o instanceof Tensor) || !o.requires_grad) return o;
      const r = record('BackwardHookFunctionBackward', o.detach(), [o], [], (g) => {
        this.gradOutputs[k] = g;
        if (this.pending === 0 && !this.fired) {
          // No input needs a gradient: PyTorch calls the hook with grad_input all None.
          this.fired = true;
          this.runHooks(new Array(Math.max(this.nInputs, 1)).fill(null));
        }
        return [g];
      });
      // The hook keeps these gradients: the autograd engine must not recycle their memory.
      if (r.grad_fn) r.grad_fn._exposesGrads = true;
      return r;
    });
    return Array.isArray(out) ? wrapped : wrapped[0];
  }
}
