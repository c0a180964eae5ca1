/** Helpers shared by the layers: PyTorch's _single/_pair/_triple and Python-style formatting for repr. */

export type IntOrTuple = number | number[];

/** Expand an int to an n-tuple (PyTorch's _ntuple); check lengths and integrality. */
export function ntuple(v: IntOrTuple, n: number, layer: string, arg: string): number[] {
  const arr = Array.isArray(v) ? [...v] : new Array<number>(n).fill(v);
  if (arr.length !== n) throw new RangeError(`${layer}: ${arg} must be an int or a tuple of ${n} ints, got [${arr.join(', ')}] (${arr.length} values)`);
  for (const x of arr) {
    if (typeof x !== 'number' || !Number.isInteger(x)) throw new TypeError(`${layer}: ${arg} must be integers, got ${JSON.stringify(v)}`);
  }
  return arr;
}

/** Python's repr of a float: 1.0, 0.01, 1e-05. */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = v.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (Number.isInteger(v)) return `${Object.is(v, -0) ? '-0' : v}.0`;
  return String(v);
}

export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** Python's repr of an int, a tuple of ints (`(5,)`, `(5, 5)`) or None. */
export function pyInts(v: IntOrTuple | null | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`;
  return String(v);
}

/** Python's repr of a float or None. */
export function pyOptFloat(v: number | null | undefined): string {
  return v === null || v === undefined ? 'None' : pyFloat(v);
}

export function checkPositiveInt(v: unknown, layer: string, arg: string, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || (!allowZero && v === 0)) {
    throw new RangeError(`${layer}: ${arg} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
