import { Tensor } from '../tensor/tensor.ts';
import { grad } from './engine.ts';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw on failure (PyTorch's raise_exception=True); otherwise return false. */
  raise_exception?: boolean;
}

function flatOut(out: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(out) ? out : [out];
}

/**
 * torch.autograd.gradcheck: compare analytical gradients (vector-Jacobian products for each output element) with
 * central finite differences. Inputs should be float64 tensors with requires_grad set.
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[], opts: GradcheckOptions = {}): boolean {
  const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
  const raise = opts.raise_exception ?? true;
  const diff = inputs.filter((x) => x.requires_grad);
  for (const x of diff) {
    if (x.dtype !== 'float64') {
      const msg = `gradcheck: input of dtype torch.${x.dtype} is not double precision; finite differences need float64. Use .double().`;
      if (raise) throw new TypeError(msg);
      return false;
    }
  }
  const outs0 = flatOut(fn(...inputs)).map((o) => o.detach());
  for (let oi = 0; oi < outs0.length; oi++) {
    const nOut = outs0[oi].numel();
    // Numerical Jacobian column by column (perturb each input element).
    const numJ: number[][][] = diff.map((x) => {
      const cols: number[][] = [];
      const data = x._storage.data;
      const offs: number[] = [];
      x._forEachIndex((o) => offs.push(o));
      for (const off of offs) {
        const orig = data[off];
        data[off] = orig + eps;
        const plus = flatOut(fn(...inputs))[oi]._values();
        data[off] = orig - eps;
        const minus = flatOut(fn(...inputs))[oi]._values();
        data[off] = orig;
        cols.push(plus.map((p, k) => (p - minus[k]) / (2 * eps)));
      }
      return cols;
    });
    // Analytical: one backward per output element.
    for (let k = 0; k < nOut; k++) {
      const out = flatOut(fn(...inputs))[oi];
      const go = Tensor._empty(out.shape, out.dtype);
      go._storage.data[k] = 1;
      const gs = grad(out, diff, { grad_outputs: go, allow_unused: true });
      for (let ii = 0; ii < diff.length; ii++) {
        const a = gs[ii] ? gs[ii]!._values() : new Array(diff[ii].numel()).fill(0);
        for (let j = 0; j < a.length; j++) {
          const n = numJ[ii][j][k];
          if (!(Math.abs(a[j] - n) <= atol + rtol * Math.abs(n))) {
            const msg = `Jacobian mismatch for output ${oi} with respect to input ${ii},\nnumerical:${n}\nanalytical:${a[j]}\n(at input element ${j}, output element ${k})`;
            if (raise) throw new Error(msg);
            return false;
          }
        }
      }
    }
  }
  return true;
}

/** torch.autograd.gradgradcheck: gradcheck of the gradient function (double backward). */
export function gradgradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions & { seed?: number } = {}): boolean {
  const out0 = fn(...inputs).detach();
  // A fixed upstream gradient (deterministic) that itself requires grad.
  const gOut = Tensor._empty(out0.shape, 'float64');
  const gd = gOut._storage.data;
  for (let i = 0; i < gd.length; i++) gd[i] = Math.sin(i + 1) * 0.5 + 0.7;
  gOut.requires_grad_(true);
  const gradFn = (...xs: Tensor[]): Tensor[] => {
    const ins = xs.slice(0, inputs.length);
    const go = xs[inputs.length];
    const out = fn(...ins);
    const gs = grad(out, ins.filter((x) => x.requires_grad), { grad_outputs: go, create_graph: true, allow_unused: true });
    return gs.map((g, i) => g ?? ins.filter((x) => x.requires_grad)[i].mul(0));
  };
  return gradcheck(gradFn, [...inputs, gOut], opts);
}
