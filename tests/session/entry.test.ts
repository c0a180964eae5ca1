import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe("package entry: import { torch } from 'netsketch'", () => {
  it('resolves through package.json exports, uses the fast kernels by default, and computes', () => {
    const script = `
      import { torch } from 'netsketch';
      const a = torch.randn([64, 64]); const b = torch.randn([64, 64]);
      const c = a.matmul(b);
      const ref = torch.tensor(a.tolist()).matmul(torch.tensor(b.tolist()));
      console.log(JSON.stringify({ backend: torch.backends.get().name, close: c.allclose(ref, { atol: 1e-4 }), shape: c.shape }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.backend).toBe('wasm');
    expect(out.close).toBe(true);
    expect(out.shape).toEqual([64, 64]);
  });
});
