import { Tensor } from '../tensor/tensor.ts';
import type { Storage } from '../tensor/storage.ts';
import { releaseStorage } from '../tensor/pool.ts';
import { no_grad, enable_grad } from './grad_mode.ts';
import { Node, AccumulateGrad, gradEdge } from './node.ts';
import { ones_like } from '../ops/creation.ts';
import { sumToShape } from '../ops/sum.ts';

/**
 * The backward engine: dependency counts over the graph reachable from the roots, then nodes run in topological
 * order (iteratively: deep graphs must not overflow the stack). Gradients arriving at a node are summed first.
 */

export interface BackwardOptions {
  retain_graph?: boolean;
  create_graph?: boolean;
  inputs?: Tensor[];
}

function shapeOf(t: Tensor): string {
  return `torch.Size([${t.shape.join(', ')}])`;
}

function rootGrads(outputs: Tensor[], grads: Array<Tensor | null | undefined> | undefined, fn: string): Tensor[] {
  return outputs.map((o, i) => {
    const g = grads?.[i];
    if (g === null || g === undefined) {
      if (o.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
      return ones_like(o);
    }
    if (g.shape.length !== o.shape.length || g.shape.some((s, k) => s !== o.shape[k])) {
      throw new RangeError(`${fn}: Mismatch in shape: grad_output[${i}] has a shape of ${shapeOf(g)} and output[${i}] has a shape of ${shapeOf(o)}.`);
    }
    return g;
  });
}

/** Topological order (roots first) of all nodes reachable from the roots, iteratively. */
function topoOrder(roots: Node[]): Node[] {
  const visited = new Set<Node>();
  const order: Node[] = [];
  const stack: Array<[Node, number]> = [];
  for (const r of roots) {
    if (visited.has(r)) continue;
    visited.add(r);
    stack.push([r, 0]);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [node, i] = top;
      if (i < node.next_functions.length) {
        top[1]++;
        const next = node.next_functions[i][0];
        if (next && !visited.has(next)) {
          visited.add(next);
          stack.push([next, 0]);
        }
      } else {
        stack.pop();
        order.push(node);
      }
    }
  }
  return order.reverse();
}

function runHooks(t: Tensor, g: Tensor): Tensor {
  let cur = g;
  for (const h of t._hooks) {
    const r = h(cur);
    if (r instanceof Tensor) cur = r;
  }
  return cur;
}

/**
 * Shared engine for backward() and grad(). In capture mode, gradients for `captureFor` are returned instead of
 * accumulated into .grad.
 */
function execute(outputs: Tensor[], grads: Tensor[], opts: BackwardOptions, capture: Tensor[] | null, _fn: string): Map<Tensor, Tensor> {
  const retain = opts.retain_graph ?? opts.create_graph ?? false;
  const create = opts.create_graph ?? false;
  const roots: Node[] = outputs.map((o, i) => {
    const e = gradEdge(o);
    if (!e) throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    return e;
  });
  const order = topoOrder(roots);
  // Targets: where gradients are wanted (capture or backward(inputs=…)); other branches can be pruned.
  const targets = capture ?? opts.inputs ?? null;
  const targetNodes = new Map<Node, Tensor>();
  if (targets) for (const t of targets) { const e = gradEdge(t); if (e) targetNodes.set(e, t); }
  let needed: Set<Node> | null = null;
  if (targets) {
    needed = new Set();
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i];
      if (targetNodes.has(n) || n.next_functions.some(([m]) => m && needed!.has(m))) needed.add(n);
    }
  }
  const buffer = new Map<Node, Tensor>();
  // Gradients only the engine holds (fresh results of a backward function, or sums made here): a leaf without
  // hooks may take one as its .grad instead of a copy. Each storage is handed to at most one leaf.
  // Once consumed, an owned gradient whose storage no other buffered tensor shares is dead: its memory goes back to
  // the buffer pool for the next op (flat memory across steps, no GC churn). Never with create_graph (gradients are
  // then graph nodes) nor in grad() (captured gradients escape).
  const owned = new Set<Tensor>();
  const given = new Set<Storage>();
  const refs = new Map<Storage, number>();
  const recycling = !create && !capture;
  const escaped = new Set<Storage>();
  const escape = (t: Tensor) => { escaped.add(t._storage); owned.delete(t); };
  const ref = (t: Tensor) => refs.set(t._storage, (refs.get(t._storage) ?? 0) + 1);
  const unref = (t: Tensor, dead: boolean) => {
    const left = (refs.get(t._storage) ?? 1) - 1;
    if (left > 0) { refs.set(t._storage, left); return; }
    refs.delete(t._storage);
    if (dead && recycling && owned.has(t) && !given.has(t._storage) && !escaped.has(t._storage) && t._offset === 0 && t._storage.data.length === t.numel()) releaseStorage(t._storage);
    owned.delete(t);
  };
  const add = (n: Node, g: Tensor, fresh = false) => {
    const prev = buffer.get(n);
    if (fresh && !escaped.has(g._storage)) owned.add(g);
    ref(g);
    if (prev) {
      const sum = prev.add(g);
      unref(prev, true);
      unref(g, true);
      owned.add(sum);
      ref(sum);
      buffer.set(n, sum);
    } else {
      buffer.set(n, g);
    }
  };
  const captured = new Map<Tensor, Tensor>();
  const run = () => {
    roots.forEach((r, i) => add(r, grads[i]));
    for (const node of order) {
      if (needed && !needed.has(node)) continue;
      let g = buffer.get(node);
      if (!g) continue;
      buffer.delete(node);
      if (node instanceof AccumulateGrad) {
        const leaf = node.variable;
        const g0 = g;
        if (leaf._hooks.length) escape(g);
        g = runHooks(leaf, g);
        if (capture) { if (targetNodes.has(node)) captured.set(targetNodes.get(node)!, g); continue; }
        if (targets && !targetNodes.has(node)) continue;
        const steal = !create && owned.has(g) && leaf._hooks.length === 0 && !given.has(g._storage) && !escaped.has(g._storage) && g._storage !== leaf._storage && refs.get(g._storage) === 1;
        if (steal) given.add(g._storage);
        accumulate(leaf, g, create, steal);
        unref(g0, leaf._hooks.length === 0 && leaf.grad !== g0);
        continue;
      }
      const out = node._output;
      const g0 = g;
      if (node._exposesGrads) escape(g);
      if (out) {
        // Hooks (and retain_grad) see this gradient and may keep it: its memory is never recycled or handed on.
        escape(g);
        g = runHooks(out, g);
        if (out._retains_grad && !capture) accumulate(out, g, create);
      }
      if (capture && targetNodes.has(node)) {
        captured.set(targetNodes.get(node)!, g);
      } else if (!capture && targets && targetNodes.has(node) && !out?._retains_grad) {
        // backward(inputs=[non-leaf]): its .grad is populated, as in PyTorch.
        accumulate(targetNodes.get(node)!, g, create);
      }
      const inGrads = node.apply(g);
      node.next_functions.forEach(([next], i) => {
        const gi = inGrads[i];
        if (!next || !gi) return;
        const meta = node.inputMeta[i];
        let gg = gi;
        if (meta) {
          if (gg.shape.length !== meta.shape.length || gg.shape.some((s, k) => s !== meta.shape[k])) gg = sumToShape(gg, meta.shape);
          if (gg.dtype !== meta.dtype) gg = gg.to(meta.dtype);
        }
        // Fresh: new memory made by this backward (not the incoming gradient, nor a saved or captured tensor's).
        const fresh = !create && !node._exposesGrads && gg._storage !== g!._storage && !node._savesStorage(gg._storage) && inGrads.indexOf(gi) === i;
        if (node._exposesGrads) escape(gg);
        add(next, gg, fresh);
      });
      unref(g0, !out);
      if (!retain) node.release();
    }
  };
  if (create) enable_grad(run);
  else no_grad(run);
  return captured;
}

/** Add g into t.grad. `steal`: g is the engine's own fresh tensor, so it may become t.grad without a copy. */
function accumulate(t: Tensor, g: Tensor, create: boolean, steal = false): void {
  if (create) {
    t.grad = t.grad ? t.grad.add(g) : g;
    return;
  }
  no_grad(() => {
    if (!t.grad && steal && g.dtype === t.dtype && g.is_contiguous()) t.grad = g.detach().reshape([...t.shape]);
    else if (!t.grad) t.grad = g.detach().clone().reshape([...t.shape]);
    else if (t.grad.grad_fn) t.grad = t.grad.add(g).detach();
    else t.grad.add_(g);
  });
}

/** torch.autograd.backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None) */
export function backward(tensors: Tensor | Tensor[], grad_tensors?: Tensor | Array<Tensor | null> | null, opts: BackwardOptions = {}): void {
  const outs = Array.isArray(tensors) ? tensors : [tensors];
  const gs = grad_tensors == null ? undefined : Array.isArray(grad_tensors) ? grad_tensors : [grad_tensors];
  if (opts.inputs && opts.inputs.length === 0) throw new RangeError("'inputs' argument to backward() cannot be empty.");
  execute(outs, rootGrads(outs, gs, 'backward'), opts, null, 'backward');
}

export interface GradOptions {
  grad_outputs?: Tensor | Array<Tensor | null> | null;
  retain_graph?: boolean;
  create_graph?: boolean;
  allow_unused?: boolean;
}

/** torch.autograd.grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False) */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): Array<Tensor | null> {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  ins.forEach((t, i) => {
    if (!t.requires_grad) throw new Error(`One of the differentiated Tensors does not require grad (input ${i})`);
  });
  const go = opts.grad_outputs == null ? undefined : Array.isArray(opts.grad_outputs) ? opts.grad_outputs : [opts.grad_outputs];
  const captured = execute(outs, rootGrads(outs, go, 'grad'), opts, ins, 'grad');
  return ins.map((t) => {
    const g = captured.get(t);
    if (!g) {
      if (!opts.allow_unused) {
        throw new Error('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
      }
      return null;
    }
    return opts.create_graph ? g : g.detach();
  });
}
