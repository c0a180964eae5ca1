/**
 * torch.Generator: a Mersenne Twister (mt19937) seeded like PyTorch's CPU generator, with PyTorch's recipes for
 * uniform and normal samples, so `torch.manual_seed(0); torch.rand(3)` gives PyTorch's numbers.
 */
export class Generator {
  private mt = new Uint32Array(624);
  private index = 625;
  private seed_ = 67280421310721;
  private nextNormal: number | null = null;

  constructor(seed?: number) {
    this.manual_seed(seed ?? 67280421310721);
  }

  manual_seed(seed: number | bigint): this {
    const s = BigInt.asUintN(64, BigInt(seed));
    this.seed_ = Number(s);
    const mt = this.mt;
    mt[0] = Number(s & 0xffffffffn);
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = 624;
    this.nextNormal = null;
    return this;
  }

  initial_seed(): number {
    return this.seed_;
  }

  /** One 32-bit draw. */
  random(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
      let v = mt[(i + 397) % 624] ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v >>> 0;
    }
    this.index = 0;
  }

  /** Uniform float in [0, 1) with 24 random bits (PyTorch's float path). */
  uniformFloat(): number {
    return (this.random() & 0xffffff) * 5.9604644775390625e-8;
  }

  /** Uniform double in [0, 1) with 53 random bits (PyTorch's double path). */
  uniformDouble(): number {
    const hi = this.random();
    const lo = this.random();
    // (hi << 32 | lo) & (2^53 - 1), scaled by 2^-53
    const hi21 = hi & 0x1fffff;
    return (hi21 * 4294967296 + lo) * 1.1102230246251565e-16;
  }

  /** One standard normal sample via PyTorch's scalar Box-Muller (with its cached second value). */
  normalDouble(): number {
    if (this.nextNormal !== null) {
      const v = this.nextNormal;
      this.nextNormal = null;
      return v;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.nextNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  get_state(): Uint32Array {
    const st = new Uint32Array(626);
    st.set(this.mt);
    st[624] = this.index;
    st[625] = this.nextNormal === null ? 0 : 1;
    return st;
  }

  set_state(st: Uint32Array): void {
    if (st.length !== 626) throw new RangeError(`Generator.set_state: expected a state of 626 words from get_state(), got ${st.length}`);
    this.mt.set(st.subarray(0, 624));
    this.index = st[624];
    this.nextNormal = null;
  }
}

export const default_generator = new Generator();

/** torch.manual_seed */
export function manual_seed(seed: number): Generator {
  return default_generator.manual_seed(seed);
}

/**
 * Fill `out` with normal samples the way PyTorch's CPU kernel does: tensors of 16 or more elements take the
 * vectorised path (uniform fill, then Box-Muller on blocks of 16), smaller ones draw scalar samples.
 */
export function fillNormal(out: Float32Array | Float64Array, mean: number, std: number, gen: Generator, isDouble: boolean): void {
  const n = out.length;
  if (n >= 16) {
    const uni = isDouble ? () => gen.uniformDouble() : () => gen.uniformFloat();
    const tmp = new Float64Array(n);
    for (let i = 0; i < n; i++) tmp[i] = uni();
    // float32 tensors: PyTorch computes the transform in float arithmetic (theta = 2π·u2 rounded to float, fused
    // multiply-add at the end); rounding at the same steps keeps our samples within an ulp or so of PyTorch's.
    const f = isDouble ? (v: number) => v : Math.fround;
    const twoPi = f(2 * Math.PI);
    const block = (start: number): void => {
      for (let j = 0; j < 8; j++) {
        const u1 = f(1 - tmp[start + j]);
        const u2 = tmp[start + j + 8];
        const radius = f(Math.sqrt(f(-2 * f(Math.log(u1)))));
        const theta = f(twoPi * u2);
        tmp[start + j] = f(f(radius * f(Math.cos(theta))) * std + mean);
        tmp[start + j + 8] = f(f(radius * f(Math.sin(theta))) * std + mean);
      }
    };
    for (let i = 0; i + 16 <= n; i += 16) block(i);
    if (n % 16 !== 0) {
      const start = n - 16;
      for (let i = 0; i < 16; i++) tmp[start + i] = uni();
      block(start);
    }
    for (let i = 0; i < n; i++) out[i] = tmp[i];
  } else {
    for (let i = 0; i < n; i++) out[i] = gen.normalDouble() * std + mean;
  }
}
