// Plain SIMD128 multiply-add: c + a·b with two rounding steps (mul then add). Copied to madd.ts by
// scripts/build-wasm.mjs for the baseline build; Binaryen inlines it.
export function madd(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(c, f32x4.mul(a, b));
}
