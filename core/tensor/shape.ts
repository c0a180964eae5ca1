/** Shape and stride helpers. All dims follow PyTorch: negative dims count from the end. */

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= Math.max(shape[i], 1);
  }
  return st;
}

export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** PyTorch's "Dimension out of range (expected to be in range of [-2, 1], but got 2)". */
export function normalizeDim(dim: number, ndim: number, fn = ''): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim)) throw new TypeError(`${fn ? fn + ': ' : ''}dim must be an integer, but got ${dim}`);
  if (dim < -n || dim >= n) {
    throw new RangeError(`${fn ? fn + ': ' : ''}Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Broadcast two shapes; error text as PyTorch's. */
export function broadcastShapes(a: readonly number[], b: readonly number[], fn = ''): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new RangeError(`${fn ? fn + ': ' : ''}The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`);
    }
  }
  return out;
}

/** Strides that let a tensor of `shape`/`strides` be read as `target` (broadcast dims get stride 0). */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const n = target.length;
  const off = n - shape.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < shape.length; i++) {
    out[i + off] = shape[i] === 1 && target[i + off] !== 1 ? 0 : strides[i];
  }
  return out;
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Accept `f(2, 3)`, `f([2, 3])`, each entry a non-negative integer. */
export function parseShapeArgs(args: readonly unknown[], fn: string): number[] {
  let dims: unknown[];
  if (args.length === 1 && Array.isArray(args[0])) dims = args[0] as unknown[];
  else dims = args as unknown[];
  const out: number[] = [];
  for (const d of dims) {
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new TypeError(`${fn}(): size must be a list of integers, but got ${JSON.stringify(dims)}`);
    }
    if (d < 0) throw new RangeError(`${fn}(): Trying to create tensor with negative dimension ${d}: ${shapeStr(dims as number[])}`);
    out.push(d);
  }
  return out;
}

/** Resolve a single -1 in a view/reshape shape. */
export function inferViewShape(shape: readonly number[], numel: number, fn: string): number[] {
  let infer = -1;
  let prod = 1;
  const out = [...shape];
  for (let i = 0; i < out.length; i++) {
    if (out[i] === -1) {
      if (infer >= 0) throw new RangeError(`${fn}: only one dimension can be inferred`);
      infer = i;
    } else if (out[i] < 0 || !Number.isInteger(out[i])) {
      throw new RangeError(`${fn}: invalid shape dimension ${out[i]}`);
    } else prod *= out[i];
  }
  if (infer >= 0) {
    if (prod === 0 || numel % prod !== 0) throw new RangeError(`${fn}: shape '${shapeStr(shape)}' is invalid for input of size ${numel}`);
    out[infer] = numel / prod;
  } else if (prod !== numel) {
    throw new RangeError(`${fn}: shape '${shapeStr(shape)}' is invalid for input of size ${numel}`);
  }
  return out;
}

/**
 * Strides for viewing (shape, strides) as newShape without copying, or null if impossible
 * (PyTorch's computeStride: "view size is not compatible with input tensor's size and stride").
 */
export function viewStrides(oldShape: readonly number[], oldStrides: readonly number[], newShape: readonly number[]): number[] | null {
  const numel = numelOf(oldShape);
  const newStrides = new Array<number>(newShape.length);
  if (numel === 0) return contiguousStrides(newShape);
  if (oldShape.length === 0) return newShape.map(() => 1);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}
