// Runs the gemm and conv checks on the relaxed-SIMD (FMA) build. Needs a Node whose V8 accepts relaxed SIMD:
//   node --experimental-wasm-relaxed-simd bin/run-ts.mjs tests/kernels/relaxed-check.ts
// Prints 'relaxed-check ok <count>' and exits 0, or prints the failures and exits 1. wasm-relaxed.test.ts runs it.
import { check, randomCase } from './gemm-cases.ts';
import { geometry, naive } from './conv-naive.ts';
import { compare, makeBackend, randomArray, rng } from './wasm-setup.ts';

const failures: string[] = [];
let count = 0;
for (const threads of [1, 2]) {
  const be = await makeBackend(threads, { minWasmWork: 0, minThreadWork: 1 }, 'relaxed');
  if (!be.relaxed) throw new Error('relaxed-check: the backend did not pick the relaxed build');
  const rand = rng(4242 + threads);
  for (let i = 0; i < 120; i++, count++) {
    const c = randomCase(rand, i < 80 ? 20 : 70);
    if (i % 10 === 0) Object.assign(c, { nanA: true, nanC: true });
    const e = check(be, c, 31 * i + threads);
    if (e) failures.push(`gemm ${threads}t ${e}`);
  }
  const convs = [
    geometry(2, 3, 9, 8, 4, 3, 3, [1, 1], [1, 1], [1, 1], 1),
    geometry(3, 6, 11, 10, 9, 3, 2, [2, 1], [2, 1], [2, 2], 3),
    geometry(2, 5, 6, 7, 9, 1, 1, [1, 1], [0, 0], [1, 1], 1),
  ];
  for (const g of convs) {
    count++;
    const r = rng(g.C + threads);
    const x = randomArray(g.N * g.C * g.H * g.W, r), w = randomArray(g.O * (g.C / g.groups) * g.kH * g.kW, r);
    const dy = randomArray(g.N * g.O * g.outH * g.outW, r);
    const ref = naive(g, x, w, dy);
    const y = new Float32Array(dy.length), dx = new Float32Array(x.length), dw = new Float32Array(w.length);
    be.conv2dForward(g, x, w, y);
    be.conv2dBackwardInput(g, dy, w, dx);
    be.conv2dBackwardWeight(g, x, dy, dw);
    for (const [name, got, want, bound] of [['forward', y, ref.y, ref.yB], ['grad input', dx, ref.dx, ref.dxB], ['grad weight', dw, ref.dw, ref.dwB]] as const) {
      const e = compare(got, want, bound);
      if (e) failures.push(`conv ${name} ${threads}t ${JSON.stringify(g)}: ${e}`);
    }
  }
  be.dispose();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`relaxed-check ok ${count}`);
