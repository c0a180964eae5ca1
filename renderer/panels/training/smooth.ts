/** Chart helpers without DOM dependencies. */
/** Exponential moving average, as TensorBoard's smoothing slider (0.6 by default), debiased at the start. */
export function smooth(values: readonly number[], weight = 0.6): number[] {
  const out: number[] = [];
  let last = 0;
  let debias = 0;
  for (const v of values) {
    last = last * weight + (1 - weight) * v;
    debias = debias * weight + (1 - weight);
    out.push(last / debias);
  }
  return out;
}

