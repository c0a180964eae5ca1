/** cli/fs.ts: atomic writes keep either the old or the new complete file; reads return exact bytes. */
import { describe, expect, it } from 'vitest';
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { readFileBytes, writeFileAtomic, writeFileAtomicSync } from '../../cli/fs.ts';
import { load, save_to_sink } from '../../core/serialize/index.ts';
import { arange, requireTorch, tempDir, tensorHex } from './helpers.ts';

describe('cli/fs', () => {
  it('writes, overwrites keeping the mode, and leaves no temp files', async () => {
    const dir = tempDir();
    const f = join(dir, 'a.bin');
    writeFileAtomicSync(f, Uint8Array.from([1, 2, 3]));
    expect([...readFileBytes(f)]).toEqual([1, 2, 3]);
    chmodSync(f, 0o640);
    await writeFileAtomic(f, [Uint8Array.from([4]), Uint8Array.from([5, 6])]);
    expect([...readFileSync(f)]).toEqual([4, 5, 6]);
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('a failing producer leaves the old file intact and removes its temp file', () => {
    const dir = tempDir();
    const f = join(dir, 'b.bin');
    writeFileSync(f, 'old');
    expect(() => writeFileAtomicSync(f, (sink) => {
      sink(Uint8Array.from([1, 2]));
      throw new Error('disk full (simulated)');
    })).toThrow('disk full');
    expect(readFileSync(f, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['b.bin']);
  });

  it('writes through a symlink to its target, keeping the link', () => {
    const dir = tempDir();
    const real = join(dir, 'real.bin');
    const link = join(dir, 'link.bin');
    writeFileSync(real, 'x');
    symlinkSync(real, link);
    writeFileAtomicSync(link, Uint8Array.from([9]));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect([...readFileSync(real)]).toEqual([9]);
  });

  it('streams torch.save chunks straight to disk', () => {
    const f = join(tempDir(), 'w.pt');
    const t = arange('float32', [64, 64]);
    writeFileAtomicSync(f, (sink) => save_to_sink(new Map([['w', t]]), sink));
    const back = load(readFileBytes(f)) as Map<string, any>;
    expect(tensorHex(back.get('w'))).toBe(tensorHex(t));
    expect(() => readFileBytes(f, 100)).toThrow(/larger than the 100-byte limit/);
  });
});

describe('the PyTorch oracle', () => {
  it('a missing python3-torch fails with the install command (tests never skip)', () => {
    expect(() => requireTorch('/nonexistent/python3')).toThrow('install python3-torch: apt-get install -y python3-torch python3-numpy');
    expect(() => requireTorch()).not.toThrow();
  });
});
