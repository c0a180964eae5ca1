// Relaxed-SIMD multiply-add: a·b + c, fused (one rounding) where the CPU has FMA. Copied to madd.ts by
// scripts/build-wasm.mjs for the relaxed build; Binaryen inlines it.
export function madd(a: v128, b: v128, c: v128): v128 {
  return f32x4.relaxed_madd(a, b, c);
}
